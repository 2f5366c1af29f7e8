"""The sign-up rules, as pure functions over the seats of the routes involved.

A participant (a normalised e-mail) is on at most one excursion, either confirmed
or on its waiting list. Seats go first come, first served; a freed seat (cancel,
switch, capacity raised) goes to the head of that route's waiting list at once.
The store loads the books of the routes an operation touches, inside one locked
transaction, asks these functions what to do and writes the changes they list.
Time is a parameter (``now``), so the rules are tested without a clock.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from excursions.addresses import AddressError, normalise, parse_address
from excursions.errors import ExcursionsError


class Status(StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"


class Outcome(StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    ALREADY_ON_ROUTE = "already_on_route"
    WINDOW_CLOSED = "window_closed"
    UNKNOWN_ROUTE = "unknown_route"
    CANCELLED = "cancelled"
    NOT_SIGNED_UP = "not_signed_up"
    CAPACITY_CHANGED = "capacity_changed"
    CAPACITY_BELOW_CONFIRMED = "capacity_below_confirmed"
    EMAIL_TAKEN = "email_taken"  # the address has a sign-up: nothing changed, its owner got a mail
    NOT_REGISTERED = "not_registered"  # sign-up is for registered participants only
    NO_ROUTE_CHOSEN = "no_route_chosen"
    TOO_FAST = "too_fast"  # more sign-ups from one browser than a person makes: try again later
    SWITCHED_TOO_OFTEN = "switched_too_often"  # more moves in an hour than a person makes (limits)


class EventKind(StrEnum):
    """What the event log records; the fill-up chart and the audit trail read these."""

    CONFIRMED = "confirmed"  # took a free seat
    WAITLISTED = "waitlisted"  # joined the waiting list
    PROMOTED = "promoted"  # moved from the waiting list to a seat
    LEFT = "left"  # left a route to go on another
    CANCELLED = "cancelled"
    CAPACITY_CHANGED = "capacity_changed"


class WindowState(StrEnum):
    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class Window:
    opens: dt.datetime
    closes: dt.datetime
    keep_open: bool = False  # demo data: stays open after the real deadline


def window_state(window: Window, now: dt.datetime) -> WindowState:
    if now < window.opens:
        return WindowState.NOT_YET_OPEN
    if now >= window.closes and not window.keep_open:
        return WindowState.CLOSED
    return WindowState.OPEN


@dataclass(frozen=True)
class Book:
    """One route's seats: who is confirmed and who waits, in arrival order."""

    route_id: str
    capacity: int
    confirmed: tuple[str, ...] = ()
    waiting: tuple[str, ...] = ()

    @property
    def free(self) -> int:
        return max(0, self.capacity - len(self.confirmed))

    def status_of(self, participant: str) -> Status | None:
        if participant in self.confirmed:
            return Status.CONFIRMED
        if participant in self.waiting:
            return Status.WAITLISTED
        return None

    def position(self, participant: str) -> int | None:
        """1-based place on the waiting list."""
        return self.waiting.index(participant) + 1 if participant in self.waiting else None


@dataclass(frozen=True)
class EventFacts:
    """What an event records beyond who, where and what happened; the log keeps each
    field in a column of its own, so readers get values, not text to parse."""

    was: Status | None = None  # LEFT, CANCELLED: the status left behind
    other_route: str | None = None  # LEFT: where they went; CONFIRMED, WAITLISTED: where from
    capacity_before: int | None = None  # CAPACITY_CHANGED
    capacity_after: int | None = None  # CAPACITY_CHANGED
    by_hand: bool = False  # PROMOTED: an organiser let them in ahead of the queue


NO_FACTS = EventFacts()


@dataclass(frozen=True)
class Change:
    kind: EventKind
    participant: str
    route_id: str
    status: Status | None  # where the participant stands on route_id afterwards; None: gone
    facts: EventFacts = NO_FACTS


