"""Sign up for an excursion; with ?token=… see, switch or cancel your own sign-up."""

import datetime as dt

import streamlit as st

from excursions.i18n import outcome_message, t
from excursions.signups import Status
from excursions.text import escape_markdown as md
from excursions.ui.context import clear_counts, get_store, language_switch, live_counts, load_context
from excursions.ui.signup_form import choice_label, preselect, say, signup_form, title_of, window_notice

ctx = load_context()
store = get_store(ctx)
S = st.session_state
now = dt.datetime.now(dt.UTC)

counts = live_counts(ctx)  # once per run: the excursion list labels every option with it
head, switch = st.columns([4, 1], vertical_alignment="center")
with switch:
    lang = language_switch(ctx)


def signup_page() -> None:
    head.header(t("signup_title", lang), anchor=False)
    st.caption(t("signup_intro", lang))
    wanted = st.query_params.get("route")
    if wanted != S.get("_signup_link_route"):  # a new link: its excursion, once
        S._signup_link_route = wanted
        preselect(ctx, wanted)
    page_form()


@st.fragment
def page_form() -> None:
    signup_form(ctx, lang)


def manage(token: str) -> None:
    head.header(t("manage_title", lang), anchor=False)
    view = store.participant(token)
    if view is None:
        st.error(t("bad_token", lang))
        st.page_link("app_pages/signup.py", label=t("signup_title", lang), query_params={})
        return
    st.subheader(md(t("manage_hello", lang, name=view.name)), anchor=False)
    if view.status is Status.CONFIRMED:
        st.success(md(t("status_confirmed", lang, title=title_of(ctx, view.route_id, lang))))
    elif view.status is Status.WAITLISTED:
        st.warning(
            md(t("status_waitlisted", lang, n=view.position, title=title_of(ctx, view.route_id, lang)))
        )
    else:
        st.info(t("status_none", lang))
    message = S.pop("manage_message", None)
    if message:
        say(*message)
    if window_notice(ctx, lang, now):
        others = [r.id for r in ctx.routes.routes if r.id != view.route_id]
        with st.form("switch", border=True):
            target = st.selectbox(
                t("switch_to", lang),
                others,
                format_func=lambda rid: choice_label(ctx, rid, counts, lang),
                key="switch_route",
            )
            if st.form_submit_button(t("switch_button", lang)):
                result = store.switch(token, target, now=now, window=ctx.event.window)
                S.manage_message = outcome_message(
                    result.outcome, title_of(ctx, target, lang), result.position, lang
                )
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
