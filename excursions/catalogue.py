"""Choosing which excursions to show: the explore page's filters, as pure functions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from excursions.routes import Mode, Route
from excursions.text import fold


@dataclass(frozen=True)
class Filters:
    modes: frozenset[Mode] = frozenset()  # empty: every mode
    themes: frozenset[str] = frozenset()  # empty: every theme; else any of these
    max_minutes: int | None = None
    query: str = ""

    @property
    def active(self) -> bool:
        """Whether anything is filtered out by choice (the closed filter button says so)."""
        return bool(self.modes or self.themes or self.max_minutes is not None or self.query.strip())


def _haystack(route: Route) -> str:
    parts: list[str] = [route.title_da, route.title_en, route.description_da, route.description_en]
    parts += [route.meeting_point, route.meeting_point_en, route.host, route.host_en, *route.themes]
    parts += [p for s in route.stops for p in (s.name, s.name_en, s.description, s.description_en)]
    return fold(" ".join(parts))


def matches(route: Route, filters: Filters) -> bool:
    if filters.modes and route.mode not in filters.modes:
        return False
    if filters.themes and not filters.themes.intersection(route.themes):
        return False
    if filters.max_minutes is not None and route.duration_min > filters.max_minutes:
        return False
    words = fold(filters.query).split()
    if words:
        hay = _haystack(route)
        return all(w in hay for w in words)
    return True


def filter_routes(routes: Iterable[Route], filters: Filters) -> list[Route]:
    """Matching routes, in departure order."""
    return sorted((r for r in routes if matches(r, filters)), key=lambda r: (r.departure, r.title_da))


def mode_counts(routes: Sequence[Route]) -> dict[Mode, int]:
    return {m: sum(1 for r in routes if r.mode is m) for m in Mode}
