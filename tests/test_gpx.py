"""GPX in and out, with real files from gpxpy's test suite (tests/data/gpx/NOTICE.md)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from excursions.gpx import GpxError, read_gpx, route_to_gpx
from excursions.routes import Mode, RouteDraft, load_routes, parse_route, route_document
from tests.conftest import DATA, SHIPPED_ROUTES

GPX = DATA / "gpx"


@pytest.mark.parametrize(
    ("file", "parts", "stops"),
    [
        ("gpx1.0_with_all_fields.gpx", 2, 2),  # GPX 1.0, two segments
        ("korita-zbevnica.gpx", 3, 2),  # a long real track
        ("route.gpx", 1, 0),  # <rte> instead of a track
        ("track-with-empty-segment.gpx", 1, 0),  # the empty segment is skipped
    ],
)
def test_real_gpx_files_give_lines(file, parts, stops):
    lines, waypoints, _ = read_gpx((GPX / file).read_bytes(), file)
    assert len(lines) == parts and len(waypoints) == stops
    assert all(len(line) >= 2 for line in lines)


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ((GPX / "unicode_with_bom.gpx").read_bytes(), "no track or route"),  # waypoints only
        ((GPX / "gpx_with_garmin_extension.gpx").read_bytes(), "no track or route"),
        (b"<gpx><trk><trkseg><trkpt lat='1' lon='2'></trkseg></gpx>", "not a readable GPX"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"", "not a readable GPX"),
    ],
)
def test_broken_gpx_gets_a_clear_error(data, says):
    with pytest.raises(GpxError, match=says) as info:
        read_gpx(data, "upload.gpx")
    assert "upload.gpx" in str(info.value)


def test_every_shipped_route_survives_a_gpx_round_trip(area):
    for route in load_routes(SHIPPED_ROUTES, area).routes:
        lines, stops, name = read_gpx(route_to_gpx(route, "da"), "x.gpx")
        draft = RouteDraft(
            route.id,
            route.mode,
            route.title_da,
            route.title_en,
            route.capacity,
            route.departure,
            route.meeting_point,
        )
        back = parse_route(json.dumps(route_document(draft, lines, stops)), "x.geojson", area)
        assert name == route.title_da
        assert [s.name for s in back.stops] == [s.name for s in route.stops]
        assert back.length_m == pytest.approx(route.length_m, rel=0.01), route.id


def test_gpx_export_is_version_1_1_with_stops_as_waypoints(area):
    route = next(r for r in load_routes(SHIPPED_ROUTES, area).routes if r.stops)
    xml = route_to_gpx(route, "en")
    assert 'version="1.1"' in xml and "http://www.topografix.com/GPX/1/1" in xml
    assert xml.count("<wpt") == len(route.stops)
    assert f"<name>{route.title_en}</name>" in xml


def test_import_keeps_mode_and_facts(area):
    lines, stops, _ = read_gpx((GPX / "route.gpx").read_bytes(), "route.gpx")
    departure = dt.datetime.fromisoformat("2022-04-20T14:00+02:00")
    draft = RouteDraft("imported", Mode.BIKE, "Importeret", "Imported", 12, departure, "Her")
    route = parse_route(json.dumps(route_document(draft, lines, stops)), "imported.geojson")
    assert route.mode is Mode.BIKE and route.capacity == 12 and route.km > 1
