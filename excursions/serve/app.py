"""Event-day run mode: Streamlit as an ASGI app (st.App) under uvicorn, tuned for a rush.

What it changes against `streamlit run`, and why (measured in bench/rush.py):

- uvicorn binds the socket itself, so TCP_NODELAY is set (no ~40 ms Nagle delay per
  round trip).
- The patches and tunings in excursions.serve.tunings, each switchable and each
  private one applied only on the versions it was written for.
- It reports healthy once it has run the first page itself (web/warmup.py).
- Rerun requests are paced per connection before Streamlit sees them (web/reruns.py).
- ``/_excursions/patches`` tells which patches are active and how often each ran.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from excursions.limits import WEBSOCKET_MAX_MB
from excursions.serve import patches
from excursions.serve.static import ASGIApp, CompressedStatic
from excursions.serve.tunings import freeze_memory, ready
from excursions.web.browser_id import BrowserId
from excursions.web.gpx import GpxFiles
from excursions.web.organiser_pass import OrganiserPass
from excursions.web.reruns import RerunLimit
from excursions.web.seats import SeatsFeed
from excursions.web.shell import PageShell
from excursions.web.warmup import WarmUp

STATUS_PATH = "/_excursions/patches"


def _status_route():
    from starlette.responses import Response
    from starlette.routing import Route

    async def status(_request):
        body = json.dumps(patches.status(), indent=1)
        return Response(body, media_type="application/json", headers={"Cache-Control": "no-store"})

    return Route(STATUS_PATH, status)


def event_day_app(script: str) -> ASGIApp:
    """st.App, with the busy-session manager when that patch is active."""
    import streamlit as st
    import streamlit.runtime as runtime

    manager = ready.get("session_manager")

    class App(st.App):
        def _create_runtime(self):
            if manager is None:
                return super()._create_runtime()
            # st.App builds its RuntimeConfig inside this method (fingerprinted in the patch).
            original = runtime.RuntimeConfig
            runtime.RuntimeConfig = functools.partial(original, session_manager_class=manager)
            try:
                return super()._create_runtime()
            finally:
                runtime.RuntimeConfig = original

    return App(script, routes=[_status_route()])


def tune_streamlit() -> None:
    """Streamlit options that matter on event day (set before the app is built)."""
    from streamlit import config

    config.set_option("server.enableStaticServing", True)
    config.set_option("server.headless", True)
    config.set_option("browser.gatherUsageStats", False)
    config.set_option("server.fileWatcherType", "none")  # nothing is edited on event day
    # A rerun request during a run is folded into the next run instead of starting a new
    # script thread at once (.streamlit/config.toml says the same for `streamlit run`).
    config.set_option("runner.fastReruns", False)
    config.set_option("server.maxMessageSize", WEBSOCKET_MAX_MB)  # as .streamlit/config.toml


def build_app(script: Path, selection: str = "all") -> ASGIApp:
    """The ASGI app with the selected patches: Streamlit's own behind the compressing layer."""
    tune_streamlit()
    patches.apply(patches.select(selection))
    app = PageShell(SeatsFeed(GpxFiles(OrganiserPass(RerunLimit(event_day_app(str(script)))))))  # always
    return BrowserId(CompressedStatic(app) if ready.get("static_gzip") else app)


def settle_memory() -> None:
    """Import what the pages use, then move everything alive so far out of the collector's way.

    With post-run GC off, Python's own generational GC still runs; its full collections
    walk every object, and most of them are modules loaded once (Streamlit, pandas,
    folium). gc.freeze() keeps those out of every later collection, and a larger first
    threshold makes collections rarer while a rush allocates (about 5 % of the server's
    CPU in the rush profile). Altair is left to the organisers' "Over tid" tab: importing
    it here cost every start 0.5 s before the first map (bench/cold_start.py).
    """
    import importlib
    import pkgutil

    import folium  # noqa: F401
    import pandas  # noqa: F401

    import excursions

    # Every library module the pages use. The ui package is left to the first page: it
    # imports streamlit_folium, which registers its component on import, and that must
    # happen inside the running app (a registration made before it is lost: HTTP 404).
    for module in pkgutil.walk_packages(excursions.__path__, "excursions."):
        # (Alembic's migrations are scripts for Alembic to run, not modules to import.)
        skip = ("excursions.ui", "excursions.serve", "excursions.web", "excursions.cli")
        skip += ("excursions.store.migrations",)
        if not module.name.startswith(skip):
            importlib.import_module(module.name)

    freeze_memory()


def run(script: Path, host: str, port: int, selection: str = "all") -> None:
    import uvicorn

    from excursions.services import mail_sender

    app = WarmUp(build_app(script, selection))  # healthy once the first page has run
    mail_sender()  # mail queued while the app was down goes out before any visitor
    if ready.get("gc_freeze"):
        settle_memory()
    app.start(host, port)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        ws_max_size=WEBSOCKET_MAX_MB * 10**6,  # as server.maxMessageSize under `streamlit run`
        # Streamlit's own server does not deflate websocket messages either; deflating
        # every delta was 7 % of the server's CPU in a rush profile, for a local network.
        ws_per_message_deflate=False,
        ws=ready.get("websocket_protocol", "websockets-sansio"),
        access_log=False,
        timeout_keep_alive=30,
    )
