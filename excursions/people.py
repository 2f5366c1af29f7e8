"""Finding participants for the organiser (accent- and case-insensitive)."""

from __future__ import annotations

from collections.abc import Sequence

from excursions.model import PersonRow
from excursions.signups import Status
from excursions.text import fold


def find_people(people: Sequence[PersonRow], query: str) -> list[PersonRow]:
    words = fold(query).split()
    if not words:
        return list(people)
    return [
        p
        for p in people
        if all(w in fold(f"{p.name} {p.email} {p.organisation} {p.route_id or ''}") for w in words)
    ]


def on_route(people: Sequence[PersonRow], route_id: str | None) -> tuple[list[PersonRow], list[PersonRow]]:
    """(confirmed, waiting in queue order) on one route."""
    here = [p for p in people if p.route_id == route_id]
    confirmed = [p for p in here if p.status is Status.CONFIRMED]
    waiting = sorted((p for p in here if p.status is Status.WAITLISTED), key=lambda p: p.position or 0)
    return confirmed, waiting


def next_in_line(people: Sequence[PersonRow], route_id: str | None, seats: int) -> list[PersonRow]:
    """Who gets `seats` freed seats on a route: the head of its waiting list (the rule in
    excursions.signups.promote), for asking an organiser before they free them."""
    return on_route(people, route_id)[1][: max(0, seats)]
