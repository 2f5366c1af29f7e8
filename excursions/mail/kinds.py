"""Which mail a change to the books sends (pure): one per person a decision touched."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from excursions.signups import Decision, EventKind, Status


class MailKind(StrEnum):
    SIGNED_UP = "signed_up"  # took a seat
    WAITLISTED = "waitlisted"  # joined a waiting list
    MOVED = "moved"  # moved to another excursion (by themselves or an organiser)
    PROMOTED = "promoted"  # got a seat from the waiting list
    CANCELLED = "cancelled"
    ALREADY_SIGNED_UP = "already_signed_up"  # someone signed up with this address again
    LINK = "link"  # asked for the personal link again
    WISHES = "wishes"  # sent or changed their wishes in the wish round (excursions.wishes)
    DRAWN = "drawn"  # the draw gave them one of their wishes
    NOT_DRAWN = "not_drawn"  # none of their wishes had a seat: on their first wish's waiting list

    @property
    def invite(self) -> bool:
        """Carries a calendar invite (a cancellation carries the invite's cancellation)."""
        return self not in (MailKind.ALREADY_SIGNED_UP, MailKind.LINK, MailKind.WISHES, MailKind.NOT_DRAWN)


@dataclass(frozen=True)
class MailOrder:
    """One mail to queue: for whom (the participant's e-mail in the decision) and what."""

    participant: str
    kind: MailKind
    route_id: str | None
    previous_route_id: str | None = None
    position: int | None = None
    by_organiser: bool = False  # an organiser moved or cancelled them


def mails_for(decision: Decision) -> list[MailOrder]:
    """The mails a decision sends, one per participant."""
    left: dict[str, str] = {}
    orders: dict[str, MailOrder] = {}
    for change in decision.changes:
        who, route = change.participant, change.route_id
        if not who:
            continue
        book = decision.books.get(route)
        position = book.position(who) if book else None
        if change.kind is EventKind.LEFT:
            left[who] = route
            continue
        if change.kind in (EventKind.CONFIRMED, EventKind.WAITLISTED):
            if who in left:
                orders[who] = MailOrder(who, MailKind.MOVED, route, left[who], position)
            elif change.status is Status.CONFIRMED:
                orders[who] = MailOrder(who, MailKind.SIGNED_UP, route)
            else:
                orders[who] = MailOrder(who, MailKind.WAITLISTED, route, position=position)
        elif change.kind is EventKind.PROMOTED:
            orders[who] = MailOrder(who, MailKind.PROMOTED, route)
        elif change.kind is EventKind.CANCELLED:
            orders[who] = MailOrder(who, MailKind.CANCELLED, route)
    # The person who acted first, then those it moved up from a waiting list.
    return sorted(orders.values(), key=lambda o: o.kind is MailKind.PROMOTED)
