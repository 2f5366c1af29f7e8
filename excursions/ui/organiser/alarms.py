"""The alarm for many accepted sign-ups from one browser or network address, with a way to see
those people and cancel their sign-ups (a script's, usually) after a question that says how many."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from excursions.i18n import format_time, t
from excursions.model import SignupSource
from excursions.text import escape_markdown as md
from excursions.ui.organiser import Desk, show_message
from excursions.ui.trouble import guarded, trouble_notice

OPEN = "org_alarm_open"  # the source whose people are shown: (browser, address)


def alarm_text(source: SignupSource, desk: Desk) -> str:
    since = format_time(source.first, desk.ctx.event.timezone)
    address = source.address or t("alarm_address_unknown", desk.lang)
    if not source.browser:
        key = "alarm_address"
    elif source.browser.startswith("a:"):
        key = "alarm_no_cookie"
    else:
        key = "alarm_browser"
    return t(key, desk.lang, n=source.signups, address=address, since=since, browsers=source.browsers)


@guarded(place="alarms")
def _undo(desk: Desk, source: SignupSource) -> None:
    n = desk.store.undo_signups_from(source.browser, source.address, since=source.first, now=desk.now())
    st.session_state.pop(OPEN, None)
    desk.tell("success", t("alarm_undone", desk.lang, n=n), "alarms")


def signup_alarms(desk: Desk) -> None:
    S = st.session_state
    for i, source in enumerate(desk.store.busy_sources(now=desk.now())):
        with st.container(border=True, key=f"alarm_{i}"):
            st.warning(md(alarm_text(source, desk)), icon=":material/warning:")
            mine = (source.browser, source.address)
            if S.get(OPEN) != mine:
                st.button(
                    t("alarm_show", desk.lang),
                    key=f"alarm_show_{i}",
                    on_click=S.__setitem__,
                    args=(OPEN, mine),
                )
                continue
            people = desk.store.signups_from(source.browser, source.address, since=source.first)
            st.dataframe(
                pd.DataFrame(
                    {
                        t("col_person", desk.lang): [p.name for p in people],
                        t("col_email", desk.lang): [p.email for p in people],
                        t("col_title", desk.lang): [desk.title(p.route_id) for p in people],
                    }
                ),
                hide_index=True,
                key=f"alarm_people_{i}",
            )
            st.warning(md(t("alarm_undo_ask", desk.lang, n=len(people))), icon=":material/help:")
            left, right, _ = st.columns([2, 1, 2])
            left.button(
                t("alarm_undo", desk.lang, n=len(people)),
                type="primary",
                key=f"alarm_undo_{i}",
                disabled=not people,
                on_click=_undo,
                args=(desk, source),
            )
            right.button(t("alarm_keep", desk.lang), key=f"alarm_keep_{i}", on_click=S.pop, args=(OPEN, None))
    trouble_notice(desk.lang, "alarms", "store_trouble_action")
    show_message("alarms")
