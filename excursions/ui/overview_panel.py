"""The organiser's live overview panel (the part that refreshes every few seconds).

One HTML element per refresh, rendered once per snapshot of the counts and shared by
every organiser's session: a hundred organisers watching at a 5-second refresh cost
the server one string per snapshot instead of a dataframe and ten metric elements each.
Every text from route files is escaped; the numbers are ours.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import zoneinfo

import streamlit as st

from excursions.i18n import format_time, mode_label, t
from excursions.model import RouteCount
from excursions.overview import Attention, Overview, RouteRow, bikes_needed, buses_needed, overview
from excursions.routes import Mode, RouteSet
from excursions.ui.context import AppContext, live_counts

COLUMNS = (
    "col_title",
    "col_mode",
    "col_fill",
    "col_confirmed",
    "col_waiting",
    "col_free",
    "col_capacity",
    "col_attention",
    "col_transport",
    "col_departure",
    "col_meeting",
)


def attention(row: RouteRow, lang: str) -> str:
    match row.attention:
        case Attention.FULL_WAITING:
            return "⛔ " + t("attention_full_waiting", lang, n=row.count.waitlisted)
        case Attention.FULL:
            return "⛔ " + t("attention_full", lang)
        case Attention.FEW:
            return "⚠️ " + t("attention_few", lang)
    return ""


def transport(row: RouteRow, lang: str, bus_seats: int) -> str:
    if row.route.mode is Mode.BUS:
        return t("buses", lang, n=buses_needed(row.count.confirmed, bus_seats))
    if row.route.mode is Mode.BIKE and row.route.bikes_provided:
        return t("bikes", lang, n=bikes_needed(row.route, row.count.confirmed))
    return ""


def _metric(label: str, value: str, name: str, title: str = "") -> str:
    tip = f" title='{html.escape(title)}'" if title else ""
    return (
        f"<div class='ov-metric' data-metric='{name}'{tip}><span>{html.escape(label)}</span>"
        f"<b>{html.escape(value)}</b></div>"
    )


def _row(row: RouteRow, lang: str, tz: zoneinfo.ZoneInfo, bus_seats: int) -> str:
    c = row.count
    percent = round(row.fill * 100)
    cells = {
        "col_title": html.escape(row.route.title(lang)),
        "col_mode": html.escape(mode_label(row.route.mode, lang)),
        "col_fill": (
            f"<span class='ov-bar' data-level='{row.level.value}'><span style='width:{percent}%'></span>"
            f"</span> {percent} %"
        ),
        "col_confirmed": str(c.confirmed),
        "col_waiting": str(c.waitlisted),
        "col_free": str(c.free),
        "col_capacity": str(c.capacity),
        "col_attention": html.escape(attention(row, lang)),
        "col_transport": html.escape(transport(row, lang, bus_seats)),
        "col_departure": html.escape(format_time(row.route.departure, tz)),
        "col_meeting": html.escape(row.route.meeting_point),
    }
    tds = "".join(f"<td data-col='{k.removeprefix('col_')}'>{cells[k]}</td>" for k in COLUMNS)
    flag = " class='ov-attention'" if row.stands_out else ""
    return f"<tr data-route='{html.escape(row.route.id)}'{flag}>{tds}</tr>"


def overview_html(view: Overview, lang: str, tz: zoneinfo.ZoneInfo, bus_seats: int) -> str:
    """Totals per mode, then one row per excursion with a fill bar: plain, escaped HTML."""
    full = sum(1 for r in view.rows if r.count.full)
    metrics = [_metric(t("org_taken", lang), f"{view.confirmed} / {view.capacity}", "taken")]
    metrics += [
        _metric(mode_label(m.mode, lang), f"{m.confirmed} / {m.capacity}", m.mode.value) for m in view.modes
    ]
    full_note = f"{t('org_full_routes', lang)}: {full}"
    metrics.append(_metric(t("org_waiting", lang), str(view.waitlisted), "waiting", full_note))
    head = "".join(f"<th scope='col'>{html.escape(t(k, lang))}</th>" for k in COLUMNS)
    rows = "".join(_row(r, lang, tz, bus_seats) for r in view.rows)
    return (
        f"<div class='ov-metrics'>{''.join(metrics)}</div>"
        f"<div class='ov-scroll'><table class='ov-table'><thead><tr>{head}</tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )


@functools.lru_cache(maxsize=16)
def _cached_html(
    routes: RouteSet, counts: tuple[RouteCount, ...], lang: str, tz: zoneinfo.ZoneInfo, bus_seats: int
) -> str:
    return overview_html(overview(routes.routes, {c.route_id: c for c in counts}), lang, tz, bus_seats)


def overview_panel(ctx: AppContext, lang: str) -> None:
    """Seats per mode and per excursion, what stands out, and transport to order."""
    tz = ctx.event.timezone
    counts = tuple(live_counts(ctx).values())
    body = _cached_html(ctx.routes, counts, lang, tz, ctx.settings.bus_seats)
    updated = html.escape(t("org_updated", lang, time=format_time(dt.datetime.now(dt.UTC), tz)))
    st.html(f"<div class='ov' data-testid='org-overview'>{body}<p class='ov-updated'>{updated}</p></div>")
