"""An excursion being added or edited in the browser: read an uploaded GPX or GeoJSON,
fill in the facts, check every field, and turn it into a route file's GeoJSON.

The checks name a field and a code (the page words them in Danish or English); the
finished document then goes through excursions.routes.parse_route, the same reading
`excursions validate` gives a route file, so a saved excursion is a valid route file.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from dataclasses import dataclass, field
from enum import StrEnum

from excursions import route_schema
from excursions.errors import ExcursionsError
from excursions.gpx import GpxError, read_gpx
from excursions.memo import memo
from excursions.route_edits import document_bytes, edited_file
from excursions.routes import (
    SLUG,
    Area,
    Mode,
    Route,
    RouteDraft,
    RouteFileError,
    Source,
    Stop,
    estimate_minutes,
    haversine_km,
    length_m,
    line_parts,
    parse_route,
    read_json,
    read_stop,
    route_document,
)
from excursions.text import fold

Parts = tuple[tuple[tuple[float, float], ...], ...]  # each part of the line as (lon, lat)


class Field(StrEnum):
    """The form's fields a problem can belong to."""

    FILE = "file"
    ID = "id"
    TITLE_DA = "title_da"
    TITLE_EN = "title_en"
    MODE = "mode"
    CAPACITY = "capacity"
    DEPARTURE = "departure"
    MEETING_POINT = "meeting_point"
    STOPS = "stops"


@dataclass(frozen=True)
class FieldProblem:
    field: Field
    code: str
    values: tuple[tuple[str, object], ...] = ()


class UploadError(ExcursionsError):
    """An uploaded file that cannot give a line: code and values for the page's words."""


@dataclass(frozen=True)
class Draft:
    """Everything the form holds; the line comes from an upload or an existing excursion."""

    parts: Parts = ()
    id: str = ""
    title_da: str = ""
    title_en: str = ""
    mode: Mode | None = None
    capacity: int = 0
    departure: dt.datetime | None = None
    meeting_point: str = ""
    meeting_point_en: str = ""
    description_da: str = ""
    description_en: str = ""
    themes: tuple[str, ...] = ()
    host: str = ""
    host_en: str = ""
    accessibility: str = ""
    accessibility_en: str = ""
    bikes_provided: bool = False
    stops: tuple[Stop, ...] = field(default_factory=tuple)
    source: Source = Source.ORGANISER  # kept as the route had it (illustrative demo routes)
    duration_min: int | None = None  # given by the organiser; None: estimated from the line

    @functools.cached_property  # the form, its preview and minutes() all ask; the line is fixed
    def length_m(self) -> float:
        from shapely.geometry import LineString, MultiLineString

        lines = [LineString(p) for p in self.parts if len(p) >= 2]
        return length_m(MultiLineString(lines)) if lines else 0.0

    def minutes(self) -> int:
        """The duration a participant will read: the organiser's, or estimated from the line."""
        if self.duration_min:
            return self.duration_min
        return estimate_minutes(self.length_m, self.mode or Mode.WALK, len(self.stops)) if self.parts else 0


DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


def slug(text: str) -> str:
    """An id from a title, as the shipped ids are spelt: 'Ad åen til Fruens Bøge' ->
    'ad-aaen-til-fruens-boege'."""
    words = re.sub(r"[^a-z0-9]+", "-", fold(text.lower().translate(DANISH_LETTERS))).strip("-")
    return words[:64].rstrip("-")


# --- reading an upload ---------------------------------------------------------------------


LINE_KINDS = ("LineString", "MultiLineString")
AREA_KINDS = ("Polygon", "MultiPolygon")


