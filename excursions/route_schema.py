"""The route format's one definition: data/route.schema.json (JSON Schema 2020-12).

People who make route files elsewhere (QGIS, geojson.io) validate against it; the app
reads its rules from it. parse_route takes each field's limits from here (which fields a
route needs, how long a text may be, what an id looks like) and words a broken field in the
words organisers know; then the whole document goes through the schema itself, so a file
the app accepts is one the schema accepts. Checks a schema cannot make (one line only, the
distance from the venue, the route's length) stay the app's own.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from pathlib import Path

# In a checkout the published file; a wheel carries a copy inside the package.
_PACKAGED = Path(__file__).resolve().parent / "route.schema.json"
SCHEMA_FILE = (
    _PACKAGED if _PACKAGED.is_file() else Path(__file__).resolve().parents[1] / "data" / "route.schema.json"
)
DEFAULT_MAX_LENGTH = 4000  # a text field the schema sets no limit for


@functools.cache
def schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@functools.cache
def _validator():
    from jsonschema import Draft202012Validator  # on the first file read, not on every import

    return Draft202012Validator(schema())


def _route_fields() -> dict:
    return schema()["$defs"]["line_feature"]["properties"]["properties"]


def _stop_fields() -> dict:
    return schema()["$defs"]["stop"]["properties"]["properties"]


@functools.cache
def required() -> frozenset[str]:
    """The properties every route's line must carry."""
    return frozenset(_route_fields()["required"])


@functools.cache
def max_length(key: str, *, stop: bool = False) -> int:
    """The longest text a property may hold (a stop's properties with stop=True)."""
    fields = _stop_fields() if stop else _route_fields()
    return int(fields["properties"].get(key, {}).get("maxLength", DEFAULT_MAX_LENGTH))


@functools.cache
def id_pattern() -> re.Pattern[str]:
    """What an excursion's id looks like (a slug)."""
    return re.compile(_route_fields()["properties"]["id"]["pattern"])


def forget() -> None:
    """Tests: read the schema file again."""
    for cached in (schema, _validator, required, max_length, id_pattern):
        cached.cache_clear()
    _judged.clear()


def _skeleton(doc: object) -> object:
    """The document with every line cut to its first two positions. parse_route checks each
    position itself (range, the venue's area) and the schema's per-position checks cost
    about 0.15 ms each: a 450,000-point track would take over a minute."""
    if not isinstance(doc, dict) or not isinstance(doc.get("features"), list):
        return doc
    short = copy.copy(doc)
    short["features"] = []
    for feature in doc["features"]:
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if isinstance(geometry, dict) and isinstance(geometry.get("coordinates"), list):
            coords = geometry["coordinates"]
            if geometry.get("type") == "LineString":
                coords = coords[:2]
            elif geometry.get("type") == "MultiLineString":
                coords = [part[:2] if isinstance(part, list) else part for part in coords]
            feature = {**feature, "geometry": {**geometry, "coordinates": coords}}
        short["features"].append(feature)
    return short


# Answers by the file's content: a file is judged once per process (1.2 ms each, three times
# the rest of its reading), not again on every reload of the same 24 files.
_judged: dict[bytes, tuple[str, str] | None] = {}


def first_problem(doc: object, digest: bytes | None = None) -> tuple[str, str] | None:
    """Where the document breaks the schema and how ("features[0].properties.capacity",
    message), for the error jsonschema judges most telling; None when it follows it.
    digest: a hash of the file's content, to remember the answer by."""
    if digest is not None and digest in _judged:
        return _judged[digest]
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(_skeleton(doc)))
    problem = None
    if error is not None:
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
        problem = where.lstrip("."), error.message
    if digest is not None:
        if len(_judged) > 4096:
            _judged.clear()
        _judged[digest] = problem
    return problem
