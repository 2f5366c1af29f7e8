"""Route-file mistakes cannot move people: a broken file or a second file with an id in use
leaves the route as its last good version, and says which file is wrong."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from excursions.routes import Kept, choose_routes, read_route_files
from excursions.signups import ParticipantInput, Status, Window
from excursions.store import open_store, sqlite_url
from tests.conftest import ROOT, route_doc, write_route
from tests.test_cli import run

UTC = dt.UTC
NOW = dt.datetime(2022, 4, 1, 12, tzinfo=UTC)
WINDOW = Window(dt.datetime(2022, 3, 1, tzinfo=UTC), dt.datetime(2022, 4, 19, tzinfo=UTC))


def raw(**props) -> bytes:
    return json.dumps(route_doc(**props)).encode()


def reads_of(directory: Path):
    return read_route_files(directory)[0]


# --- the rule ---------------------------------------------------------------------------------


def test_a_broken_file_keeps_its_routes_last_good_version(tmp_path):
    (tmp_path / "walk.geojson").write_text("{ not json", encoding="utf-8")
    kept = {"walk": Kept("walk", "walk.geojson", raw(id="walk", capacity=45))}
    routes, keep = choose_routes(reads_of(tmp_path), kept)
    assert [(r.id, r.capacity) for r in routes.routes] == [("walk", 45)]
    text = "\n".join(map(str, routes.problems))
    assert "walk.geojson" in text and "last good version of 'walk' is in use" in text
    assert keep == []  # nothing new to keep: the last good version stays


@pytest.mark.parametrize("copy_name", ["aaa-copy.geojson", "zzz-copy.geojson"])
def test_a_second_file_with_an_id_in_use_never_wins(tmp_path, copy_name):
    write_route(tmp_path, route_doc(id="walk", capacity=45), "walk")
    write_route(tmp_path, route_doc(id="walk", capacity=1), Path(copy_name).stem)
    kept = {"walk": Kept("walk", "walk.geojson", (tmp_path / "walk.geojson").read_bytes())}
    routes, _ = choose_routes(reads_of(tmp_path), kept)
    assert [(r.id, r.capacity) for r in routes.routes] == [("walk", 45)]
    assert [str(p) for p in routes.problems] == [
        f"{copy_name}: id: 'walk' is already used by walk.geojson; ids must be unique (this file is not used)"
    ]


def test_without_a_last_good_version_the_file_named_after_the_id_wins(tmp_path):
    write_route(tmp_path, route_doc(id="walk", capacity=45), "walk")
    write_route(tmp_path, route_doc(id="walk", capacity=1), "a-copy")
    routes, keep = choose_routes(reads_of(tmp_path), {})
    assert [(r.id, r.capacity) for r in routes.routes] == [("walk", 45)]
    assert [(k.route_id, k.file) for k in keep] == [("walk", "walk.geojson")]


def test_a_removed_file_removes_its_route_and_a_new_good_file_is_kept(tmp_path):
    write_route(tmp_path, route_doc(id="bike", mode="bike"), "bike")
    kept = {"walk": Kept("walk", "walk.geojson", raw(id="walk"))}
    routes, keep = choose_routes(reads_of(tmp_path), kept)
    assert [r.id for r in routes.routes] == ["bike"] and routes.problems == ()
    assert [k.route_id for k in keep] == ["bike"]


def test_an_edited_good_file_replaces_the_kept_version(tmp_path):
    write_route(tmp_path, route_doc(id="walk", capacity=60), "walk")
    kept = {"walk": Kept("walk", "walk.geojson", raw(id="walk", capacity=45))}
    routes, keep = choose_routes(reads_of(tmp_path), kept)
    assert routes.routes[0].capacity == 60 and keep[0].raw == (tmp_path / "walk.geojson").read_bytes()


# --- the store, both databases ------------------------------------------------------------------


def statuses(store) -> dict[str, tuple[str | None, Status | None]]:
    return {p.email: (p.route_id, p.status) for p in store.people()}


def test_forty_people_keep_their_seats_through_a_broken_and_a_duplicate_file(store, tmp_path):
    folder = tmp_path / "routes"
    write_route(folder, route_doc(id="walk", capacity=45), "walk")
    write_route(folder, route_doc(id="bike", mode="bike", capacity=10), "bike")
    original = (folder / "walk.geojson").read_bytes()

    def load():
        reads, version = read_route_files(folder)
        routes = store.current_routes(reads, version, None, NOW)
        store.sync_routes(routes.routes, NOW)
        return routes

    load()
    for i in range(40):
        store.signup(ParticipantInput(f"p{i}@x.dk", f"P {i}"), "walk", now=NOW, window=WINDOW)
    store.signup(ParticipantInput("w@x.dk", "W"), "bike", now=NOW, window=WINDOW)
    before = (store.counts(), statuses(store))

    (folder / "walk.geojson").write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    write_route(folder, route_doc(id="bike", mode="bike", capacity=1), "aaa-bike-copy")
    routes = load()
    assert (store.counts(), statuses(store)) == before
    text = "\n".join(map(str, routes.problems))
    assert "walk.geojson" in text
    assert "aaa-bike-copy.geojson: id: 'bike' is already used by bike.geojson" in text

    (folder / "walk.geojson").write_bytes(original)
    (folder / "aaa-bike-copy.geojson").unlink()
    routes = load()
    assert routes.problems == () and (store.counts(), statuses(store)) == before


# --- organisers are told ---------------------------------------------------------------------------


def test_the_organiser_page_and_excursions_check_name_both_files(app, tmp_path):
    from tests.test_organiser_page import HASH, PASSWORD

    folder = tmp_path / "routes"
    shutil.copytree(ROOT / "data" / "routes", folder)
    env = {"routes_dir": str(folder), "organiser_password_hash": HASH}
    app(None, **env)  # the app keeps the good versions
    store = open_store(sqlite_url(tmp_path / "data"))
    store.signup(ParticipantInput("anna@odense.dk", "Anna"), "skovrejsning", now=NOW, window=WINDOW)
    (folder / "skovrejsning.geojson").write_text("{ broken", encoding="utf-8")
    copy = json.loads((folder / "biogas-fangel.geojson").read_text(encoding="utf-8"))
    copy["features"][0]["properties"]["capacity"] = 1
    (folder / "a-copy.geojson").write_text(json.dumps(copy), encoding="utf-8")

    at = app(None, **env)
    at.switch_page("app_pages/organiser.py")
    at.run()
    at.text_input(key="org_password").set_value(PASSWORD)
    at.button(key="FormSubmitter:login-Log ind").click().run()
    assert "problemer med rutefilerne" in at.error[0].body
    listing = at.code[0].value
    assert "skovrejsning.geojson" in listing and "a-copy.geojson: id: 'biogas-fangel'" in listing
    assert [(p.email, p.route_id) for p in store.people()] == [("anna@odense.dk", "skovrejsning")]

    data_env = {f"EXCURSIONS_{k.upper()}": v for k, v in env.items()}
    result = run("check", "--no-test-mail", env={**data_env, "EXCURSIONS_DATA_DIR": str(tmp_path / "data")})
    assert result.returncode == 1
    assert "24 route(s) in use" in result.stdout
    (routes_line,) = [line for line in result.stdout.splitlines() if line.startswith("FAIL  routes")]
    assert "problems with the route files" in routes_line
    assert "skovrejsning.geojson" in result.stdout and "a-copy.geojson" in result.stdout
