"""Finding participants for the organiser (accent- and case-insensitive)."""

from __future__ import annotations

from collections.abc import Sequence

from excursions.model import PersonRow
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
