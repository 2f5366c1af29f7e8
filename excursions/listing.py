"""The excursion list's lines, as the explore page shows them."""

from __future__ import annotations

import functools
import zoneinfo

from excursions.i18n import format_duration, format_km, format_time, mode_label
from excursions.routes import RouteSet
from excursions.text import escape_markdown as md


@functools.lru_cache(maxsize=16)
def list_heads(routes: RouteSet, lang: str, tz: zoneinfo.ZoneInfo) -> dict[str, str]:
    """Route id -> the fixed part of its list line (Markdown, user text escaped).

    Once per version of the route files and language: only the seats part changes
    between refreshes, so a refresh costs a string join, not 24 routes of formatting.
    """
    return {
        r.id: f"**{md(r.title(lang))}**  \n{md(mode_label(r.mode, lang))} · "
        f"{format_km(r.length_m, lang)} · {format_duration(r.duration_min, lang)} · "
        f"{format_time(r.departure, tz)}"
        for r in routes.routes
    }


def list_line(head: str, seats: str) -> str:
    return f"{head} · {md(seats)}" if seats else head
