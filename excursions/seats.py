"""Seats left, as people see them: a level per route and totals per transport mode."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from excursions.routes import Mode
from excursions.store import RouteCount


class SeatLevel(StrEnum):
    FREE = "free"
    FEW = "few"  # worth hurrying: at most 3 seats or a tenth of them left
    FULL = "full"  # new sign-ups go on the waiting list


def seat_level(count: RouteCount) -> SeatLevel:
    if count.free <= 0:
        return SeatLevel.FULL
    if count.free <= max(3, count.capacity // 10):
        return SeatLevel.FEW
    return SeatLevel.FREE


def mode_totals(counts: Iterable[RouteCount]) -> dict[Mode, int]:
    """Confirmed participants per transport mode (for buses, bikes and guides)."""
    totals = dict.fromkeys(Mode, 0)
    for c in counts:
        totals[c.mode] += c.confirmed
    return totals
