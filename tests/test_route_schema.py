"""data/route.schema.json (JSON Schema 2020-12, issue 28): the route format published for
people who make route files elsewhere (QGIS, geojson.io). It must accept every file the
app reads and refuse the broken ones the app refuses for their structure (the distance
from the venue and one-line-only are the app's own checks)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from excursions.routes import RouteFileError, parse_route
from tests.conftest import ROOT, SHIPPED_ROUTES, route_doc

SCHEMA = json.loads((ROOT / "data" / "route.schema.json").read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA)
DATA = ROOT / "tests" / "data"
READ = sorted([*SHIPPED_ROUTES.glob("*.geojson"), *(DATA / "routes_unusual").glob("*.geojson")])
# Broken for their structure: the schema says so as the app does. The rest of
# tests/data/routes_broken is the app's own business (far away, swapped, a duplicate id,
# not JSON at all) or valid on its own (alpha-walk, beta-bike).
STRUCTURE = [
    "bad-departure",
    "bad-mode",
    "capacity-zero",
    "foreign-crs",
    "missing-title",
    "no-line",
    "out-of-range",
    "polygon",
]


def errors(doc: object) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(doc)]


def test_the_schema_is_a_2020_12_schema():
    Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("path", READ, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_file_the_app_reads_is_valid(path):
    parse_route(path.read_bytes(), path.name)  # the app reads it...
    assert errors(json.loads(path.read_text(encoding="utf-8-sig"))) == []  # ...and so does the schema


@pytest.mark.parametrize("name", STRUCTURE)
def test_a_file_broken_in_its_structure_is_refused_by_both(name):
    path = DATA / "routes_broken" / f"{name}.geojson"
    with pytest.raises(RouteFileError):
        parse_route(path.read_bytes(), path.name)
    assert errors(json.loads(path.read_text(encoding="utf-8-sig"))) != []


@pytest.mark.parametrize(
    ("props", "ok"),
    [
        ({}, True),
        (
            {"mode": "Walk", "capacity": "12", "bikes_provided": "ja", "source": "Seed"},
            True,
        ),  # as the app reads
        ({"duration_min": 95, "themes": ["biogas", "energi"]}, True),
        ({"themes": "biogas, energi"}, True),
        ({"id": "Æblø-tur"}, False),  # not a slug
        ({"mode": "boat"}, False),
        ({"capacity": 0}, False),
        ({"capacity": "tyve"}, False),
        ({"departure": "2022-04-20T14:00:00"}, False),  # no UTC offset
        ({"title_da": ""}, False),
        ({"title_en": "x" * 201}, False),
        ({"bikes_provided": "måske"}, False),
    ],
)
def test_the_schema_and_the_app_agree_on_each_field(props, ok):
    doc = route_doc(**props)
    try:
        parse_route(json.dumps(doc), "test-walk.geojson")
        parsed = True
    except RouteFileError:
        parsed = False
    assert parsed is ok and (errors(doc) == []) is ok, errors(doc)


def test_the_route_format_doc_points_at_the_schema():
    assert "data/route.schema.json" in (ROOT / "docs" / "route-format.md").read_text(encoding="utf-8")


def test_a_stop_needs_a_name_in_both():
    doc = route_doc(stops=[("", 10.39, 55.40)])
    with pytest.raises(RouteFileError):
        parse_route(json.dumps(doc), "test-walk.geojson")
    assert errors(doc) != []
    assert Path(SHIPPED_ROUTES).is_dir()
