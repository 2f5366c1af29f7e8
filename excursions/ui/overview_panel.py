"""The organiser's live overview panel (the part that refreshes every few seconds)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from excursions.i18n import format_time, mode_label, t
from excursions.overview import bikes_needed, buses_needed, overview
from excursions.routes import Mode
from excursions.seats import SeatLevel
from excursions.ui.context import AppContext, live_counts


def overview_panel(ctx: AppContext, lang: str) -> None:
    """Seats per mode and per excursion, what stands out, and transport to order."""
    routes = ctx.routes.routes
    tz = ctx.event.timezone
    view = overview(routes, live_counts(ctx))
    cols = st.columns(5)
    cols[0].metric(t("org_taken", lang), f"{view.confirmed} / {view.capacity}")
    for col, m in zip(cols[1:4], view.modes, strict=True):
        col.metric(mode_label(m.mode, lang), f"{m.confirmed} / {m.capacity}")
    cols[4].metric(
        t("org_waiting", lang),
        view.waitlisted,
        help=f"{t('org_full_routes', lang)}: {sum(1 for r in view.rows if r.count.full)}",
    )

    def attention(row) -> str:
        if row.level is SeatLevel.FULL and row.count.waitlisted:
            return "⛔ " + t("attention_full", lang)
        if row.level is not SeatLevel.FREE:
            return "⚠️ " + t("attention_few", lang)
        return ""

    def transport(row) -> str:
        if row.route.mode is Mode.BUS:
            n = buses_needed(row.count.confirmed, ctx.settings.bus_seats)
            return t("bus_one", lang) if n == 1 else t("buses", lang, n=n)
        if row.route.mode is Mode.BIKE and row.route.bikes_provided:
            return t("bikes", lang, n=bikes_needed(row.route, row.count.confirmed))
        return ""

    table = pd.DataFrame(
        {
            "id": [r.route.id for r in view.rows],
            t("col_title", lang): [r.route.title(lang) for r in view.rows],
            t("col_mode", lang): [mode_label(r.route.mode, lang) for r in view.rows],
            t("col_fill", lang): [r.fill for r in view.rows],
            t("col_confirmed", lang): [r.count.confirmed for r in view.rows],
            t("col_waiting", lang): [r.count.waitlisted for r in view.rows],
            t("col_free", lang): [r.count.free for r in view.rows],
            t("col_capacity", lang): [r.count.capacity for r in view.rows],
            t("col_attention", lang): [attention(r) for r in view.rows],
            t("col_transport", lang): [transport(r) for r in view.rows],
            t("col_departure", lang): [format_time(r.route.departure, tz) for r in view.rows],
            t("col_meeting", lang): [r.route.meeting_point for r in view.rows],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        key="overview_table",
        column_config={
            "id": None,
            t("col_fill", lang): st.column_config.ProgressColumn(
                min_value=0.0, max_value=1.0, format="percent"
            ),
        },
        height=38 + 35 * len(table),
    )
    st.caption(t("org_updated", lang, time=format_time(dt.datetime.now(dt.UTC), tz)))
