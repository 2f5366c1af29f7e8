"""Route files: read, validate, measure.

One GeoJSON FeatureCollection per excursion (docs/route-format.md gives the format;
data/route.schema.json defines it, and parsing reads its rules from there: route_schema).
Real files are messy, so reading is lenient where meaning is clear (a BOM,
3-D coordinates, a WGS84 ``crs`` member, MultiLineString) and strict where a
mistake would put a wrong line on the map (swapped lat/lon, polygons,
coordinates far from the event). One bad file never hides the good ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path

import shapely
from pyproj import Transformer
from shapely.geometry import LineString, MultiLineString
from shapely.geometry.base import BaseGeometry

from excursions import route_schema
from excursions.errors import ExcursionsError

ROUTE_SUFFIXES = (".geojson", ".json")
METRIC_CRS = "EPSG:25832"  # ETRS89 / UTM 32N, Denmark's grid: lengths in metres
SLUG = route_schema.id_pattern()
WGS84_CRS_NAMES = {
    "urn:ogc:def:crs:ogc:1.3:crs84",
    "urn:ogc:def:crs:epsg::4326",
    "epsg:4326",
    "crs84",
    "wgs84",
}


class Mode(StrEnum):
    WALK = "walk"
    BIKE = "bike"
    BUS = "bus"


class Source(StrEnum):
    SEED = "seed"  # documented in the event's own material
    ILLUSTRATIVE = "illustrative"  # a stand-in the organiser should replace
    ORGANISER = "organiser"  # supplied by the organiser


# Moving speed per mode in km/h, and time spent at each stop on the way: a bus
# stop is a site visit, a walk or ride stops to listen to the guide.
SPEED_KMH = {Mode.WALK: 4.0, Mode.BIKE: 14.0, Mode.BUS: 30.0}
MINUTES_PER_STOP = {Mode.WALK: 12, Mode.BIKE: 12, Mode.BUS: 35}


@dataclass(frozen=True)
class Area:
    """The event area: routes must lie within radius_km of this point."""

    lat: float
    lon: float
    radius_km: float


def _read_in(lang: str, danish: str, english: str) -> str:
    """The English text on an English page where there is one; the Danish stands in."""
    return (english if lang == "en" else "") or danish


@dataclass(frozen=True)
class Stop:
    name: str
    description: str
    lon: float
    lat: float
    name_en: str = ""
    description_en: str = ""

    def label(self, lang: str) -> str:
        return _read_in(lang, self.name, self.name_en)

    def text(self, lang: str) -> str:
        return _read_in(lang, self.description, self.description_en)


@dataclass(frozen=True)
class Route:
    id: str
    title_da: str
    title_en: str
    mode: Mode
    capacity: int
    departure: dt.datetime
    meeting_point: str
    geometry: BaseGeometry  # LineString or MultiLineString, lon/lat, 2-D
    length_m: float
    duration_min: int
    duration_given: bool
    description_da: str = ""
    description_en: str = ""
    themes: tuple[str, ...] = ()
    host: str = ""
    accessibility: str = ""
    source: Source = Source.ORGANISER
    stops: tuple[Stop, ...] = ()
    file: str = ""
    bikes_provided: bool = False  # the event lends bikes for this excursion
    # What an English page shows; empty: the Danish text stands in (`validate` warns).
    meeting_point_en: str = ""
    host_en: str = ""
    accessibility_en: str = ""

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_da

    def meeting(self, lang: str) -> str:
        return _read_in(lang, self.meeting_point, self.meeting_point_en)

    def host_name(self, lang: str) -> str:
        return _read_in(lang, self.host, self.host_en)

    def access(self, lang: str) -> str:
        return _read_in(lang, self.accessibility, self.accessibility_en)

    def description(self, lang: str) -> str:
        return (self.description_en if lang == "en" else self.description_da) or (
            self.description_da or self.description_en
        )

    @property
    def km(self) -> float:
        return self.length_m / 1000

    @property
    def start(self) -> tuple[float, float]:
        """(lat, lon) of the first vertex: where the excursion sets off."""
        first = _lines(self.geometry)[0].coords[0]
        return first[1], first[0]

    def line_parts(self) -> list[list[tuple[float, float]]]:
        """Each part of the line as (lon, lat) pairs."""
        return [list(part.coords) for part in _lines(self.geometry)]


@dataclass(frozen=True)
class Problem:
    """Why one file was not used: which file, which field, what is wrong."""

    file: str
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        return f"{where}: {self.message}"


@dataclass(frozen=True, eq=False)  # identity: one shared object per version of the files
class RouteSet:
    routes: tuple[Route, ...]
    problems: tuple[Problem, ...] = ()
    version: str = ""  # changes whenever any file's bytes (or a browser edit) change
    hidden: tuple[Route, ...] = ()  # hidden in the browser: not shown, no sign-ups (route_edits)

    def by_id(self) -> dict[str, Route]:
        return {r.id: r for r in self.routes}


class RouteFileError(ExcursionsError):
    def __init__(self, file: str, field: str | None, message: str):
        self.problem = Problem(file, field, message)
        super().__init__(str(self.problem))


@cache
def _to_metric() -> Transformer:
    return Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True)


def _lines(geometry: BaseGeometry) -> list[LineString]:
    if isinstance(geometry, MultiLineString):
        return list(geometry.geoms)
    return [geometry]


def length_m(geometry: BaseGeometry) -> float:
    """Length in metres, measured in EPSG:25832."""
    projected = shapely.transform(geometry, _to_metric().transform, interleaved=False)
    return float(projected.length)


def estimate_minutes(length: float, mode: Mode, stops: int) -> int:
    """Moving time at the mode's speed plus a pause per stop, rounded up to 5 minutes."""
    minutes = length / 1000 / SPEED_KMH[mode] * 60 + stops * MINUTES_PER_STOP[mode]
    return max(5, math.ceil(minutes / 5) * 5)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0088 * 2 * math.asin(math.sqrt(a))


