"""A database written by an earlier version opens, and reads as it did then."""

from __future__ import annotations

import json
import shutil

from excursions.fillup import replay
from excursions.signups import EventFacts, Status
from excursions.store import open_store, sqlite_url
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "data" / "db"


def legacy_detail(kind: str, facts: EventFacts) -> str:
    """How main at 15c516c wrote an event's facts as text: the fixture's expectation."""
    if kind == "capacity_changed":
        return f"{facts.capacity_before}->{facts.capacity_after}"
    if kind == "left":
        return f"{facts.was.value}->{facts.other_route}"
    if kind == "cancelled":
        return facts.was.value if facts.was else ""
    if kind in ("confirmed", "waitlisted"):
        return facts.other_route or ""
    return "by hand" if facts.by_hand else ""


def test_a_database_from_main_at_15c516c_reads_as_it_did(tmp_path):
    shutil.copy(FIXTURE / "main-15c516c.sqlite3", tmp_path / "excursions.sqlite3")
    expected = json.loads((FIXTURE / "main-15c516c.expected.json").read_text())
    store = open_store(sqlite_url(tmp_path))  # upgrades the schema in place
    try:
        events = store.events()
        assert [[e.id, e.at.isoformat(), e.email, e.route_id, e.kind.value] for e in events] == [
            row[:5] for row in expected["events"]
        ]
        assert [legacy_detail(e.kind.value, e.facts) for e in events] == [
            row[5] for row in expected["events"]
        ]
        left = next(e for e in events if e.kind.value == "left")
        assert left.facts == EventFacts(was=Status.CONFIRMED, other_route="kanalen-til-stige")

        fill = replay(events, {c.route_id: c.capacity for c in store.counts()})
        assert [
            [r.at.isoformat(), r.route, int(r.signed_up)] for r in fill.per_route.itertuples()
        ] == expected["per_route"]
        assert [[r.at.isoformat(), int(r.signed_up)] for r in fill.total.itertuples()] == expected["total"]
        assert {k: v.isoformat() for k, v in fill.full_at.items()} == expected["full_at"]
        people = [[p.email, p.route_id, p.status.value, p.position, p.present] for p in store.people()]
        assert people == expected["people"]
    finally:
        store.dispose()


def test_upgrading_twice_changes_nothing_and_new_events_are_typed(tmp_path):
    shutil.copy(FIXTURE / "main-15c516c.sqlite3", tmp_path / "excursions.sqlite3")
    first = open_store(sqlite_url(tmp_path))
    before = first.events()
    first.set_capacity("skovrejsning", 9, now=before[-1].at)
    first.dispose()
    again = open_store(sqlite_url(tmp_path))
    try:
        events = again.events()
        assert events[: len(before)] == before
        assert events[-1].facts == EventFacts(capacity_before=6, capacity_after=9)
    finally:
        again.dispose()
