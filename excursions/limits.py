"""How often one client may try something (pure): an organiser password, a new sign-up.

A client is a browser session, and the network address it came from when there is one
(Streamlit reports none for connections from the same machine, e.g. through a local
reverse proxy: then only the session counts). Limits per session come first and are
sized so a person never meets them: a person taps, a script floods. Limits per address
sit far above a room's worth, because a venue's Wi-Fi puts every phone behind one address.

The counts live in the database, so every process of an event shares them, and a slot is
taken in the same transaction that counts, so concurrent tries cannot all slip through.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Limit:
    count: int
    window: dt.timedelta


class Attempt(StrEnum):
    LOGIN = "login"  # a try at the organiser password (a right one is given back)
    SIGNUP = "signup"  # a new sign-up from the form
    SWITCH = "switch"  # a participant moves to another excursion (counted per participant)
    # "I lost my link", and a sign-up's mail to the owner of a taken address: per address
    # asked for, browser and network address, with limits of its own (excursions.throttle)
    LINK = "link"


@dataclass(frozen=True)
class Limits:
    per_session: Limit  # per browser (excursions.browsers): its cookie outlives websockets
    per_address: Limit
    # Once an address has reached per_address, a browser that has not tried there within its
    # window may still try, up to this higher ceiling for the address: one guesser on a shared
    # Wi-Fi cannot lock a colleague out, and guesses stay bounded (each needs a new browser).
    fresh_per_address: Limit | None = None


LIMITS: dict[Attempt, Limits] = {
    # Five wrong passwords in five minutes per browser; thirty a quarter per address, and
    # beyond that one try each for browsers new to the address, up to 130 a quarter.
    Attempt.LOGIN: Limits(
        Limit(5, dt.timedelta(minutes=5)),
        Limit(30, dt.timedelta(minutes=15)),
        fresh_per_address=Limit(130, dt.timedelta(minutes=15)),
    ),
    # A person signs up once, perhaps a colleague or two: five in ten minutes per browser.
    # A hall of a thousand phones behind one address stays well within 2,000.
    Attempt.SIGNUP: Limits(Limit(5, dt.timedelta(minutes=10)), Limit(2000, dt.timedelta(minutes=10))),
    # A person changes their mind two or three times; each move mails them. Per participant
    # (whichever link or browser asks), six an hour; per address as for sign-ups.
    Attempt.SWITCH: Limits(Limit(6, dt.timedelta(hours=1)), Limit(2000, dt.timedelta(minutes=10))),
}

# Every mail to one address, of every kind together (sign-up, moves, links, an organiser's
# changes): at most ten an hour. A person's own changes stay far below it (one sign-up, six
# moves, two lost-link mails); beyond it a mail is kept as "held" on the organiser's Post tab
# instead of sent, so nobody can use the app to flood a mailbox they do not own.
MAIL_PER_RECIPIENT = Limit(10, dt.timedelta(hours=1))

# Accepted sign-ups that raise the organiser's alarm, within the last hour: from one browser
# (a person signs up once, perhaps a colleague or two), and from one network address (a
# venue's Wi-Fi reaches it at the kickoff: the alarm says how many browsers it covers).
ALARM_PER_BROWSER = Limit(4, dt.timedelta(hours=1))
ALARM_PER_ADDRESS = Limit(100, dt.timedelta(hours=1))

LONGEST = max(max(x.per_session.window, x.per_address.window) for x in LIMITS.values())


@dataclass(frozen=True)
class Client:
    """Who is trying: a browser session's key and its network address ("" when unknown)."""

    session: str
    address: str = ""


def within(times: Sequence[dt.datetime], limit: Limit, now: dt.datetime) -> bool:
    """True when one more try fits: fewer than limit.count in the window before now."""
    return sum(1 for t in times if now - t < limit.window) < limit.count


def wait_for(times: Sequence[dt.datetime], limit: Limit, now: dt.datetime) -> int:
    """Whole seconds until one more try fits (0: now)."""
    recent = sorted(t for t in times if now - t < limit.window)
    if len(recent) < limit.count:
        return 0
    frees_at = recent[len(recent) - limit.count] + limit.window
    return max(1, math.ceil((frees_at - now).total_seconds()))


def wait_seconds(
    kind: Attempt, by_session: Sequence[dt.datetime], by_address: Sequence[dt.datetime], now: dt.datetime
) -> int:
    """Seconds this client must wait before trying `kind` again (0: go ahead)."""
    limits = LIMITS[kind]
    own = wait_for(by_session, limits.per_session, now)
    shared = wait_for(by_address, limits.per_address, now)
    fresh = limits.fresh_per_address
    if shared and fresh and not any(now - t < limits.per_address.window for t in by_session):
        shared = wait_for(by_address, fresh, now)  # a browser new to the address: the higher ceiling
    return max(own, shared)


# --- script runs ------------------------------------------------------------------------------
# A person taps: a few runs a second at most, in short bursts; a live page asks once every
# 30 s or more. A script floods. Per browser (its cookie, across all its websockets; without
# one, its network address), RUN_BURST runs at once, then RUN_RATE a second, before
# Streamlit sees the request (excursions/web/reruns.py).
RUN_BURST = 10
RUN_RATE = 1.0
# Per network address, for every browser behind it together: a venue's Wi-Fi at the kickoff
# (a thousand phones over 90 s: about 11 first pages and 10 sign-up runs a second) stays far
# below it; a script that makes up a new browser for every few runs meets it.
ADDRESS_RUN_BURST = 500
ADDRESS_RUN_RATE = 50.0

# The largest websocket message either way, in MB (10^6 bytes, as Streamlit's
# server.maxMessageSize counts; .streamlit/config.toml sets the same for `streamlit run`).
# A page's largest message is about 60 kB (the projector's map) and uploads go over HTTP:
# a browser never comes near it, and 60 MB messages from a script cost the server 700 MB.
WEBSOCKET_MAX_MB = 4


@dataclass
class Bucket:
    """A token bucket (pure: time is a parameter)."""

    burst: float = RUN_BURST
    rate: float = RUN_RATE
    tokens: float = RUN_BURST
    at: float = 0.0  # when tokens was last brought up to date

    def _fill(self, now: float) -> None:
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now

    def take(self, now: float) -> bool:
        self._fill(now)
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False

    def wait(self, now: float) -> float:
        """Seconds until a request may go."""
        self._fill(now)
        return max(0.0, (1 - self.tokens) / self.rate)