# --- parsing -----------------------------------------------------------------


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _position(pos: object, file: str, where: str, area: Area | None) -> tuple[float, float]:
    if not isinstance(pos, list | tuple) or len(pos) not in (2, 3):
        raise RouteFileError(file, where, f"a position must be [lon, lat] or [lon, lat, height], got {pos!r}")
    if not all(_is_number(v) for v in pos):
        raise RouteFileError(file, where, f"coordinates must be numbers, got {pos!r}")
    lon, lat = float(pos[0]), float(pos[1])
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        hint = " (lat and lon swapped?)" if -180 <= lat <= 180 and -90 <= lon <= 90 else ""
        raise RouteFileError(
            file,
            where,
            f"[{pos[0]}, {pos[1]}] is out of range: lon must be -180..180, lat -90..90{hint}",
        )
    if area is not None:
        distance = haversine_km(lat, lon, area.lat, area.lon)
        if distance > area.radius_km:
            if haversine_km(lon, lat, area.lat, area.lon) <= area.radius_km:
                raise RouteFileError(
                    file,
                    where,
                    f"[{pos[0]}, {pos[1]}] looks like lat, lon swapped: GeoJSON wants "
                    f"[lon, lat], i.e. [{pos[1]}, {pos[0]}]",
                )
            raise RouteFileError(
                file,
                where,
                f"[{pos[0]}, {pos[1]}] is {distance:.0f} km from the venue, outside the event "
                f"area ({area.radius_km:.0f} km); is this the right file?",
            )
    return lon, lat