def _geojson_line(data: bytes, name: str) -> tuple[Parts, tuple[Stop, ...], dict]:
    """An uploaded GeoJSON's line, named points and the line's properties, read with the
    route files' own readers (routes.read_json, line_parts, read_stop), but leniently about
    its shape: a bare Feature or geometry, several lines (joined), any named point a stop."""
    try:
        doc = read_json(data, name)
    except RouteFileError as exc:
        raise UploadError(
            f"{name}: not valid GeoJSON ({exc.problem.message})", "json_unreadable", file=name
        ) from None
    if isinstance(doc, dict) and doc.get("type") == "Feature":
        doc = {"type": "FeatureCollection", "features": [doc]}
    if isinstance(doc, dict) and doc.get("type") in LINE_KINDS + AREA_KINDS:
        doc = {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": doc}]}
    features = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(features, list) or not all(isinstance(f, dict) for f in features):
        raise UploadError(f"{name}: not a GeoJSON FeatureCollection", "json_unreadable", file=name)
    parts: list[tuple[tuple[float, float], ...]] = []
    stops: list[Stop] = []
    props: dict = {}
    try:
        for i, feature in enumerate(features):
            geom = feature.get("geometry") or {}
            if not isinstance(geom, dict):
                raise UploadError(f"{name}: not a GeoJSON FeatureCollection", "json_unreadable", file=name)
            kind = geom.get("type")
            if kind in AREA_KINDS:
                raise UploadError(f"{name}: a {kind} is an area, not a line", "polygon", file=name, kind=kind)
            if kind in LINE_KINDS:
                parts += [tuple(part) for part in line_parts(geom, name)]
                given = feature.get("properties")
                props = props or (dict(given) if isinstance(given, dict) else {})
            elif (
                kind == "Point" and isinstance(point := feature.get("properties"), dict) and point.get("name")
            ):
                stops.append(read_stop(feature, name, i))
    except RouteFileError as exc:  # positions that are not numbers or out of range, …
        given = feature.get("properties")
        if isinstance(given, dict) and any(key in given for key in ROUTE_FACTS):
            raise _refused_route_file(exc, name) from None  # as `excursions validate` says
        raise UploadError(f"{name}: not a GeoJSON FeatureCollection", "json_unreadable", file=name) from None
    return tuple(parts), tuple(stops), props


# A line carrying any of these is a route file, judged as `excursions validate` judges it;
# a bare line (geojson.io, QGIS) is a draft whose facts the form fills in.
ROUTE_FACTS = ("id", "title_da", "title_en", "mode", "capacity", "departure", "meeting_point")


def _refused_route_file(exc: RouteFileError, name: str) -> UploadError:
    problem = exc.problem
    return UploadError(
        str(problem), "route_file", file=name, field=problem.field or "-", problem=problem.message
    )


def _upload_key(data: bytes, name: str) -> tuple[str, str]:
    return hashlib.sha256(data).hexdigest(), name


# The editor reads its upload again on every run of the form (each field typed): a 19 MB GPX
# of 450,000 points took 7-8 s a run. The same file is read once.
@memo(maxsize=4, key=_upload_key)
def read_upload(data: bytes, name: str) -> tuple[Draft, str]:
    """A draft from an uploaded GPX (track or route) or GeoJSON (a route file fills in its
    facts too), and the name the file gives its line (for a title). UploadError: no line."""
    lower = name.lower()
    if lower.endswith(".gpx"):
        try:
            parts, stops, line_name = read_gpx(data, name)
        except GpxError as exc:
            raise UploadError(str(exc), exc.code or "gpx_unreadable", file=name) from None
        draft = Draft(parts=tuple(tuple(p) for p in parts), stops=tuple(stops))
        return draft, line_name
    if not lower.endswith((".geojson", ".json")):
        raise UploadError(f"{name}: upload a .gpx or .geojson file", "file_type", file=name)
    parts, stops, props = _geojson_line(data, name)
    if not parts:
        raise UploadError(f"{name}: has no line", "no_line", file=name)
    try:  # a whole route file: its facts too
        route = parse_route(data, name)
    except RouteFileError as exc:
        if any(key in props for key in ROUTE_FACTS):
            # A route file `excursions validate` refuses is refused here for the same reason,
            # not turned into a form quietly emptied of its facts.
            raise _refused_route_file(exc, name) from None
        return Draft(parts=parts, stops=stops), str(props.get("name") or props.get("title_da") or "")
    return draft_from_route(route), route.title_da


def draft_from_route(route: Route) -> Draft:
    return Draft(
        parts=tuple(tuple((lon, lat) for lon, lat, *_ in part) for part in route.line_parts()),
        id=route.id,
        title_da=route.title_da,
        title_en=route.title_en,
        mode=route.mode,
        capacity=route.capacity,
        departure=route.departure,
        meeting_point=route.meeting_point,
        meeting_point_en=route.meeting_point_en,
        description_da=route.description_da,
        description_en=route.description_en,
        themes=route.themes,
        host=route.host,
        host_en=route.host_en,
        accessibility=route.accessibility,
        accessibility_en=route.accessibility_en,
        bikes_provided=route.bikes_provided,
        stops=route.stops,
        source=route.source,
        duration_min=route.duration_min if route.duration_given else None,
    )


def preview_route(draft: Draft) -> Route:
    """A route to draw while the form is being filled in: placeholders where it is empty."""
    from shapely.geometry import LineString, MultiLineString

    lines = [LineString(p) for p in draft.parts if len(p) >= 2]
    geometry = lines[0] if len(lines) == 1 else MultiLineString(lines)
    return Route(
        id=draft.id or "preview",
        title_da=draft.title_da or "…",
        title_en=draft.title_en or draft.title_da or "…",
        mode=draft.mode or Mode.WALK,
        capacity=max(draft.capacity, 1),
        departure=draft.departure or dt.datetime(2000, 1, 1, tzinfo=dt.UTC),
        meeting_point=draft.meeting_point,
        geometry=geometry,
        length_m=draft.length_m,
        duration_min=draft.minutes(),
        duration_given=draft.duration_min is not None,
        stops=draft.stops,
    )


# --- checking ----------------------------------------------------------------------------


def _far(points: list[tuple[float, float]], area: Area) -> float:
    """How far (km) the farthest point is from the venue."""
    return max((haversine_km(lat, lon, area.lat, area.lon) for lon, lat in points), default=0.0)


def check(draft: Draft, area: Area, taken: set[str], editing: str | None = None) -> list[FieldProblem]:
    """Every problem, each at its field; empty: the draft can be saved. taken: ids in use
    (an excursion being edited keeps its own)."""
    problems: list[FieldProblem] = []
    if not draft.id:
        problems.append(FieldProblem(Field.ID, "missing"))
    elif not SLUG.match(draft.id):
        problems.append(FieldProblem(Field.ID, "id_invalid"))
    elif draft.id in taken and draft.id != editing:
        problems.append(FieldProblem(Field.ID, "id_taken", (("id", draft.id),)))
    for fld in Field:  # what the route format requires (a capacity is never empty: 0)
        if fld.value in route_schema.required() and fld is not Field.CAPACITY:
            value = getattr(draft, fld.value)
            if value is None or (isinstance(value, str) and not value.strip()):
                problems.append(FieldProblem(fld, "missing"))
    if draft.capacity < 1:
        problems.append(FieldProblem(Field.CAPACITY, "capacity_low"))
    points = [p for part in draft.parts for p in part]
    if not draft.parts:
        problems.append(FieldProblem(Field.FILE, "line_missing"))
    elif (km := _far(points, area)) > area.radius_km:
        values = (("km", round(km)), ("radius", round(area.radius_km)))
        swapped = [(lat, lon) for lon, lat in points]
        code = "swapped" if _far(swapped, area) <= area.radius_km else "far_away"
        problems.append(FieldProblem(Field.FILE, code, values))
    for stop in draft.stops:
        if not stop.name.strip():
            problems.append(FieldProblem(Field.STOPS, "stop_name"))
        elif (km := _far([(stop.lon, stop.lat)], area)) > area.radius_km:
            problems.append(FieldProblem(Field.STOPS, "stop_far", (("name", stop.name), ("km", round(km)))))
    return problems


# --- the route file ----------------------------------------------------------------------

OPTIONAL = (
    "meeting_point_en",
    "host",
    "host_en",
    "accessibility",
    "accessibility_en",
)


def document(draft: Draft) -> dict:
    """The route file's GeoJSON for a checked draft (the documented format)."""
    extra: dict[str, object] = {k: getattr(draft, k) for k in OPTIONAL if getattr(draft, k)}
    if draft.themes:
        extra["themes"] = list(draft.themes)
    if draft.bikes_provided:
        extra["bikes_provided"] = True
    if draft.duration_min:
        extra["duration_min"] = draft.duration_min
    assert draft.mode is not None and draft.departure is not None, "check() first"
    route_draft = RouteDraft(
        id=draft.id,
        mode=draft.mode,
        title_da=draft.title_da.strip(),
        title_en=draft.title_en.strip(),
        capacity=draft.capacity,
        departure=draft.departure,
        meeting_point=draft.meeting_point.strip(),
        description_da=draft.description_da.strip(),
        description_en=draft.description_en.strip(),
        source=draft.source,
        extra=extra,
    )
    return route_document(route_draft, [list(p) for p in draft.parts], draft.stops)


def route_file(route: Route) -> bytes:
    """A route in use as a route file's bytes (the export, in the browser and the shell)."""
    return document_bytes(document(draft_from_route(route)))


def build(draft: Draft, area: Area) -> tuple[bytes, Route]:
    """The route file's bytes and the route they make, read as `validate` reads a file.
    RouteFileError: a problem check() does not know (its message names the field)."""
    raw = document_bytes(document(draft))
    return raw, parse_route(raw, edited_file(draft.id), area)
