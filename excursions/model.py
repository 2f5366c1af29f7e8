"""The values the store hands out and takes in: plain frozen data, no database in sight.

Pure modules (overview, seats, fill-up, exports) use these without importing the store.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from excursions.routes import Mode
from excursions.signups import (
    NO_FACTS,
    CapacityRefusal,
    Change,
    Decision,
    EventFacts,
    EventKind,
    Outcome,
    ParticipantInput,
    Status,
)


@dataclass(frozen=True)
class RouteCount:
    route_id: str
    mode: Mode
    capacity: int
    confirmed: int
    waitlisted: int

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.confirmed)

    @property
    def full(self) -> bool:
        return self.confirmed >= self.capacity


@dataclass(frozen=True)
class SignupResult:
    """What an operation did, in outcomes, numbers and addresses: the page words it."""

    outcome: Outcome
    route_id: str | None
    position: int | None = None  # WAITLISTED: place on the waiting list
    token: str | None = None  # only when a new personal link was made
    refusal: CapacityRefusal | None = None  # CAPACITY_BELOW_CONFIRMED: the numbers then
    left: str | None = None  # the route the participant left (a move, a cancel)
    seat: int | None = None  # CONFIRMED: which seat of route_id, counted from 1
    capacity: int | None = None  # route_id's seats afterwards
    promoted: tuple[Change, ...] = ()  # others given a seat from a waiting list by this change

    @property
    def status(self) -> Status | None:
        return Decision(self.outcome).status


def result_of(decision: Decision, participant: str = "", token: str | None = None) -> SignupResult:
    """The operation's result for the participant it was about (none for a capacity change)."""
    book = decision.books.get(decision.route_id or "")
    seat = book.confirmed.index(participant) + 1 if book and participant in book.confirmed else None
    left = next(
        (
            c.route_id
            for c in decision.changes
            if c.participant == participant and c.kind in (EventKind.LEFT, EventKind.CANCELLED)
        ),
        None,
    )
    promoted = tuple(
        c for c in decision.changes if c.kind is EventKind.PROMOTED and c.participant != participant
    )
    return SignupResult(
        decision.outcome,
        decision.route_id,
        decision.position,
        token,
        decision.refusal,
        left,
        seat,
        book.capacity if book else None,
        promoted,
    )


@dataclass(frozen=True)
class ParticipantView:
    email: str
    name: str
    organisation: str
    route_id: str | None
    status: Status | None
    position: int | None
    lang: str = "da"


@dataclass(frozen=True)
class SignupSource:
    """Many accepted sign-ups from one browser, or one network address (browser ""): the
    organiser's alarm. `browsers`: how many browsers it covers (an address: a venue's shared
    Wi-Fi has many, a script often one, or none with a cookie: "a:<address>")."""

    browser: str
    address: str
    signups: int
    browsers: int
    first: dt.datetime
    last: dt.datetime


@dataclass(frozen=True)
class PersonRow:
    """One participant as the organiser sees them."""

    email: str
    name: str
    organisation: str
    route_id: str | None
    status: Status | None
    position: int | None
    present: bool | None = None


@dataclass(frozen=True)
class Registration:
    """One row of an import: who, and which excursion."""

    person: ParticipantInput
    route_id: str | None  # None: registered for the event, no excursion yet


@dataclass(frozen=True)
class ImportRun:
    """An import that stopped part-way: which file, how far it got."""

    source: str
    total: int
    applied: int
    started_at: dt.datetime


@dataclass(frozen=True)
class LoggedEvent:
    id: int
    at: dt.datetime
    email: str | None
    route_id: str | None
    kind: EventKind
    facts: EventFacts = NO_FACTS
