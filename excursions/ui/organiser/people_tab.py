"""Participants: search, move, promote by hand, cancel; and each excursion's capacity.

Whatever moves or removes people asks first, naming who it moves; the answer names them
again, with the seat they got, right below the buttons. Names are plain text: confirm and
show_message escape them for Markdown.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from excursions.i18n import format_names, t
from excursions.model import PersonRow
from excursions.people import find_people, next_in_line, on_route
from excursions.signups import Status
from excursions.ui.context import live_counts
from excursions.ui.organiser import Deed, Desk, Pending, ask, confirm, pending, show_message

PLACE = "people"
CAPACITY_PLACE = "capacity"


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
        person_actions(desk, found, people)
    show_message(PLACE)
    capacity_form(desk, people)


def person_actions(desk: Desk, found: list[PersonRow], people: list[PersonRow]) -> None:
    lang = desk.lang
    # Who, not where: a label that changed with the person's excursion would leave the
    # picker showing the old one after a move. Where they are now is said below it.
    labels = {p.email: f"{p.name} <{p.email}>" for p in found}
    pick = st.selectbox(t("people_pick", lang), list(labels), key="people_pick", format_func=labels.get)
    person = next(p for p in found if p.email == pick)
    where = desk.title(person.route_id)
    if person.status is Status.WAITLISTED:
        st.caption(t("people_now_waiting", lang, name=person.name, route=where, n=person.position or 0))
    else:
        st.caption(t("people_now_confirmed", lang, name=person.name, route=where))
    c1, c2, c3 = st.columns([3, 2, 2], vertical_alignment="bottom")
    target = c1.selectbox(
        t("move_to", lang),
        [r.id for r in desk.routes if r.id != person.route_id],
        format_func=desk.title_with_seats,
        key="move_target",
    )
    if c1.button(t("move_button", lang), key="move_button"):
        ask(Pending(Deed.MOVE, person.email, target))
    if person.status is Status.WAITLISTED and c2.button(t("promote_button", lang), key="promote_button"):
        ask(Pending(Deed.PROMOTE, person.email))
    if c3.button(t("cancel_person", lang), key="cancel_person"):
        ask(Pending(Deed.CANCEL, person.email))
    asked = pending()
    if asked is None or asked.subject != person.email or (asked.deed is Deed.MOVE and asked.target != target):
        return  # a question about someone (or somewhere) no longer picked is not asked
    if confirm(*question(desk, asked, person, people), t("confirm_no", lang), key="person"):
        store, now = desk.store, desk.now()
        match asked.deed:
            case Deed.MOVE:
                result = store.move(person.email, asked.target, now=now)
            case Deed.PROMOTE:
                result = store.promote(person.email, now=now)
            case _:
                result = store.cancel(person.email, now=now)
        desk.report(result, asked.deed, PLACE, person.email)
        st.rerun()


def question(desk: Desk, asked: Pending, person: PersonRow, people: list[PersonRow]) -> tuple[str, str]:
    """(question, yes-button label): what the action will do, and to whom besides."""
    lang, name = desk.lang, person.name
    old = desk.title(person.route_id)
    frees = ""
    if person.status is Status.CONFIRMED:  # their seat goes to the first in line
        heads = next_in_line(people, person.route_id, 1)
        if heads:
            frees = " " + t("confirm_frees", lang, old=old, next=heads[0].name)
    if asked.deed is Deed.MOVE:
        new = desk.title(asked.target)
        count = live_counts(desk.ctx).get(asked.target)
        confirmed, waiting = on_route(people, asked.target)
        capacity = count.capacity if count else 0
        if len(confirmed) < capacity:
            then = t("confirm_new_seat", lang, name=name, seat=len(confirmed) + 1, capacity=capacity, new=new)
        else:
            then = t("confirm_new_waiting", lang, name=name, new=new, n=len(waiting) + 1)
        text = f"{t('confirm_move', lang, name=name, old=old, new=new)} {then}{frees}"
        return text, t("confirm_yes_move", lang, name=name)
    if asked.deed is Deed.PROMOTE:
        count = live_counts(desk.ctx).get(person.route_id or "")
        before = count.capacity if count else 0
        text = t("confirm_promote", lang, name=name, new=old, before=before, after=before + 1)
        return text, t("confirm_yes_promote", lang, name=name)
    return t("confirm_cancel", lang, name=name, old=old) + frees, t("confirm_yes_cancel", lang, name=name)


def capacity_form(desk: Desk, people: list[PersonRow]) -> None:
    lang = desk.lang
    st.subheader(t("capacity_heading", lang), anchor=False)
    k1, k2, k3 = st.columns([3, 1, 1], vertical_alignment="bottom")
    route_id = k1.selectbox(
        t("col_title", lang), [r.id for r in desk.routes], format_func=desk.title, key="cap_route"
    )
    current = live_counts(desk.ctx).get(route_id)
    before = current.capacity if current else 1
    capacity = int(
        k2.number_input(
            t("col_capacity", lang),
            min_value=1,
            max_value=10_000,
            step=1,
            value=before,
            key=f"cap_value_{route_id}",
        )
    )
    new = desk.title(route_id)
    if k3.button(t("capacity_button", lang), key="cap_save"):
        confirmed, _ = on_route(people, route_id)
        seated = next_in_line(people, route_id, capacity - len(confirmed))
        if capacity == before:
            desk.tell("info", t("org_capacity_same", lang, new=new, capacity=capacity), CAPACITY_PLACE)
            st.rerun()
        elif seated:  # raising it gives people on the waiting list a seat: ask first
            ask(Pending(Deed.CAPACITY, route_id, value=capacity))
        else:
            save_capacity(desk, route_id, capacity)
    asked = pending()
    if (
        asked is not None
        and asked.deed is Deed.CAPACITY
        and (asked.subject, asked.value) == (route_id, capacity)
    ):
        confirmed, _ = on_route(people, route_id)
        seated = next_in_line(people, route_id, capacity - len(confirmed))
        names = format_names([p.name for p in seated], lang)
        text = t("confirm_capacity", lang, new=new, before=before, after=capacity)
        text += " " + t("confirm_capacity_promotes", lang, names=names)
        if confirm(text, t("confirm_yes_capacity", lang, after=capacity), t("confirm_no", lang), "capacity"):
            save_capacity(desk, route_id, capacity)
    show_message(CAPACITY_PLACE)


def save_capacity(desk: Desk, route_id: str, capacity: int) -> None:
    # The refusal's numbers come from the transaction that refused, not from these counts.
    desk.report(desk.store.set_capacity(route_id, capacity, now=desk.now()), Deed.CAPACITY, CAPACITY_PLACE)
    st.rerun()
