"""What every page needs: settings, the event, the routes and the chosen language."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from excursions import browsers, services
from excursions import settings as settings_mod
from excursions.event import Event
from excursions.i18n import LANGS, t
from excursions.limits import Bucket, Client
from excursions.mail.worker import MailWorker
from excursions.memo import memo
from excursions.model import RouteCount
from excursions.pace import Audience, OpenPages
from excursions.routes import RouteSet
from excursions.snapshot import Snapshot, current
from excursions.sources import browser_secret, database_url, get_settings, sources, store_for
from excursions.store import Store, StoreError

log = logging.getLogger("excursions")


@dataclass(frozen=True)
class AppContext:
    settings: settings_mod.Settings
    event: Event
    routes: RouteSet
    lang: str

    @property
    def tiles(self) -> tuple[str, str]:
        """(tile URL or 'none', attribution): the setting wins over the event file."""
        url = self.settings.tiles or self.event.tiles or "none"
        return url, self.settings.tiles_attribution or self.event.attribution


def current_language(default: str) -> str:
    lang = st.query_params.get("lang") or st.session_state.get("lang") or default
    return lang if lang in LANGS else default


def load_context() -> AppContext:
    """Settings, event and routes, each read from disk only when its files change."""
    cfg = get_settings()
    event, routes = sources(cfg)
    return AppContext(cfg, event, routes, current_language(event.default_language))


def no_event_yet(ctx: AppContext) -> None:
    """A participant's page on an installation without an event (first start): say so, point
    to the organiser page where the first event is made, and draw nothing else."""
    if not ctx.event.unset:
        return
    st.info(t("first_no_event", ctx.lang), icon=":material/event:")
    st.page_link(
        "app_pages/organiser.py", label=t("first_to_organiser", ctx.lang), icon=":material/arrow_forward:"
    )
    st.stop()


def language_switch(ctx: AppContext) -> str:
    """A Dansk / English switch that is kept in the URL (?lang=en) and the session."""
    names = {"da": "Dansk", "en": "English"}
    choice = st.segmented_control(
        t("language", ctx.lang),
        options=list(LANGS),
        format_func=names.__getitem__,
        default=ctx.lang,
        key="lang_switch",
        label_visibility="collapsed",
    )
    lang = choice or ctx.lang
    if lang != ctx.lang:
        st.session_state["lang"] = lang
        if lang == ctx.event.default_language:
            st.query_params.pop("lang", None)
        else:
            st.query_params["lang"] = lang
        st.rerun()
    return lang


@memo(maxsize=8, key=lambda url, version, routes: (url, version))
def _synced(url: str, version: str, routes: tuple) -> bool:
    """Bring the routes table in line with the files once per version of the files."""
    store_for(url).sync_routes(routes, dt.datetime.now(dt.UTC))
    return True


def mail_worker(ctx: AppContext) -> MailWorker:
    return services.mail_sender(ctx.settings)


def get_store(ctx: AppContext) -> Store:
    """The shared store, its routes table synced with the current route files, and its mail
    sender running."""
    url = database_url(ctx.settings)
    _synced(url, ctx.routes.version, ctx.routes.routes)
    services.mail_sender(ctx.settings)
    return services.store(ctx.settings)


def changed(ctx: AppContext) -> None:
    """This session changed a sign-up: send its mail now, and show it the new seats."""
    mail_worker(ctx).wake()
    st.session_state["_changed_at"] = time.monotonic()


_last_snapshots: dict[str, Snapshot] = {}


def live_counts(ctx: AppContext) -> Mapping[str, RouteCount]:
    """Seats per route (see live_snapshot)."""
    return live_snapshot(ctx).counts


def live_snapshot(ctx: AppContext) -> Snapshot:
    """Seats per route, read at most once a second for the whole process (excursions.snapshot);
    a session that just changed a sign-up (see changed) gets counts read after its change.

    While the database cannot be read, the last counts this process read stand in, so the
    map and the form stay usable (a sign-up then says it could not be saved)."""
    url = database_url(ctx.settings)
    try:
        store = get_store(ctx)
        since = st.session_state.get("_changed_at")
        wishing = ctx.event.wish_round.wishes if ctx.event.wish_round else 0
        snapshot = (
            current.at_least(since, store, url, wishing)
            if since is not None
            else current(store, url, wishing)
        )
    except StoreError:
        if url not in _last_snapshots:
            raise
        log.warning("database unavailable: showing the last seat counts read", exc_info=True)
        return _last_snapshots[url]
    _last_snapshots[url] = snapshot
    return snapshot


def clear_counts() -> None:
    """After this session changed a sign-up, show the new numbers at once."""
    current.clear()


@memo(maxsize=8)
def _open_pages(audience: Audience, base_seconds: int, budget: int) -> OpenPages:
    return OpenPages(base_seconds, budget)


def keep_open(ctx: AppContext, audience: Audience = Audience.PARTICIPANT) -> OpenPages:
    """Count this page as open (see excursions.pace): on every run of a live page."""
    base = (
        ctx.settings.refresh_seconds
        if audience is Audience.PARTICIPANT
        else ctx.settings.organiser_refresh_seconds
    )
    pages = _open_pages(audience, base, ctx.settings.refresh_budget)
    pages.seen(page_key(), time.monotonic())
    return pages


def pace_runs() -> None:
    """A session asking for page runs faster than a person does waits before its run (its
    script thread sleeps: no CPU, and requests arriving meanwhile fold into one run).

    Under `streamlit run` this is what the framework allows: the requests still reach
    Streamlit, but a flood costs one run a second per session instead of a core. Serve mode
    also paces them before Streamlit sees them (excursions/web/reruns.py)."""
    bucket = st.session_state.setdefault("_run_bucket", Bucket())
    if not bucket.take(time.monotonic()):
        time.sleep(bucket.wait(time.monotonic()))
        bucket.take(time.monotonic())


def page_key() -> str:
    """A random key for this browser session (Streamlit's own session id is not public)."""
    return st.session_state.setdefault("_page_key", secrets.token_hex(8))


def client() -> Client:
    """Who is asking, for the limits on tries: this browser (its signed cookie, which new
    websockets keep: excursions.browsers), and its network address when Streamlit knows one
    (it reports none for connections from this machine, e.g. a local proxy without the
    proxy headers). Without a valid cookie the address counts as the browser; without
    either, this session."""
    address = st.context.ip_address
    address = address if isinstance(address, str) else ""
    value = st.context.cookies.get(browsers.COOKIE, "")
    value = value if isinstance(value, str) else ""  # AppTest has no cookies to give
    browser = browsers.browser_id(value, browser_secret()) if value else None
    return Client(browsers.source_key(browser, address, page_key()), address)


def refresh_seconds(ctx: AppContext, audience: Audience = Audience.PARTICIPANT) -> int:
    """This page's live refresh interval, for the fragment being defined in this run."""
    return keep_open(ctx, audience).interval(time.monotonic())


def page_base_url() -> str:
    """scheme://host/ of the page as the browser sees it (for personal links)."""
    url = st.context.url or ""
    parts = url.split("/", 3)
    return "/".join(parts[:3]) + "/" if len(parts) >= 3 else "/"


@functools.cache
def stylesheet(name: str) -> str:
    """A CSS file from static/ as a <style> block, read once per process."""
    return f"<style>{(settings_mod.ROOT / 'static' / name).read_text()}</style>"
