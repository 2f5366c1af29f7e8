"""Gives every browser a signed id in a cookie with the first page it loads (excursions.browsers).

ASGI middleware in both run modes (dashboard.py, serve mode). Only page loads (GET of an
HTML answer) carry the cookie: static files, the websocket and the app's own endpoints never
do, so nothing cached by nginx or a browser holds one.
"""

from __future__ import annotations

import asyncio
import datetime as dt

from excursions import browsers
from excursions.web.asgi import ASGIApp, Message, Receive, Scope, Send

NOT_PAGES = ("/_stcore/", "/static/", "/app/static/", "/component/", "/media/", "/_excursions/")


_secret: list[bytes] = []  # the installation's key, read once per process


async def installation_secret() -> bytes:
    if not _secret:
        from excursions.sources import browser_secret

        _secret.append(await asyncio.to_thread(browser_secret))
    return _secret[0]


def forget_secret() -> None:
    """Tests: another installation (database) in this process."""
    _secret.clear()


def _cookie_value(scope: Scope) -> str:
    for name, value in scope.get("headers") or []:
        if name == b"cookie":
            return browsers.from_cookie_header(value.decode("latin-1"))
    return ""


async def browser_of(scope: Scope) -> str | None:
    """The browser id a request's cookie carries, if this installation signed it."""
    value = _cookie_value(scope)
    return browsers.browser_id(value, await installation_secret()) if value else None


class BrowserId:
    def __init__(self, app: ASGIApp, key: bytes | None = None):
        """key: the installation's secret (tests); read from the database otherwise."""
        self.app, self.key = app, key

    async def secret(self) -> bytes:
        return self.key or await installation_secret()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope.get("method") != "GET" or path.startswith(NOT_PAGES):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        key = await self.secret()
        if browsers.browser_id(_cookie_value(scope), key):
            await self.app(scope, receive, send)
            return
        secure = scope.get("scheme") == "https" or headers.get(b"x-forwarded-proto") == b"https"

        async def with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                kinds = [v for k, v in message.get("headers", []) if k.lower() == b"content-type"]
                if kinds and kinds[0].startswith(b"text/html"):
                    cookie = browsers.set_cookie(
                        browsers.issue(key, now=dt.datetime.now(dt.UTC)), secure=secure
                    )
                    message["headers"] = [*message.get("headers", []), (b"set-cookie", cookie.encode())]
            await send(message)

        await self.app(scope, receive, with_cookie)