@dataclass(frozen=True)
class CapacityRefusal:
    """Why a capacity was not lowered, with the numbers of the moment it was refused."""

    confirmed: int
    requested: int

    @property
    def must_move(self) -> int:
        return self.confirmed - self.requested


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    route_id: str | None = None
    position: int | None = None
    changes: tuple[Change, ...] = ()
    books: Mapping[str, Book] = field(default_factory=dict)
    refusal: CapacityRefusal | None = None

    @property
    def status(self) -> Status | None:
        return {Outcome.CONFIRMED: Status.CONFIRMED, Outcome.WAITLISTED: Status.WAITLISTED}.get(self.outcome)


def capacity_change(route_id: str, before: int, after: int) -> Change:
    return Change(
        EventKind.CAPACITY_CHANGED,
        "",
        route_id,
        None,
        EventFacts(capacity_before=before, capacity_after=after),
    )


def promote(book: Book) -> tuple[Book, list[Change]]:
    """Fill free seats from the head of the waiting list."""
    changes = []
    while book.free and book.waiting:
        head = book.waiting[0]
        book = replace(book, confirmed=(*book.confirmed, head), waiting=book.waiting[1:])
        changes.append(Change(EventKind.PROMOTED, head, book.route_id, Status.CONFIRMED))
    return book, changes


def promote_all(books: Mapping[str, Book]) -> Decision:
    """Fill every route's free seats from its waiting list (route files gave more seats)."""
    changes: list[Change] = []
    new_books = dict(books)
    for route_id, book in books.items():
        new_books[route_id], promoted = promote(book)
        changes += promoted
    return Decision(Outcome.CAPACITY_CHANGED, None, None, tuple(changes), new_books)


def _leave(book: Book, participant: str, kind: EventKind) -> tuple[Book, list[Change]]:
    """Remove a participant; the change records the status they had (for the fill-up replay)."""
    was = book.status_of(participant)
    book = replace(
        book,
        confirmed=tuple(p for p in book.confirmed if p != participant),
        waiting=tuple(p for p in book.waiting if p != participant),
    )
    book, promoted = promote(book)
    return book, [Change(kind, participant, book.route_id, None, EventFacts(was=was)), *promoted]


def current_route(books: Mapping[str, Book], participant: str) -> str | None:
    return next((b.route_id for b in books.values() if b.status_of(participant)), None)


def sign_up(
    books: Mapping[str, Book], participant: str, route_id: str, now: dt.datetime, window: Window
) -> Decision:
    """Join route_id; leave the current route first (a switch). books must hold both routes."""
    state = window_state(window, now)
    if state is not WindowState.OPEN:
        return Decision(Outcome.WINDOW_CLOSED, route_id)
    if route_id not in books:
        return Decision(Outcome.UNKNOWN_ROUTE, route_id)
    target = books[route_id]
    if target.status_of(participant):
        return Decision(Outcome.ALREADY_ON_ROUTE, route_id, target.position(participant), books=books)

    new_books = dict(books)
    changes: list[Change] = []
    old = current_route(books, participant)
    if old is not None:
        new_books[old], left = _leave(books[old], participant, EventKind.LEFT)
        changes += [replace(left[0], facts=replace(left[0].facts, other_route=route_id)), *left[1:]]
    target = new_books[route_id]
    if target.free:
        new_books[route_id] = replace(target, confirmed=(*target.confirmed, participant))
        changes.append(
            Change(EventKind.CONFIRMED, participant, route_id, Status.CONFIRMED, EventFacts(other_route=old))
        )
        return Decision(Outcome.CONFIRMED, route_id, None, tuple(changes), new_books)
    new_books[route_id] = replace(target, waiting=(*target.waiting, participant))
    changes.append(
        Change(EventKind.WAITLISTED, participant, route_id, Status.WAITLISTED, EventFacts(other_route=old))
    )
    position = len(target.waiting) + 1
    return Decision(Outcome.WAITLISTED, route_id, position, tuple(changes), new_books)


def cancel(books: Mapping[str, Book], participant: str) -> Decision:
    """Leave whatever the participant is on; allowed after the deadline too (seats free up)."""
    old = current_route(books, participant)
    if old is None:
        return Decision(Outcome.NOT_SIGNED_UP, books=books)
    new_books = dict(books)
    new_books[old], changes = _leave(books[old], participant, EventKind.CANCELLED)
    return Decision(Outcome.CANCELLED, old, None, tuple(changes), new_books)


