"""Lists to take along: CSV for Danish Excel, XLSX, the waiting list, a guide's sheet."""

from __future__ import annotations

import streamlit as st

from excursions.exports import guide_sheet, people_frame, to_csv, to_xlsx, wishes_frame
from excursions.i18n import format_departure, t
from excursions.ui.organiser import Desk

ALL = ""


def export_tab(desk: Desk) -> None:
    lang, store, by_id = desk.lang, desk.store, desk.by_id
    route_id = st.selectbox(
        t("export_route", lang),
        [ALL, *by_id],
        key="export_route",
        format_func=lambda r: desk.title(r) if r else t("export_all", lang),
    )
    name = route_id or "alle"
    frame = people_frame(store.people(route_id or None), by_id)
    e1, e2, e3, e4 = st.columns(4)
    e1.download_button(t("export_csv", lang), to_csv(frame), f"{name}.csv", "text/csv", key="export_csv")
    e2.download_button(
        t("export_xlsx", lang),
        lambda: to_xlsx(frame),
        f"{name}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="export_xlsx",
        on_click="ignore",  # a run on the click could drop the file before the browser fetched it
    )
    e3.download_button(
        t("export_waiting", lang),
        lambda: to_csv(people_frame(store.people(route_id or None), by_id, waiting_only=True)),
        f"{name}-venteliste.csv",
        "text/csv",
        key="export_waiting",
        on_click="ignore",
    )
    if route_id:
        route = by_id[route_id]
        tz = desk.ctx.event.timezone
        e4.download_button(
            t("export_guide", lang),
            lambda: guide_sheet(
                route,
                store.people(route_id),
                desk.ctx.event.name("da"),
                format_departure(route.departure, "da", tz),
            ),
            f"{route_id}-guide.html",
            "text/html",
            key="export_guide",
            on_click="ignore",
        )
    round_ = desk.ctx.event.wish_round
    if round_ is not None:
        st.download_button(
            t("export_wishes", lang),
            lambda: to_csv(wishes_frame(store.wish_people(), by_id, round_.wishes)),
            "oensker.csv",
            "text/csv",
            key="export_wishes",
            icon=":material/casino:",
            on_click="ignore",
        )
