"""Check-in: the guide's phone view (/organiser?checkin=<route>) and the organiser's tab."""

from __future__ import annotations

import streamlit as st

from excursions.checkin import checkin_tally, matching
from excursions.i18n import t
from excursions.model import PersonRow
from excursions.text import escape_markdown as md
from excursions.ui.organiser import Desk, show_message
from excursions.ui.trouble import guarded, shielded, trouble_notice

PLACE = "checkin"


def checkin_view(desk: Desk, route_id: str) -> None:
    @st.fragment(run_every=desk.ctx.settings.organiser_refresh_seconds)
    @shielded(lambda: desk.lang)
    def view() -> None:
        trouble_notice(desk.lang, "checkin", "store_trouble_action")
        lang, store = desk.lang, desk.store
        tally = checkin_tally(store.people(route_id))
        st.subheader(t("checkin_title", lang, title=desk.title(route_id)), anchor=False)
        st.metric(
            t("col_present", lang),
            t("checkin_count", lang, present=tally.present, expected=len(tally.expected)),
        )
        # The answer to the last tap always has its place, the same height, so no name moves
        # under the guide's thumb between taps; it stays through the refreshes until the next tap.
        with st.container(height=76, border=False, key="checkin_answer"):
            if not show_message(PLACE, scroll=False, keep=True):
                st.caption(t("checkin_hint", lang))
        if not tally.expected:
            st.info(t("checkin_none", lang))
            return
        query = st.text_input(
            t("checkin_search", lang), key=f"ci-search-{route_id}", placeholder=t("checkin_search_hint", lang)
        )
        shown = matching(tally.expected, query)
        if not shown:
            st.caption(t("checkin_no_match", lang))
        for p in shown:
            st.checkbox(  # a label is Markdown: names and organisations go in as plain text
                md(p.name + (f" · {p.organisation}" if p.organisation else "")),
                value=bool(p.present),
                key=f"ci-{route_id}-{p.email}-{bool(p.present)}",  # a mark from another guide makes a new box
                on_change=guarded(lambda person=p: mark(desk, person, route_id), place="checkin"),
            )

    view()


def mark(desk: Desk, person: PersonRow, route_id: str) -> None:
    """Tick or untick; the answer names who, so a guide sees which box their thumb hit."""
    present = not person.present
    desk.store.check_in(person.email, route_id, present, now=desk.now())
    key = "org_checked_in" if present else "org_checked_out"
    desk.tell(
        "success" if present else "info",
        t(key, desk.lang, name=person.name, route=desk.title(route_id)),
        PLACE,
    )


def checkin_tab(desk: Desk) -> None:
    lang = desk.lang
    route_id = st.selectbox(t("export_route", lang), list(desk.by_id), format_func=desk.title, key="ci_route")
    st.page_link(
        "app_pages/organiser.py",
        label=t("checkin_open", lang),
        icon=":material/checklist:",
        query_params={"checkin": route_id},
    )
    tally = checkin_tally(desk.store.people(route_id))
    st.metric(
        t("col_present", lang), t("checkin_count", lang, present=tally.present, expected=len(tally.expected))
    )
    if tally.missing:
        st.text(t("checkin_noshows", lang, names=", ".join(tally.missing)))
