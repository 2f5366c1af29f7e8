"""The organiser's live overview panel (the part that refreshes every few seconds).

The metrics are one HTML element and the table one dataframe, both made once per snapshot
of the counts and shared by every organiser's session. The table is Streamlit's data
grid, so an organiser sorts it by any column; texts from route files are cells of text,
never HTML, and the metrics are escaped.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import zoneinfo

import pandas as pd
import pyarrow as pa
import streamlit as st

from excursions.i18n import format_time, mode_label, t
from excursions.model import RouteCount
from excursions.overview import Attention, Overview, RouteRow, bikes_needed, buses_needed, overview
from excursions.routes import Mode, RouteSet
from excursions.ui.context import AppContext, live_snapshot


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


def metrics_html(view: Overview, lang: str) -> str:
    """Seats taken in all, per mode, and how many wait: plain, escaped HTML."""
    full = sum(1 for r in view.rows if r.count.full)
    metrics = [_metric(t("org_taken", lang), f"{view.confirmed} / {view.capacity}", "taken")]
    metrics += [
        _metric(mode_label(m.mode, lang), f"{m.confirmed} / {m.capacity}", m.mode.value) for m in view.modes
    ]
    full_note = f"{t('org_full_routes', lang)}: {full}"
    metrics.append(_metric(t("org_waiting", lang), str(view.waitlisted), "waiting", full_note))
    return f"<div class='ov-metrics'>{''.join(metrics)}</div>"


def _wall_clock(when: dt.datetime, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    """The event's local time without its zone: the browser's own zone cannot shift it."""
    return when.astimezone(tz).replace(tzinfo=None)


def overview_frame(view: Overview, lang: str, tz: zoneinfo.ZoneInfo, bus_seats: int) -> pd.DataFrame:
    """One row per excursion (indexed by its id), in WIDTHS' columns: numbers stay numbers
    and the departure a time, so the table sorts them as such."""
    rows = view.rows
    data = {
        "col_title": [r.route.title(lang) for r in rows],
        "col_mode": [mode_label(r.route.mode, lang) for r in rows],
        "col_fill": [round(r.fill * 100) for r in rows],
        "col_confirmed": [r.count.confirmed for r in rows],
        "col_waiting": [r.count.waitlisted for r in rows],
        "col_free": [r.count.free for r in rows],
        "col_capacity": [r.count.capacity for r in rows],
        "col_attention": [attention(r, lang) for r in rows],
        "col_transport": [transport(r, lang, bus_seats) for r in rows],
        "col_departure": [_wall_clock(r.route.departure, tz) for r in rows],
        "col_meeting": [r.route.meeting(lang) for r in rows],
    }
    frame = pd.DataFrame({t(k, lang): v for k, v in data.items()}, index=[r.route.id for r in rows])
    frame.index.name = "id"
    return frame


# Pixel widths that fit the wide layout at 1400 px (1,238 px for the table); the longest
# titles and meeting points end in "…" (drag a column wider, or open the table full screen).
WIDTHS = {
    "col_title": 250,
    "col_mode": 72,
    "col_fill": 100,
    "col_confirmed": 78,
    "col_waiting": 88,
    "col_free": 72,
    "col_capacity": 84,
    "col_attention": 125,
    "col_transport": 105,
    "col_departure": 66,
    "col_meeting": 198,
}


def column_config(view: Overview, lang: str, tz: zoneinfo.ZoneInfo) -> dict:
    days = {r.route.departure.astimezone(tz).date() for r in view.rows}
    config = {
        k: st.column_config.NumberColumn(t(k, lang), width=WIDTHS[k], format="%d")
        for k in ("col_confirmed", "col_waiting", "col_free", "col_capacity")
    }
    config |= {
        k: st.column_config.TextColumn(t(k, lang), width=WIDTHS[k])
        for k in ("col_mode", "col_attention", "col_meeting")
    }
    config["col_transport"] = st.column_config.TextColumn(
        t("col_transport_short", lang), width=WIDTHS["col_transport"], help=t("col_transport", lang)
    )
    config["col_title"] = st.column_config.TextColumn(
        t("col_title", lang), width=WIDTHS["col_title"], pinned=True
    )
    config["col_fill"] = st.column_config.ProgressColumn(
        t("col_fill", lang), width=WIDTHS["col_fill"], min_value=0, max_value=100, format="%d %%"
    )
    config["col_departure"] = st.column_config.DatetimeColumn(  # the day too, if there is more than one
        t("col_departure", lang),
        width=WIDTHS["col_departure"],
        format="HH:mm" if len(days) < 2 else "D.M. HH:mm",
    )
    return {t(k, lang): c for k, c in config.items()}


@functools.lru_cache(maxsize=16)
def _cached(
    routes: RouteSet, counts: tuple[RouteCount, ...], lang: str, tz: zoneinfo.ZoneInfo, bus_seats: int
) -> tuple[str, pa.Table, dict]:
    """One snapshot's metrics, table and column setup, shared by every organiser's session.
    The table is converted to Arrow here, once: st.dataframe converted the frame on every
    refresh of every organiser's overview, about a fifth of the refresh's CPU."""
    view = overview(routes.routes, {c.route_id: c for c in counts})
    table = pa.Table.from_pandas(overview_frame(view, lang, tz, bus_seats), preserve_index=True)
    return metrics_html(view, lang), table, column_config(view, lang, tz)


def overview_panel(ctx: AppContext, lang: str) -> None:
    """Seats per mode and per excursion, what stands out, and transport to order. The table
    sorts by any column (click its header); the sort stays through the live refresh."""
    tz = ctx.event.timezone
    snapshot = live_snapshot(ctx)
    counts = tuple(snapshot.counts.values())
    metrics, frame, config = _cached(ctx.routes, counts, lang, tz, ctx.settings.bus_seats)
    read_at = snapshot.read_at.isoformat(timespec="milliseconds")  # how fresh (bench/rush.py)
    st.html(f"<div class='ov' data-testid='org-overview' data-seats-read-at='{read_at}'>{metrics}</div>")
    st.dataframe(
        frame,
        hide_index=True,
        column_config=config,
        height=36 * (frame.num_rows + 1) + 3,  # every excursion, no scrolling inside the table
        key="overview_table",
        width="stretch",
    )
    updated = t("org_updated", lang, time=format_time(dt.datetime.now(dt.UTC), tz))
    st.caption(updated)
