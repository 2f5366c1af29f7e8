"""The organiser pass: a signed, expiring token that keeps an organiser logged in when the
browser reconnects to a new session (a server restart, another process).

The password is checked once; the page then has the browser fetch a short-lived *ticket*
from the app, which answers with the *cookie* (HttpOnly, SameSite=Strict): page script
never sees the long-lived token, and another site's page never sends it. A new session
reads the cookie from its websocket handshake. Both are stateless HMACs over purpose,
expiry and the password's fingerprint, keyed with a random secret kept in the database,
so every process of an event accepts them and a changed password ends them all.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
from enum import StrEnum

COOKIE = "excursions_organiser"
PATH = "/_excursions/organiser-pass"  # where the browser swaps a ticket for the cookie
SECRET = "organiser_pass_secret"  # the key's name among the installation's facts


class Purpose(StrEnum):
    TICKET = "ticket"  # in the page, exchanged for the cookie at once
    COOKIE = "cookie"  # the browser's, for a working day


LIFETIME = {Purpose.TICKET: dt.timedelta(seconds=60), Purpose.COOKIE: dt.timedelta(hours=12)}


def fingerprint(stored_hash: str) -> str:
    """Names the password without revealing it: a changed password has another one."""
    return hashlib.sha256(stored_hash.encode()).hexdigest()[:32]


def _sign(secret: bytes, body: str) -> str:
    digest = hmac.new(secret, body.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def issue(secret: bytes, purpose: Purpose, password_fingerprint: str, *, now: dt.datetime) -> str:
    expires = int((now + LIFETIME[purpose]).timestamp())
    body = f"{purpose.value}.{expires}.{password_fingerprint}"
    return f"{body}.{_sign(secret, body)}"


def expiry(token: str) -> dt.datetime | None:
    """When a pass of the right shape runs out (for keeping a spent one no longer)."""
    parts = (token or "").split(".")
    if len(parts) != 4 or not parts[1].isdigit():
        return None
    return dt.datetime.fromtimestamp(int(parts[1]), dt.UTC)


def valid(
    token: str, secret: bytes, purpose: Purpose, password_fingerprint: str, *, now: dt.datetime
) -> bool:
    """True for an untampered token of this purpose and password that has not expired."""
    parts = (token or "").split(".")
    if len(parts) != 4 or not secret:
        return False
    kind, expires, fp, signature = parts
    body = f"{kind}.{expires}.{fp}"
    if not hmac.compare_digest(signature, _sign(secret, body)):
        return False
    return (
        kind == purpose.value
        and hmac.compare_digest(fp, password_fingerprint)
        and expires.isdigit()
        and int(expires) > now.timestamp()
    )
