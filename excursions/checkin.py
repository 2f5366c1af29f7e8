"""Check-in at departure: who is expected, who has come, who is missing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from excursions.model import PersonRow
from excursions.signups import Status
from excursions.text import danish_order, fold


@dataclass(frozen=True)
class CheckinTally:
    expected: tuple[PersonRow, ...]  # everyone with a seat, in alphabetical order (a guide looks up a name)
    present: int
    missing: tuple[str, ...]  # names of those with a seat who have not come (yet)


def checkin_tally(people: Sequence[PersonRow]) -> CheckinTally:
    """Only people with a seat are expected; the waiting list does not come along."""
    expected = tuple(
        sorted((p for p in people if p.status is Status.CONFIRMED), key=lambda p: danish_order(p.name))
    )
    return CheckinTally(
        expected,
        sum(1 for p in expected if p.present),
        tuple(p.name for p in expected if not p.present),
    )


def matching(people: Sequence[PersonRow], query: str) -> tuple[PersonRow, ...]:
    """The people whose name or organisation holds the query (any case, with or without
    accents: "mol" finds "Mølle")."""
    wanted = fold(query).strip()
    if not wanted:
        return tuple(people)
    return tuple(p for p in people if wanted in fold(f"{p.name} {p.organisation}"))
