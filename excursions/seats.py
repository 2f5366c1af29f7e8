"""Seats left, as people see them: a level per route and totals per transport mode."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from excursions.i18n import demand_badge, demand_text, seats_badge, seats_text, t
from excursions.model import RouteCount
from excursions.routes import Mode


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


@dataclass(frozen=True)
class SeatBoard:
    """What the live parts of a page show for one snapshot of the counts, in one language.

    Built once per snapshot and shared by every session: in a rush most refreshes see
    the same snapshot, and formatting 24 routes' seats per refresh added up.
    """

    badges: dict[str, tuple[str, str]]  # route id -> (map badge text, SeatLevel value)
    seats: dict[str, str]  # route id -> "12 af 30 ledige" / "fuld - venteliste (3)"
    totals: dict[Mode, int]  # confirmed per transport mode
    taken: int
    capacity: int
    summary: str  # "Tilmeldt indtil nu: 12 til fods · … · 30 af 900 pladser taget"
    full_text: str  # the projector's "2 udflugter er fulde" / "Alle udflugter har ledige pladser"

    def feed(self) -> dict:
        """The words the seat feed carries for a page's follower (excursions/map_assets/seats.js)."""
        return {
            "badges": {k: list(v) for k, v in self.badges.items()},
            "seats": self.seats,
            "levels": {k: level for k, (_, level) in self.badges.items()},
            "summary": self.summary,
            "taken": self.taken,
            "modes": {m.value: n for m, n in self.totals.items()},
            "full_text": self.full_text,
        }


@functools.lru_cache(maxsize=32)
def seat_board(counts: tuple[RouteCount, ...], lang: str) -> SeatBoard:
    totals = mode_totals(counts)
    taken, capacity = sum(c.confirmed for c in counts), sum(c.capacity for c in counts)
    full = sum(1 for c in counts if c.full)
    return SeatBoard(
        badges={c.route_id: (seats_badge(c.free, lang), seat_level(c).value) for c in counts},
        seats={c.route_id: seats_text(c.free, c.capacity, c.waitlisted, lang) for c in counts},
        totals=totals,
        taken=taken,
        capacity=capacity,
        summary=t(
            "transport_summary",
            lang,
            walk=totals[Mode.WALK],
            bike=totals[Mode.BIKE],
            bus=totals[Mode.BUS],
            taken=taken,
            total=capacity,
        ),
        full_text=t("kick_full_routes", lang, n=full) if full else t("kick_no_full", lang),
    )


def demand_level(first_wishes: int, capacity: int) -> SeatLevel:
    """The wish round's colours: FULL where more wish it first than it has seats (a draw
    decides), FEW where first wishes are close to the seats."""
    if first_wishes > capacity:
        return SeatLevel.FULL
    if first_wishes > 0 and capacity - first_wishes <= max(2, capacity // 10):
        return SeatLevel.FEW
    return SeatLevel.FREE


@functools.lru_cache(maxsize=32)
def demand_board(
    counts: tuple[RouteCount, ...], demand: tuple[tuple[str, tuple[int, ...]], ...], lang: str
) -> SeatBoard:
    """The board during the wish round: first wishes against seats where seats are shown
    ("62 ønsker til 45 pladser"), the same words on the map, the list and the projector."""
    wishes = dict(demand)
    first = {c.route_id: (wishes.get(c.route_id) or (0,))[0] for c in counts}
    people = sum(first.values())
    over = sum(1 for c in counts if first[c.route_id] > c.capacity)
    capacity = sum(c.capacity for c in counts)
    return SeatBoard(
        badges={
            c.route_id: (
                demand_badge(first[c.route_id], lang),
                demand_level(first[c.route_id], c.capacity).value,
            )
            for c in counts
        },
        seats={c.route_id: demand_text(first[c.route_id], c.capacity, lang) for c in counts},
        totals=mode_totals(counts),
        taken=people,  # the number the projector shows big: how many have wished
        capacity=capacity,
        summary=f"{t('demand_summary', lang, n=people)} · {t('demand_seats_total', lang, n=capacity)}",
        full_text=t("demand_over", lang, n=over) if over else t("demand_none_over", lang),
    )


def board(snapshot, lang: str) -> SeatBoard:
    """The words for a snapshot (excursions.snapshot.Snapshot): its demand during the wish
    round, its seats otherwise."""
    counts = tuple(snapshot.counts.values())
    if snapshot.demand is None:
        return seat_board(counts, lang)
    return demand_board(counts, tuple(sorted(snapshot.demand.items())), lang)
