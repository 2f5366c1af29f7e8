"""Check-in at departure: who is expected, who has come, who is missing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from excursions.model import PersonRow
from excursions.signups import Status


@dataclass(frozen=True)
class CheckinTally:
    expected: tuple[PersonRow, ...]  # everyone with a seat, in seat order
    present: int
    missing: tuple[str, ...]  # names of those with a seat who have not come (yet)


def checkin_tally(people: Sequence[PersonRow]) -> CheckinTally:
    """Only people with a seat are expected; the waiting list does not come along."""
    expected = tuple(p for p in people if p.status is Status.CONFIRMED)
    return CheckinTally(
        expected,
        sum(1 for p in expected if p.present),
        tuple(p.name for p in expected if not p.present),
    )
