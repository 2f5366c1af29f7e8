"""Excursions edited in the browser, without a browser: reading uploads, checking the form,
building the route file, laying saved edits over the files, and keeping them in the store."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from dataclasses import replace

import pytest

from excursions.drafts import (
    Draft,
    Field,
    FieldProblem,
    UploadError,
    build,
    check,
    draft_from_route,
    read_upload,
    route_file,
    slug,
)
from excursions.route_edits import Edit, apply_edits, document_bytes, route_files_zip, route_ids
from excursions.routes import Mode, RouteSet, Stop, load_routes, parse_route
from excursions.signups import ParticipantInput, Window
from tests.conftest import DATA, LINE, SHIPPED_ROUTES, make_routes, route_doc

NOW = dt.datetime(2022, 4, 1, 10, tzinfo=dt.UTC)
OPEN = Window(dt.datetime(2022, 1, 1, tzinfo=dt.UTC), dt.datetime(2022, 1, 2, tzinfo=dt.UTC), keep_open=True)
GOOD = Draft(
    parts=(tuple(tuple(p) for p in LINE),),
    id="aaen-rundt",
    title_da="Åen rundt",
    title_en="Round the river",
    mode=Mode.WALK,
    capacity=25,
    departure=dt.datetime(2022, 4, 20, 14, tzinfo=dt.UTC),
    meeting_point="Flakhaven",
    stops=(Stop("Rådhuset", "", 10.3887, 55.3960),),
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Langs Odense Å", "langs-odense-aa"),
        ("Ejby Mølle: bioenergi!", "ejby-moelle-bioenergi"),
        ("  Æbler & pærer  ", "aebler-paerer"),
        ("x" * 80, "x" * 64),
        ("", ""),
    ],
)
def test_an_id_is_made_from_a_title_as_the_shipped_ids_are_spelt(text, expected):
    assert slug(text) == expected


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({}, None),
        ({"id": ""}, FieldProblem(Field.ID, "missing")),
        ({"id": "Åen rundt"}, FieldProblem(Field.ID, "id_invalid")),
        ({"id": "taken"}, FieldProblem(Field.ID, "id_taken", (("id", "taken"),))),
        ({"title_da": "  "}, FieldProblem(Field.TITLE_DA, "missing")),
        ({"title_en": ""}, FieldProblem(Field.TITLE_EN, "missing")),
        ({"mode": None}, FieldProblem(Field.MODE, "missing")),
        ({"capacity": 0}, FieldProblem(Field.CAPACITY, "capacity_low")),
        ({"departure": None}, FieldProblem(Field.DEPARTURE, "missing")),
        ({"meeting_point": ""}, FieldProblem(Field.MEETING_POINT, "missing")),
        ({"parts": ()}, FieldProblem(Field.FILE, "line_missing")),
        (
            {"parts": (((14.14, 45.38), (14.15, 45.39)),)},
            FieldProblem(Field.FILE, "far_away", (("km", 1142), ("radius", 40))),
        ),
        (
            {"parts": (tuple((lat, lon) for lon, lat in LINE),)},
            FieldProblem(Field.FILE, "swapped", (("km", 6345), ("radius", 40))),
        ),
        ({"stops": (Stop(" ", "", 10.39, 55.39),)}, FieldProblem(Field.STOPS, "stop_name")),
        (
            {"stops": (Stop("Rijeka", "", 14.44, 45.33),)},
            FieldProblem(Field.STOPS, "stop_far", (("name", "Rijeka"), ("km", 1153))),
        ),
    ],
)
def test_every_problem_is_named_at_its_field(area, change, problem):
    found = check(replace(GOOD, **change), area, taken={"taken", "skovrejsning"})
    assert found == ([problem] if problem else [])


def test_an_excursion_being_edited_keeps_its_own_id(area):
    assert check(replace(GOOD, id="taken"), area, taken={"taken"}, editing="taken") == []


def test_a_checked_draft_becomes_a_route_file_that_reads_back_the_same(area):
    raw, route = build(GOOD, area)
    again = parse_route(raw, "aaen-rundt.geojson", area)  # as `excursions validate` reads it
    assert again == route and route.title_da == "Åen rundt" and route.stops[0].name == "Rådhuset"
    assert draft_from_route(route) == replace(GOOD, parts=draft_from_route(route).parts)
    assert round(route.length_m) == round(GOOD.length_m) and route.duration_min == GOOD.minutes()


def test_every_shipped_route_goes_through_the_form_unchanged(area):
    """Editing a route and saving it without a change keeps every fact of it."""
    for route in load_routes(SHIPPED_ROUTES, area).routes:
        _, again = build(draft_from_route(route), area)
        assert replace(again, file=route.file) == route, route.id


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        (
            "area.geojson",
            json.dumps({"type": "Polygon", "coordinates": [[[10.3, 55.3], [10.4, 55.3], [10.3, 55.3]]]}),
            "polygon",
        ),
        ("points.geojson", json.dumps({"type": "FeatureCollection", "features": []}), "no_line"),
        ("broken.geojson", '{"type": "Feature', "json_unreadable"),
        ("broken.gpx", '<?xml version="1.0"?><gpx><trk><trkseg><trkpt lat="55.3"', "gpx_unreadable"),
        ("gpx_with_garmin_extension.gpx", None, "no_line"),
        ("route.kml", "<kml/>", "file_type"),
        # issue 26 item 11: these showed a traceback in the editor
        ("deep.geojson", "[" * 100_000 + "]" * 100_000, "json_unreadable"),
        ("odd.geojson", json.dumps({"type": "FeatureCollection", "features": ["x", 5]}), "json_unreadable"),
        (
            "bad-coordinates.geojson",
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "geometry": {"type": "LineString", "coordinates": [["a", {}], [1, None]]},
                        }
                    ],
                }
            ),
            "json_unreadable",
        ),
        (
            "geometry-text.geojson",
            json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": "line"}]}),
            "json_unreadable",
        ),
    ],
)
def test_an_upload_without_a_line_says_why(name, data, code):
    raw = (DATA / "gpx" / name).read_bytes() if data is None else data.encode()
    with pytest.raises(UploadError) as caught:
        read_upload(raw, name)
    assert caught.value.code == code and caught.value.values["file"] == name


def test_a_gpx_route_gives_its_line_stops_and_name():
    draft, name = read_upload((DATA / "gpx" / "odense-aa.gpx").read_bytes(), "odense-aa.gpx")
    assert name == "Langs Odense Å" and len(draft.parts) == 1 and len(draft.parts[0]) == 12
    assert [s.name for s in draft.stops] == ["Munke Mose"]
    assert 2300 < draft.length_m < 2400


def test_a_route_file_upload_brings_all_its_facts():
    raw = (SHIPPED_ROUTES / "skovrejsning.geojson").read_bytes()
    draft, name = read_upload(raw, "skovrejsning.geojson")
    assert (draft.id, name, draft.capacity) == ("skovrejsning", "Nye skove i Odense", 45)


# --- the edits over the files -----------------------------------------------------------------


def _edit(route_id: str, doc: dict | None, hidden: bool = False) -> Edit:
    return Edit(route_id, document_bytes(doc) if doc is not None else None, hidden, NOW)


def test_a_saved_excursion_replaces_the_files_route_of_its_id_adds_a_new_one_and_hides(area):
    files = RouteSet(tuple(make_routes([10, 20, 30])), (), "v1")
    edits = [
        _edit("r00", route_doc(id="r00", title_da="Ny titel", capacity=12)),
        _edit("new-one", route_doc(id="new-one")),
        _edit("r02", None, hidden=True),
    ]
    routes = apply_edits(files, edits, area)
    by_id = routes.by_id()
    assert sorted(by_id) == ["new-one", "r00", "r01"]
    assert (by_id["r00"].title_da, by_id["r00"].capacity) == ("Ny titel", 12)
    assert [r.id for r in routes.hidden] == ["r02"] and route_ids(routes) == {"new-one", "r00", "r01", "r02"}
    assert routes.version != files.version
    assert apply_edits(files, edits, area).version == routes.version  # the same edits, the same version
    assert apply_edits(files, [], area) is files


def test_a_saved_excursion_that_no_longer_reads_is_a_problem_not_a_crash(area):
    files = RouteSet(tuple(make_routes([10])), (), "v1")
    far = route_doc(id="far", line=[[14.14, 45.38], [14.15, 45.39]])
    routes = apply_edits(files, [_edit("far", far)], area)
    assert [r.id for r in routes.routes] == ["r00"] and "far.geojson" in str(routes.problems[0])


def test_the_export_is_one_route_file_per_excursion(area, tmp_path):
    files = {r.id: route_file(r) for r in load_routes(SHIPPED_ROUTES, area).routes}
    with zipfile.ZipFile(io.BytesIO(route_files_zip(files))) as archive:
        archive.extractall(tmp_path)
    again = load_routes(tmp_path, area)
    assert again.problems == () and len(again.routes) == 24


# --- in the store (SQLite and PostgreSQL) -----------------------------------------------------


def test_saves_hides_and_shows_are_kept_and_hiding_is_refused_with_people_on_it(store, area):
    store.sync_routes(make_routes([5, 5]), NOW)
    before = store.edits_version()
    store.save_route("r00", document_bytes(route_doc(id="r00", title_da="Ændret")), now=NOW)
    assert store.edits_version() != before
    store.signup(ParticipantInput("a@x.dk", "A"), "r01", now=NOW, window=OPEN)
    assert store.hide_route("r01", True, now=NOW) == (1, 0)  # refused: one signed up
    assert store.hide_route("r00", True, now=NOW) == (0, 0)
    edits = {e.route_id: e for e in store.route_edits()}
    assert (
        edits["r00"].hidden
        and b"\\u00c6ndret" not in edits["r00"].raw
        and "Ændret".encode() in edits["r00"].raw
    )
    assert "r01" not in edits
    counts = {c.route_id for c in store.counts()}
    assert "r00" not in counts  # hidden: no seats to take
    assert store.hide_route("r00", False, now=NOW) == (0, 0)
    assert not {e.route_id: e for e in store.route_edits()}["r00"].hidden


def test_a_saved_excursion_is_in_the_routes_every_process_reads_after_a_restart(db_url, area, tmp_path):
    from excursions.routes import read_route_files
    from excursions.store import open_store

    (tmp_path / "routes").mkdir()
    (tmp_path / "routes" / "r00.geojson").write_bytes(document_bytes(route_doc(id="r00")))
    reads, version = read_route_files(tmp_path / "routes", area)
    first = open_store(db_url)
    first.save_route("added", document_bytes(route_doc(id="added", title_da="Tilføjet")), now=NOW)
    first.dispose()
    again = open_store(db_url)  # another process, or the same one restarted
    routes = again.current_routes(reads, version, area, NOW)
    assert sorted(r.id for r in routes.routes) == ["added", "r00"]
    assert routes.by_id()["added"].title_da == "Tilføjet"
    again.dispose()


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("[" * 100_000 + "]" * 100_000, None),
        (json.dumps({"type": "FeatureCollection", "features": ["x", 5]}), "features[0]"),
        (json.dumps({"type": "FeatureCollection", "features": [{"geometry": 7}]}), "features[0].geometry"),
    ],
)
def test_validate_names_the_problem_of_a_hostile_route_file_instead_of_crashing(text, field):
    from excursions.routes import RouteFileError, parse_route

    with pytest.raises(RouteFileError) as caught:
        parse_route(text, "hostile.geojson")
    assert caught.value.problem.file == "hostile.geojson" and caught.value.problem.field == field


def test_the_same_upload_is_read_once_while_the_form_is_edited(monkeypatch):
    """A 19 MB GPX was read again on every run of the form (7-8 s each)."""
    import excursions.drafts as drafts

    raw = (
        (DATA / "gpx" / "komoot_tour.gpx").read_bytes()
        if (DATA / "gpx" / "komoot_tour.gpx").exists()
        else None
    )
    raw = raw or next((DATA / "gpx").glob("*.gpx")).read_bytes()
    reads = []
    real = drafts.read_gpx
    monkeypatch.setattr(drafts, "read_gpx", lambda data, name: reads.append(name) or real(data, name))
    drafts.read_upload.clear()
    first = drafts.read_upload(raw, "tour.gpx")
    assert drafts.read_upload(bytes(raw), "tour.gpx") == first  # a new bytes object of the same file
    assert reads == ["tour.gpx"]
