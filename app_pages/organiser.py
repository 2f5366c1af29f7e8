"""Organisers: live fill-up, sign-ups over time, participants, import, export, check-in.

Everything below the password form shows personal data, so nothing renders before it.
The tabs live in excursions/ui/organiser/, one module each.
"""

import datetime as dt

import streamlit as st

from excursions.i18n import format_date, t
from excursions.limits import Attempt
from excursions.privacy import date_passed, purge_due
from excursions.ui.auth import logout_button, require_organiser
from excursions.ui.context import get_store, language_switch, load_context
from excursions.ui.live_seats import follow_seats
from excursions.ui.organiser import Desk
from excursions.ui.organiser.alarms import signup_alarms
from excursions.ui.organiser.archive_tab import archive_tab
from excursions.ui.organiser.checkin import checkin_tab, checkin_view
from excursions.ui.organiser.draw_tab import draw_tab
from excursions.ui.organiser.event_tab import event_tab
from excursions.ui.organiser.export_tab import export_tab
from excursions.ui.organiser.fillup_tab import fillup_tab
from excursions.ui.organiser.first_event import first_event, next_step
from excursions.ui.organiser.import_tab import import_tab
from excursions.ui.organiser.mail import mail_tab, purge_tab
from excursions.ui.organiser.people_tab import people_tab
from excursions.ui.organiser.ready import ready_panel
from excursions.ui.organiser.routes_tab import routes_tab
from excursions.ui.overview_panel import overview_panel
from excursions.ui.trouble import shielded

ctx = load_context()
head, switch = st.columns([4, 1], vertical_alignment="center")
with switch:
    lang = language_switch(ctx)
head.header(t("org_title", lang), anchor=False)

TABS = (
    ("tab_overview", lambda desk: overview_tab()),
    ("tab_fillup", fillup_tab),
    ("tab_people", people_tab),
    ("tab_import", import_tab),
    ("tab_export", export_tab),
    ("tab_draw", draw_tab),
    ("tab_checkin", checkin_tab),
    ("tab_routes", routes_tab),
    ("tab_event", event_tab),
    ("tab_archive", archive_tab),
    ("org_tab_mail", lambda desk: mail_tab(desk.ctx, desk.lang)),
    ("purge_heading", lambda desk: purge_tab(desk.ctx, desk.lang)),
)


# The overview's numbers follow the seat feed without a run (follow_seats in overview_tab); its own
# timed run is the fallback, as on the participants' pages.
@st.fragment(run_every=ctx.settings.refresh_seconds)
@shielded(lambda: lang)
def live_overview() -> None:
    overview_panel(ctx, lang)


def overview_tab() -> None:
    """The follower only where its numbers are shown (outside the fragment: its timed
    fallback run does not restart it)."""
    follow_seats(ctx, lang, view="overview")
    live_overview()


def organiser_page() -> None:
    """Everything behind the password: only called once the password was given."""
    with switch:
        logout_button(ctx, lang)
    desk = Desk(ctx, lang, get_store(ctx))
    if ctx.event.unset:  # an empty installation: make the first event, then the rest
        first_event(desk)
        return
    checkin_route = st.query_params.get("checkin")
    if checkin_route in desk.by_id:  # a guide's phone at departure
        checkin_view(desk, checkin_route)
        return
    ready_panel(desk)  # the ready-check, until everything is green
    next_step(desk)  # a new event without excursions: where to add them
    now = dt.datetime.now(dt.UTC)
    # The database is asked only once the date has passed (this runs on every organiser page).
    if date_passed(ctx.event, now) and purge_due(ctx.event, desk.store.purged_at(), now):
        when = format_date(ctx.event.delete_personal_data_after, lang)
        st.warning(t("purge_due", lang, date=when), icon=":material/delete:")
    if ctx.routes.problems:
        st.error(t("org_bad_files", lang, n=len(ctx.routes.problems)), icon=":material/report:")
        st.code("\n".join(str(p) for p in ctx.routes.problems), language=None, wrap_lines=True)
    refused, sessions = desk.store.refused_tries(Attempt.SIGNUP, since=now - dt.timedelta(hours=1))
    if refused:
        st.warning(t("org_too_fast", lang, n=refused, sessions=sessions), icon=":material/speed:")
    signup_alarms(desk)  # many accepted sign-ups from one browser or address
    # Lazy tabs (on_change="rerun"): a run draws only the open tab, so an organiser who
    # watches the overview does not pay for the fill-up replay, charts and tables too.
    tabs = st.tabs([t(key, lang) for key, _ in TABS], key="org_tab", on_change="rerun")
    for tab, (_, draw) in zip(tabs, TABS, strict=True):
        with tab:
            if tab.open:
                draw(desk)


if require_organiser(ctx, lang):
    organiser_page()
