"""An event as one file to hand over (excursions/bundle.py, `export-event` / `import-event`,
issue 30 item 3): exported from the shipped event, imported into an empty installation it
gives the same event and excursions; a broken route, a path outside the bundle or 10,000
files is refused with a clear message and changes nothing."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from excursions.bundle import BundleError, read_bundle
from excursions.event import load_event
from excursions.routes import load_routes
from tests.conftest import EVENT_FILE, SHIPPED_ROUTES
from tests.test_cli import run


def empty_installation(tmp_path) -> dict[str, str]:
    """An empty data folder, an event file that does not exist, an empty routes folder."""
    (tmp_path / "routes").mkdir()
    return {
        "EXCURSIONS_DATA_DIR": str(tmp_path / "data"),
        "EXCURSIONS_EVENT_FILE": str(tmp_path / "event" / "event.toml"),
        "EXCURSIONS_ROUTES_DIR": str(tmp_path / "routes"),
    }


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> bytes:
    folder = tmp_path_factory.mktemp("export")
    out = folder / "tm22.zip"
    result = run("export-event", str(out), env={"EXCURSIONS_DATA_DIR": str(folder / "data")})
    assert result.returncode == 0, result.stderr
    assert "with 24 excursion(s)" in result.stdout and "no personal data" in result.stdout
    return out.read_bytes()


@pytest.mark.slow  # three commands in a fresh installation
def test_export_then_import_into_an_empty_installation_gives_the_same_event_and_excursions(
    exported, tmp_path, area
):
    env = empty_installation(tmp_path)
    (tmp_path / "tm22.zip").write_bytes(exported)
    result = run("import-event", str(tmp_path / "tm22.zip"), env=env)
    assert result.returncode == 0, result.stderr
    assert "with 24 excursion(s)" in result.stdout
    assert load_event(tmp_path / "event" / "event.toml") == load_event(EVENT_FILE)  # every field
    imported = {r.id: r for r in load_routes(tmp_path / "routes", area).routes}
    shipped = {r.id: r for r in load_routes(SHIPPED_ROUTES, area).routes}
    assert imported == shipped  # every route, every field
    counts = json.loads(run("counts", "--json", env=env).stdout)
    assert len(counts) == 24 and all(c["confirmed"] == 0 for c in counts)
    assert run("validate", env=env).returncode == 0


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def entries(exported: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(exported)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda f: f | {"../x.geojson": b"{}"}, "'../x.geojson' is not a name this file may hold"),
        (lambda f: f | {"/etc/x.geojson": b"{}"}, "'/etc/x.geojson' is not a name this file may hold"),
        (lambda f: f | {"routes/" + "../" * 2 + "x.geojson": b"{}"}, "is not a name this file may hold"),
        (
            lambda f: f | {"routes/skovrejsning.geojson": b'{"type": "FeatureCollection", "features": []}'},
            "routes/skovrejsning.geojson",
        ),
        (lambda f: {k: v for k, v in f.items() if k != "event.toml"}, "has no event.toml"),
        (lambda f: f | {"event.toml": b"[event]\nname_da = 'x'\n"}, "event.toml: [event] has no 'timezone'"),
    ],
)
def test_a_bad_bundle_is_refused_naming_the_problem(exported, change, says):
    with pytest.raises(BundleError) as err:
        read_bundle(zip_of(change(entries(exported))), "tm23.zip")
    assert says in str(err.value) and "tm23.zip" in str(err.value)


def test_ten_thousand_files_are_refused_before_any_is_read(tmp_path):
    files = {f"routes/r{i}.geojson": b"{}" for i in range(10_000)}
    with pytest.raises(BundleError) as err:
        read_bundle(zip_of(files), "many.zip")
    assert "10000 files; an event has at most 500" in str(err.value)


def test_not_a_zip_and_a_refused_import_change_nothing(tmp_path, exported):
    env = empty_installation(tmp_path)
    (tmp_path / "not.zip").write_bytes(b"PK\x03\x04 not really")
    result = run("import-event", str(tmp_path / "not.zip"), env=env)
    assert result.returncode == 2 and "not a zip file" in result.stderr
    broken = entries(exported) | {"routes/kanalen-til-stige.geojson": b"{ not json"}
    (tmp_path / "broken.zip").write_bytes(zip_of(broken))
    result = run("import-event", str(tmp_path / "broken.zip"), env=env)
    assert result.returncode == 2 and "routes/kanalen-til-stige.geojson" in result.stderr
    assert not (tmp_path / "event" / "event.toml").exists() and not list((tmp_path / "routes").iterdir())


def test_an_installation_with_an_event_is_not_overwritten_without_replace(tmp_path, exported):
    env = empty_installation(tmp_path)
    (tmp_path / "tm22.zip").write_bytes(exported)
    assert run("import-event", str(tmp_path / "tm22.zip"), env=env).returncode == 0
    again = run("import-event", str(tmp_path / "tm22.zip"), env=env)
    assert again.returncode == 2 and "already has an event" in again.stderr and "--replace" in again.stderr
    assert run("import-event", str(tmp_path / "tm22.zip"), "--replace", env=env).returncode == 0


def test_an_empty_installation_names_the_ways_to_an_event_and_the_demo_is_one_command(tmp_path):
    env = empty_installation(tmp_path)
    none = run("counts", env=env)
    assert none.returncode == 2
    assert "there is no event yet" in none.stderr and "excursions demo" in none.stderr
    assert "import-event" in none.stderr
    demo = run("demo", env=env)
    assert demo.returncode == 0, demo.stderr
    assert load_event(tmp_path / "event" / "event.toml") == load_event(EVENT_FILE)
    assert len(json.loads(run("counts", "--json", env=env).stdout)) == 24
    again = run("demo", env=env)
    assert again.returncode == 2 and "already has an event" in again.stderr


def test_the_event_saved_in_the_browser_is_what_is_exported_and_an_import_replaces_it(tmp_path, exported):
    """The organiser's 'Begivenhed' tab saves over the file: export-event hands over that
    version, and import-event --replace puts the imported file in its place."""
    import datetime as dt

    from excursions.store import open_store, sqlite_url

    env = {"EXCURSIONS_DATA_DIR": str(tmp_path / "data")}
    store = open_store(sqlite_url(tmp_path / "data"))
    text = EVENT_FILE.read_text(encoding="utf-8").replace("TM '22 – Teknik", "TM '23 – Teknik")
    store.save_event(text, by="organiser", now=dt.datetime(2022, 4, 1, tzinfo=dt.UTC))
    assert run("export-event", str(tmp_path / "saved.zip"), env=env).returncode == 0
    bundle = read_bundle((tmp_path / "saved.zip").read_bytes())
    assert bundle.event.name_da.startswith("TM '23 – Teknik")

    (tmp_path / "next").mkdir()
    installation = empty_installation(tmp_path / "next")
    (tmp_path / "tm22.zip").write_bytes(exported)
    target = open_store(sqlite_url(tmp_path / "next" / "data"))
    target.save_event(text, by="organiser", now=dt.datetime(2022, 4, 1, tzinfo=dt.UTC))
    refused = run("import-event", str(tmp_path / "tm22.zip"), env=installation)
    assert refused.returncode == 2 and "saved on the organiser page" in refused.stderr
    assert run("import-event", str(tmp_path / "tm22.zip"), "--replace", env=installation).returncode == 0
    assert target.saved_event() is None
    counts = run("counts", "--json", env=installation)
    assert len(json.loads(counts.stdout)) == 24


@pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)
def test_the_browsers_import_saves_over_the_files_and_is_refused_while_anyone_is_signed_up(store, exported):
    """'Start from an event in a file' on the Begivenhed tab: the event and its excursions go
    into the database (as the tabs save them); excursions in use that the file lacks are
    hidden; with sign-ups, nothing happens."""
    import datetime as dt

    from excursions.bundle import import_into
    from excursions.signups import ParticipantInput, Window

    now = dt.datetime(2022, 4, 1, tzinfo=dt.UTC)
    shipped = load_routes(SHIPPED_ROUTES).routes
    store.sync_routes(shipped, now)
    files = entries(exported)
    fewer = zip_of({k: v for k, v in files.items() if k == "event.toml" or "skovrejsning" in k})
    bundle = read_bundle(fewer, "tm22.zip")
    window = Window(now, now + dt.timedelta(days=1))
    store.signup(
        ParticipantInput("åse@ærø.dk", "Åse Ærbø", "Ærø Kommune"), "biogas-fangel", now=now, window=window
    )
    with pytest.raises(BundleError) as refused:
        import_into(bundle, store, shipped, now=now)
    assert refused.value.code == "has_signups" and refused.value.values == {"n": 1}
    assert store.saved_event() is None and store.route_edits() == []
    store.cancel("åse@ærø.dk", now=now)
    import_into(bundle, store, shipped, now=now)
    assert store.saved_event().toml == files["event.toml"].decode()
    edits = {e.route_id: e for e in store.route_edits()}
    assert (
        edits["skovrejsning"].raw == files["routes/skovrejsning.geojson"] and not edits["skovrejsning"].hidden
    )
    assert sorted(i for i, e in edits.items() if e.hidden) == sorted(
        r.id for r in shipped if r.id != "skovrejsning"
    )


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda f: f | {"../x.geojson": b"{}"}, "bad_name"),
        (lambda f: {k: v for k, v in f.items() if k != "event.toml"}, "no_event"),
        (lambda f: f | {"routes/skovrejsning.geojson": b"{}"}, "invalid"),
    ],
)
def test_every_refusal_has_a_code_the_page_words_in_both_languages(exported, change, code):
    from excursions.i18n import t

    with pytest.raises(BundleError) as refused:
        read_bundle(zip_of(change(entries(exported))), "tm22.zip")
    assert refused.value.code == code
    for lang in ("da", "en"):
        text = t(f"bd_err_{code}", lang, **refused.value.values)
        assert "tm22.zip" in text or "routes/skovrejsning.geojson" in text
