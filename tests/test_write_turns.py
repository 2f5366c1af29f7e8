"""Writers to one SQLite file take turns in the order they came (excursions.store.write_turns).

CI's 200-phone kickoff had one sign-up refused after waiting out the 10 s lock timeout
while each transaction took milliseconds: SQLite's busy wait polls, and a writer that kept
polling at the wrong moment was overtaken again and again.
"""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from excursions.signups import ParticipantInput, Window
from excursions.store import StoreBusy, open_store, sqlite_url
from excursions.store.write_turns import Turns, for_file
from tests.conftest import make_routes
from tests.support.waiting import wait_until

UTC = dt.UTC
NOW = dt.datetime(2022, 4, 1, 12, tzinfo=UTC)
WINDOW = Window(dt.datetime(2022, 3, 1, tzinfo=UTC), dt.datetime(2022, 4, 19, tzinfo=UTC))


def test_waiting_writers_get_their_turns_in_the_order_they_came():
    turns, order = Turns(), []
    assert turns.acquire(1)

    def writer(name: str) -> None:
        assert turns.acquire(10)
        order.append(name)
        turns.release()

    threads = []
    for i, name in enumerate(["første", "anden", "tredje", "fjerde"]):
        threads.append(threading.Thread(target=writer, args=(name,)))
        threads[-1].start()
        wait_until(lambda i=i: len(turns._waiting) == i + 1, 10, f"writer {i + 1} in line")
    turns.release()
    for t in threads:
        t.join(10)
    assert order == ["første", "anden", "tredje", "fjerde"]


def test_a_writer_that_gives_up_leaves_the_line_and_the_turn_goes_to_the_next():
    turns = Turns()
    assert turns.acquire(1)
    assert not turns.acquire(0.05)  # held: gives up after its timeout
    assert not turns._waiting  # and is no longer in line
    got = []
    waiter = threading.Thread(target=lambda: got.append(turns.acquire(10)))
    waiter.start()
    wait_until(lambda: len(turns._waiting) == 1, 10, "the waiter in line")
    turns.release()
    waiter.join(10)
    assert got == [True]
    turns.release()
    assert turns.acquire(0)  # free again: taken at once


def test_every_engine_on_one_file_shares_its_turns(tmp_path):
    a = open_store(sqlite_url(tmp_path))
    b = open_store(sqlite_url(tmp_path))
    assert a._turns is b._turns is for_file(str(tmp_path / "excursions.sqlite3"))
    assert open_store(sqlite_url(tmp_path / "other"))._turns is not a._turns


@pytest.mark.slow
def test_48_threads_signing_up_at_once_are_never_told_to_try_again(tmp_path):
    """960 sign-ups from 48 threads with a 3 s lock timeout. Before the turns, 8 to 14 of
    them were refused on an idle machine (the longest waited the whole 3 s); with them, the
    longest wait was 0.4 s."""
    store = open_store(sqlite_url(tmp_path), lock_timeout=3)
    store.sync_routes(make_routes([100_000] * 4), NOW)
    refused: list[str] = []

    def phone(i: int) -> None:
        for k in range(20):
            email = f"tlf{i}-{k}@ærø.dk"
            try:
                store.signup(ParticipantInput(email, f"Søren {i}"), f"r0{k % 4}", now=NOW, window=WINDOW)
            except StoreBusy:
                refused.append(email)

    with ThreadPoolExecutor(48) as pool:
        list(pool.map(phone, range(48)))
    assert refused == []
    assert len(store.people()) == 48 * 20
