"""/_excursions/gpx/<route>.gpx?lang=da: one excursion's line as a GPX file, behind the
details' download link. ASGI middleware in both run modes (dashboard.py).

A plain GET, not a Streamlit download button: the button registered a file with
Streamlit's media manager on every run that drew the details, and Streamlit looks through
every session's files at the end of every run (docs/performance.md, run 8). A link also
works while the page's websocket reconnects, and can be shared.
"""

from __future__ import annotations

import asyncio
from urllib.parse import quote

from excursions import sources
from excursions.gpx import LINK_PREFIX as PREFIX
from excursions.gpx import SUFFIX, route_to_gpx
from excursions.i18n import LANGS, t
from excursions.text import shorten
from excursions.web.asgi import ASGIApp, Receive, Scope, Send, answer, query


class GpxFiles:
    def __init__(self, app: ASGIApp, catalogue: sources.Catalogue = sources.catalogue):
        self.app = app
        self.catalogue = catalogue  # the event and routes as the pages see them now

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(PREFIX):
            await self.app(scope, receive, send)
            return
        event, routes = await asyncio.to_thread(self.catalogue)
        asked = query(scope).get("lang", [""])[0]
        lang = asked if asked in LANGS else event.default_language
        name = scope["path"][len(PREFIX) :]  # ASGI paths arrive percent-decoded
        route = routes.get(name.removesuffix(SUFFIX)) if name.endswith(SUFFIX) else None
        if route is None:
            words = t("gpx_unknown", lang, name=shorten(name)).encode()
            kind = b"text/plain; charset=utf-8"
            await answer(send, 404, words, [(b"cache-control", b"no-store")], content_type=kind)
            return
        body = (await asyncio.to_thread(route_to_gpx, route, lang)).encode()  # off the event loop
        filename = quote(f"{route.id}{SUFFIX}", safe="")
        headers = [
            (b"content-disposition", f"attachment; filename*=UTF-8''{filename}".encode()),
            (b"cache-control", b"no-cache"),  # an organiser may change the line meanwhile
        ]
        await answer(send, 200, body, headers, content_type=b"application/gpx+xml; charset=utf-8")