def line_parts(geom: dict, file: str, area: Area | None = None) -> list[list[tuple[float, float]]]:
    """A LineString's or MultiLineString's parts as (lon, lat), every position checked (and
    against the event's area when given). Also the editor's reader of an uploaded line."""
    kind, coords = geom.get("type"), geom.get("coordinates")
    parts = [coords] if kind == "LineString" else coords
    if not isinstance(parts, list) or not parts:
        raise RouteFileError(file, "geometry.coordinates", f"a {kind} needs coordinates")
    lines = []
    for i, part in enumerate(parts):
        where = "geometry.coordinates" + (f"[{i}]" if kind == "MultiLineString" else "")
        if not isinstance(part, list) or len(part) < 2:
            raise RouteFileError(file, where, "a line needs at least two positions")
        lines.append([_position(p, file, f"{where}[{j}]", area) for j, p in enumerate(part)])
    return lines


def _line_geometry(geom: dict, file: str, area: Area | None) -> BaseGeometry:
    lines = [LineString(points) for points in line_parts(geom, file, area)]
    return lines[0] if len(lines) == 1 else MultiLineString(lines)


def _text(props: dict, key: str, file: str, *, stop: bool = False) -> str:
    """A text property; whether it is required and how long it may be: the schema's."""
    value = props.get(key)
    limit = route_schema.max_length(key, stop=stop)
    if value is None or (isinstance(value, str) and not value.strip()):
        if not stop and key in route_schema.required():
            raise RouteFileError(file, key, "is missing; every route needs it")
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise RouteFileError(file, key, f"must be text, got {type(value).__name__}")
    text = str(value).strip()
    if len(text) > limit:
        raise RouteFileError(file, key, f"is {len(text)} characters long; the limit is {limit}")
    return text


def _int(props: dict, key: str, file: str) -> int | None:
    value = props.get(key)
    if value is None or value == "":
        if key in route_schema.required():
            raise RouteFileError(file, key, "is missing; every route needs it")
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise RouteFileError(file, key, f"must be a whole number, got {value!r}")
    if value <= 0:
        raise RouteFileError(file, key, f"must be more than 0, got {value}")
    return value


def _enum(enum: type[StrEnum], props: dict, key: str, file: str, default: StrEnum | None):
    value = props.get(key)
    if value in (None, "") and default is not None:
        return default
    try:
        return enum(str(value).strip().lower())
    except ValueError:
        allowed = " | ".join(m.value for m in enum)
        raise RouteFileError(file, key, f"must be one of {allowed}, got {value!r}") from None


def _flag(props: dict, key: str, file: str) -> bool:
    value = props.get(key, False)
    words = ("true", "yes", "ja", "1", "false", "no", "nej", "0", "")
    if isinstance(value, str) and value.strip().lower() in words:
        return value.strip().lower() in ("true", "yes", "ja", "1")
    if not isinstance(value, bool):
        raise RouteFileError(file, key, f"must be true or false, got {value!r}")
    return value


def _departure(props: dict, file: str) -> dt.datetime:
    raw = _text(props, "departure", file)
    try:
        when = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise RouteFileError(
            file, "departure", f"{raw!r} is not an ISO 8601 time like 2022-04-20T14:00:00+02:00"
        ) from None
    if when.tzinfo is None:
        raise RouteFileError(file, "departure", f"{raw!r} needs a UTC offset, e.g. +02:00")
    return when


def _check_crs(doc: dict, file: str) -> None:
    crs = doc.get("crs")
    if crs is None:
        return
    name = str((crs.get("properties") or {}).get("name", "")) if isinstance(crs, dict) else ""
    if name.strip().lower() not in WGS84_CRS_NAMES:
        raise RouteFileError(
            file,
            "crs",
            f"coordinates must be WGS84 longitude/latitude (RFC 7946), the file declares "
            f"{name or crs!r}; re-export as GeoJSON in EPSG:4326",
        )


def read_stop(feature: dict, file: str, index: int, area: Area | None = None) -> Stop:
    """A stop's point and words (a route file's, or a point in an uploaded drawing)."""
    props = feature.get("properties") or {}
    where = f"features[{index}]"
    geom = feature.get("geometry") or {}
    lon, lat = _position(geom.get("coordinates"), file, f"{where}.geometry", area)
    name = _text(props, "name", file, stop=True)
    if not name:
        raise RouteFileError(file, f"{where}.properties.name", "a stop needs a name")
    return Stop(
        name=name,
        description=_text(props, "description", file, stop=True),
        name_en=_text(props, "name_en", file, stop=True),
        description_en=_text(props, "description_en", file, stop=True),
        lon=lon,
        lat=lat,
    )


