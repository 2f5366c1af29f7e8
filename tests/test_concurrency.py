"""Rushes and crashes on real databases: capacity holds, nothing acknowledged is lost.

400 participants race for 24 routes whose capacities add up to 300, with random
switches and cancels, first from 32 threads sharing one store, then from 8
processes each with its own connection pool; on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import random
import signal
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from excursions.signups import EventKind, Outcome, ParticipantInput, Status, Window
from excursions.store import StoreBusy, open_store
from tests.conftest import ROOT, make_routes

UTC = dt.UTC
NOW = dt.datetime(2022, 4, 1, 12, tzinfo=UTC)
WINDOW = Window(dt.datetime(2022, 3, 1, tzinfo=UTC), dt.datetime(2022, 4, 19, tzinfo=UTC))
CAPACITIES = [12] * 12 + [13] * 12  # 24 routes, 300 seats
PARTICIPANTS = 400


def plans(seed: int = 42) -> dict[str, list[tuple[str, str | None]]]:
    """Per participant, in order: ("signup", route) one to three times, sometimes ("cancel", None)."""
    rng = random.Random(seed)
    routes = [f"r{i:02d}" for i in range(len(CAPACITIES))]
    out = {}
    for i in range(PARTICIPANTS):
        ops = [("signup", rng.choice(routes)) for _ in range(rng.choice([1, 1, 2, 3]))]
        if rng.random() < 0.15:
            ops.append(("cancel", None))
        out[f"racer{i:03d}@example.dk"] = ops
    return out


def again_when_busy(call, *args, **kwargs):
    """What a person told "try again in a moment" does: StoreBusy changed nothing (check()
    holds that), so the tap is repeated. Between processes SQLite's busy wait can keep one
    waiting past the lock timeout on a loaded machine (a process's threads take turns:
    tests/test_write_turns.py)."""
    for attempt in range(5):
        try:
            return call(*args, **kwargs)
        except StoreBusy:
            if attempt == 4:
                raise
    return None


def run_plans(url: str, emails: list[str], all_plans: dict, store=None) -> dict[str, tuple[str, str | None]]:
    """Carry out the plans of some participants; return each one's last acknowledged result."""
    own = store is None
    store = store or open_store(url, create=False)
    acks = {}
    try:
        for email in emails:
            link = None
            for op, route in all_plans[email]:
                if op == "signup" and link:  # signing up again is a switch, through the personal link
                    result = again_when_busy(store.switch, link, route, now=NOW, window=WINDOW)
                    assert result.outcome in (Outcome.CONFIRMED, Outcome.WAITLISTED, Outcome.ALREADY_ON_ROUTE)
                    acks[email] = ("on", route)
                elif op == "signup":
                    person = ParticipantInput(email, email.split("@")[0])
                    result = again_when_busy(store.signup, person, route, now=NOW, window=WINDOW)
                    link = result.token
                    assert result.outcome in (Outcome.CONFIRMED, Outcome.WAITLISTED, Outcome.ALREADY_ON_ROUTE)
                    acks[email] = ("on", route)
                else:
                    assert again_when_busy(store.cancel, email, now=NOW).outcome is Outcome.CANCELLED
                    acks[email] = ("off", None)
    finally:
        if own:
            store.dispose()
    return acks


def _process_worker(args):
    url, emails, all_plans = args
    return run_plans(url, emails, all_plans)


def check(store, acks: dict[str, tuple[str, str | None]]) -> None:
    books = store.books()
    capacity = dict(zip([f"r{i:02d}" for i in range(len(CAPACITIES))], CAPACITIES, strict=True))
    on_route: dict[str, str] = {}
    for book in books.values():
        assert len(book.confirmed) <= capacity[book.route_id], f"{book.route_id} over capacity"
        assert not (book.free and book.waiting), f"{book.route_id}: free seat and a waiting list"
        for p in (*book.confirmed, *book.waiting):
            assert p not in on_route, f"{p} on {on_route[p]} and {book.route_id}"
            on_route[p] = book.route_id
    # every acknowledged sign-up is there, exactly where it was acknowledged
    for email, (state, route) in acks.items():
        assert on_route.get(email) == (route if state == "on" else None), email
    assert len(acks) == PARTICIPANTS
    # waiting lists are in the order people joined them (the event log's order)
    joined = {}
    for e in store.events():
        if e.kind is EventKind.WAITLISTED:
            joined[(e.email, e.route_id)] = e.id
    for book in books.values():
        order = [joined[(p, book.route_id)] for p in book.waiting]
        assert order == sorted(order), f"{book.route_id} waiting list out of order"
    assert any(b.waiting for b in books.values())  # the rush really did overflow some routes


