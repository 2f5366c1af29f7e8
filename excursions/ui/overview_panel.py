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
import zoneinfo
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import streamlit as st
from markupsafe import Markup

from excursions.i18n import format_time, mode_label, t
from excursions.mapview import asset
from excursions.model import RouteCount
from excursions.overview import Overview, RouteRow, overview
from excursions.overview_text import metrics, row_cells, wish_cells
from excursions.routes import RouteSet
from excursions.templating import render
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


def metrics_html(view: Overview, lang: str, demand: Mapping[str, Sequence[int]] | None = None) -> str:
    """Seats taken in all, per mode, and how many wait (during the wish round, first how
    many have wished): the follower keeps them current (data-seats-metric)."""
    shown = metrics((r.count for r in view.rows), demand)
    labels = {"wished": t("org_wished", lang)} if demand is not None else {}
    labels |= {"taken": t("org_taken", lang)} | {m.mode.value: mode_label(m.mode, lang) for m in view.modes}
    labels["waiting"] = t("org_waiting", lang)
    full = sum(1 for r in view.rows if r.count.full)
    tip = {"waiting": f"{t('org_full_routes', lang)}: {full}"}
    items = [
        {"name": name, "label": label, "value": shown[name], "tip": tip.get(name, "")}
        for name, label in labels.items()
    ]
    return render("overview_metrics.html.j2", metrics=items)


def _departure(row: RouteRow, tz: zoneinfo.ZoneInfo, several_days: bool) -> str:
    local = row.route.departure.astimezone(tz)
    return f"{local.day}.{local.month}. {format_time(local)}" if several_days else format_time(local)


def _row(
    row: RouteRow,
    lang: str,
    tz: zoneinfo.ZoneInfo,
    bus_seats: int,
    several_days: bool,
    wishes: Sequence[int] | None,
) -> dict:
    live = row_cells(row.count, row.route.bikes_provided, bus_seats, lang)
    numbers = [(name, live[name]) for name in ("confirmed", "waiting", "free", "capacity")]
    if wishes is not None:  # the wish round: each rank's wishes and all of them, live too
        numbers += list(wish_cells(wishes).items())
    return {
        "id": row.route.id,
        "title": row.route.title(lang),
        "mode": mode_label(row.route.mode, lang),
        "fill": live["fill"],
        "numbers": numbers,
        "attention": live["attention"],
        "transport": live["transport"],
        "when": row.route.departure.astimezone(dt.UTC).isoformat(),
        "departure": _departure(row, tz, several_days),
        "meeting": row.route.meeting(lang),
    }


def _head(column: Column, lang: str) -> dict:
    short = column.key == "col_transport"
    return {
        "key": column.key,
        "kind": "number" if column.numeric else "text",
        "label": t("col_transport_short", lang) if short else t(column.key, lang),
        "tip": t(column.key, lang) if short else "",
    }


def _wish_heads(depth: int, lang: str) -> list[dict]:
    heads = [
        {"key": f"wish{i + 1}", "kind": "number", "label": t("wish_rank", lang, n=i + 1), "tip": ""}
        for i in range(depth)
    ]
    return [*heads, {"key": "wishes", "kind": "number", "label": t("col_wishes", lang), "tip": ""}]


def table_html(
    view: Overview,
    lang: str,
    tz: zoneinfo.ZoneInfo,
    bus_seats: int,
    demand: Mapping[str, Sequence[int]] | None = None,
) -> str:
    """One row per excursion, every cell escaped; numbers carry their value to sort by."""
    several_days = len({r.route.departure.astimezone(tz).date() for r in view.rows}) > 1
    heads = [_head(c, lang) for c in COLUMNS]
    if demand is not None:  # after the numbers (title, mode, fill and four numbers come first)
        depth = max((len(v) for v in demand.values()), default=0)
        heads[7:7] = _wish_heads(depth, lang)
    return render(
        "overview_table.html.j2",
        lang=lang,
        heads=heads,
        rows=[
            _row(r, lang, tz, bus_seats, several_days, None if demand is None else demand.get(r.route.id, ()))
            for r in view.rows
        ],
    )


@functools.lru_cache(maxsize=16)
def _cached(
    routes: RouteSet,
    counts: tuple[RouteCount, ...],
    lang: str,
    tz: zoneinfo.ZoneInfo,
    bus_seats: int,
    demand: tuple[tuple[str, tuple[int, ...]], ...] | None = None,
) -> tuple[str, str]:
    """One snapshot's metrics and table, shared by every organiser's session."""
    view = overview(routes.routes, {c.route_id: c for c in counts})
    wishes = None if demand is None else dict(demand)
    return metrics_html(view, lang, wishes), table_html(view, lang, tz, bus_seats, wishes)


def overview_panel(ctx: AppContext, lang: str) -> None:
    """Seats per mode and per excursion, what stands out, and transport to order. The table
    sorts by any column (click its header); the sort stays through the live updates."""
    tz = ctx.event.timezone
    snapshot = live_snapshot(ctx)
    counts = tuple(snapshot.counts.values())
    demand = None if snapshot.demand is None else tuple(sorted(snapshot.demand.items()))
    metrics_part, table = _cached(ctx.routes, counts, lang, tz, ctx.settings.bus_seats, demand)
    before, _, after = t("org_updated", lang, time="\x00").partition("\x00")
    script = str(asset("overview_table.js")).replace("</", "<\\/")
    panel = render(
        "overview_panel.html.j2",
        read_at=snapshot.read_at.isoformat(timespec="milliseconds"),  # how fresh (bench/rush.py)
        metrics=Markup(metrics_part),
        table=Markup(table),
        before=before,
        clock=format_time(snapshot.read_at, tz),
        tz=tz.key,
        after=after,
        script=Markup(script),  # the file as it is, not text from anyone
    )
    st.html(panel, unsafe_allow_javascript=True)
