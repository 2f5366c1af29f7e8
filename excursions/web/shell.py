"""A page that is never blank: the event's name in the first bytes of every page.

Streamlit's page is an empty <div id="root"> until about 1.2 MB of scripts (2.9 MB under
`streamlit run`) have arrived: on a slow venue network that is a white screen for
seconds. This middleware rewrites that one HTML answer: the title names the event, a
small note with the event's name comes first in the body, and Streamlit's stylesheet moves
behind it (a stylesheet in the head would hold back every paint until it has arrived; in
the body it holds back only what follows it). The note goes away by CSS as soon as the
page draws its first element. The same in both run modes (dashboard.py, serve/app.py).
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs

from jinja2 import Environment, FileSystemLoader, select_autoescape

from excursions.i18n import LANGS, t
from excursions.web.asgi import ASGIApp, Message, Receive, Scope, Send
from excursions.web.browser_id import NOT_PAGES

TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    keep_trailing_newline=True,
)
TITLE = re.compile(rb"<title>[^<]*</title>")
STYLESHEET = re.compile(rb'\s*<link rel="stylesheet"[^>]*>')
BODY = b"<body>"
HTML_LANG = re.compile(rb'<html lang="[a-z-]*">')
# One URL answers in either language (?lang=): no validators, so no cached copy of the other.
DROPPED = (b"content-length", b"etag", b"last-modified")


Names = tuple[str, Callable[[str], str]] | None


def event_names() -> Names:
    """(default language, the event's name in a language) as the event file says now; None
    when the page_shell setting is off."""
    from excursions.sources import current_event, get_settings

    cfg = get_settings()
    if not cfg.page_shell:
        return None
    event = current_event(cfg)
    return event.default_language, lambda lang: event.name(lang) or t("first_title", lang)


def shell_page(page: bytes, lang: str, event: str) -> bytes:
    """Streamlit's index.html with the event's title and note; unchanged if it is not that page."""
    if BODY not in page or not TITLE.search(page):
        return page
    title = TEMPLATES.from_string("<title>{{ t }}</title>").render(t=f"{t('app_title', lang)} · {event}")
    page = TITLE.sub(lambda _: title.encode(), page, count=1)
    page = HTML_LANG.sub(f'<html lang="{lang}">'.encode(), page, count=1)
    stylesheets = b"".join(m.group(0) for m in STYLESHEET.finditer(page))
    page = STYLESHEET.sub(b"", page)
    note = TEMPLATES.get_template("shell.html.j2").render(event=event, note=t("page_loading", lang))
    return page.replace(BODY, BODY + b"\n" + note.encode() + stylesheets, 1)


def _language(scope: Scope, default: str) -> str:
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    lang = (query.get("lang") or [default])[0]
    return lang if lang in LANGS else default


class PageShell:
    """ASGI middleware: the page's HTML answer with the event's name painted first."""

    def __init__(self, app: ASGIApp, names: Callable[[], Names] = event_names):
        self.app = app
        self.names = names

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        # Streamlit's page only: a component's own HTML (the map's frame) is an HTML answer
        # too, and a note there was never hidden: "loading" over the map, and its bar moving
        # at 60 frames a second for as long as the page was open (a quarter of a core).
        if scope["type"] != "http" or scope["method"] != "GET" or "/_" in path or path.startswith(NOT_PAGES):
            await self.app(scope, receive, send)
            return
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                headers = {k.lower(): v for k, v in message.get("headers", [])}
                html = headers.get(b"content-type", b"").startswith(b"text/html")
                encoding = headers.get(b"content-encoding", b"gzip")
                if not html or message.get("status") != 200 or encoding != b"gzip":
                    start["pass"] = True
                    await send(message)
            elif start.get("pass"):
                await send(message)
            else:
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    await self._send_page(scope, start, b"".join(chunks), send)

        await self.app(scope, receive, capture)

    async def _send_page(self, scope: Scope, start: Message, page: bytes, send: Send) -> None:
        gzipped = any(k.lower() == b"content-encoding" for k, _ in start.get("headers", []))
        try:
            names = self.names()
            if names is not None:
                lang = _language(scope, names[0])
                plain = gzip.decompress(page) if gzipped else page  # Streamlit gzips pages but "/"
                page = shell_page(plain, lang, names[1](lang))
                page = gzip.compress(page, 6) if gzipped else page
        except Exception:  # a broken event file: the page itself says so; never fail it here
            pass
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() not in DROPPED]
        headers.append((b"content-length", str(len(page)).encode()))
        await send({"type": "http.response.start", "status": start["status"], "headers": headers})
        await send({"type": "http.response.body", "body": page})
