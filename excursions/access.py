"""The organiser password: a salted scrypt hash in the settings, checked in constant time.
Wrong tries are limited per client (excursions.limits) so it cannot be guessed quickly."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
from dataclasses import dataclass, field
from enum import StrEnum

from excursions.errors import ExcursionsError

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


class PasswordHashError(ExcursionsError):
    """The configured hash is not one `excursions hash-password` made."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """'scrypt$N$r$p$salt$hash' – the line to put in EXCURSIONS_ORGANISER_PASSWORD_HASH."""
    if not password:
        raise ExcursionsError("The password must not be empty.")
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            raise ValueError(kind)
        salt_b, digest_b = base64.b64decode(salt), base64.b64decode(digest)
        n_i, r_i, p_i = int(n), int(r), int(p)
    except ValueError:
        raise PasswordHashError(
            "The organiser password hash is malformed. Make a new one with `excursions hash-password`."
        ) from None
    candidate = hashlib.scrypt(
        password.encode(), salt=salt_b, n=n_i, r=r_i, p=p_i, dklen=len(digest_b), maxmem=2**26
    )
    return hmac.compare_digest(candidate, digest_b)


class LoginState(StrEnum):
    OK = "ok"
    WRONG = "wrong"
    WAIT = "wait"  # too many wrong tries from this client: try again later
    NOT_CONFIGURED = "not_configured"


@dataclass
class PasswordCheck:
    """The organiser password check of one process; how often a client may try is the
    store's business (excursions.limits, counted in the database across processes).

    Passwords that already passed scrypt are remembered as digests keyed with a random
    per-process secret: the event's organisers share one password, and a hundred of them
    logging in at the kickoff should cost one scrypt, not a hundred (40 ms of CPU each).
    A wrong password is never remembered, so every guess still pays the full scrypt.
    """

    _passed: set = field(default_factory=set)
    _key: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _tag(self, password: str, stored: str) -> bytes:
        return hmac.new(self._key, f"{stored}\0{password}".encode(), hashlib.sha256).digest()

    def check(self, password: str, stored: str) -> LoginState:
        if not stored:
            return LoginState.NOT_CONFIGURED
        tag = self._tag(password, stored)
        if tag in self._passed:
            return LoginState.OK
        if verify_password(password, stored):
            with self._lock:
                self._passed.add(tag)
            return LoginState.OK
        return LoginState.WRONG
