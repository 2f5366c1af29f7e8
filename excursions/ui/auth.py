"""The organiser gate: a password form in front of every page that shows personal data."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import quote

import streamlit as st

from excursions import passes, services
from excursions.access import LoginState, PasswordCheck
from excursions.i18n import t
from excursions.memo import memo
from excursions.store import Store
from excursions.ui.context import AppContext, client, get_store
from excursions.ui.trouble import guarded, trouble_notice


@memo(maxsize=1)
def _checker() -> PasswordCheck:
    """Shared by every session of this process: a password that passed costs one scrypt."""
    return PasswordCheck()


def _secret(ctx: AppContext) -> bytes:
    return _passes(ctx).secret(passes.SECRET, dt.datetime.now(dt.UTC))


def _passes(ctx: AppContext) -> Store:
    """Where the organiser pass's key and the spent passes are: the installation's database,
    so a log-in outlives the switch to a new event."""
    return services.installation_store(ctx.settings)


def _pass_request(body: str) -> None:
    """The browser POSTs to the organiser-pass address (excursions/web/organiser_pass.py),
    which sets or clears the HttpOnly cookie. A POST body, not a query string: a ticket never
    stands in an address (a log line, a proxy's, the browser's history)."""
    # Once per body: Streamlit may run the element's script again when it redraws the page,
    # and a ticket is good for one swap only.
    script = (
        "(() => { const sent = (window.excursionsPassSent ||= new Set()); "
        f"const body = {json.dumps(body)}; if (sent.has(body)) return; sent.add(body); "
        f"fetch({json.dumps(passes.PATH)}, {{method: 'POST', credentials: 'same-origin', "
        "headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body}); })();"
    )
    with st.container(key="organiser_pass"):  # hidden by static/app.css
        st.html(f"<script>{script}</script>", unsafe_allow_javascript=True)


def require_organiser(ctx: AppContext, lang: str) -> bool:
    """True when this session has given the organiser password, or the browser brings a
    valid organiser pass (a reconnect after a restart); otherwise shows the form."""
    S = st.session_state
    stored = ctx.settings.organiser_password_hash
    if not stored:
        st.warning(t("org_no_password", lang))
        return False
    mark = passes.fingerprint(stored)  # a changed password logs everyone out
    if S.get("organiser") == mark:
        ticket = S.pop("organiser_ticket", None)
        if ticket:  # swapped for the cookie at once: the log-in outlives this session
            _pass_request(f"ticket={quote(ticket)}")
        return True
    cookie = st.context.cookies.get(passes.COOKIE)
    now = dt.datetime.now(dt.UTC)
    if (
        cookie
        and not S.get("organiser_left")
        and passes.valid(cookie, _secret(ctx), passes.Purpose.COOKIE, mark, now=now)
        and not _passes(ctx).pass_spent(cookie)  # logged out, maybe in another browser tab
    ):
        S["organiser"] = mark
        return True
    if S.pop("organiser_forget", False):
        _pass_request("logout=1")
    with st.form("login", enter_to_submit=False):  # no "Press Enter to submit form" in English
        st.text_input(t("org_password", lang), type="password", key="org_password")
        st.form_submit_button(t("org_login", lang), type="primary", on_click=_log_in, args=(ctx, stored))
    trouble_notice(lang, "login", "store_trouble_action")
    failed = st.session_state.pop("org_login_failed", None)
    if failed is not None and failed[0] is LoginState.WAIT:
        st.error(t("org_wait", lang, n=failed[1]))
    elif failed is not None:
        st.error(t("org_wrong", lang))
    return False


@guarded(place="login")
def _log_in(ctx: AppContext, stored: str) -> None:
    """Checked in the button's callback, before the page runs: a right password shows the
    organiser page in the same run (no second run just to get rid of the form). Every try
    takes a slot of this client's limit first (in the database, so concurrent guesses and
    other processes count too); a right password gives its slot back."""
    store = get_store(ctx)
    wait, ticket = store.try_login(client(), now=dt.datetime.now(dt.UTC))
    if wait:
        st.session_state["org_login_failed"] = (LoginState.WAIT, wait)
        return
    state = _checker().check(st.session_state.get("org_password", ""), stored)
    if state is LoginState.OK:
        store.login_passed(ticket)
        now = dt.datetime.now(dt.UTC)
        mark = passes.fingerprint(stored)
        st.session_state["organiser"] = mark
        st.session_state["organiser_ticket"] = passes.issue(
            _secret(ctx), passes.Purpose.TICKET, mark, now=now
        )
        st.session_state.pop("organiser_left", None)
        st.session_state.pop("org_password", None)  # no password left in the session
    else:
        st.session_state["org_login_failed"] = (state, 0)


def logout_button(ctx: AppContext, lang: str) -> None:
    if st.button(t("org_logout", lang), key="org_logout", icon=":material/logout:"):
        cookie = st.context.cookies.get(passes.COOKIE)
        if isinstance(cookie, str) and cookie:  # ended for good, not only forgotten by this browser
            now = dt.datetime.now(dt.UTC)
            _passes(ctx).spend_pass(cookie, passes.expiry(cookie) or now, now=now)
        st.session_state.pop("organiser", None)
        st.session_state["organiser_left"] = True  # this session's cookie no longer counts
        st.session_state["organiser_forget"] = True  # and the browser is told to drop it
        st.rerun()
