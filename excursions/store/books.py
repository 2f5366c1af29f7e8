"""The books of the routes a change touches, locked and loaded, and the rules' decision applied
(excursions.signups decides; this writes the changes and one event-log row each)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from enum import Enum

from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.engine import Connection

from excursions import signups as rules
from excursions.mail.kinds import mails_for
from excursions.signups import Book, Decision, EventKind, ParticipantInput, Status, Window
from excursions.store import outbox
from excursions.store.engine import CAPACITY, Transactions, hash_token
from excursions.store.schema import events_t, links_t, participants_t, routes_t, signups_t


class Claim(Enum):
    """Why the form's address cannot be this person's (Books._claim)."""

    TAKEN = "taken"
    NOT_REGISTERED = "not_registered"


class Books(Transactions):
    def _load_books(
        self, conn: Connection, route_ids: Iterable[str]
    ) -> tuple[dict[str, Book], dict[str, int]]:
        """Lock (PostgreSQL) and read the given active routes' seats, in id order."""
        ids = sorted(set(route_ids))
        if not ids:
            return {}, {}
        rows = conn.execute(
            self._for_update(
                select(routes_t.c.id, CAPACITY.label("capacity"))
                .where(routes_t.c.id.in_(ids), routes_t.c.active.is_(True))
                .order_by(routes_t.c.id)
            )
        ).all()
        capacity = {r.id: r.capacity for r in rows}
        seats = conn.execute(
            select(signups_t.c.route_id, signups_t.c.status, participants_t.c.email, participants_t.c.id)
            .join(participants_t, participants_t.c.id == signups_t.c.participant_id)
            .where(signups_t.c.route_id.in_(list(capacity)))
            .order_by(signups_t.c.route_id, signups_t.c.seq)
        ).all()
        confirmed: dict[str, list[str]] = {rid: [] for rid in capacity}
        waiting: dict[str, list[str]] = {rid: [] for rid in capacity}
        ids_by_email = {}
        for s in seats:
            (confirmed if s.status == Status.CONFIRMED else waiting)[s.route_id].append(s.email)
            ids_by_email[s.email] = s.id
        books = {
            rid: Book(rid, capacity[rid], tuple(confirmed[rid]), tuple(waiting[rid])) for rid in capacity
        }
        return books, ids_by_email

    def _apply(
        self, conn: Connection, decision: Decision, now: dt.datetime, ids_by_email: dict[str, int]
    ) -> None:
        """Write a decision's changes and log them; queue the mail each affected person gets."""
        for order in mails_for(decision):
            outbox.enqueue(conn, ids_by_email[order.participant], order, now)
        for change in decision.changes:
            pid = ids_by_email.get(change.participant)
            if change.kind in (EventKind.CONFIRMED, EventKind.WAITLISTED):
                next_seq = conn.execute(
                    select(func.coalesce(func.max(signups_t.c.seq), 0) + 1).where(
                        signups_t.c.route_id == change.route_id
                    )
                ).scalar_one()
                conn.execute(
                    signups_t.insert().values(
                        participant_id=pid,
                        route_id=change.route_id,
                        status=change.status.value,
                        seq=next_seq,
                        since=now,
                    )
                )
            elif change.kind is EventKind.PROMOTED:
                conn.execute(
                    update(signups_t)
                    .where(signups_t.c.participant_id == pid)
                    .values(status=Status.CONFIRMED.value, since=now)
                )
            elif change.kind in (EventKind.LEFT, EventKind.CANCELLED):
                conn.execute(delete(signups_t).where(signups_t.c.participant_id == pid))
            elif change.kind is EventKind.CAPACITY_CHANGED:
                conn.execute(
                    update(routes_t)
                    .where(routes_t.c.id == change.route_id)
                    .values(capacity_override=change.facts.capacity_after)
                )
            facts = change.facts
            conn.execute(
                events_t.insert().values(
                    at=now,
                    participant_id=pid,
                    email=change.participant or None,
                    route_id=change.route_id,
                    kind=change.kind.value,
                    was_status=facts.was.value if facts.was else None,
                    other_route=facts.other_route,
                    capacity_before=facts.capacity_before,
                    capacity_after=facts.capacity_after,
                    by_hand=facts.by_hand,
                )
            )

    def _lock_participant(
        self, conn: Connection, person: ParticipantInput, now: dt.datetime, *, registered: bool = False
    ) -> tuple[int, bool]:
        """Create the participant if new and lock their row: (id, whether it was created)."""
        created = conn.execute(
            self._insert(participants_t)
            .values(
                email=person.email,
                name=person.name,
                organisation=person.organisation,
                lang=person.lang,
                registered=registered,
                created_at=now,
                updated_at=now,
            )
            .on_conflict_do_nothing(index_elements=["email"])
            .returning(participants_t.c.id)  # PostgreSQL's rowcount here is -1 whatever happened
        ).first()
        return self._lock_by_email(conn, person.email), created is not None

    def _claim(
        self,
        conn: Connection,
        person: ParticipantInput,
        now: dt.datetime,
        *,
        registered_only: bool,
        taken: Callable[[Connection, int], bool],
    ) -> int | Claim:
        """The form's person as a locked participant row (their own words over an import's),
        or why not: the address is `taken` (its owner is mailed their link, as a sign-up and a
        wish list both promise) or not registered. Checked again once the row is locked: on
        PostgreSQL someone may have taken it meanwhile."""
        row = conn.execute(
            self._for_update(
                select(participants_t.c.id, participants_t.c.registered).where(
                    participants_t.c.email == person.email
                )
            )
        ).first()
        if row is not None and taken(conn, row.id):
            self._mail_owner(conn, row.id, person.email, now)
            return Claim.TAKEN
        if registered_only and (row is None or not row.registered):
            return Claim.NOT_REGISTERED
        pid, created = self._lock_participant(conn, person, now)
        if not created:
            if taken(conn, pid):
                self._mail_owner(conn, pid, person.email, now)
                return Claim.TAKEN
            conn.execute(  # registered by an import, signing up now: their own words
                update(participants_t)
                .where(participants_t.c.id == pid)
                .values(name=person.name, organisation=person.organisation, lang=person.lang, updated_at=now)
            )
        return pid

    def _lock_by_email(self, conn: Connection, email: str) -> int | None:
        """The participant's id, their row locked (PostgreSQL) until the transaction ends."""
        query = select(participants_t.c.id).where(participants_t.c.email == email)
        return conn.execute(self._for_update(query)).scalar()

    def _lock_owner(self, conn: Connection, token: str) -> tuple[int, str] | None:
        """The personal link's owner (id, address), their row locked; None: not a valid link."""
        pid = self._owner_of(conn, token)
        if pid is None:
            return None
        query = select(participants_t.c.email).where(participants_t.c.id == pid)
        return pid, conn.execute(self._for_update(query)).scalar_one()

    def _owner_of(self, conn: Connection, token: str) -> int | None:
        if not token or len(token) > 100:
            return None
        return conn.execute(
            select(links_t.c.participant_id).where(links_t.c.token_hash == hash_token(token))
        ).scalar()

    def _current_route(self, conn: Connection, pid: int) -> str | None:
        return conn.execute(select(signups_t.c.route_id).where(signups_t.c.participant_id == pid)).scalar()

    def _taken(self, conn: Connection, pid: int) -> bool:
        """The address belongs to someone already: they have a seat or a place, or a link."""
        return bool(
            conn.execute(
                select(
                    exists().where(signups_t.c.participant_id == pid)
                    | exists().where(links_t.c.participant_id == pid)
                )
            ).scalar()
        )

    def _decide(
        self,
        conn: Connection,
        route_ids: Iterable[str],
        now: dt.datetime,
        rule: Callable[[dict[str, Book]], Decision],
        person: tuple[str, int] | None = None,
    ) -> Decision:
        """The one way a change is made: lock and load the routes' books, let the pure rule
        decide, write and log what it decided (and queue the mail it causes)."""
        books, ids = self._load_books(conn, route_ids)
        if person is not None:
            ids[person[0]] = person[1]
        decision = rule(books)
        self._apply(conn, decision, now, ids)
        return decision

    def _decide_for(
        self,
        conn: Connection,
        pid: int | None,
        email: str,
        now: dt.datetime,
        rule: Callable[[dict[str, Book]], Decision],
        also: Iterable[str] = (),
    ) -> Decision:
        """_decide for a locked participant, on their current route (and any others given)."""
        current = self._current_route(conn, pid) if pid is not None else None
        routes = {*also, current} - {None}
        return self._decide(conn, routes, now, rule, (email, pid) if pid is not None else None)

    def _join(
        self, conn: Connection, pid: int, email: str, route_id: str, now: dt.datetime, window: Window
    ) -> Decision:
        """Put a locked participant on route_id (leaving their current one), write and log it."""
        return self._decide_for(
            conn,
            pid,
            email,
            now,
            lambda books: rules.sign_up(books, email, route_id, now, window),
            [route_id],
        )
