"""Sign up for an excursion; with ?token=… see, switch or cancel your own sign-up."""

import dataclasses
import datetime as dt

import streamlit as st

from excursions.i18n import format_departure, format_duration, format_km, outcome_message, t
from excursions.signups import Outcome, Status
from excursions.text import escape_markdown as md
from excursions.text import shorten
from excursions.ui.context import (
    changed,
    client,
    get_store,
    language_switch,
    live_snapshot,
    load_context,
    no_event_yet,
)
from excursions.ui.live_seats import choices_marker, follow_seats
from excursions.ui.map_widget import route_map
from excursions.ui.signup_form import (
    choice_label,
    lost_link_box,
    preselect,
    say,
    signup_form,
    title_of,
    window_notice,
)
from excursions.ui.trouble import guarded, shielded, trouble_notice
from excursions.ui.widgets import mode_badge
from excursions.ui.wish_form import add_wish, my_wishes, round_phase, wish_form
from excursions.wishes import Phase

ctx = load_context()
no_event_yet(ctx)  # a first start: the organiser page makes the event
store = get_store(ctx)
S = st.session_state
token = st.query_params.get("token")
view = store.participant(token) if token else None
if view and "lang" not in st.query_params and not S.get("lang"):
    S.lang = view.lang  # a link opens in the language its owner signed up in
    ctx = dataclasses.replace(ctx, lang=view.lang)

head, switch = st.columns([4, 1], vertical_alignment="center")
with switch:
    lang = language_switch(ctx)
follow_seats(ctx, lang)  # the forms' seats follow the store without a script run


def signup_page() -> None:
    head.header(t("signup_title", lang), anchor=False)
    now_phase = round_phase(ctx)
    if now_phase is Phase.DRAW_DUE:  # between the round and the draw: nothing to send
        st.info(t("wish_draw_due", lang))
        lost_link_box(ctx, lang)
        return
    if now_phase is Phase.FIRST_COME:
        st.caption(t("signup_intro", lang))
    wanted = st.query_params.get("route")
    if wanted != S.get("_signup_link_route"):  # a new link: its excursion, once
        S._signup_link_route = wanted
        preselect(ctx, wanted)
        if now_phase is Phase.WISHING:
            add_wish(ctx, wanted)
    if wanted and wanted not in ctx.routes.by_id():  # as the explore page says it
        st.warning(md(t("unknown_route", lang, id=shorten(wanted))))
    page_form(now_phase)
    lost_link_box(ctx, lang)


@st.fragment
@shielded(lambda: lang)
def page_form(now_phase: Phase) -> None:
    trouble_notice(lang)
    if now_phase is Phase.WISHING:
        wish_form(ctx, lang)  # the wish round: a ranked list, its answer in place of the form
    else:
        signup_form(ctx, lang, answer_only=True)  # the QR path: a stored sign-up replaces the form


@guarded
def _switch() -> None:
    target = S.get("switch_route")
    if not target or target == view.route_id:
        S.manage_message = ("info", t("switch_same", lang))
        return
    now, address = dt.datetime.now(dt.UTC), client().address
    result = store.switch(token, target, now=now, window=ctx.event.window, lang=lang, address=address)
    if result.outcome in (Outcome.CONFIRMED, Outcome.WAITLISTED):
        was = title_of(ctx, view.route_id, lang) if view.route_id else ""
        key = "result_switched" if was else "result_joined"
        S.manage_message = ("success", t(key, lang, previous=was, title=title_of(ctx, target, lang)))
    else:
        S.manage_message = outcome_message(result.outcome, title_of(ctx, target, lang), result.position, lang)
    S.pop("switch_route", None)  # the list starts from the new excursion
    changed(ctx)


@guarded
def _cancel(title: str) -> None:
    result = store.cancel_own(token, now=dt.datetime.now(dt.UTC))
    if result.outcome is Outcome.CANCELLED:
        S.manage_message = ("success", t("result_cancelled_from", lang, title=title))
    S.pop("manage_ask", None)
    changed(ctx)


@guarded
def _forget() -> None:
    if store.forget(token, now=dt.datetime.now(dt.UTC)):
        S.forgotten = True
        S.pop("my_token", None)
    S.pop("manage_ask", None)
    changed(ctx)


@guarded
def _end_others() -> None:
    ended = store.end_other_links(token, now=dt.datetime.now(dt.UTC))
    if ended is not None:
        S.manage_message = ("success", t("other_links_ended", lang, n=ended))
    changed(ctx)


