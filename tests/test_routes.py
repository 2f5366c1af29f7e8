"""Reading and validating route files: the broken corpus, unusual-but-valid files, metrics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shapely.geometry import LineString

from excursions.routes import (
    Mode,
    Source,
    estimate_minutes,
    length_m,
    load_routes,
    missing_english,
    parse_route,
    routes_frame,
)
from tests.conftest import DATA, SHIPPED_ROUTES, route_doc, write_route

BROKEN = DATA / "routes_broken"
UNUSUAL = DATA / "routes_unusual"


@pytest.fixture(scope="module")
def broken(area):
    return load_routes(BROKEN, area)


@pytest.mark.parametrize(
    ("file", "field", "says"),
    [
        ("invalid-json.geojson", None, "not valid JSON"),
        ("no-line.geojson", "features", "has no line"),
        ("polygon.geojson", "features[0].geometry", "Polygon"),
        ("swapped-lat-lon.geojson", "geometry.coordinates[0]", "swapped"),
        ("out-of-range.geojson", "geometry.coordinates[1]", "out of range"),
        ("duplicate-id.geojson", "id", "already used by alpha-walk.geojson"),
        ("bad-mode.geojson", "mode", "walk | bike | bus"),
        ("capacity-zero.geojson", "capacity", "more than 0"),
        ("missing-title.geojson", "title_da", "missing"),
        ("bad-departure.geojson", "departure", "ISO 8601"),
        ("foreign-crs.geojson", "crs", "WGS84"),
        ("far-away.geojson", "geometry.coordinates[0]", "outside the event area"),
    ],
)
def test_each_broken_file_is_named_with_its_field(broken, file, field, says):
    problems = {p.file: p for p in broken.problems}
    assert file in problems, f"{file} was accepted"
    assert problems[file].field == field
    assert says in problems[file].message
    assert file in str(problems[file])


def test_bad_files_do_not_hide_the_good_ones(broken):
    assert sorted(r.id for r in broken.routes) == ["alpha-walk", "beta-bike"]
    assert len(broken.problems) == 12


@pytest.mark.parametrize(
    ("file", "check"),
    [
        ("three-d.geojson", lambda r: not r.geometry.has_z and len(r.line_parts()[0]) == 4),
        ("multi-line.geojson", lambda r: len(r.line_parts()) == 2 and r.capacity == 45),
        ("with-bom.geojson", lambda r: r.title_da == "Tur med æøå"),
        ("crs-member.geojson", lambda r: r.mode is Mode.WALK),
        ("with-stops.geojson", lambda r: [s.name for s in r.stops] == ["Rådhuset"] and r.duration_min == 90),
    ],
)
def test_unusual_but_valid_files_load(area, file, check):
    route = parse_route((UNUSUAL / file).read_bytes(), file, area)
    assert check(route)


def test_unusual_folder_has_no_problems(area):
    result = load_routes(UNUSUAL, area)
    assert result.problems == ()
    assert len(result.routes) == 5


def test_length_is_measured_in_metres_on_the_danish_grid():
    # 0.01 degrees of latitude is 1,113 m; the metric projection must agree within 0.5 %.
    line = LineString([(10.39, 55.39), (10.39, 55.40)])
    assert length_m(line) == pytest.approx(1113, rel=0.005)


@pytest.mark.parametrize(
    ("metres", "mode", "stops", "minutes"),
    [
        (4000, Mode.WALK, 0, 60),
        (4000, Mode.WALK, 2, 85),
        (14000, Mode.BIKE, 0, 60),
        (15000, Mode.BUS, 1, 65),
        (10, Mode.WALK, 0, 5),
    ],
)
def test_duration_comes_from_length_speed_and_stops(metres, mode, stops, minutes):
    assert estimate_minutes(metres, mode, stops) == minutes


def test_given_duration_wins_over_the_estimate(tmp_path, area):
    write_route(tmp_path, route_doc(duration_min=240))
    (route,) = load_routes(tmp_path, area).routes
    assert route.duration_min == 240 and route.duration_given


def test_missing_id_falls_back_to_the_file_name(tmp_path, area):
    write_route(tmp_path, route_doc(id=None), name="from-file-name")
    (route,) = load_routes(tmp_path, area).routes
    assert route.id == "from-file-name"


@pytest.mark.parametrize(
    ("props", "field"),
    [
        ({"id": "Not A Slug"}, "id"),
        ({"capacity": "many"}, "capacity"),
        ({"capacity": True}, "capacity"),
        ({"departure": "2022-04-20T14:00"}, "departure"),
        ({"source": "rumour"}, "source"),
        ({"meeting_point": "  "}, "meeting_point"),
        ({"title_en": "x" * 201}, "title_en"),
    ],
)
def test_bad_properties_are_named(tmp_path, area, props, field):
    write_route(tmp_path, route_doc(**props), name="r")
    result = load_routes(tmp_path, area)
    assert result.routes == ()
    assert result.problems[0].field == field


def test_a_changed_file_changes_the_version(tmp_path, area):
    path = write_route(tmp_path, route_doc())
    before = load_routes(tmp_path, area).version
    doc = json.loads(path.read_text())
    doc["features"][0]["properties"]["capacity"] = 21
    path.write_text(json.dumps(doc))
    assert load_routes(tmp_path, area).version != before


def test_missing_folder_is_a_problem_not_a_crash(tmp_path, area):
    result = load_routes(tmp_path / "nope", area)
    assert result.routes == () and "not found" in result.problems[0].message


def test_shipped_event_has_24_plausible_routes(area):
    result = load_routes(SHIPPED_ROUTES, area)
    assert result.problems == ()
    assert len(result.routes) == 24
    limits = {Mode.WALK: (2, 5), Mode.BIKE: (8, 20), Mode.BUS: (10, 30)}
    for route in result.routes:
        low, high = limits[route.mode]
        assert low <= route.km <= high, f"{route.id}: {route.km:.1f} km for {route.mode}"
        assert route.title_da and route.title_en and route.description_da and route.description_en
    assert {r.mode for r in result.routes} == set(Mode)
    sources = [r.source for r in result.routes]
    assert sources.count(Source.SEED) == 3 and sources.count(Source.ILLUSTRATIVE) == 21


def test_shipped_routes_have_a_vertex_at_least_every_300_m(area):
    for route in load_routes(SHIPPED_ROUTES, area).routes:
        coords = route.line_parts()[0]
        assert route.length_m / (len(coords) - 1) <= 300, route.id


def test_routes_frame_is_a_geodataframe_in_wgs84(area):
    routes = load_routes(UNUSUAL, area).routes
    frame = routes_frame(routes, "en")
    assert frame.crs.to_epsg() == 4326
    assert list(frame["id"]) == [r.id for r in routes]
    assert frame.to_crs(25832).length.sum() == pytest.approx(sum(r.length_m for r in routes), rel=1e-6)


def test_file_of_the_wrong_encoding_is_named(tmp_path, area):
    path = Path(tmp_path) / "latin1.geojson"
    path.write_bytes(json.dumps(route_doc(title_da="Tur")).replace("Tur", "T\xf8r").encode("latin-1"))
    (problem,) = load_routes(tmp_path, area).problems
    assert problem.file == "latin1.geojson" and "UTF-8" in problem.message


EN = {"natur": {"da": "natur", "en": "nature"}}


@pytest.mark.parametrize(
    ("props", "stop", "missing"),
    [
        ({}, None, []),
        ({"description_da": "Tur", "description_en": "Walk"}, None, []),
        ({"description_da": "Tur"}, None, ["description_en"]),
        ({"host": "Odense Kommune"}, None, ["host_en"]),
        ({"host": "VandCenter Syd", "host_en": "VandCenter Syd"}, None, []),  # a name, said twice
        ({"accessibility": "Trapper"}, None, ["accessibility_en"]),
        ({"themes": "natur"}, None, []),
        ({"themes": "natur, skov"}, None, ["themes"]),
        ({}, {"name": "Åen"}, ["stop 'Åen'"]),
        ({}, {"name": "Åen", "name_en": "The river"}, []),
        ({}, {"name": "Åen", "name_en": "The river", "description": "Vand"}, ["stop 'Åen'"]),
    ],
)
def test_missing_english_names_each_text_without_it(tmp_path, area, props, stop, missing):
    doc = route_doc(meeting_point_en="Flakhaven square", **props)
    if stop:
        doc["features"].append(
            {
                "type": "Feature",
                "properties": {"kind": "stop", **stop},
                "geometry": {"type": "Point", "coordinates": [10.389, 55.396]},
            }
        )
    route = parse_route(json.dumps(doc), "r.geojson", area)
    assert [p.field for p in missing_english(route, EN)] == missing


def test_english_fields_are_what_an_english_page_reads(area):
    doc = route_doc(
        meeting_point="Flakhaven, foran Rådhuset",
        meeting_point_en="Flakhaven, in front of City Hall",
        host="Odense Kommune",
        host_en="Odense Municipality",
        accessibility="Fladt",
    )
    route = parse_route(json.dumps(doc), "r.geojson", area)
    assert (route.meeting("en"), route.meeting("da")) == (
        "Flakhaven, in front of City Hall",
        doc["features"][0]["properties"]["meeting_point"],
    )
    assert (route.host_name("en"), route.host_name("da")) == ("Odense Municipality", "Odense Kommune")
    assert route.access("en") == route.access("da") == "Fladt"  # no English: the Danish stands in
