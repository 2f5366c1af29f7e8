"""Participants: search, move, promote by hand, cancel; and each excursion's capacity."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from excursions.i18n import t
from excursions.people import find_people
from excursions.signups import Status
from excursions.ui.context import live_counts
from excursions.ui.organiser import Desk


def people_tab(desk: Desk) -> None:
    lang, store, title = desk.lang, desk.store, desk.title
    people = store.people()
    query = st.text_input(t("people_search", lang), key="people_query")
    found = find_people(people, query)
    st.dataframe(
        pd.DataFrame(
            {
                t("col_person", lang): [p.name for p in found],
                t("col_email", lang): [p.email for p in found],
                t("col_org", lang): [p.organisation for p in found],
                t("col_title", lang): [title(p.route_id) for p in found],
                t("col_status", lang): [
                    t(f"status_word_{p.status.value}", lang) if p.status else "" for p in found
                ],
                # text columns: an empty cell where there is nothing to say, never "None"
                t("col_position", lang): [str(p.position) if p.position else "" for p in found],
                t("col_present", lang): ["✓" if p.present else "" for p in found],
            }
        ),
        hide_index=True,
        width="stretch",
        key="people_table",
    )
    if found:
        person_actions(desk, found)
    capacity_form(desk)


def person_actions(desk: Desk, found: list) -> None:
    lang, store, title = desk.lang, desk.store, desk.title
    pick = st.selectbox(
        t("people_pick", lang),
        [p.email for p in found],
        key="people_pick",
        format_func=lambda e: next(
            f"{p.name} <{p.email}> – {title(p.route_id)}" for p in found if p.email == e
        ),
    )
    person = next(p for p in found if p.email == pick)
    c1, c2, c3 = st.columns([3, 2, 2], vertical_alignment="bottom")
    target = c1.selectbox(
        t("move_to", lang),
        [r.id for r in desk.routes if r.id != person.route_id],
        format_func=title,
        key="move_target",
    )
    if c1.button(t("move_button", lang), key="move_button"):
        desk.report(store.move(person.email, target, now=desk.now()), target)
        st.rerun()
    if person.status is Status.WAITLISTED and c2.button(t("promote_button", lang), key="promote_button"):
        desk.report(store.promote(person.email, now=desk.now()))
        st.rerun()
    if c3.button(t("cancel_person", lang), key="cancel_person"):
        desk.report(store.cancel(person.email, now=desk.now()))
        st.rerun()


def capacity_form(desk: Desk) -> None:
    lang = desk.lang
    st.subheader(t("capacity_heading", lang), anchor=False)
    k1, k2, k3 = st.columns([3, 1, 1], vertical_alignment="bottom")
    route_id = k1.selectbox(
        t("col_title", lang), [r.id for r in desk.routes], format_func=desk.title, key="cap_route"
    )
    current = live_counts(desk.ctx).get(route_id)
    capacity = k2.number_input(
        t("col_capacity", lang),
        min_value=1,
        max_value=10_000,
        step=1,
        value=current.capacity if current else 1,
        key=f"cap_value_{route_id}",
    )
    if k3.button(t("capacity_button", lang), key="cap_save"):
        # The refusal's numbers come from the transaction that refused, not from these counts.
        desk.report(desk.store.set_capacity(route_id, int(capacity), now=desk.now()), route_id)
        st.rerun()
