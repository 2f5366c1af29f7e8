"""The sign-up form, the "you are signed up" panel and the lost-link box.

Used on the sign-up page and in the dialog over the map. A browser that signed up keeps
its personal link in the session (``my_token``): the explore page then says where it is
going, and the dialog shows that sign-up with "switch" and "cancel" instead of an empty form.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from excursions.i18n import format_date, format_departure, format_time, outcome_message, seats_text, t
from excursions.links import link_base, personal_link
from excursions.model import ParticipantView, RouteCount
from excursions.signups import InputError, Outcome, Status, WindowState, clean_participant, window_state
from excursions.text import escape_markdown as md
from excursions.throttle import LinkRequest
from excursions.ui.context import (
    AppContext,
    changed,
    client,
    get_store,
    live_snapshot,
    load_context,
    page_base_url,
)
from excursions.ui.live_seats import choices_marker
from excursions.ui.trouble import guarded, trouble_notice
from excursions.ui.widgets import in_view

FIELDS = ("f_name", "f_email", "f_org")  # the typed fields, in the form's order


def title_of(ctx: AppContext, route_id: str | None, lang: str) -> str:
    route = ctx.routes.by_id().get(route_id or "")
    return route.title(lang) if route else (route_id or "")


CHOICE_SEPARATOR = " · "  # between the seats and the title; seats texts never contain it


def choice_label(ctx: AppContext, route_id: str, counts: dict[str, RouteCount], lang: str) -> str:
    """ "33 af 40 ledige · Korup …": the seats first, so a narrow box cuts the title, never the
    count (live_seats.choices_marker and seats.js read the label the same way)."""
    c = counts.get(route_id)
    seats = f"{seats_text(c.free, c.capacity, c.waitlisted, lang)}{CHOICE_SEPARATOR}" if c else ""
    return f"{seats}{title_of(ctx, route_id, lang)}"


def say(level: str, text: str) -> None:
    getattr(st, level)(md(text))


def window_notice(ctx: AppContext, lang: str, now: dt.datetime) -> bool:
    """Show the sign-up window's state; True when sign-up is open."""
    w = ctx.event.window
    tz = ctx.event.timezone
    state = window_state(w, now)
    if state is WindowState.NOT_YET_OPEN:
        st.warning(t("window_not_yet", lang, when=format_departure(w.opens, lang, tz)))
    elif state is WindowState.CLOSED:
        st.error(t("window_closed", lang, when=format_departure(w.closes, lang, tz)))
    elif w.keep_open and now >= w.closes:
        st.caption(t("window_demo", lang, when=format_departure(w.closes, lang, tz)))
    return state is WindowState.OPEN


def personal_url(token: str, lang: str) -> str:
    public_url = load_context().event.public_url
    return personal_link(link_base(public_url, page_base_url()), token, lang)


def consent_text(ctx: AppContext, lang: str) -> str:
    after = ctx.event.delete_personal_data_after
    return t("consent_dated", lang, date=format_date(after, lang)) if after else t("consent", lang)


# --- this browser's own sign-up ---------------------------------------------------------------


def my_signup(ctx: AppContext) -> ParticipantView | None:
    """The sign-up this browser made (or opened through its link), as it stands now."""
    token = st.session_state.get("my_token")
    return get_store(ctx).participant(token) if token else None


def status_line(ctx: AppContext, view: ParticipantView, lang: str) -> str:
    route = ctx.routes.by_id().get(view.route_id or "")
    if route is None:
        return t("status_none", lang)
    facts = {
        "title": route.title(lang),
        "time": format_time(route.departure, ctx.event.timezone),
        "place": route.meeting(lang),
    }
    if view.status is Status.WAITLISTED:
        return t("you_are_waiting", lang, n=view.position or 0, **facts)
    return t("you_are_signed_up", lang, **facts)


def signed_up_banner(ctx: AppContext, lang: str) -> None:
    """Above the map: where this browser is going, with its personal link."""
    view = my_signup(ctx)
    if view is None or view.status is None:
        return
    with st.container(key="my_signup_banner"):
        level = "success" if view.status is Status.CONFIRMED else "warning"
        text = status_line(ctx, view, lang)
        link = personal_url(st.session_state.my_token, lang)
        getattr(st, level)(f"{md(text)}  \n:material/link: [{md(t('your_link', lang))}]({link})")


@guarded
def _switch_here(ctx: AppContext, lang: str, route_id: str) -> None:
    S = st.session_state
    now = dt.datetime.now(dt.UTC)
    result = get_store(ctx).switch(
        S.my_token, route_id, now=now, window=ctx.event.window, lang=lang, address=client().address
    )
    S.panel_message = outcome_message(result.outcome, title_of(ctx, route_id, lang), result.position, lang)
    changed(ctx)


