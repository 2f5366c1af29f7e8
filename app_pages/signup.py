"""Sign up for an excursion; with ?token=… see, switch or cancel your own sign-up."""

import datetime as dt

import streamlit as st

from excursions.i18n import format_departure, outcome_message, seats_text, t
from excursions.signups import InputError, Status, WindowState, clean_participant, window_state
from excursions.text import escape_markdown as md
from excursions.ui.context import (
    clear_counts,
    get_store,
    language_switch,
    live_counts,
    load_context,
    page_base_url,
)

ctx = load_context()
store = get_store(ctx)
by_id = ctx.routes.by_id()
tz = ctx.event.timezone
S = st.session_state
now = dt.datetime.now(dt.UTC)

counts = live_counts(ctx)  # once per run: the excursion list labels every option with it
head, switch = st.columns([4, 1], vertical_alignment="center")
with switch:
    lang = language_switch(ctx)


def title_of(route_id: str | None) -> str:
    route = by_id.get(route_id or "")
    return route.title(lang) if route else (route_id or "")


def choice_label(route_id: str, seats_now: dict | None = None) -> str:
    c = (seats_now or counts).get(route_id)
    seats = f" – {seats_text(c.free, c.capacity, c.waitlisted, lang)}" if c else ""
    return f"{title_of(route_id)}{seats}"


def say(level: str, text: str) -> None:
    getattr(st, level)(md(text))


def window_notice(now: dt.datetime = now) -> bool:
    """Show the sign-up window's state; True when sign-up is open."""
    w = ctx.event.window
    state = window_state(w, now)
    if state is WindowState.NOT_YET_OPEN:
        st.warning(t("window_not_yet", lang, when=format_departure(w.opens, lang, tz)))
    elif state is WindowState.CLOSED:
        st.error(t("window_closed", lang, when=format_departure(w.closes, lang, tz)))
    elif w.keep_open and now >= w.closes:
        st.caption(t("window_demo", lang, when=format_departure(w.closes, lang, tz)))
    return state is WindowState.OPEN


def show_result() -> None:
    result = S.get("signup_result")
    if not result:
        return
    say(*outcome_message(result.outcome, title_of(result.route_id), result.position, lang))
    if result.token:
        link = f"{page_base_url()}signup?token={result.token}"
        st.markdown(t("personal_link", lang))
        st.code(link, language=None, wrap_lines=True)
        st.markdown(f":material/link: [{md(t('open_personal_link', lang))}]({link})")


def signup_page() -> None:
    head.header(t("signup_title", lang), anchor=False)
    st.caption(t("signup_intro", lang))
    signup_form()


@st.fragment
def signup_form() -> None:
    """The form and its answer. A fragment: sending the form reruns only this part, the
    cheapest run the server can do when three hundred phones sign up within a minute."""
    now = dt.datetime.now(dt.UTC)  # not the page's: a fragment rerun keeps the page's variables
    if not window_notice(now):
        return
    seats_now = live_counts(ctx)
    route_ids = [r.id for r in ctx.routes.routes]
    wanted = st.query_params.get("route")
    with st.form("signup", border=True):
        name = st.text_input(t("field_name", lang), key="f_name", autocomplete="name")
        email = st.text_input(t("field_email", lang), key="f_email", autocomplete="email")
        organisation = st.text_input(t("field_organisation", lang), key="f_org", autocomplete="organization")
        route_id = st.selectbox(
            t("field_excursion", lang),
            route_ids,
            format_func=lambda rid: choice_label(rid, seats_now),
            key="f_route",
            index=route_ids.index(wanted) if wanted in route_ids else 0,
        )
        consent = st.checkbox(t("consent", lang), key="f_consent")
        submitted = st.form_submit_button(t("submit_signup", lang), type="primary")
    if submitted:
        S.pop("signup_result", None)
        try:
            person = clean_participant(email, name, organisation)
        except InputError as exc:
            st.error(f"{t('field_' + exc.field, lang)}: {t('input_' + exc.code, lang, **exc.values)}")
            return
        if not consent:
            st.error(t("consent_missing", lang))
            return
        S.signup_result = store.signup(person, route_id, now=now, window=ctx.event.window)
        clear_counts()
    show_result()


def manage(token: str) -> None:
    head.header(t("manage_title", lang), anchor=False)
    view = store.participant(token)
    if view is None:
        st.error(t("bad_token", lang))
        st.page_link("app_pages/signup.py", label=t("signup_title", lang), query_params={})
        return
    st.subheader(md(t("manage_hello", lang, name=view.name)), anchor=False)
    if view.status is Status.CONFIRMED:
        st.success(md(t("status_confirmed", lang, title=title_of(view.route_id))))
    elif view.status is Status.WAITLISTED:
        st.warning(md(t("status_waitlisted", lang, n=view.position, title=title_of(view.route_id))))
    else:
        st.info(t("status_none", lang))
    message = S.pop("manage_message", None)
    if message:
        say(*message)
    if window_notice():
        others = [r.id for r in ctx.routes.routes if r.id != view.route_id]
        with st.form("switch", border=True):
            target = st.selectbox(t("switch_to", lang), others, format_func=choice_label, key="switch_route")
            if st.form_submit_button(t("switch_button", lang)):
                result = store.switch(token, target, now=now, window=ctx.event.window)
                S.manage_message = outcome_message(result.outcome, title_of(target), result.position, lang)
                clear_counts()
                st.rerun()
    if view.status is not None:
        with st.form("cancel", border=True):
            sure = st.checkbox(t("cancel_confirm", lang), key="cancel_sure")
            if st.form_submit_button(t("cancel_button", lang)) and sure:
                result = store.cancel(view.email, now=now)
                S.manage_message = outcome_message(result.outcome, "", None, lang)
                clear_counts()
                st.rerun()


token = st.query_params.get("token")
if token:
    manage(token)
else:
    signup_page()
st.page_link("app_pages/explore.py", label=t("back_to_map", lang), icon=":material/map:")