def promote_by_hand(books: Mapping[str, Book], participant: str) -> Decision:
    """An organiser lets a waiting participant in ahead of the queue: one more seat, for them."""
    route_id = current_route(books, participant)
    if route_id is None:
        return Decision(Outcome.NOT_SIGNED_UP, books=books)
    book = books[route_id]
    if book.status_of(participant) is Status.CONFIRMED:
        return Decision(Outcome.ALREADY_ON_ROUTE, route_id, books=books)
    raised = capacity_change(route_id, book.capacity, book.capacity + 1)
    book = replace(
        book,
        capacity=book.capacity + 1,
        confirmed=(*book.confirmed, participant),
        waiting=tuple(p for p in book.waiting if p != participant),
    )
    promoted = Change(EventKind.PROMOTED, participant, route_id, Status.CONFIRMED, EventFacts(by_hand=True))
    return Decision(Outcome.CONFIRMED, route_id, None, (raised, promoted), {**books, route_id: book})


# Organisers move people after the deadline too.
ALWAYS_OPEN = Window(dt.datetime.min.replace(tzinfo=dt.UTC), dt.datetime.max.replace(tzinfo=dt.UTC), True)


def change_capacity(books: Mapping[str, Book], route_id: str, capacity: int) -> Decision:
    """Raise (promoting from the waiting list at once) or lower a route's capacity."""
    if route_id not in books:
        return Decision(Outcome.UNKNOWN_ROUTE, route_id)
    book = books[route_id]
    if capacity < len(book.confirmed) or capacity < 1:
        refusal = CapacityRefusal(len(book.confirmed), capacity)
        return Decision(Outcome.CAPACITY_BELOW_CONFIRMED, route_id, books=books, refusal=refusal)
    changed = capacity_change(route_id, book.capacity, capacity)
    book, promoted = promote(replace(book, capacity=capacity))
    return Decision(Outcome.CAPACITY_CHANGED, route_id, None, (changed, *promoted), {**books, route_id: book})


# --- participant input -----------------------------------------------------------------

CONTROL = re.compile(r"[\x00-\x1f\x7f]")
NAME_MAX = 120
ORG_MAX = 160


class InputError(ExcursionsError):
    """A field a participant filled in cannot be used: the field, a code for the
    page's translated message, and an English message for the CLI."""

    def __init__(self, field: str, code: str, message: str, **values: object):
        super().__init__(message, code, **values)
        self.field = field


def normalise_email(email: str) -> str:
    """One form per mailbox (excursions.addresses): looking up never raises."""
    return normalise(email)


@dataclass(frozen=True)
class ParticipantInput:
    email: str
    name: str
    organisation: str = ""
    lang: str = "da"  # the language they signed up in: their mail and personal page use it


def clean_participant(email: str, name: str, organisation: str = "", lang: str = "da") -> ParticipantInput:
    """Check and tidy what a participant typed; raise InputError naming the field."""
    try:
        mail = parse_address(email or "").text
    except AddressError as exc:
        raise InputError("email", exc.code, str(exc), **exc.values) from None
    clean_name = " ".join((name or "").split())
    if not clean_name:
        raise InputError("name", "name_missing", "Write your name.")
    if len(clean_name) > NAME_MAX:
        raise InputError(
            "name",
            "name_too_long",
            f"The name is {len(clean_name)} characters; at most {NAME_MAX}.",
            n=len(clean_name),
            limit=NAME_MAX,
        )
    clean_org = " ".join((organisation or "").split())
    if len(clean_org) > ORG_MAX:
        raise InputError(
            "organisation",
            "organisation_too_long",
            f"The organisation is {len(clean_org)} characters; at most {ORG_MAX}.",
            n=len(clean_org),
            limit=ORG_MAX,
        )
    for fld, value in (("name", clean_name), ("organisation", clean_org)):
        if CONTROL.search(value):
            raise InputError(fld, "control_characters", f"Remove the control characters from the {fld}.")
    return ParticipantInput(mail, clean_name, clean_org, lang if lang in ("da", "en") else "da")