def read_json(data: bytes | str, file: str) -> object:
    """A file's JSON (UTF-8, a BOM allowed); RouteFileError saying why it is not."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise RouteFileError(file, None, f"is not UTF-8 text (byte {exc.start})") from None
    data = data.lstrip("\ufeff")
    try:
        doc = json.loads(data)
    except json.JSONDecodeError as exc:
        raise RouteFileError(
            file, None, f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except RecursionError:
        raise RouteFileError(file, None, "is nested too deeply to be GeoJSON") from None
    return doc


def parse_route(data: bytes | str, file: str, area: Area | None = None) -> Route:
    """Parse one route file's content; raise RouteFileError naming the file and field."""
    doc = read_json(data, file)
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise RouteFileError(file, "type", "must be a GeoJSON FeatureCollection")
    _check_crs(doc, file)
    features = doc.get("features")
    if not isinstance(features, list):
        raise RouteFileError(file, "features", "must be a list of features")

    lines, stops = [], []
    for i, feature in enumerate(features):
        if not isinstance(feature, dict):
            raise RouteFileError(file, f"features[{i}]", "must be a GeoJSON Feature (an object)")
        geom = feature.get("geometry") or {}
        if not isinstance(geom, dict):
            raise RouteFileError(file, f"features[{i}].geometry", "must be a GeoJSON geometry (an object)")
        kind = geom.get("type")
        if kind in ("LineString", "MultiLineString"):
            lines.append((i, feature))
        elif kind in ("Polygon", "MultiPolygon"):
            raise RouteFileError(
                file,
                f"features[{i}].geometry",
                f"is a {kind}; an excursion is a line (LineString or MultiLineString). "
                "Draw the route as a line, not an area",
            )
        elif kind == "Point" and (feature.get("properties") or {}).get("kind") == "stop":
            stops.append(read_stop(feature, file, i, area))
    if not lines:
        raise RouteFileError(file, "features", "has no line (LineString or MultiLineString): nothing to draw")
    if len(lines) > 1:
        where = ", ".join(f"features[{i}]" for i, _ in lines)
        raise RouteFileError(
            file,
            "features",
            f"has {len(lines)} lines ({where}); merge them into one MultiLineString",
        )

    _, feature = lines[0]
    props = feature.get("properties") or {}
    geometry = _line_geometry(feature["geometry"], file, area)
    route_id = _text(props, "id", file) or Path(file).stem
    if not SLUG.match(route_id):
        raise RouteFileError(file, "id", f"{route_id!r} must be a slug: lower-case letters, digits and '-'")
    mode = _enum(Mode, props, "mode", file, None)
    length = length_m(geometry)
    given = _int(props, "duration_min", file)
    themes_raw = props.get("themes") or ""
    themes = themes_raw if isinstance(themes_raw, list) else str(themes_raw).split(",")
    route = Route(
        id=route_id,
        title_da=_text(props, "title_da", file),
        title_en=_text(props, "title_en", file),
        mode=mode,
        capacity=_int(props, "capacity", file),
        departure=_departure(props, file),
        meeting_point=_text(props, "meeting_point", file),
        geometry=geometry,
        length_m=length,
        duration_min=given or estimate_minutes(length, mode, len(stops)),
        duration_given=given is not None,
        description_da=_text(props, "description_da", file),
        description_en=_text(props, "description_en", file),
        themes=tuple(t.strip() for t in themes if str(t).strip()),
        host=_text(props, "host", file),
        accessibility=_text(props, "accessibility", file),
        source=_enum(Source, props, "source", file, Source.ORGANISER),
        stops=tuple(stops),
        file=file,
        bikes_provided=_flag(props, "bikes_provided", file),
        meeting_point_en=_text(props, "meeting_point_en", file),
        host_en=_text(props, "host_en", file),
        accessibility_en=_text(props, "accessibility_en", file),
    )
    # The checks above word each field's problem; the schema has the last word on the rest.
    raw = data if isinstance(data, bytes) else data.encode()
    problem = route_schema.first_problem(doc, hashlib.sha256(raw).digest())
    if problem is not None:
        where, message = problem
        raise RouteFileError(
            file, where or None, f"does not follow the route format (data/route.schema.json): {message}"
        )
    return route