def other_links() -> None:
    """Links to this sign-up other than this one: whoever holds one can change it, so the
    mailbox's owner can end them all without giving up the seat."""
    n = store.other_links(token)
    if not n:
        return
    st.caption(t("other_links_note", lang, n=n))
    st.button(
        t("other_links_end", lang), key="end_other_links", icon=":material/logout:", on_click=_end_others
    )


def ask(what: str) -> None:
    S.manage_ask = what


def route_card(route_id: str) -> None:
    route = ctx.routes.by_id()[route_id]
    tz = ctx.event.timezone
    with st.container(border=True, key="my_route"):
        st.subheader(md(route.title(lang)), anchor=False)
        st.markdown(mode_badge(route.mode, lang))
        facts = [
            (t("departure", lang), format_departure(route.departure, lang, tz)),
            (t("meeting_point", lang), route.meeting(lang)),
            (t("length", lang), format_km(route.length_m, lang)),
            (t("duration", lang), format_duration(route.duration_min, lang)),
        ]
        st.markdown("  \n".join(f"**{md(k)}:** {md(v)}" for k, v in facts))
        route_map(ctx, lang, route, label=t("manage_route_map", lang))


def manage() -> None:
    head.header(t("manage_title", lang), anchor=False)
    if S.get("forgotten"):
        st.success(t("forget_done", lang))
        return
    if view is None:
        st.error(t("bad_token", lang))
        st.page_link("app_pages/signup.py", label=t("signup_title", lang), query_params={})
        return
    S.my_token = token  # the explore page of this browser now knows where it is going
    st.subheader(md(t("manage_hello", lang, name=view.name)), anchor=False)
    trouble_notice(lang)  # a switch, cancel or wish the database could not take
    message = S.pop("manage_message", None)
    if message:
        say(*message)
    title = title_of(ctx, view.route_id, lang)
    now_phase = round_phase(ctx)
    if now_phase is not Phase.FIRST_COME and view.status is None:  # the wish round: the wishes
        my_wishes(ctx, lang, token, now_phase)
        st.divider()
        other_links()
        forget_part(S.get("manage_ask"))
        return
    if view.status is Status.CONFIRMED:
        st.success(md(f"{t('manage_status_confirmed', lang)}: {title}"))
    elif view.status is Status.WAITLISTED:
        st.warning(md(f"{t('manage_status_waiting', lang, n=view.position or 0)}: {title}"))
    else:
        st.info(t("status_none", lang))
    if view.route_id in ctx.routes.by_id():
        route_card(view.route_id)
    asking = S.get("manage_ask")
    # During the wish round seats are the draw's to give: someone an organiser placed keeps
    # theirs (and may cancel) but cannot move into a free seat before the draw.
    if now_phase is Phase.FIRST_COME and window_notice(ctx, lang, dt.datetime.now(dt.UTC)):
        snapshot = live_snapshot(ctx)
        counts = snapshot.counts
        route_ids = [r.id for r in ctx.routes.routes]
        if S.get("switch_route") not in route_ids:
            S.switch_route = view.route_id if view.route_id in route_ids else None
        with st.form("switch", border=True, enter_to_submit=False):
            st.selectbox(
                t("switch_to", lang) if view.status else t("field_excursion", lang),
                route_ids,
                format_func=lambda rid: choice_label(ctx, rid, counts, lang),
                key="switch_route",
                placeholder=t("choose_excursion", lang),
            )
            choices_marker(ctx, "switch_route", lang, snapshot.read_at)  # its seats follow the store
            st.form_submit_button(
                t("switch_button", lang) if view.status else t("submit_signup", lang), on_click=_switch
            )
    if view.status is not None:
        if asking == "cancel":
            st.warning(md(t("cancel_ask", lang, title=title)))
            with st.container(horizontal=True):
                st.button(
                    t("cancel_yes", lang), type="primary", key="cancel_yes", on_click=_cancel, args=(title,)
                )
                st.button(t("keep_seat", lang), key="cancel_no", on_click=ask, args=("",))
        else:
            st.button(t("cancel_button", lang), key="cancel_ask", on_click=ask, args=("cancel",))
    st.divider()
    other_links()
    forget_part(asking)


def forget_part(asking: str | None) -> None:
    if asking == "forget":
        st.warning(t("forget_ask", lang))
        with st.container(horizontal=True):
            st.button(t("forget_yes", lang), type="primary", key="forget_yes", on_click=_forget)
            st.button(t("keep_data", lang), key="forget_no", on_click=ask, args=("",))
    else:
        st.button(
            t("forget_button", lang),
            key="forget_ask",
            icon=":material/delete:",
            on_click=ask,
            args=("forget",),
        )


if token:
    manage()
else:
    signup_page()
st.page_link("app_pages/explore.py", label=t("back_to_map", lang), icon=":material/map:")
