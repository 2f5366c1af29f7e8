"""The organiser's live overview panel: headline numbers and one row per excursion.

It is one HTML element, made once per snapshot of the counts and shared by every
organiser's session. Its numbers follow the seat feed (?view=overview) without a script
run, like a participant's badges: with a hundred organisers watching, a refresh of the
overview costs the server a 304, not a page run each. The table sorts by any column in
the browser (excursions/map_assets/overview_table.js); texts from route files are
escaped, never HTML.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import zoneinfo
from dataclasses import dataclass

import streamlit as st

from excursions.i18n import format_time, mode_label, t
from excursions.mapview import asset
from excursions.model import RouteCount
from excursions.overview import Overview, RouteRow, overview
from excursions.overview_text import metrics, row_cells
from excursions.routes import RouteSet
from excursions.ui.context import AppContext, live_snapshot


@dataclass(frozen=True)
class Column:
    key: str  # its heading's message
    numeric: bool = False  # sorts by number, not by text


COLUMNS = (
    Column("col_title"),
    Column("col_mode"),
    Column("col_fill", numeric=True),
    Column("col_confirmed", numeric=True),
    Column("col_waiting", numeric=True),
    Column("col_free", numeric=True),
    Column("col_capacity", numeric=True),
    Column("col_attention"),
    Column("col_transport"),
    Column("col_departure"),
    Column("col_meeting"),
)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def metrics_html(view: Overview, lang: str) -> str:
    """Seats taken in all, per mode, and how many wait: plain, escaped HTML the follower
    keeps current (data-seats-metric)."""
    shown = metrics(r.count for r in view.rows)
    labels = {"taken": t("org_taken", lang)} | {m.mode.value: mode_label(m.mode, lang) for m in view.modes}
    labels["waiting"] = t("org_waiting", lang)
    full = sum(1 for r in view.rows if r.count.full)
    tip = {"waiting": f"{t('org_full_routes', lang)}: {full}"}
    return "<div class='ov-metrics'>{}</div>".format(
        "".join(
            f"<div class='ov-metric' data-metric='{name}'"
            + (f" title='{_e(tip[name])}'" if name in tip else "")
            + f"><span>{_e(label)}</span><b data-seats-metric='{name}'>{_e(shown[name])}</b></div>"
            for name, label in labels.items()
        )
    )


def _departure(row: RouteRow, tz: zoneinfo.ZoneInfo, several_days: bool) -> str:
    local = row.route.departure.astimezone(tz)
    return f"{local.day}.{local.month}. {format_time(local)}" if several_days else format_time(local)


def _cells(row: RouteRow, lang: str, tz: zoneinfo.ZoneInfo, bus_seats: int, several_days: bool) -> str:
    live = row_cells(row.count, row.route.bikes_provided, bus_seats, lang)
    title = row.route.title(lang)
    out = [f"<th scope='row' data-sort='{_e(title)}'>{_e(title)}</th>"]
    mode = mode_label(row.route.mode, lang)
    out.append(f"<td data-sort='{_e(mode)}'>{_e(mode)}</td>")
    out.append(
        f"<td class='ov-fill' data-seats-cell='fill' data-sort='{live['fill']}' "
        f"style='--fill: {live['fill']}%'>{live['fill']} %</td>"
    )
    for name in ("confirmed", "waiting", "free", "capacity"):
        out.append(f"<td class='ov-num' data-seats-cell='{name}' data-sort='{live[name]}'>{live[name]}</td>")
    note, transport = _e(live["attention"]), _e(live["transport"])
    out.append(f"<td data-seats-cell='attention' data-sort='{note}'>{note}</td>")
    # buses for a bus excursion, bikes where the event provides them; nothing to follow else
    mark = " data-seats-cell='transport'" if transport else ""
    out.append(f"<td{mark} data-sort='{transport}'>{transport}</td>")
    when = row.route.departure.astimezone(dt.UTC).isoformat()
    out.append(f"<td data-sort='{_e(when)}'>{_e(_departure(row, tz, several_days))}</td>")
    meeting = row.route.meeting(lang)
    out.append(f"<td class='ov-meeting' title='{_e(meeting)}' data-sort='{_e(meeting)}'>{_e(meeting)}</td>")
    return f"<tr data-seats-row='{_e(row.route.id)}'>{''.join(out)}</tr>"


def _head(column: Column, lang: str) -> str:
    label = t("col_transport_short", lang) if column.key == "col_transport" else t(column.key, lang)
    tip = f" title='{_e(t(column.key, lang))}'" if column.key == "col_transport" else ""
    kind = "number" if column.numeric else "text"
    return (
        f"<th scope='col' data-column='{column.key}' data-type='{kind}'{tip}>"
        f"<button type='button'>{_e(label)}<span class='ov-sort' aria-hidden='true'></span></button></th>"
    )


def table_html(view: Overview, lang: str, tz: zoneinfo.ZoneInfo, bus_seats: int) -> str:
    """One row per excursion, every cell escaped; numbers carry their value to sort by."""
    several_days = len({r.route.departure.astimezone(tz).date() for r in view.rows}) > 1
    head = "".join(_head(c, lang) for c in COLUMNS)
    rows = "".join(_cells(r, lang, tz, bus_seats, several_days) for r in view.rows)
    return (
        f"<div class='ov-table-wrap'><table class='ov-table' data-sortable-table lang='{lang}'>"
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
    )


def updated_html(read_at: dt.datetime, lang: str, tz: zoneinfo.ZoneInfo) -> str:
    """ "Last updated 14:03": the time the counts were read, which the follower moves on."""
    before, _, after = t("org_updated", lang, time="\x00").partition("\x00")
    clock = f"<span data-seats-clock data-tz='{_e(tz.key)}'>{_e(format_time(read_at, tz))}</span>"
    return f"<p class='ov-updated'>{_e(before)}{clock}{_e(after)}</p>"


@functools.lru_cache(maxsize=16)
def _cached(
    routes: RouteSet, counts: tuple[RouteCount, ...], lang: str, tz: zoneinfo.ZoneInfo, bus_seats: int
) -> tuple[str, str]:
    """One snapshot's metrics and table, shared by every organiser's session."""
    view = overview(routes.routes, {c.route_id: c for c in counts})
    return metrics_html(view, lang), table_html(view, lang, tz, bus_seats)


def overview_panel(ctx: AppContext, lang: str) -> None:
    """Seats per mode and per excursion, what stands out, and transport to order. The table
    sorts by any column (click its header); the sort stays through the live updates."""
    tz = ctx.event.timezone
    snapshot = live_snapshot(ctx)
    counts = tuple(snapshot.counts.values())
    metrics_part, table = _cached(ctx.routes, counts, lang, tz, ctx.settings.bus_seats)
    read_at = _e(snapshot.read_at.isoformat(timespec="milliseconds"))  # how fresh (bench/rush.py)
    script = str(asset("overview_table.js")).replace("</", "<\\/")
    st.html(
        f"<div class='ov' data-testid='org-overview' data-seats-read-at='{read_at}'>{metrics_part}"
        f"{table}{updated_html(snapshot.read_at, lang, tz)}</div>"
        f"<script>{script}</script>",
        unsafe_allow_javascript=True,
    )
