"""Earlier events: each one's numbers as kept when the next event was made (excursions.editions):
sign-ups over time, and per excursion the seats, sign-ups and who came. Nobody's name."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from excursions import services
from excursions.i18n import format_date, mode_label, t
from excursions.routes import Mode
from excursions.ui.organiser import Desk
from excursions.ui.organiser.fillup_tab import time_axis


def archive_tab(desk: Desk) -> None:
    lang, tz = desk.lang, desk.ctx.event.timezone
    editions = services.installation_store(desk.ctx.settings).editions()
    archives = {e.key: e.archive for e in editions if e.archive is not None}
    if not archives:
        st.info(t("arc_none", lang))
        return
    key = st.selectbox(
        t("arc_pick", lang), list(archives), format_func=lambda k: archives[k].name(lang), key="arc_pick"
    )
    archive = archives[key]
    first, last = format_date(archive.start_date, lang), format_date(archive.end_date, lang)
    st.caption(t("arc_days", lang, first=first, last=last))
    c1, c2, c3 = st.columns(3)
    c1.metric(t("arc_signed_up", lang), archive.signed_up)
    c2.metric(t("arc_present", lang), archive.present)
    c3.metric(t("arc_excursions", lang), len(archive.routes))
    if archive.total:
        total = pd.DataFrame(archive.total, columns=["at", "signed_up"])
        total["at"] = pd.to_datetime(total["at"], utc=True).dt.tz_convert(tz).dt.tz_localize(None)
        st.altair_chart(
            alt.Chart(total)
            .mark_line(interpolate="step-after")
            .encode(
                x=alt.X("at:T", title=None, axis=time_axis(lang)),
                y=alt.Y("signed_up:Q", title=t("fillup_total", lang)),
            )
            .properties(description=t("fillup_total_alt", lang, n=archive.signed_up)),
            width="stretch",
        )
    rows = [
        {
            t("col_title", lang): (r.title_en if lang == "en" else "") or r.title_da,
            t("col_mode", lang): mode_label(Mode(r.mode), lang),
            t("col_capacity", lang): r.capacity,
            t("col_confirmed", lang): r.confirmed,
            t("col_waiting", lang): r.waiting,
            t("col_present", lang): r.present,
        }
        for r in archive.routes
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
