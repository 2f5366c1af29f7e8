"""The wish round's rules (pure): when it runs, and what a wish list may hold.

Under ``[signup] mode = "wishes"`` a person ranks up to ``wishes`` excursions until
``wishes_close``; then the draw (excursions.allocation) gives out the seats and sign-up is
first come, first served for what is left, as without a round. Time is a parameter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum


class SignupMode(StrEnum):
    FIRST_COME = "first_come"
    WISHES = "wishes"


DRAW_AT_CLOSE = ("serial", "most_first", "manual")  # [signup] draw: the method, or wait


@dataclass(frozen=True)
class WishRound:
    closes: dt.datetime  # when wishes can no longer be made or changed; the draw is due
    wishes: int = 3  # how many excursions a person ranks at most
    # The draw made at the close by itself: "serial" (random serial dictatorship: honest
    # ranking is always best, which is what the form tells people), "most_first", or
    # "manual" (the organiser draws, having seen both).
    draw: str = "serial"


class Phase(StrEnum):
    FIRST_COME = "first_come"  # no round, or the draw is made: seats as today
    WISHING = "wishing"  # the round is open: the form takes ranked wishes
    DRAW_DUE = "draw_due"  # the round has closed and the draw is not made yet


def phase(round_: WishRound | None, now: dt.datetime, *, drawn: bool) -> Phase:
    if round_ is None or drawn:
        return Phase.FIRST_COME
    return Phase.WISHING if now < round_.closes else Phase.DRAW_DUE


class WishOutcome(StrEnum):
    SAVED = "saved"  # the wishes are kept (new or changed)
    WITHDRAWN = "withdrawn"  # an empty list from the link's owner: no wishes any more
    NO_WISHES = "no_wishes"  # the form was sent without a wish
    TOO_MANY = "too_many"
    REPEATED = "repeated"  # the same excursion twice
    UNKNOWN_ROUTE = "unknown_route"  # an excursion that does not exist (any more)
    ROUND_CLOSED = "round_closed"  # not open yet, closed, or the draw is made
    EMAIL_TAKEN = "email_taken"  # the address has wishes or a sign-up: its owner got a mail
    NOT_REGISTERED = "not_registered"
    TOO_FAST = "too_fast"  # more lists from one browser or address than people send
    CHANGED_TOO_OFTEN = "changed_too_often"


def check(ranked: Sequence[str], known: Collection[str], most: int) -> WishOutcome | None:
    """What is wrong with a wish list, or None when it can be kept."""
    if not ranked:
        return WishOutcome.NO_WISHES
    if len(ranked) > most:
        return WishOutcome.TOO_MANY
    if len(set(ranked)) != len(ranked):
        return WishOutcome.REPEATED
    if any(route not in known for route in ranked):
        return WishOutcome.UNKNOWN_ROUTE
    return None
