"""The seat counts a process shares: one snapshot per second for all its pages, and the
same snapshot as /_excursions/seats.json, in both run modes."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from excursions import services
from excursions import settings as settings_mod
from excursions.model import RouteCount
from excursions.routes import Mode
from excursions.signups import ParticipantInput, Window
from excursions.snapshot import current, snapshot_of
from excursions.store import open_store, sqlite_url
from excursions.web.seats import PATH, READ_AT, SeatsFeed, body, feed_store
from tests.conftest import ROOT, make_routes
from tests.support import asgi
from tests.support.processes import Server

NOW = dt.datetime(2022, 4, 1, tzinfo=dt.UTC)
OPEN = Window(dt.datetime(2022, 1, 1, tzinfo=dt.UTC), dt.datetime(2022, 1, 2, tzinfo=dt.UTC), keep_open=True)


def count(route_id: str, confirmed: int, waiting: int = 0) -> RouteCount:
    return RouteCount(route_id, Mode.WALK, 10, confirmed, waiting)


def test_the_same_counts_have_the_same_version_on_every_process():
    a = snapshot_of([count("a", 1), count("b", 2)], NOW)
    b = snapshot_of([count("b", 2), count("a", 1)], NOW + dt.timedelta(seconds=5))
    assert a.version == b.version and a.read_at != b.read_at
    assert snapshot_of([count("a", 2), count("b", 2)], NOW).version != a.version
    assert snapshot_of([count("a", 1, 1), count("b", 2)], NOW).version != a.version
    document = json.loads(body(a, None))
    assert document["routes"]["a"] == {"capacity": 10, "confirmed": 1, "waiting": 0, "free": 9}
    assert document["read_at"] == "2022-04-01T00:00:00.000+00:00" and document["version"] == a.version


class CountingStore:
    def __init__(self):
        self.reads = 0

    def counts(self):
        self.reads += 1
        return [count("a", self.reads)]


def test_the_store_is_read_once_for_any_number_of_pages_and_again_after_a_change():
    store = CountingStore()
    current.clear()
    first = [current(store, "db-1") for _ in range(100)]
    assert store.reads == 1 and len({id(s) for s in first}) == 1
    changed = time.monotonic()
    again = current.at_least(changed, store, "db-1")  # a session that just signed someone up
    assert store.reads == 2 and again.counts["a"].confirmed == 2
    assert current(store, "db-1") is again  # and every other page shares that one


def ask(headers=(), path: str = PATH, query: bytes = b"") -> tuple[int, dict[bytes, bytes], bytes]:
    return asgi.ask(SeatsFeed, path, query, headers)


@pytest.fixture
def configured(tmp_path, monkeypatch):
    monkeypatch.setenv("EXCURSIONS_DATA_DIR", str(tmp_path))
    store = open_store(sqlite_url(settings_mod.load().data_dir))
    store.sync_routes(make_routes([2, 5]), NOW)
    store.signup(ParticipantInput("a@x.dk", "A"), "r00", now=NOW, window=OPEN)
    current.clear()
    services.reset()
    feed_store.cache_clear()
    yield store
    services.reset()
    feed_store.cache_clear()


def test_the_feed_answers_with_the_counts_and_304_while_they_stay_the_same(configured):
    status, headers, body = ask()
    assert status == 200 and headers[b"content-type"] == b"application/json"
    document = json.loads(body)
    assert document["routes"]["r00"]["confirmed"] == 1 and document["routes"]["r01"]["free"] == 5
    assert headers[b"etag"] == f'"{document["version"]}"'.encode()
    status, again, body = ask([(b"if-none-match", headers[b"etag"])])
    assert (status, body) == (304, b"") and READ_AT in again  # still says how fresh it is
    assert ask(path="/")[2] == b"streamlit"  # every other path is Streamlit's


def test_the_feed_says_so_when_the_database_is_away(configured, monkeypatch):
    monkeypatch.setenv("EXCURSIONS_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    services.reset()  # the process reads its settings once
    feed_store.cache_clear()
    status, headers, _ = ask()
    assert status == 503 and headers[b"cache-control"] == b"no-store"


def fetch(server: Server) -> dict:
    with urllib.request.urlopen(server.url + PATH, timeout=10) as response:
        return json.loads(response.read())


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["serve", "streamlit"])
def test_both_run_modes_serve_the_feed_and_it_follows_a_sign_up(tmp_path, mode):
    server = Server({"EXCURSIONS_DATA_DIR": str(tmp_path), "EXCURSIONS_TILES": "none"}, mode=mode)
    try:
        before = fetch(server)
        assert len(before["routes"]) == 24 and before["routes"]["skovrejsning"]["confirmed"] == 0
        subprocess.run(
            [
                sys.executable,
                "-m",
                "excursions.cli",
                "signup",
                "--route",
                "skovrejsning",
                "--email",
                "f@x.dk",
                "--name",
                "F",
            ],
            cwd=ROOT,
            env=server.env,
            check=True,
            capture_output=True,
        )
        deadline = time.monotonic() + 10
        after = fetch(server)
        while after["version"] == before["version"] and time.monotonic() < deadline:
            after = fetch(server)  # the process reads the store again within a second
        assert after["routes"]["skovrejsning"]["confirmed"] == 1
        assert dt.datetime.fromisoformat(after["read_at"]) > dt.datetime.fromisoformat(before["read_at"])
    finally:
        server.stop()


def test_the_overview_view_adds_the_organiser_cells_and_its_own_version(configured):
    status, headers, body = ask(path=PATH, query=b"lang=en&view=overview")
    document = json.loads(body)
    assert status == 200 and headers[b"etag"].endswith(b'-en-overview"')
    assert document["overview"]["rows"]["r00"] == {
        "fill": 50,
        "confirmed": 1,
        "waiting": 0,
        "free": 1,
        "capacity": 2,
        "attention": "⚠️ nearly full",
        "transport": "",
    }
    assert document["overview"]["metrics"]["taken"] == "1 / 7"
    plain = json.loads(ask(query=b"lang=en")[2])
    assert "overview" not in plain and plain["seats"] == document["seats"]  # the map's words only
    assert "overview" not in json.loads(ask(query=b"view=overview")[2])  # words need a language
