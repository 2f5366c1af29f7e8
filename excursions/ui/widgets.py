"""Small pieces several pages show the same way."""

from __future__ import annotations

import html
import secrets

import streamlit as st

from excursions.climate import totals, trip
from excursions.gpx import gpx_path
from excursions.i18n import format_kg, format_whole_km, mode_label, seats_text, t
from excursions.model import RouteCount
from excursions.routes import Mode, Route
from excursions.seats import SeatLevel, seat_level
from excursions.ui.context import AppContext

MODE_ICONS = {
    Mode.WALK: ":material/directions_walk:",
    Mode.BIKE: ":material/directions_bike:",
    Mode.BUS: ":material/directions_bus:",
}
MODE_BADGE_COLORS = {Mode.WALK: "green", Mode.BIKE: "blue", Mode.BUS: "orange"}
SEAT_BADGE_COLORS = {SeatLevel.FREE: "green", SeatLevel.FEW: "orange", SeatLevel.FULL: "red"}


def badge(label: str, icon: str, color: str) -> str:
    """st.badge's Markdown, so that several badges share one element (one delta per run)."""
    escaped = label.replace("[", "\\[").replace("]", "\\]")
    return f":{color}-badge[{icon} {escaped}]"


def mode_badge(mode: Mode, lang: str) -> str:
    return badge(mode_label(mode, lang), MODE_ICONS[mode], MODE_BADGE_COLORS[mode])


def seats_badge(count: RouteCount, lang: str) -> str:
    text = seats_text(count.free, count.capacity, count.waitlisted, lang)
    return badge(text, ":material/event_seat:", SEAT_BADGE_COLORS[seat_level(count)])


def climate_text(route: Route, count: RouteCount | None, ctx: AppContext, lang: str) -> str:
    """'0 kg CO₂ for a full group of 45 – by car 130 kg' ('' when the event has no factors)."""
    factors = ctx.event.climate
    if factors is None:
        return ""
    people = count.capacity if count else route.capacity
    one = trip(route, people, factors, ctx.settings.bus_seats)
    return t(
        "climate_trip", lang, kg=format_kg(one.kg, lang), people=people, car=format_kg(one.kg_by_car, lang)
    )


def climate_totals(ctx: AppContext, counts: dict[str, RouteCount], lang: str) -> str:
    """The afternoon so far, for the projector ('' when the event has no factors)."""
    factors = ctx.event.climate
    if factors is None:
        return ""
    sums = totals(ctx.routes.routes, counts, factors, ctx.settings.bus_seats)
    return t(
        "kick_climate",
        lang,
        km=format_whole_km(sums.active_km, lang),
        kg=format_kg(sums.kg, lang),
        car=format_kg(sums.kg_by_car, lang),
    )


def gpx_link(ctx: AppContext, route: Route, lang: str) -> str:
    """The route as a GPX file: a plain link to the app's own address for it
    (excursions/web/gpx.py), drawn like a button with a download icon (static/app.css;
    st.html keeps no SVG)."""
    base = ctx.settings.static_prefix.removesuffix("/app/static")
    href = html.escape(base + gpx_path(route.id, lang), quote=True)
    name = html.escape(f"{route.id}.gpx", quote=True)
    label = html.escape(t("download_gpx", lang))
    return f"<a class='gpx-link' href='{href}' download='{name}'><span>{label}</span></a>"


def in_view(key: str) -> None:
    """Scroll the container `key` into view once, after this run has drawn it: an answer or a
    question that lands below the screen's edge (a phone's form, an organiser's list)."""
    nonce = secrets.token_hex(4)  # a new element each time: its script runs once
    st.html(
        f"<script>/*{nonce}*/requestAnimationFrame(() => document.querySelector('.st-key-{key}')"
        "?.scrollIntoView({block: 'nearest', behavior: 'smooth'}));</script>",
        unsafe_allow_javascript=True,
    )
