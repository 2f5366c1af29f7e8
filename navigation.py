"""Page setup and navigation: every page of the app runs this first (dashboard.py serves it)."""

import html

import streamlit as st

from excursions.i18n import t
from excursions.ui.context import current_language, load_context, pace_runs, stylesheet
from excursions.ui.trouble import shielded, trouble_notice

pace_runs()  # a flood of rerun requests waits here, a person never does
# Database trouble anywhere in a page shows one sentence, never a traceback (ui/trouble.py).
with shielded(lambda: current_language("da")):
    ctx = load_context()
    st.set_page_config(
        page_title=f"{t('app_title', ctx.lang)} · {ctx.event.name(ctx.lang) or t('first_title', ctx.lang)}",
        page_icon="🗺️",
        layout="wide",
    )
    st.html(stylesheet("app.css"))
    # Shown by app.css only while the connection is down (in place of Streamlit's dialog).
    st.html(f"<div class='app-reconnecting' role='status'>{html.escape(t('reconnecting', ctx.lang))}</div>")
    trouble_notice(ctx.lang)  # an action of the last run could not be saved
    first = ctx.event.unset  # no event yet: the app opens on the organiser's walk-through
    explore = st.Page(
        "app_pages/explore.py", title=t("nav_explore", ctx.lang), url_path="explore", default=not first
    )
    signup = st.Page("app_pages/signup.py", title=t("nav_signup", ctx.lang), url_path="signup")
    organiser = st.Page(
        "app_pages/organiser.py", title=t("nav_organiser", ctx.lang), url_path="organiser", default=first
    )
    kickoff = st.Page("app_pages/kickoff.py", title="Kickoff", url_path="kickoff")
    st.navigation([explore, signup, organiser, kickoff], position="hidden").run()
