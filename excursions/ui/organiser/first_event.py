"""The first start: an installation without an event walks the organiser through making one
(the event form, then the first excursion), and ends at a participant page that works."""

from __future__ import annotations

import streamlit as st

from excursions.i18n import t
from excursions.ui.context import page_base_url
from excursions.ui.organiser import Desk, show_message
from excursions.ui.organiser.event_tab import PLACE as EVENT_PLACE
from excursions.ui.organiser.event_tab import event_tab

WALKED = "first_event_walked"  # this session made the first event: say so on the page after


def first_event(desk: Desk) -> None:
    lang = desk.lang
    st.session_state[WALKED] = True
    st.subheader(t("first_title", lang), anchor=False)
    st.markdown(t("first_steps", lang))
    st.caption(t("first_demo", lang))
    event_tab(desk)


def next_step(desk: Desk) -> None:
    """Until the event has an excursion: where to add one, and where participants will sign up."""
    if st.session_state.pop(WALKED, False):
        show_message(EVENT_PLACE)  # "saved" or "imported", on the first page after the walk-through
    if desk.routes:
        return
    url = page_base_url() + ("?lang=en" if desk.lang == "en" else "")
    st.info(t("first_next", desk.lang, url=url), icon=":material/route:")
