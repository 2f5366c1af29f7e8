"""/_excursions/organiser-pass: the browser POSTs the page's short-lived ticket to it and
gets the organiser's cookie back (HttpOnly, SameSite=Strict), or logout=1 and gets it
cleared; a ticket is swapped once. ASGI middleware in both run modes (dashboard.py, serve
mode); the rules are in excursions/passes.py.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from urllib.parse import parse_qs

from excursions import passes, services
from excursions.store import Store
from excursions.web.asgi import ASGIApp, Receive, Scope, Send, answer, request_header


def pass_secret(store: Store, now: dt.datetime) -> bytes:
    return store.secret(passes.SECRET, now)


def exchange(ticket: str, now: dt.datetime) -> str | None:
    """The cookie's token for a valid ticket of the current password, else None."""
    cfg = services.settings()
    stored = cfg.organiser_password_hash
    if not stored or not ticket:
        return None
    store = services.installation_store(cfg)  # a pass outlives the switch to a new event
    secret = pass_secret(store, now)
    mark = passes.fingerprint(stored)
    if not passes.valid(ticket, secret, passes.Purpose.TICKET, mark, now=now):
        return None
    if not store.spend_pass(ticket, passes.expiry(ticket) or now, now=now):
        return None  # a ticket is swapped once: a copy of it (a log, a proxy) gets nothing
    return passes.issue(secret, passes.Purpose.COOKIE, mark, now=now)


MAX_BODY = 1024  # "ticket=…" or "logout=1"


async def _body(receive: Receive) -> bytes:
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body") or len(body) > MAX_BODY:
            return body[:MAX_BODY]


class OrganiserPass:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != passes.PATH:
            await self.app(scope, receive, send)
            return
        if scope.get("method", "POST") != "POST":  # a ticket never travels in an address
            await answer(send, 405, headers=[(b"allow", b"POST"), (b"cache-control", b"no-store")])
            return
        query = parse_qs((await _body(receive)).decode("latin-1"))
        secure = scope.get("scheme") == "https" or request_header(scope, b"x-forwarded-proto") == b"https"
        attributes = "Path=/; HttpOnly; SameSite=Strict" + ("; Secure" if secure else "")
        status, cookie = 204, f"{passes.COOKIE}=; Max-Age=0; {attributes}"
        if "logout" not in query:
            now = dt.datetime.now(dt.UTC)
            token = await asyncio.to_thread(exchange, query.get("ticket", [""])[0], now)
            if token is None:
                status, cookie = 403, ""
            else:
                age = int(passes.LIFETIME[passes.Purpose.COOKIE].total_seconds())
                cookie = f"{passes.COOKIE}={token}; Max-Age={age}; {attributes}"
        out = [(b"cache-control", b"no-store")]
        if cookie:
            out.append((b"set-cookie", cookie.encode()))
        await answer(send, status, headers=out)
