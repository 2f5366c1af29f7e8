"""The organiser's live overview: fill per route and per mode, and what transport to order."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from excursions.model import RouteCount
from excursions.routes import Mode, Route
from excursions.seats import SeatLevel, seat_level


class Attention(StrEnum):
    """What the overview says about an excursion's seats."""

    NONE = "none"
    FEW = "few"  # seats left, but few: "næsten fuld"
    FULL = "full"  # no seat left, nobody waiting
    FULL_WAITING = "full_waiting"  # no seat left, people on the waiting list


def fill_of(count: RouteCount) -> float:
    """0–1, for a progress bar: a route without seats counts as full."""
    return min(1.0, count.confirmed / count.capacity) if count.capacity else 1.0


def attention_of(count: RouteCount) -> Attention:
    if count.free <= 0:
        return Attention.FULL_WAITING if count.waitlisted else Attention.FULL
    return Attention.FEW if seat_level(count) is SeatLevel.FEW else Attention.NONE


@dataclass(frozen=True)
class RouteRow:
    route: Route
    count: RouteCount

    @property
    def fill(self) -> float:
        return fill_of(self.count)

    @property
    def level(self) -> SeatLevel:
        return seat_level(self.count)

    @property
    def attention(self) -> Attention:
        return attention_of(self.count)

    @property
    def stands_out(self) -> bool:
        """Nearly full or with a waiting list: worth the organiser's attention."""
        return self.level is not SeatLevel.FREE or self.count.waitlisted > 0


@dataclass(frozen=True)
class ModeTotal:
    mode: Mode
    routes: int
    capacity: int
    confirmed: int
    waitlisted: int


@dataclass(frozen=True)
class Overview:
    rows: tuple[RouteRow, ...]
    modes: tuple[ModeTotal, ...]

    @property
    def capacity(self) -> int:
        return sum(m.capacity for m in self.modes)

    @property
    def confirmed(self) -> int:
        return sum(m.confirmed for m in self.modes)

    @property
    def waitlisted(self) -> int:
        return sum(m.waitlisted for m in self.modes)


def overview(routes: Sequence[Route], counts: Mapping[str, RouteCount]) -> Overview:
    """Join the route files with the live counts (routes without counts yet show as empty)."""
    rows = tuple(RouteRow(r, counts.get(r.id) or RouteCount(r.id, r.mode, r.capacity, 0, 0)) for r in routes)
    return Overview(rows, mode_totals(row.count for row in rows))


def mode_totals(counts: Iterable[RouteCount]) -> tuple[ModeTotal, ...]:
    """Routes, seats, confirmed and waiting per transport mode, every mode listed."""
    counts = tuple(counts)
    return tuple(
        ModeTotal(
            mode,
            sum(1 for c in counts if c.mode is mode),
            sum(c.capacity for c in counts if c.mode is mode),
            sum(c.confirmed for c in counts if c.mode is mode),
            sum(c.waitlisted for c in counts if c.mode is mode),
        )
        for mode in Mode
    )


def buses_needed(confirmed: int, bus_seats: int) -> int:
    """Buses to order for a bus excursion: everyone confirmed, plus a seat for the guide."""
    return math.ceil((confirmed + 1) / bus_seats) if confirmed else 0


def bikes_needed(bikes_provided: bool, confirmed: int) -> int:
    """Bikes the event provides for a bike excursion (route property bikes_provided)."""
    return confirmed if bikes_provided else 0
