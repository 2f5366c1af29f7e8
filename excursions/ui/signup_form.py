"""The sign-up form: on the sign-up page, and in a dialog over the map on the explore page."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from excursions.i18n import format_departure, outcome_message, seats_text, t
from excursions.signups import InputError, WindowState, clean_participant, window_state
from excursions.store import RouteCount
from excursions.text import escape_markdown as md
from excursions.ui.context import AppContext, get_store, live_counts, page_base_url


def title_of(ctx: AppContext, route_id: str | None, lang: str) -> str:
    route = ctx.routes.by_id().get(route_id or "")
    return route.title(lang) if route else (route_id or "")


def choice_label(ctx: AppContext, route_id: str, counts: dict[str, RouteCount], lang: str) -> str:
    c = counts.get(route_id)
    seats = f" – {seats_text(c.free, c.capacity, c.waitlisted, lang)}" if c else ""
    return f"{title_of(ctx, route_id, lang)}{seats}"


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


def show_result(ctx: AppContext, lang: str) -> None:
    """The answer to this session's last sign-up, with its personal link."""
    result = st.session_state.get("signup_result")
    if not result:
        return
    say(*outcome_message(result.outcome, title_of(ctx, result.route_id, lang), result.position, lang))
    if result.token:
        link = f"{page_base_url()}signup?token={result.token}"
        st.markdown(t("personal_link", lang))
        st.code(link, language=None, wrap_lines=True)
        st.markdown(f":material/link: [{md(t('open_personal_link', lang))}]({link})")


def preselect(ctx: AppContext, route_id: str | None) -> None:
    """Make `route_id` the form's excursion: the one the participant came from."""
    if route_id in ctx.routes.by_id():
        st.session_state["f_route"] = route_id


FIELDS = ("f_name", "f_email", "f_org")  # the typed fields, in the form's order


def _send(ctx: AppContext, lang: str) -> None:
    """The form's button callback: check and store the sign-up before the run draws anything,
    so the run can show the answer without the form (see signup_form's answer_only)."""
    S = st.session_state
    S.pop("signup_result", None)
    S.pop("signup_error", None)
    try:
        name, email, organisation = (S.get(k, "") for k in FIELDS)
        person = clean_participant(email, name, organisation)
    except InputError as exc:
        S.signup_error = f"{t('field_' + exc.field, lang)}: {t('input_' + exc.code, lang, **exc.values)}"
        return
    if not S.get("f_consent"):
        S.signup_error = t("consent_missing", lang)
        return
    # No clear_counts(): the seats shown are at most a second old anyway (live_counts),
    # and clearing them for every sign-up of a rush made every page re-read them.
    now = dt.datetime.now(dt.UTC)
    S.signup_result = get_store(ctx).signup(person, S.f_route, now=now, window=ctx.event.window)
    S.signup_person = {k: S.get(k, "") for k in FIELDS}  # for the next time the form is drawn


def signup_form(ctx: AppContext, lang: str, *, answer_only: bool = False) -> None:
    """The form and its answer, with the current seats (see preselect).

    Call it in a fragment (or a dialog, which is one): sending the form then reruns only
    this part, the cheapest run the server can do when hundreds of phones sign up at once.
    With answer_only (the dialog), a stored sign-up shows its answer in place of the form:
    the dialog has done its job, and the run draws four elements instead of twelve.
    """
    S = st.session_state
    if answer_only and S.get("signup_result") and S.signup_result.token:
        show_result(ctx, lang)
        return
    now = dt.datetime.now(dt.UTC)
    if not window_notice(ctx, lang, now):
        return
    seats_now = live_counts(ctx)
    route_ids = [r.id for r in ctx.routes.routes]
    if S.get("f_route") not in route_ids:
        S.f_route = route_ids[0]
    for k, v in S.get("signup_person", {}).items():  # typed before; the form was not drawn since
        S.setdefault(k, v)
    with st.form("signup", border=True):
        st.text_input(t("field_name", lang), key="f_name", autocomplete="name")
        st.text_input(t("field_email", lang), key="f_email", autocomplete="email")
        st.text_input(t("field_organisation", lang), key="f_org", autocomplete="organization")
        st.selectbox(
            t("field_excursion", lang),
            route_ids,
            format_func=lambda rid: choice_label(ctx, rid, seats_now, lang),
            key="f_route",
        )
        st.checkbox(t("consent", lang), key="f_consent")
        st.form_submit_button(t("submit_signup", lang), type="primary", on_click=_send, args=(ctx, lang))
    error = S.pop("signup_error", None)
    if error:
        st.error(error)
        return
    show_result(ctx, lang)
