"""Gives every browser a signed id in a cookie with the first page it loads (excursions.browsers).

ASGI middleware in both run modes (dashboard.py, serve mode). Only page loads (GET of an
HTML answer) carry the cookie: static files, the websocket and the app's own endpoints never
do, so nothing cached by nginx or a browser holds one.
"""

from __future__ import annotations

import asyncio
import datetime as dt

from excursions import browsers
from excursions.serve.static import ASGIApp, Message, Receive, Scope, Send

NOT_PAGES = ("/_stcore/", "/static/", "/app/static/", "/component/", "/media/", "/_excursions/")


class BrowserId:
    def __init__(self, app: ASGIApp):
        self.app = app
        self._secret: bytes | None = None

    async def secret(self) -> bytes:
        if self._secret is None:
            from excursions.sources import browser_secret

            self._secret = await asyncio.to_thread(browser_secret)
        return self._secret

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope.get("method") != "GET" or path.startswith(NOT_PAGES):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        value = browsers.from_cookie_header(headers.get(b"cookie", b"").decode("latin-1"))
        secret = await self.secret()
        if browsers.browser_id(value, secret):
            await self.app(scope, receive, send)
            return
        secure = scope.get("scheme") == "https" or headers.get(b"x-forwarded-proto") == b"https"

        async def with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                kinds = [v for k, v in message.get("headers", []) if k.lower() == b"content-type"]
                if kinds and kinds[0].startswith(b"text/html"):
                    cookie = browsers.set_cookie(
                        browsers.issue(secret, now=dt.datetime.now(dt.UTC)), secure=secure
                    )
                    message["headers"] = [*message.get("headers", []), (b"set-cookie", cookie.encode())]
            await send(message)

        await self.app(scope, receive, with_cookie)
