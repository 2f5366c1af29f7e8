"""The mail queue kept in the database: written with the change it reports, sent later.

A row is queued in the same transaction as the sign-up (or move, promotion, cancellation)
it reports, so the answer never waits for a mail server and a crash cannot lose it. A
sender claims a row by moving its next try into the future (a lease); if the sender dies
mid-send the row comes back when the lease runs out. Every try of a row sends the same
bytes with the same Message-ID, composed at the first try.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import Connection

from excursions.limits import MAIL_PER_RECIPIENT
from excursions.mail.kinds import MailKind, MailOrder
from excursions.store.schema import outbox_t, participants_t

LEASE = dt.timedelta(minutes=2)  # a try that takes longer than this may be made again
FIRST_RETRY = dt.timedelta(seconds=30)
LONGEST_WAIT = dt.timedelta(minutes=30)
MAX_ATTEMPTS = 20  # with the waits above: about eight hours of tries


class MailStatus(StrEnum):
    QUEUED = "queued"  # waiting for its first or next try
    SENT = "sent"
    FAILED = "failed"  # the server refused it for good, or every try failed; an organiser may retry
    HELD = "held"  # over the limit of mails to one address an hour: kept, not sent (limits)


def retry_wait(attempts: int, first: dt.timedelta = FIRST_RETRY) -> dt.timedelta:
    """How long to wait after the given number of failed tries: doubling, capped."""
    return min(first * (2 ** max(0, attempts - 1)), LONGEST_WAIT)


@dataclass(frozen=True)
class QueuedMail:
    """One row of the queue, as a sender or an organiser sees it."""

    id: int
    participant_id: int
    email: str
    name: str
    lang: str
    kind: MailKind
    route_id: str | None
    previous_route_id: str | None
    position: int | None
    invite_seq: int
    by_organiser: bool
    status: MailStatus
    attempts: int
    next_attempt_at: dt.datetime
    created_at: dt.datetime
    sent_at: dt.datetime | None
    last_error: str
    subject: str
    message_id: str
    message: bytes | None
    # Composing a wish-round mail: the person's wishes, and (NOT_DRAWN) the routes with seats.
    wishes: tuple[str, ...] = ()
    open_routes: tuple[str, ...] = ()


HELD_REASON = "held: more than {count} mails to this address within {minutes} minutes"


def enqueue(conn: Connection, participant_id: int, order: MailOrder, now: dt.datetime) -> MailStatus:
    """Queue one mail inside the caller's transaction; an invite gets the next SEQUENCE.

    Over MAIL_PER_RECIPIENT the mail is kept as HELD instead: counted under the recipient's
    row lock (PostgreSQL), so concurrent changes cannot all slip under the limit."""
    conn.execute(
        select(participants_t.c.id).where(participants_t.c.id == participant_id).with_for_update()
    ).scalar()
    limit = MAIL_PER_RECIPIENT
    recent = conn.execute(
        select(func.count()).where(
            outbox_t.c.participant_id == participant_id,
            outbox_t.c.created_at > now - limit.window,
            outbox_t.c.status != MailStatus.HELD.value,
        )
    ).scalar_one()
    status, error = MailStatus.QUEUED, ""
    if recent >= limit.count:
        status = MailStatus.HELD
        error = HELD_REASON.format(count=limit.count, minutes=int(limit.window.total_seconds() // 60))
    seq = 0
    if order.kind.invite:
        conn.execute(
            update(participants_t)
            .where(participants_t.c.id == participant_id)
            .values(invite_seq=participants_t.c.invite_seq + 1)
        )
        seq = conn.execute(
            select(participants_t.c.invite_seq).where(participants_t.c.id == participant_id)
        ).scalar_one()
    conn.execute(
        outbox_t.insert().values(
            participant_id=participant_id,
            kind=order.kind.value,
            route_id=order.route_id,
            previous_route_id=order.previous_route_id,
            by_organiser=order.by_organiser,
            position=order.position,
            invite_seq=seq,
            status=status.value,
            attempts=0,
            next_attempt_at=now,
            created_at=now,
            last_error=error,
            subject="",
            message_id="",
        )
    )
    return status


_COLUMNS = (
    outbox_t,
    participants_t.c.email,
    participants_t.c.name,
    participants_t.c.lang,
)


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _row(r) -> QueuedMail:
    return QueuedMail(
        r.id,
        r.participant_id,
        r.email,
        r.name,
        r.lang,
        MailKind(r.kind),
        r.route_id,
        r.previous_route_id,
        r.position,
        r.invite_seq,
        bool(r.by_organiser),
        MailStatus(r.status),
        r.attempts,
        _utc(r.next_attempt_at),
        _utc(r.created_at),
        _utc(r.sent_at),
        r.last_error,
        r.subject,
        r.message_id,
        r.message,
    )


def _joined():
    return select(*_COLUMNS).join(participants_t, participants_t.c.id == outbox_t.c.participant_id)


def due_ids(conn: Connection, now: dt.datetime, limit: int) -> list[int]:
    return list(
        conn.execute(
            select(outbox_t.c.id)
            .where(outbox_t.c.status == MailStatus.QUEUED.value, outbox_t.c.next_attempt_at <= now)
            # Longest due first: mail that just failed must not crowd out mail never tried.
            .order_by(outbox_t.c.next_attempt_at, outbox_t.c.id)
            .limit(limit)
        ).scalars()
    )


def claim(conn: Connection, mail_id: int, now: dt.datetime) -> QueuedMail | None:
    """Take a due row for one try (None: another sender has it, or it was sent)."""
    taken = conn.execute(
        update(outbox_t)
        .where(
            outbox_t.c.id == mail_id,
            outbox_t.c.status == MailStatus.QUEUED.value,
            outbox_t.c.next_attempt_at <= now,
        )
        .values(next_attempt_at=now + LEASE, attempts=outbox_t.c.attempts + 1)
    ).rowcount
    if taken != 1:
        return None
    row = conn.execute(_joined().where(outbox_t.c.id == mail_id)).first()
    return _row(row) if row else None


def store_message(conn: Connection, mail_id: int, subject: str, message_id: str, message: bytes) -> None:
    conn.execute(
        update(outbox_t)
        .where(outbox_t.c.id == mail_id)
        .values(subject=subject[:300], message_id=message_id, message=message)
    )


def mark_sent(conn: Connection, mail_id: int, now: dt.datetime) -> None:
    conn.execute(
        update(outbox_t)
        .where(outbox_t.c.id == mail_id)
        .values(status=MailStatus.SENT.value, sent_at=now, last_error="", message=None)
    )


def mark_failed(
    conn: Connection, mail_id: int, error: str, now: dt.datetime, *, permanent: bool, first: dt.timedelta
) -> MailStatus:
    """Record a failed try: try again later, or give up (permanent refusal, or too many tries)."""
    attempts = conn.execute(select(outbox_t.c.attempts).where(outbox_t.c.id == mail_id)).scalar_one()
    status = MailStatus.FAILED if permanent or attempts >= MAX_ATTEMPTS else MailStatus.QUEUED
    conn.execute(
        update(outbox_t)
        .where(outbox_t.c.id == mail_id)
        .values(
            status=status.value, last_error=error[:500], next_attempt_at=now + retry_wait(attempts, first)
        )
    )
    return status


def defer(conn: Connection, ids: list[int], error: str, now: dt.datetime, *, first: dt.timedelta) -> int:
    """No session with the mail server at all: each due row counts a failed try and waits for
    its next one, all in one transaction (a sender stopped meanwhile leaves no row leased)."""
    deferred = 0
    for mail_id in ids:
        if claim(conn, mail_id, now) is not None:
            mark_failed(conn, mail_id, error, now, permanent=False, first=first)
            deferred += 1
    return deferred


def retry_failed(conn: Connection, now: dt.datetime) -> int:
    """An organiser asks to try the failed mails again, now."""
    return conn.execute(
        update(outbox_t)
        .where(outbox_t.c.status == MailStatus.FAILED.value)
        .values(status=MailStatus.QUEUED.value, attempts=0, next_attempt_at=now)
    ).rowcount


def listing(conn: Connection, limit: int = 500) -> list[QueuedMail]:
    """The newest rows first, for the organiser's view."""
    rows = conn.execute(_joined().order_by(outbox_t.c.id.desc()).limit(limit)).all()
    return [_row(r) for r in rows]


def tally(conn: Connection) -> dict[MailStatus, int]:
    rows = conn.execute(select(outbox_t.c.status, func.count()).group_by(outbox_t.c.status)).all()
    counts = dict.fromkeys(MailStatus, 0)
    counts.update({MailStatus(s): n for s, n in rows})
    return counts


def next_due(conn: Connection) -> dt.datetime | None:
    return _utc(
        conn.execute(
            select(func.min(outbox_t.c.next_attempt_at)).where(outbox_t.c.status == MailStatus.QUEUED.value)
        ).scalar()
    )


def clear(conn: Connection) -> None:
    conn.execute(delete(outbox_t))
