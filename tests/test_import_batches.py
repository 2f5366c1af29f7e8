"""A large import goes in short transactions: sign-ups are not held up behind it, a run
that stops part-way is visible and finished by importing the same rows again."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import select

from excursions.model import Registration
from excursions.signups import Outcome, ParticipantInput, Window
from excursions.store.schema import imports_t
from tests.conftest import make_routes

UTC = dt.UTC
NOW = dt.datetime(2022, 4, 1, 12, tzinfo=UTC)
WINDOW = Window(dt.datetime(2022, 3, 1, tzinfo=UTC), dt.datetime(2022, 4, 19, tzinfo=UTC))


def rows(n: int, routes: int = 24) -> list[Registration]:
    return [
        Registration(ParticipantInput(f"p{i}@x.dk", f"Person {i}", "Org"), f"r{i % routes:02d}")
        for i in range(n)
    ]


def applied(store) -> tuple[int, int]:
    with store.engine.connect() as conn:
        row = conn.execute(
            select(imports_t.c.applied, imports_t.c.total).order_by(imports_t.c.id.desc())
        ).first()
        conn.rollback()
    return (row.applied, row.total) if row else (0, 0)


class Stop(Exception):
    """The process running the import died here."""


@pytest.mark.slow  # 3-5 s: runs after the quick layer in CI
def test_a_sign_up_during_an_import_is_answered_before_the_import_ends(store):
    """The phone's sign-up lands between two of the import's transactions."""
    store.sync_routes(make_routes([500] * 24), NOW)
    todo = rows(600)
    first_batch = threading.Event()
    done: list = []

    def run_import():
        done.append(store.import_registrations(todo, now=NOW, progress=lambda n, total: first_batch.set()))

    importer = threading.Thread(target=run_import)
    importer.start()
    assert first_batch.wait(60)
    result = store.signup(ParticipantInput("phone@x.dk", "Phone"), "r03", now=NOW, window=WINDOW)
    during = applied(store)
    importer.join(120)
    assert result.outcome is Outcome.CONFIRMED
    assert 0 < during[0] < during[1] == 600  # answered while the import was still running
    assert len(done[0]) == 600 and len(store.people()) == 601
    assert store.unfinished_imports() == []


@pytest.mark.parametrize("batch_seconds", [0.0, 10.0])
def test_an_import_stopped_part_way_is_shown_and_the_same_file_again_finishes_it(store, batch_seconds):
    store.sync_routes(make_routes([3] * 4), NOW)  # 12 seats: some rows go on waiting lists
    todo = rows(20, routes=4)

    def stop(n, total):  # the process dies after the first batch
        raise Stop

    with pytest.raises(Stop):
        store.import_registrations(
            todo,
            now=NOW,
            source="tilmeldinger.xlsx",
            batch_seconds=batch_seconds,
            progress=stop,
        )
    (run,) = store.unfinished_imports()
    assert (run.source, run.total) == ("tilmeldinger.xlsx", 20) and 0 < run.applied <= 20
    assert len(store.people()) == run.applied

    store.import_registrations(todo, now=NOW, source="tilmeldinger.xlsx", batch_seconds=0.0, pause_seconds=0)
    assert store.unfinished_imports() == []
    people = store.people()
    assert len(people) == 20
    assert sum(1 for p in people if p.status.value == "confirmed") == 12
    events = len(store.events())
    again = store.import_registrations(todo, now=NOW, batch_seconds=0.0, pause_seconds=0)
    assert len(store.events()) == events  # a second run changes nothing
    assert {r.outcome for r in again} == {Outcome.ALREADY_ON_ROUTE}


def test_an_unknown_excursion_refuses_the_file_before_any_row_is_written(store):
    store.sync_routes(make_routes([10]), NOW)
    todo = [*rows(5, routes=1), Registration(ParticipantInput("x@x.dk", "X"), "no-such-route")]
    with pytest.raises(Exception, match="no-such-route"):
        store.import_registrations(todo, now=NOW)
    assert store.people() == [] and store.events() == [] and store.unfinished_imports() == []
