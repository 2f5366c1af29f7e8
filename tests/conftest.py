"""Shared fixtures: paths, the event area, and route files built in code."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from excursions import memo
from excursions.event import load_event
from excursions.routes import Area
from tests.support import ast_lock
from tests.support.apptest import app_test

ast_lock.install()  # before any test parses: CPython 3.11.7's gh-106905 (tests/support/ast_lock.py)

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHIPPED_ROUTES = ROOT / "data" / "routes"
EVENT_FILE = ROOT / "data" / "event.toml"

HOSTILE = "<img src=x onerror=alert(1)> ${alert(1)} `tick` C:\\path\\2019"
LINE = [[10.3885, 55.3959], [10.3900, 55.3970], [10.3930, 55.3985], [10.3960, 55.3990]]


def route_doc(line=None, stops=(), **props) -> dict:
    """A valid route FeatureCollection near Flakhaven; keyword arguments override properties."""
    base = {
        "id": "test-walk",
        "title_da": "Testtur",
        "title_en": "Test walk",
        "mode": "walk",
        "capacity": 20,
        "departure": "2022-04-20T14:00:00+02:00",
        "meeting_point": "Flakhaven",
    }
    base.update(props)
    base = {k: v for k, v in base.items() if v is not None}
    features = [
        {
            "type": "Feature",
            "properties": base,
            "geometry": {"type": "LineString", "coordinates": line or LINE},
        }
    ]
    for name, lon, lat in stops:
        features.append(
            {
                "type": "Feature",
                "properties": {"kind": "stop", "name": name},
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def hostile_doc() -> dict:
    """A route whose every text field tries HTML, template-literal and backslash tricks."""
    return route_doc(
        id="hostile",
        title_da=HOSTILE,
        description_da=HOSTILE,
        meeting_point=HOSTILE,
        stops=[(HOSTILE, 10.389, 55.396)],
    )


def write_route(directory: Path, doc: dict, name: str | None = None) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name or doc['features'][0]['properties'].get('id', 'route')}.geojson"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def event():
    return load_event(EVENT_FILE)


@pytest.fixture(scope="session")
def area(event) -> Area:
    return Area(event.venue.lat, event.venue.lon, event.venue.area_radius_km)


# --- databases ----------------------------------------------------------------------------

TEST_PG_ENV = "EXCURSIONS_TEST_DATABASE_URL"
DEFAULT_TEST_PG = "postgresql+psycopg://excursions:excursions@127.0.0.1:5432/excursions_test"


def make_routes(capacities: list[int]) -> list:
    """Routes r00, r01, … with the given capacities, modes in turn."""
    from excursions.routes import parse_route

    modes = ["walk", "bike", "bus"]
    return [
        parse_route(json.dumps(route_doc(id=f"r{i:02d}", capacity=c, mode=modes[i % 3])), f"r{i:02d}.geojson")
        for i, c in enumerate(capacities)
    ]


def _reachable_pg() -> str | None:
    import sqlalchemy

    url = os.environ.get(TEST_PG_ENV, DEFAULT_TEST_PG)
    try:
        engine = sqlalchemy.create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
        return url
    except Exception:
        return None


def _worker_database(url: str, worker: str) -> str:
    """The test database of one pytest-xdist worker (excursions_test_gw0, …), made on first
    use from the shared server: workers that empty "their" database never meet."""
    import sqlalchemy

    base = sqlalchemy.engine.make_url(url)
    name = f"{base.database}_{worker}"
    engine = sqlalchemy.create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            exists = conn.execute(
                sqlalchemy.text("select 1 from pg_database where datname = :n"), {"n": name}
            )
            if exists.scalar() is None:
                conn.execute(sqlalchemy.text(f'create database "{name}"'))
    finally:
        engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_url(worker_id) -> str:
    url = _reachable_pg()
    if url is None:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL not reachable ({TEST_PG_ENV}); .ci/run starts Debian's server")
        pytest.skip(f"PostgreSQL not reachable: run tools/test_postgres.sh and set {TEST_PG_ENV}")
    return url if worker_id == "master" else _worker_database(url, worker_id)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test that ran app servers shows the end of their logs (CI keeps only its own)."""
    from tests.support.processes import RUNNING

    report = yield
    if report.when == "call" and report.failed:
        for server in RUNNING:
            report.sections.append((f"server log, port {server.port} (its end)", server.output()))
    return report


@pytest.hookimpl(trylast=True)  # after tests/browser/conftest.py has marked its tests
def pytest_collection_modifyitems(items):
    """postgres: every test that needs the test PostgreSQL server (db_url's PostgreSQL case,
    or the pg_url fixture), so `-m "not postgres"` runs without one.

    Then the files of slow tests that drive the app without a browser (a crowd of 200
    phones, 8 racing processes: a minute each) go first. The workers take files in this
    order, and one of those last left the other worker idle for a minute."""
    for item in items:
        params = getattr(item, "callspec", None)
        if "pg_url" in item.fixturenames or (params and params.params.get("db_url") == "postgresql"):
            item.add_marker(pytest.mark.postgres)
    heavy = {
        item.path
        for item in items
        if item.get_closest_marker("slow") and not item.get_closest_marker("browser")
    }
    items.sort(key=lambda item: item.path not in heavy)  # stable: each file's order kept


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """A fresh, empty database of each kind: a SQLite file, or the test PostgreSQL emptied."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    url = request.getfixturevalue("pg_url")
    from excursions.store import open_store

    store = open_store(url, create=False)
    store.drop_schema()
    store.dispose()
    return url


@pytest.fixture
def store(db_url):
    from excursions.store import open_store

    s = open_store(db_url)
    yield s
    s.dispose()


# --- pages ---------------------------------------------------------------------------------


@pytest.fixture
def app(monkeypatch, tmp_path):
    """A fresh app run on its own SQLite file; caches cleared so each test sees its own settings."""
    from excursions import services

    def make(query: dict | None = None, **env: str) -> AppTest:
        env.setdefault("data_dir", str(tmp_path / "data"))
        services.reset(timeout=5)  # the last test's mail sender is done before the settings change
        for name, value in env.items():
            monkeypatch.setenv(f"EXCURSIONS_{name.upper()}", value)
        st.cache_data.clear()
        st.cache_resource.clear()
        memo.clear_all()
        at = app_test(str(ROOT / "navigation.py"), default_timeout=60)
        for key, value in (query or {}).items():
            at.query_params[key] = value
        return at.run()

    yield make
    services.reset(timeout=5)  # before the environment is put back (monkeypatch's teardown)