def route_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.suffix.lower() in ROUTE_SUFFIXES and p.is_file())


@dataclass(frozen=True)
class FileRead:
    """One route file as read now: its bytes, and the route or why there is none."""

    name: str
    raw: bytes
    route: Route | None
    problem: Problem | None = None


@dataclass(frozen=True)
class Kept:
    """The last good version of a route: the file it came from and that file's bytes."""

    route_id: str
    file: str
    raw: bytes


def read_route_files(directory: Path, area: Area | None = None) -> tuple[list[FileRead], str]:
    """Every route file in a folder, parsed, and a digest that changes with any file's bytes."""
    reads: list[FileRead] = []
    digest = hashlib.sha256()
    for path in route_files(directory):
        raw = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + raw)
        try:
            reads.append(FileRead(path.name, raw, parse_route(raw, path.name, area)))
        except RouteFileError as exc:
            reads.append(FileRead(path.name, raw, None, exc.problem))
    return reads, digest.hexdigest()[:16]


def _owner(route_id: str, names: list[str], kept: Kept | None) -> str:
    """Which of several files claiming one id is the route: the file its last good version
    came from, else the file named after the id, else the first by name."""
    if kept is not None and kept.file in names:
        return kept.file
    stems = [n for n in names if Path(n).stem == route_id]
    return (stems or sorted(names))[0]


def choose_routes(
    reads: list[FileRead], kept: dict[str, Kept], area: Area | None = None, version: str = ""
) -> tuple[RouteSet, list[Kept]]:
    """The routes to use, and the versions to keep as last good.

    A broken file, or a second file with an id already in use, never replaces a route: the
    route stays as its last good version (so nobody's seat moves), and the problem says so
    and names the file. Without a last good version (a new file), the file is left out.
    """
    problems: list[Problem] = [r.problem for r in reads if r.problem]
    claims: dict[str, list[FileRead]] = {}
    for r in reads:
        if r.route is not None:
            claims.setdefault(r.route.id, []).append(r)
    chosen: dict[str, Route] = {}
    keep: list[Kept] = []
    for route_id, files in claims.items():
        last = kept.get(route_id)
        owner = _owner(route_id, [f.name for f in files], last)
        if len(files) > 1 and last is not None and last.file not in [f.name for f in files]:
            owner = ""  # none of the claimants is the route's own file: keep its last version
        holder = owner or (last.file if last else "")
        for f in files:
            if f.name == owner:
                assert f.route is not None
                chosen[route_id] = f.route
                keep.append(Kept(route_id, f.name, f.raw))
            else:
                problems.append(
                    Problem(
                        f.name,
                        "id",
                        f"{route_id!r} is already used by {holder}; "
                        "ids must be unique (this file is not used)",
                    )
                )
    broken = {r.name for r in reads if r.route is None}
    for route_id, last in kept.items():
        if route_id in chosen or not (last.file in broken or route_id in claims):
            continue  # a route whose file was removed (or renamed to another id) is gone
        try:
            chosen[route_id] = parse_route(last.raw, last.file, area)
        except RouteFileError:
            continue
        problems.append(
            Problem(
                last.file, None, f"the last good version of {route_id!r} is in use until the file is fixed"
            )
        )
    routes = sorted(chosen.values(), key=lambda r: (r.departure, r.title_da))
    return RouteSet(tuple(routes), tuple(problems), version), keep


