"""data/route.schema.json (JSON Schema 2020-12, issue 28): the route format published for
people who make route files elsewhere (QGIS, geojson.io). It must accept every file the
app reads and refuse the broken ones the app refuses for their structure (the distance
from the venue and one-line-only are the app's own checks)."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
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


def _validate_refuses(path: Path, tmp_path: Path) -> str | None:
    """What `excursions validate` says about the file alone (None: it accepts it)."""
    from tests.test_cli import run

    folder = tmp_path / path.stem
    folder.mkdir()
    shutil.copy(path, folder)
    result = run("validate", str(folder))
    return None if result.returncode == 0 else result.stderr


def _editor_refuses(path: Path) -> str | None:
    """What the browser editor says when the file is uploaded and saved as it is (None: it
    would save it)."""
    from excursions.drafts import UploadError, check, read_upload
    from excursions.event import load_event
    from excursions.routes import Area
    from tests.conftest import EVENT_FILE

    read_upload.clear()
    try:
        draft, _ = read_upload(path.read_bytes(), path.name)
    except UploadError as exc:
        return str(exc)
    venue = load_event(EVENT_FILE).venue
    problems = check(draft, Area(venue.lat, venue.lon, venue.area_radius_km), taken=set())
    return ", ".join(f"{p.field}: {p.code}" for p in problems) or None


@pytest.mark.parametrize(
    "path",
    sorted((DATA / "routes_broken").glob("*.geojson")) + sorted(SHIPPED_ROUTES.glob("*.geojson"))[:3],
    ids=lambda p: p.parent.name + "/" + p.name,
)
def test_excursions_validate_and_the_editor_refuse_the_same_files(path, tmp_path):
    """Issue 28, item 3: a route file is judged alike wherever it enters (a broken one no longer
    becomes a form quietly emptied of its facts in the editor)."""
    by_validate, by_editor = _validate_refuses(path, tmp_path), _editor_refuses(path)
    assert (by_validate is None) == (by_editor is None), (by_validate, by_editor)


@pytest.mark.parametrize(
    "name", ["bad-departure", "bad-mode", "capacity-zero", "foreign-crs", "missing-title", "out-of-range"]
)
def test_a_broken_route_file_uploaded_to_the_editor_gets_validates_words(name, tmp_path):
    """The organiser who uploads a route file with one mistake is told that mistake, file and
    field, as `excursions validate` words it."""
    path = DATA / "routes_broken" / f"{name}.geojson"
    by_editor = _editor_refuses(path)
    assert by_editor is not None and by_editor.startswith(f"{path.name}: ")
    assert by_editor in _validate_refuses(path, tmp_path)


@pytest.fixture
def edited_schema(tmp_path, monkeypatch):
    """The schema file with an edit: what parse_route does then is what the file says."""
    from excursions import route_schema

    def edit(change) -> None:
        changed = json.loads(json.dumps(SCHEMA))
        change(changed["$defs"]["line_feature"]["properties"]["properties"])
        path = tmp_path / "route.schema.json"
        path.write_text(json.dumps(changed), encoding="utf-8")
        monkeypatch.setattr(route_schema, "SCHEMA_FILE", path)
        route_schema.forget()

    yield edit
    monkeypatch.undo()
    route_schema.forget()


def test_parse_route_takes_its_limits_from_the_schema_file(edited_schema):
    doc = json.dumps(route_doc(title_da="Tolv tegn nu", host="Odense Kommune"))
    parse_route(doc, "test-walk.geojson")  # as shipped: 200 characters, no host needed

    def shorter_titles_and_a_host_required(fields):
        fields["properties"]["title_da"]["maxLength"] = 10
        fields["required"].append("host")

    edited_schema(shorter_titles_and_a_host_required)
    with pytest.raises(RouteFileError) as caught:
        parse_route(doc, "test-walk.geojson")
    assert str(caught.value.problem) == "test-walk.geojson: title_da: is 12 characters long; the limit is 10"
    with pytest.raises(RouteFileError) as caught:
        parse_route(json.dumps(route_doc()), "test-walk.geojson")
    assert str(caught.value.problem) == "test-walk.geojson: host: is missing; every route needs it"


def test_what_the_fields_checks_let_through_the_schema_still_refuses_at_its_place():
    doc = route_doc()
    doc["features"].append({"type": "Punkt", "geometry": None, "properties": {}})
    with pytest.raises(RouteFileError) as caught:
        parse_route(json.dumps(doc), "test-walk.geojson")
    problem = caught.value.problem
    assert problem.field == "features[1].type"
    assert "route format (data/route.schema.json)" in problem.message and "'Feature'" in problem.message


def test_the_editor_requires_what_the_schema_requires(edited_schema):
    from excursions.drafts import Field, check, draft_from_route
    from excursions.routes import Area

    route = parse_route(json.dumps(route_doc()), "test-walk.geojson")
    area = Area(55.37, 10.43, 60)
    empty = replace(draft_from_route(route), title_en="  ", meeting_point="")
    assert {(p.field, p.code) for p in check(empty, area, set())} == {
        (Field.TITLE_EN, "missing"),
        (Field.MEETING_POINT, "missing"),
    }
    edited_schema(lambda fields: fields["required"].remove("meeting_point"))
    assert {(p.field, p.code) for p in check(empty, area, set())} == {(Field.TITLE_EN, "missing")}
