"""'Ny begivenhed ud fra denne': the next event from the current one (excursions.next_event),
asked first, since every participant page switches to it."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from excursions import next_event
from excursions.editions import edition_url
from excursions.i18n import t
from excursions.sources import forget_edits_signature, installation_url, store_for
from excursions.ui.context import clear_counts
from excursions.ui.organiser import Deed, Desk, Pending, ask, confirm, pending

KEY = "nx:"
# The fields asked here, named apart from the event form's above them on the same page.
LABELS = {
    "event.name_da": "nx_name_da",
    "event.name_en": "nx_name_en",
    "event.start_date": "nx_start",
    "event.end_date": "nx_end",
    "venue.name": "nx_venue",
    "venue.address": "nx_address",
    "venue.lat": "nx_lat",
    "venue.lon": "nx_lon",
    "venue.area_radius_km": "nx_radius",
}
PLACE = "event"


def next_event_form(desk: Desk, base: dict) -> None:
    lang, event = desk.lang, desk.ctx.event
    with st.expander(t("nx_heading", lang), icon=":material/event_repeat:"):
        st.caption(t("nx_intro", lang))
        left, right = st.columns(2)
        name_da = left.text_input(t("nx_name_da", lang), key=KEY + "name_da")
        name_en = right.text_input(t("nx_name_en", lang), key=KEY + "name_en")
        left, right = st.columns(2)
        length = event.end_date - event.start_date
        start = left.date_input(t("nx_start", lang), value=None, key=KEY + "start", format="DD.MM.YYYY")
        end = right.date_input(
            t("nx_end", lang),
            value=None,
            key=KEY + "end",
            format="DD.MM.YYYY",
            help=t("nx_end_help", lang, n=length.days + 1),
        )
        left, right = st.columns(2)
        venue = left.text_input(t("nx_venue", lang), key=KEY + "venue")
        address = right.text_input(t("nx_address", lang), key=KEY + "address")
        c1, c2, c3 = st.columns(3)
        lat = c1.number_input(t("nx_lat", lang), value=None, format="%.5f", key=KEY + "lat")
        lon = c2.number_input(t("nx_lon", lang), value=None, format="%.5f", key=KEY + "lon")
        radius = c3.number_input(
            t("nx_radius", lang), value=float(event.venue.area_radius_km), key=KEY + "radius"
        )
        keep = st.multiselect(
            t("nx_keep", lang),
            [r.id for r in desk.routes],
            default=[],  # a new town: last year's excursions are the exception
            format_func=desk.title,
            key=KEY + "keep",
            select_all=False,  # its label is English only: not on a Danish page
            placeholder=t("nx_keep_none", lang),
        )
        asked = {
            "event.name_da": name_da.strip(),
            "event.name_en": name_en.strip() or name_da.strip(),
            "event.start_date": start,
            "event.end_date": end or (start + length if start else None),
            "venue.name": venue.strip(),
            "venue.address": address.strip(),
            "venue.lat": lat,
            "venue.lon": lon,
            "venue.area_radius_km": radius,
        }
        if st.button(t("nx_button", lang), key="nx_make"):
            ask(Pending(Deed.NEW_EVENT, name_da.strip()))
        asked_now = pending()
        if asked_now is None or asked_now.deed is not Deed.NEW_EVENT:
            return
        made = next_event.plan(base, event, desk.routes, desk.ctx.routes.hidden, asked, keep)
        if isinstance(made, list):
            for p in made:
                field = t(LABELS[p.field], lang) if p.field in LABELS else ""
                text = t(f"event_problem_{p.code}", lang, **dict(p.values))
                st.error(f"{field}: {text}" if field else text, icon=":material/error:")
            return
        question = t(
            "nx_confirm",
            lang,
            new=made.event.name(lang),
            old=event.name(lang),
            n=len(made.files),
        )
        if confirm(question, t("nx_yes", lang), t("confirm_no", lang), "new_event"):
            _start(desk, made)


def _start(desk: Desk, made: next_event.Plan) -> None:
    main = installation_url(desk.ctx.settings)
    next_event.start(
        made,
        installation=store_for(main),
        current=desk.store,
        open_new=lambda key: store_for(edition_url(main, key)),
        event=desk.ctx.event,
        routes=desk.routes,
        now=dt.datetime.now(dt.UTC),
    )
    forget_edits_signature()
    clear_counts()
    for key in [k for k in st.session_state if str(k).startswith((KEY, "ev:", "ev_"))]:
        del st.session_state[key]
    old = desk.ctx.event.name(desk.lang)
    desk.tell("success", t("nx_made", desk.lang, new=made.event.name(desk.lang), old=old), PLACE)
    st.rerun()
