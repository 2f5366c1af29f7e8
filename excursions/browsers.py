"""A browser, as the limits on tries know it: a signed id in a cookie that outlives websockets.

Streamlit gives every websocket a session of its own, so a limit kept per session restarts
with each new connection: one laptop opening a new websocket every five sign-ups took 767
of 825 seats. A browser keeps its cookies across connections, reloads and tabs, so the app
hands each one an id in a cookie with the first page it loads (excursions/web/browser_id.py)
and every limit per browser counts by that id.

The id is signed with a secret of the installation (HMAC), so a script cannot make up a new
browser for every try: it has to load a page for each one, and what it can do then is
bounded by the limits per network address (excursions.limits). Without a valid cookie (a
script, or a browser that refuses cookies) a connection counts as its network address.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
from http.cookies import CookieError, SimpleCookie

COOKIE = "excursions_browser"
SECRET = "browser_id_secret"  # the key's name among the installation's facts (Store.secret)
LIFETIME = dt.timedelta(days=400)  # browsers keep a cookie at most this long anyway


def _sign(secret: bytes, body: str) -> str:
    digest = hmac.new(secret, f"browser:{body}".encode(), hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def issue(secret: bytes, *, now: dt.datetime) -> str:
    """A new browser id with its signature: the cookie's value."""
    body = f"{secrets.token_urlsafe(12)}.{int(now.timestamp())}"
    return f"{body}.{_sign(secret, body)}"


def browser_id(value: str, secret: bytes) -> str | None:
    """The id in a cookie's value, or None when it is not one this installation signed."""
    if not isinstance(value, str) or not value or len(value) > 120 or not secret:
        return None
    body, _, signature = value.rpartition(".")
    if not body or not hmac.compare_digest(signature, _sign(secret, body)):
        return None
    return body.partition(".")[0]


def from_cookie_header(header: str) -> str:
    """The browser cookie's value in a Cookie header ("" when absent or unreadable)."""
    if COOKIE not in header:
        return ""
    try:
        jar = SimpleCookie()
        jar.load(header)
    except CookieError:
        return ""
    morsel = jar.get(COOKIE)
    return morsel.value if morsel else ""


def set_cookie(value: str, *, secure: bool) -> str:
    """The Set-Cookie header: readable by no page script, sent with the app's own requests
    (Lax: also when a participant arrives by a link in a mail or a QR code)."""
    age = int(LIFETIME.total_seconds())
    return f"{COOKIE}={value}; Max-Age={age}; Path=/; HttpOnly; SameSite=Lax" + ("; Secure" if secure else "")


def source_key(browser: str | None, address: str, fallback: str) -> str:
    """Who counts as one client for the limits: the browser when its cookie is valid, else
    its network address, else (no address known: a local connection) the fallback, the
    page's own session."""
    if browser:
        return f"b:{browser}"
    if address:
        return f"a:{address}"
    return fallback
