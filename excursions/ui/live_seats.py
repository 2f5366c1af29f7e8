"""Seat counts that follow the store without a script run: a page puts the follower script
(excursions/map_assets/seats.js) in once, and marks what it shows of the counts so that
the follower can update it from the seat feed (excursions/web/seats.py).

Each marked element carries the time its counts were read: the follower changes it only
with counts read later, so a page run and the feed never undo each other's newer numbers.
The page's own timed refresh (a script run, paced by the run budget) stays as the
fallback where the script cannot run or the feed cannot answer.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Sequence

import streamlit as st

from excursions.i18n import seats_text
from excursions.mapview import asset
from excursions.model import RouteCount
from excursions.seats import seat_level
from excursions.snapshot import FEED_PATH
from excursions.ui.context import AppContext


def seats_feed(ctx: AppContext, lang: str, view: str = "") -> dict:
    """Where and how often the follower asks for new seat counts (excursions/web/seats.py);
    view="overview" adds the organiser overview's cells."""
    base = ctx.settings.static_prefix.removesuffix("/app/static")
    url = f"{base}{FEED_PATH}?lang={lang}" + (f"&view={view}" if view else "")
    every = ctx.settings.organiser_refresh_seconds if view else ctx.settings.seats_poll_seconds
    return {"url": url, "seconds": every}


def follow_seats(ctx: AppContext, lang: str, view: str = "") -> None:
    """The follower, once per page (outside fragments, so a refresh does not restart it)."""
    config = json.dumps(seats_feed(ctx, lang, view)).replace("</", "<\\/")
    with st.container(key="seats_follower"):  # hidden by static/app.css
        st.html(
            f"<script>window.excursionsSeatsConfig = {config};\n{asset('seats.js')}</script>",
            unsafe_allow_javascript=True,
        )


def _stamp(read_at: dt.datetime) -> str:
    return html.escape(read_at.isoformat(timespec="milliseconds"), quote=True)


def seat_pill(
    count: RouteCount, lang: str, read_at: dt.datetime, words: tuple[str, str] | None = None
) -> str:
    """A route's seats as a coloured pill (static/app.css) that the follower keeps current;
    `words`: (text, level) from the page's board (the wish round words demand so)."""
    text, level = words or (
        seats_text(count.free, count.capacity, count.waitlisted, lang),
        seat_level(count).value,
    )
    return (
        f'<span class="seat-pill" data-seats-route="{html.escape(count.route_id, quote=True)}" '
        f'data-seats-level="{level}" data-seats-read-at="{_stamp(read_at)}">'
        f"{html.escape(text)}</span>"
    )


def live_summary(text: str, read_at: dt.datetime, *, list_key: str = "", ids: Sequence[str] = ()) -> None:
    """The transport summary as a caption the follower keeps current; with `list_key`, also
    which route each line of that radio list is (its lines end in " · " and the seats)."""
    marker = (
        f'<div data-seats-list="{html.escape(list_key, quote=True)}" data-seats-read-at="{_stamp(read_at)}" '
        f"hidden>{html.escape(json.dumps(list(ids)))}</div>"
        if list_key
        else ""
    )
    st.html(
        f'<p class="seats-summary" data-seats-summary data-seats-read-at="{_stamp(read_at)}">'
        f"{html.escape(text)}</p>{marker}"
    )


def choices_marker(ctx: AppContext, key: str, lang: str, read_at: dt.datetime) -> None:
    """Tells the follower which route each choice of the select box `key` is (its labels,
    signup_form.choice_label, are the route's seats, " · " and its title): the chosen one and the
    open list then show current seats, though a form does not rerun until it is sent."""
    titles = {r.title(lang): r.id for r in ctx.routes.routes}
    st.html(
        f'<div data-seats-select="{html.escape(key, quote=True)}" data-seats-read-at="{_stamp(read_at)}" '
        f"hidden>{html.escape(json.dumps(titles, ensure_ascii=False))}</div>"
    )
