"""Two app processes on one PostgreSQL database, the way an event with a load balancer runs.

A sign-up through one process is counted on the other, and capacity holds when both take
sign-ups for the same excursion at once. The processes run `excursions serve`, and the
sign-ups go through the real sign-up form over Streamlit's protocol (bench/streamlit_client).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from excursions.store import open_store
from tests.support.processes import Server
from tests.support.streamlit_client import Phone, Stats
from tests.support.waiting import until

pytestmark = [pytest.mark.slow, pytest.mark.serve, pytest.mark.postgres]


@pytest.fixture
def two_apps(pg_url, tmp_path):
    store = open_store(pg_url, create=False)
    store.drop_schema()
    store.dispose()
    env = {"EXCURSIONS_DATABASE_URL": pg_url, "EXCURSIONS_TILES": "none"}
    apps = [Server({**env, "EXCURSIONS_DATA_DIR": str(tmp_path / name)}) for name in "ab"]
    yield apps
    for app in apps:
        app.stop()


async def sign_up_all(phones: list[Phone], stats: Stats, timeout: float = 120) -> None:
    stop = asyncio.Event()
    tasks = [asyncio.create_task(p.run(stop)) for p in phones]
    deadline = time.monotonic() + timeout
    while len(stats.acks) + len(stats.errors) < len(phones) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)  # polling the clients' own progress, not waiting on the app
    stop.set()
    await asyncio.gather(*tasks)


async def seats_label(app: Server, title: str) -> str:
    """What the excursion list on this process says about one excursion."""
    stats = Stats()
    phone = Phone(0, app, [], stats)
    stop = asyncio.Event()
    task = asyncio.create_task(phone.run(stop))
    await until(lambda: stats.first_page or stats.errors, 60, "the page's first run")
    stop.set()
    await task
    assert not stats.errors, stats.errors
    (radio,) = [el.radio for el in phone.elements if el.WhichOneof("type") == "radio"]
    return next(o for o in radio.options if title in o)


def run(coroutine):
    """asyncio.run in its own thread: Playwright's sync API may keep a loop in this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_a_signup_on_one_process_counts_on_the_other_and_capacity_holds_across_both(two_apps, pg_url):
    a, b = two_apps
    stats = Stats()
    run(sign_up_all([Phone(1, a, [], stats, signup_route="skovrejsning")], stats))
    assert not stats.errors and list(stats.acks.values()) == ["skovrejsning"]
    # b reads counts at most once a second for all its sessions (its warm-up just did):
    # the other process's sign-up shows within that second
    deadline = time.monotonic() + 10
    while not (label := run(seats_label(b, "Nye skove i Odense"))).endswith("44 af 45 ledige"):
        assert time.monotonic() < deadline, label

    store = open_store(pg_url)
    store.set_capacity("biogas-fangel", 5, now=dt.datetime.now(dt.UTC))
    stats = Stats()
    phones = [Phone(100 + i, (a, b)[i % 2], [], stats, signup_route="biogas-fangel") for i in range(24)]
    run(sign_up_all(phones, stats))
    assert stats.errors == [] and len(stats.acks) == 24
    book = store.books()["biogas-fangel"]
    assert len(book.confirmed) == 5 and len(book.waiting) == 19
    assert sorted((*book.confirmed, *book.waiting)) == sorted(stats.acks)
    store.dispose()