@guarded
def _cancel_mine(ctx: AppContext, lang: str, title: str) -> None:
    S = st.session_state
    get_store(ctx).cancel_own(S.my_token, now=dt.datetime.now(dt.UTC))
    S.panel_message = ("success", t("result_cancelled_from", lang, title=title))
    S.pop("panel_cancel_asked", None)
    changed(ctx)


def my_signup_panel(ctx: AppContext, lang: str, route_id: str | None, view: ParticipantView) -> None:
    """The dialog for a browser that has signed up: its sign-up, switch here, cancel."""
    S = st.session_state
    message = S.pop("panel_message", None)
    if message:
        say(*message)
    if view.status is None:
        st.info(t("status_none", lang))
    else:
        say("success" if view.status is Status.CONFIRMED else "warning", status_line(ctx, view, lang))
    st.markdown(f":material/link: [{md(t('open_personal_link', lang))}]({personal_url(S.my_token, lang)})")
    open_now = window_notice(ctx, lang, dt.datetime.now(dt.UTC))
    with st.container(horizontal=True):
        if open_now and route_id and route_id != view.route_id and route_id in ctx.routes.by_id():
            here = title_of(ctx, route_id, lang)
            label = t("switch_here", lang, title=here) if view.status else t("signup_cta", lang)
            st.button(
                label, type="primary", key="panel_switch", on_click=_switch_here, args=(ctx, lang, route_id)
            )
        if view.status is not None and not S.get("panel_cancel_asked"):
            st.button(
                t("cancel_button", lang),
                key="panel_cancel",
                on_click=lambda: S.__setitem__("panel_cancel_asked", True),
            )
    if view.status is not None and S.get("panel_cancel_asked"):
        title = title_of(ctx, view.route_id, lang)
        st.warning(md(t("cancel_ask", lang, title=title)))
        with st.container(horizontal=True):
            st.button(
                t("cancel_yes", lang),
                type="primary",
                key="panel_cancel_yes",
                on_click=_cancel_mine,
                args=(ctx, lang, title),
            )
            st.button(
                t("keep_seat", lang),
                key="panel_cancel_no",
                on_click=lambda: S.pop("panel_cancel_asked", None),
            )


# --- the form ---------------------------------------------------------------------------------


def show_result(ctx: AppContext, lang: str) -> None:
    """The answer to this session's last sign-up, with its personal link."""
    result = st.session_state.get("signup_result")
    if not result:
        return
    if result.outcome is Outcome.NOT_REGISTERED:
        not_registered(ctx, lang)
        return
    say(*outcome_message(result.outcome, title_of(ctx, result.route_id, lang), result.position, lang))
    if result.token:
        email = st.session_state.get("signup_person", {}).get("f_email", "").strip()
        link_block(result.token, email, lang, note="mail_sent_note", heading="personal_link")


def not_registered(ctx: AppContext, lang: str) -> None:
    """Sign-up is for registered participants only, and this address is not one of them."""
    contact = ctx.event.contact_address
    key = "result_not_registered" if contact else "result_not_registered_nocontact"
    st.error(md(t(key, lang, contact=contact)))


def link_block(token: str, email: str, lang: str, *, note: str, heading: str) -> None:
    """Where the mail went, and the personal link to keep (a sign-up's or a wish list's)."""
    if email:
        st.caption(md(t(note, lang, email=email)))
    link = personal_url(token, lang)
    st.markdown(t(heading, lang))
    st.code(link, language=None, wrap_lines=True)
    st.markdown(f":material/link: [{md(t('open_personal_link', lang))}]({link})")


def preselect(ctx: AppContext, route_id: str | None) -> None:
    """Make `route_id` the form's excursion: the one the participant picked on the map."""
    if route_id in ctx.routes.by_id():
        st.session_state["f_route"] = route_id


@guarded
def _send(ctx: AppContext, lang: str) -> None:
    """The form's button callback: check and store the sign-up before the run draws anything,
    so the run can show the answer without the form (see signup_form's answer_only)."""
    S = st.session_state
    S.pop("signup_result", None)
    S.pop("signup_error", None)
    try:
        name, email, organisation = (S.get(k, "") for k in FIELDS)
        person = clean_participant(email, name, organisation, lang)
    except InputError as exc:
        S.signup_error = f"{t(f'field_{exc.field}', lang)}: {t(f'input_{exc.code}', lang, **exc.values)}"
        return
    if not S.get("f_route"):  # nothing stored: a phone must not sign up for a trip nobody picked
        S.signup_error = t("result_no_route_chosen", lang)
        return
    if not S.get("f_consent"):
        S.signup_error = t("consent_missing", lang)
        return
    now = dt.datetime.now(dt.UTC)
    result = get_store(ctx).signup(
        person,
        S.f_route,
        now=now,
        window=ctx.event.window,
        registered_only=ctx.settings.signup_registered_only,
        client=client(),
    )
    S.signup_result = result
    S.signup_person = {k: S.get(k, "") for k in FIELDS}  # for the next time the form is drawn
    S.signup_route = S.f_route
    if result.token:
        S.my_token = result.token
    changed(ctx)