def load_routes(directory: Path, area: Area | None = None, kept: dict[str, Kept] | None = None) -> RouteSet:
    """Read every route file in a folder: the good routes and a problem per bad file."""
    if not directory.is_dir():
        problem = Problem(str(directory), None, "routes folder not found; set EXCURSIONS_ROUTES_DIR")
        return RouteSet((), (problem,), "")
    reads, version = read_route_files(directory, area)
    return choose_routes(reads, kept or {}, area, version)[0]


def routes_frame(routes: Iterable[Route], lang: str = "da"):
    """The routes as a GeoDataFrame in WGS84, one row per route."""
    import geopandas as gpd

    rows = [
        {
            "id": r.id,
            "title": r.title(lang),
            "mode": r.mode.value,
            "km": round(r.km, 2),
            "minutes": r.duration_min,
            "capacity": r.capacity,
            "departure": r.departure,
            "source": r.source.value,
            "geometry": r.geometry,
        }
        for r in routes
    ]
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def missing_english(route: Route, theme_labels: Mapping[str, Mapping[str, str]]) -> list[Problem]:
    """Texts a participant reads that have no English version: an English page shows the
    Danish there. A warning, not an error: the route is still used."""
    pairs = [
        ("description_en", route.description_da, route.description_en),
        ("meeting_point_en", route.meeting_point, route.meeting_point_en),
        ("host_en", route.host, route.host_en),
        ("accessibility_en", route.accessibility, route.accessibility_en),
    ]
    out = [Problem(route.file, field, "no English text") for field, da, en in pairs if da and not en]
    out += [
        Problem(route.file, f"stop {stop.name!r}", "no name_en or description_en")
        for stop in route.stops
        if not stop.name_en or (stop.description and not stop.description_en)
    ]
    out += [
        Problem(route.file, "themes", f"theme {theme!r} has no English label in the event file's [themes]")
        for theme in route.themes
        if not (theme_labels.get(theme) or {}).get("en")
    ]
    return out


def themes_of(routes: Sequence[Route]) -> list[str]:
    return sorted({t for r in routes for t in r.themes}, key=str.lower)


@dataclass(frozen=True)
class RouteDraft:
    """What a new route file needs besides its geometry (used by GPX import)."""

    id: str
    mode: Mode
    title_da: str
    title_en: str
    capacity: int
    departure: dt.datetime
    meeting_point: str
    source: Source = Source.ORGANISER
    description_da: str = ""
    description_en: str = ""
    extra: dict = field(default_factory=dict)


def route_document(
    draft: RouteDraft, parts: list[list[tuple[float, float]]], stops: Sequence[Stop] = ()
) -> dict:
    """A route file's GeoJSON for a draft and its line, rounded to ~1 cm."""
    coords = [[[round(lon, 7), round(lat, 7)] for lon, lat in part] for part in parts]
    geometry = (
        {"type": "LineString", "coordinates": coords[0]}
        if len(coords) == 1
        else {"type": "MultiLineString", "coordinates": coords}
    )
    props = {
        "id": draft.id,
        "title_da": draft.title_da,
        "title_en": draft.title_en,
        "mode": draft.mode.value,
        "capacity": draft.capacity,
        "departure": draft.departure.isoformat(),
        "meeting_point": draft.meeting_point,
        "source": draft.source.value,
    }
    if draft.description_da:
        props["description_da"] = draft.description_da
    if draft.description_en:
        props["description_en"] = draft.description_en
    props.update(draft.extra)
    features = [{"type": "Feature", "properties": props, "geometry": geometry}]
    for stop in stops:
        stop_props = {"kind": "stop", "name": stop.name, "description": stop.description}
        if stop.name_en:
            stop_props["name_en"] = stop.name_en
        if stop.description_en:
            stop_props["description_en"] = stop.description_en
        features.append(
            {
                "type": "Feature",
                "properties": stop_props,
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(stop.lon, 6), round(stop.lat, 6)],
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
