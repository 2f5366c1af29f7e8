"""The event-day run mode (`excursions serve`): what a phone fetches, compressed, and a
sign-up through the real form, over HTTP and Streamlit's protocol."""

from __future__ import annotations

import asyncio
import gzip
import json
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from email.message import Message

import pytest
import websockets

from excursions.i18n import t
from excursions.serve.tunings import PATCHES
from excursions.store import open_store, sqlite_url
from tests.support.processes import Server
from tests.support.streamlit_client import FRAGMENT, FULL, Phone, Stats
from tests.support.waiting import until

pytestmark = [pytest.mark.slow, pytest.mark.serve]

PHONE_FILES = [
    "/",
    "/component/streamlit_folium.st_folium/index.html",
    "/app/static/vendor/leaflet/leaflet.js",
    "/app/static/vendor/leaflet/leaflet.css",
]


@pytest.fixture(scope="module", params=["all", "none"], ids=["patched", "unpatched"])
def served(request, tmp_path_factory):
    """excursions serve with every patch, and with none (EXCURSIONS_SERVE_PATCHES=none):
    the same tests pass on both."""
    data = tmp_path_factory.mktemp("serve")
    env = {
        "EXCURSIONS_DATA_DIR": str(data),
        "EXCURSIONS_TILES": "none",
        "EXCURSIONS_SERVE_PATCHES": request.param,
        "EXCURSIONS_REFRESH_SECONDS": "2",  # a live refresh soon (the default fallback is 300 s)
    }
    server = Server(env)
    server.patches = request.param
    # As in a browser, the map component's files exist once a page has run (and imported it).
    stats = Stats()
    run_phone(Phone(0, server, [], stats), lambda: bool(stats.first_page))
    assert not stats.errors, stats.errors
    yield server, data
    server.stop()


def run_phone(phone: Phone, done) -> None:
    """Run one protocol-level phone until done() (or an error), in its own thread's loop
    (Playwright's sync API may keep a loop in this one)."""

    async def go():
        stop = asyncio.Event()
        task = asyncio.create_task(phone.run(stop))
        await until(lambda: done() or phone.stats.errors, 120, "the phone's runs")
        stop.set()
        await task

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, go()).result()


def get(url: str) -> tuple[int, Message, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip, br"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.headers, response.read()


@pytest.mark.parametrize("path", PHONE_FILES)
def test_what_a_phone_fetches_is_served_and_text_is_gzipped(served, path):
    server, _ = served
    answers = [get(server.url + path) for _ in range(2)]  # the second one comes from memory
    assert [status for status, _, _ in answers] == [200, 200]
    assert answers[0][2] == answers[1][2]
    _, headers, body = answers[0]
    if server.patches == "none":  # Streamlit's own static serving: not compressed by us
        return
    if len(body) >= 1024 or headers.get("Content-Encoding"):  # tiny files go as they are
        assert headers.get("Content-Encoding") == "gzip"
        assert len(gzip.decompress(body)) > len(body)


def test_a_phone_signs_up_through_the_form_and_the_answer_is_stored(served):
    server, data = served
    stats = Stats()
    run_phone(Phone(1, server, PHONE_FILES, stats, signup_route="skovrejsning"), lambda: bool(stats.acks))
    assert not stats.errors, stats.errors
    assert stats.acks == {"rush-00001@example.invalid": "skovrejsning"}
    store = open_store(sqlite_url(data))
    assert store.status_of("rush-00001@example.invalid")[0] == "skovrejsning"
    store.dispose()


def test_each_patch_is_active_and_its_fast_path_ran_or_all_are_off(served):
    server, _ = served
    stats = Stats()
    run_phone(Phone(2, server, PHONE_FILES, stats), lambda: bool(stats.refresh))
    assert not stats.errors, stats.errors
    status, _, body = get(server.url + "/_excursions/patches")
    report = json.loads(body)
    assert status == 200 and set(report) == {p.name for p in PATCHES}
    if server.patches == "none":
        assert {r["state"] for r in report.values()} == {"off"}
        assert {r["hits"] for r in report.values()} <= {0, None}
        return
    assert {r["state"] for r in report.values()} == {"active"}
    ran = {name for name, r in report.items() if r["hits"]}
    assert ran == {p.name for p in PATCHES if p.counted}, report


def test_every_run_tells_its_own_session_and_page(served):
    """serve builds Streamlit's new-session message once per page and copies it per run:
    each run's copy must still carry its session, its page and its own run identity."""
    server, _ = served

    async def phone_runs(i: int, pages: list[str]) -> Phone:
        phone = Phone(i, server, [], Stats())
        async with websockets.connect(
            f"ws://127.0.0.1:{server.port}/_stcore/stream", subprotocols=["streamlit"], max_size=None
        ) as ws:
            phone.ws = ws
            reader = asyncio.create_task(phone.read())
            for page in pages:
                await phone.rerun(page=page)
                await phone.wait_run(FULL, 60)
                if page == "":  # and one live refresh of the map page
                    await phone.rerun(fragment=next(iter(phone.auto)))
                    await phone.wait_run(FRAGMENT, 60)
            reader.cancel()
        return phone

    async def both():
        return await asyncio.gather(phone_runs(10, ["", "signup"]), phone_runs(11, [""]))

    with ThreadPoolExecutor(1) as pool:
        a, b = pool.submit(asyncio.run, both()).result()
    news = [m.new_session for m in a.new_sessions]
    assert len(news) == 3 and len(b.new_sessions) == 2
    sessions = {n.initialize.session_id for n in news}
    assert len(sessions) == 1 and b.new_sessions[0].new_session.initialize.session_id not in sessions
    # With st.navigation a run starts on the main script; its page follows in the run.
    assert {n.page_script_hash for n in news} == {news[0].main_script_hash}
    assert [p.page_name for p in news[2].app_pages] == [
        t(k, "da") for k in ("nav_explore", "nav_signup", "nav_organiser")
    ] + ["Kickoff"]
    runs = [m.metadata.run for m in a.new_sessions]
    assert len({r.script_run_id for r in runs}) == 3
    assert [list(r.fragment_ids) for r in runs] == [[], [next(iter(a.auto))], []]
    assert all(n.initialize.session_status.script_is_running for n in news)


def test_many_connected_phones_each_get_their_own_live_refreshes(tmp_path):
    """The message loop is told only the sessions with news (serve.BusySessionManager):
    every phone still gets every answer, also while someone reads /_stcore/metrics."""
    server = Server(
        {"EXCURSIONS_DATA_DIR": str(tmp_path), "EXCURSIONS_TILES": "none", "EXCURSIONS_REFRESH_SECONDS": "1"},
    )
    try:
        stats = Stats()
        phones = [Phone(i, server, [], stats) for i in range(12)]

        def refreshed_twice() -> bool:
            return len(stats.refresh) >= 2 * len(phones) and len(stats.last_refresh) == len(phones)

        async def go():
            stop = asyncio.Event()
            tasks = [asyncio.create_task(p.run(stop)) for p in phones]
            deadline = asyncio.get_running_loop().time() + 60
            while not refreshed_twice() and not stats.errors and asyncio.get_running_loop().time() < deadline:
                status, _, _ = await asyncio.to_thread(get, server.url + "/_stcore/metrics")  # lists sessions
                assert status == 200
                await asyncio.sleep(0.1)  # polling the clients' own progress
            stop.set()
            await asyncio.gather(*tasks)

        with ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, go()).result()
        assert not stats.errors, stats.errors
        assert len(stats.first_page) == len(phones)
        assert len(stats.refresh) >= 2 * len(phones)
    finally:
        server.stop()