def _another() -> None:
    """'Sign up someone else': the form again, empty but for the excursion."""
    S = st.session_state
    S.pop("signup_result", None)
    S.pop("signup_person", None)
    for key in (*FIELDS, "f_consent"):
        S.pop(key, None)
    if S.get("signup_route"):  # the form was not drawn meanwhile, so Streamlit forgot its choice
        S.f_route = S.signup_route


def signup_form(ctx: AppContext, lang: str, *, answer_only: bool = False) -> None:
    """The form and its answer, with the current seats (see preselect).

    Call it in a fragment (or a dialog, which is one): sending the form then reruns only
    this part, the cheapest run the server can do when hundreds of phones sign up at once.
    With answer_only (the dialog and /signup), a stored sign-up shows its answer in place of
    the form: its job is done, a second tap cannot send it again, and the run draws four
    elements instead of twelve. Any other answer (a field to mend, "already signed up") is
    drawn right under the button and scrolled into view.
    """
    S = st.session_state
    if answer_only and S.get("signup_result") and S.signup_result.token:
        with st.container(key="signup_answer"):
            show_result(ctx, lang)
            st.button(t("signup_another", lang), key="signup_another", on_click=_another)
        in_view("signup_answer")
        return
    now = dt.datetime.now(dt.UTC)
    if not window_notice(ctx, lang, now):
        return
    snapshot = live_snapshot(ctx)
    seats_now = snapshot.counts
    route_ids = [r.id for r in ctx.routes.routes]
    if S.get("f_route") is not None and S.get("f_route") not in route_ids:
        S.f_route = None
    for k, v in S.get("signup_person", {}).items():  # typed before; the form was not drawn since
        S.setdefault(k, v)
    with st.form("signup", border=True, enter_to_submit=False):  # the button sends (a phone's Enter moves on)
        st.text_input(t("field_name", lang), key="f_name", autocomplete="name")
        st.text_input(t("field_email", lang), key="f_email", autocomplete="email")
        st.text_input(t("field_organisation", lang), key="f_org", autocomplete="organization")
        st.selectbox(
            t("field_excursion", lang),
            route_ids,
            format_func=lambda rid: choice_label(ctx, rid, seats_now, lang),
            key="f_route",
            placeholder=t("choose_excursion", lang),
            **({} if "f_route" in S else {"index": None}),
        )
        choices_marker(ctx, "f_route", lang, snapshot.read_at)  # its seats follow the store
        st.checkbox(consent_text(ctx, lang), key="f_consent")
        st.form_submit_button(t("submit_signup", lang), type="primary", on_click=_send, args=(ctx, lang))
    error = S.pop("signup_error", None)
    if error or S.get("signup_result"):
        with st.container(key="signup_answer"):
            if error:
                st.error(md(error))
            else:
                show_result(ctx, lang)
        in_view("signup_answer")


# --- lost link --------------------------------------------------------------------------------


@guarded(place="lost_link")
def _ask_link(ctx: AppContext, lang: str) -> None:
    S = st.session_state
    email = S.get("lost_email", "")
    try:
        person = clean_participant(email, "-", "")
    except InputError as exc:
        S.lost_answer = ("error", f"{t('field_email', lang)}: {t(f'input_{exc.code}', lang, **exc.values)}")
        return
    who = client()
    answer = get_store(ctx).request_link(
        person.email, now=dt.datetime.now(dt.UTC), session=who.session, ip=who.address
    )
    if answer is LinkRequest.SENT:
        S.lost_answer = ("info", t("lost_link_sent", lang, email=person.email))
        changed(ctx)
    elif answer is LinkRequest.HELD:
        S.lost_answer = ("warning", t("lost_link_held", lang, email=person.email))
    else:
        S.lost_answer = ("warning", t("lost_link_throttled", lang))


def lost_link_box(ctx: AppContext, lang: str) -> None:
    """'Lost your link?': the same answer whether or not the address is signed up."""
    with st.expander(t("lost_link_title", lang), icon=":material/mail:", key="lost_link"):
        st.caption(t("lost_link_intro", lang))
        with st.form("lost_link_form", border=False, enter_to_submit=False):
            st.text_input(t("field_email", lang), key="lost_email", autocomplete="email")
            st.form_submit_button(t("lost_link_button", lang), on_click=_ask_link, args=(ctx, lang))
        trouble_notice(lang, "lost_link", "store_trouble_action")
        answer = st.session_state.pop("lost_answer", None)
        if answer:
            say(*answer)