@pytest.fixture
def racing_store(store):
    store.sync_routes(make_routes(CAPACITIES), NOW)
    return store


@pytest.mark.slow
def test_32_threads_race_for_300_seats(racing_store, db_url):
    all_plans = plans()
    emails = list(all_plans)
    chunks = [emails[i::32] for i in range(32)]
    with ThreadPoolExecutor(32) as pool:
        results = list(pool.map(lambda chunk: run_plans(db_url, chunk, all_plans, racing_store), chunks))
    acks = {k: v for r in results for k, v in r.items()}
    check(racing_store, acks)


@pytest.mark.slow
def test_8_processes_race_for_300_seats(racing_store, db_url):
    all_plans = plans(seed=7)
    emails = list(all_plans)
    jobs = [(db_url, emails[i::8], all_plans) for i in range(8)]
    with multiprocessing.get_context("spawn").Pool(8) as pool:
        results = pool.map(_process_worker, jobs)
    acks = {k: v for r in results for k, v in r.items()}
    check(racing_store, acks)


@pytest.mark.slow
def test_sigkill_mid_stream_loses_no_acknowledged_signup(db_url, tmp_path):
    """`excursions simulate` prints a line after each commit; kill it hard after 150."""
    data_dir = tmp_path / "data"
    env = {**os.environ, "EXCURSIONS_DATA_DIR": str(data_dir)}
    if not db_url.startswith("sqlite"):
        env["EXCURSIONS_DATABASE_URL"] = db_url
    proc = subprocess.Popen(
        [sys.executable, "-m", "excursions.cli", "simulate", "--participants", "100000", "--rate", "0"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    acked = {}
    try:
        for line in proc.stdout:
            _, email, outcome, route, *_ = line.split()
            acked[email] = route if outcome in ("confirmed", "waitlisted") else None
            if len(acked) == 150:
                os.killpg(proc.pid, signal.SIGKILL)
                break
    finally:
        proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    url = db_url if not db_url.startswith("sqlite") else f"sqlite:///{data_dir / 'excursions.sqlite3'}"
    store = open_store(url)
    try:
        books = store.books()
        where = {p: b.route_id for b in books.values() for p in (*b.confirmed, *b.waiting)}
        for email, route in acked.items():
            assert route is not None and where.get(email) == route, email
    finally:
        store.dispose()
    if db_url.startswith("sqlite"):
        with sqlite3.connect(data_dir / "excursions.sqlite3") as con:
            assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_status_is_read_back_per_participant(racing_store):
    racing_store.signup(ParticipantInput("solo@example.dk", "Solo"), "r00", now=NOW, window=WINDOW)
    assert racing_store.status_of("SOLO@example.dk ") == ("r00", Status.CONFIRMED)


@pytest.mark.slow  # over 5 s: the second stage (docs/development.md)
def test_processes_starting_together_on_an_empty_postgresql_make_the_schema_once(pg_url):
    """An event's processes start at once (deploy/run-local.sh): on an empty database each
    tries to make the tables; two CREATE TABLEs of one name collided in PostgreSQL's
    catalogue (a unique violation) and one process did not start."""

    store = open_store(pg_url, create=False)
    store.drop_schema()
    store.dispose()
    starts = multiprocessing.get_context("spawn")
    together, answers = starts.Barrier(6), starts.Queue()
    opening = [starts.Process(target=_open, args=(pg_url, together, answers)) for _ in range(6)]
    for p in opening:
        p.start()
    said = sorted(answers.get(timeout=120) for _ in opening)
    for p in opening:
        p.join(30)
    assert said == ["opened"] * 6


def _open(url: str, together, answers) -> None:
    from excursions.store import StoreError

    together.wait(60)  # all imported and connected: then all make the schema at once
    try:
        open_store(url).dispose()
        answers.put("opened")
    except StoreError as exc:
        answers.put(str(exc))
