"""A participant's and an organiser's changes to sign-ups: sign up, switch, cancel, move,
promote, capacity, check-in. Each is one transaction through the books."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Connection

from excursions import signups as rules
from excursions.errors import ExcursionsError
from excursions.limits import Attempt, Client
from excursions.mail.kinds import MailKind
from excursions.model import SignupResult, result_of
from excursions.signups import Outcome, ParticipantInput, Window
from excursions.store.books import Claim
from excursions.store.engine import Transactions
from excursions.store.schema import (
    attempts_t,
    checkins_t,
    events_t,
    links_t,
    outbox_t,
    participants_t,
    routes_t,
    signups_t,
)


class Signups(Transactions):
    def signup(
        self,
        person: ParticipantInput,
        route_id: str | None,
        *,
        now: dt.datetime,
        window: Window,
        registered_only: bool = False,
        new_token: bool = True,
        client: Client | None = None,
    ) -> SignupResult:
        """A participant signs up. One transaction.

        An address that already has a sign-up (or a personal link) changes nothing: the seat
        and the link belong to whoever reads that mailbox, so its owner is mailed their link
        and the answer says no more than that. With a client (the form), sign-ups faster
        than a person makes them are refused (excursions.limits).
        """

        def work(conn: Connection) -> SignupResult:
            if rules.window_state(window, now) is not rules.WindowState.OPEN:
                return SignupResult(Outcome.WINDOW_CLOSED, route_id)
            if not route_id:
                return SignupResult(Outcome.NO_ROUTE_CHOSEN, None)
            ticket = None
            if client is not None:
                wait, ticket = self._try(conn, Attempt.SIGNUP, client, now)
                if wait:
                    return SignupResult(Outcome.TOO_FAST, None)
            known = conn.execute(
                select(routes_t.c.id).where(routes_t.c.id == route_id, routes_t.c.active.is_(True))
            ).scalar()
            if known is None:
                return SignupResult(Outcome.UNKNOWN_ROUTE, route_id)
            pid = self._claim(conn, person, now, registered_only=registered_only, taken=self._taken)
            if pid is Claim.TAKEN:
                return SignupResult(Outcome.EMAIL_TAKEN, None)
            if pid is Claim.NOT_REGISTERED:
                return SignupResult(Outcome.NOT_REGISTERED, None)
            decision = self._join(conn, pid, person.email, route_id, now, window)
            token = self.new_link(conn, pid, now) if new_token else None
            result = result_of(decision, person.email, token)
            if ticket is not None and result.outcome in (Outcome.CONFIRMED, Outcome.WAITLISTED):
                conn.execute(update(attempts_t).where(attempts_t.c.id == ticket).values(participant_id=pid))
            return result

        return self._write(work)

    def switch(
        self,
        token: str,
        route_id: str,
        *,
        now: dt.datetime,
        window: Window,
        lang: str | None = None,
        address: str = "",
    ) -> SignupResult:
        """The owner of a personal link moves to another excursion (or signs up again); at most
        as often an hour as limits.LIMITS[Attempt.SWITCH] allows, per participant whichever link
        asks (each move mails them: excursions.limits)."""

        def work(conn: Connection) -> SignupResult:
            owner = self._lock_owner(conn, token)
            if owner is None:
                raise ExcursionsError(
                    "This personal link is not valid (any more). Sign up again to get a new one.",
                    "link_invalid",
                )
            pid, email = owner
            if self._current_route(conn, pid) != route_id:
                who = Client(f"participant:{pid}", address)
                if self._try(conn, Attempt.SWITCH, who, now)[0]:
                    return SignupResult(Outcome.SWITCHED_TOO_OFTEN, None)
            if lang:
                conn.execute(update(participants_t).where(participants_t.c.id == pid).values(lang=lang))
            return result_of(self._join(conn, pid, email, route_id, now, window), email)

        return self._write(work)

    def _cancel_pid(self, conn: Connection, pid: int, email: str, now: dt.datetime) -> SignupResult:
        decision = self._decide_for(conn, pid, email, now, lambda books: rules.cancel(books, email))
        return result_of(decision, email)

    def _by_organiser(self, conn: Connection, pid: int, now: dt.datetime) -> None:
        """The mail this change just queued for the person says an organiser made it."""
        kinds = (MailKind.MOVED.value, MailKind.CANCELLED.value)
        conn.execute(
            update(outbox_t)
            .where(outbox_t.c.participant_id == pid, outbox_t.c.created_at == now, outbox_t.c.kind.in_(kinds))
            .values(by_organiser=True)
        )

    def cancel(self, email: str, *, now: dt.datetime) -> SignupResult:
        """Organiser or shell: cancel a participant's excursion."""
        mail = rules.normalise_email(email)

        def work(conn: Connection) -> SignupResult:
            pid = self._lock_by_email(conn, mail)
            if pid is None:
                return SignupResult(Outcome.NOT_SIGNED_UP, None)
            result = self._cancel_pid(conn, pid, mail, now)
            self._by_organiser(conn, pid, now)
            return result

        return self._write(work)

    def cancel_own(self, token: str, *, now: dt.datetime) -> SignupResult:
        """The owner of a personal link cancels."""

        def work(conn: Connection) -> SignupResult:
            owner = self._lock_owner(conn, token)
            if owner is None:
                return SignupResult(Outcome.NOT_SIGNED_UP, None)
            return self._cancel_pid(conn, *owner, now)

        return self._write(work)

    def forget(self, token: str, *, now: dt.datetime) -> bool:
        """ "Delete my data": free the seat (the waiting list moves up), then delete the person,
        their links and mail; the log keeps the anonymous counts. False: link not valid."""

        def work(conn: Connection) -> bool:
            owner = self._lock_owner(conn, token)
            if owner is None:
                return False
            pid, email = owner
            self._cancel_pid(conn, pid, email, now)
            conn.execute(update(events_t).where(events_t.c.participant_id == pid).values(email=None))
            conn.execute(delete(participants_t).where(participants_t.c.id == pid))
            return True

        return self._write(work)

    def set_capacity(self, route_id: str, capacity: int, *, now: dt.datetime) -> SignupResult:
        def work(conn: Connection) -> SignupResult:
            decision = self._decide(
                conn, [route_id], now, lambda books: rules.change_capacity(books, route_id, capacity)
            )
            return result_of(decision)

        return self._write(work)

    def move(self, email: str, route_id: str, *, now: dt.datetime) -> SignupResult:
        """Organiser: put a participant on another route (same rules, any time)."""
        mail = rules.normalise_email(email)

        def work(conn: Connection) -> SignupResult:
            pid = self._lock_by_email(conn, mail)
            if pid is None:
                return SignupResult(Outcome.NOT_SIGNED_UP, None)
            result = result_of(self._join(conn, pid, mail, route_id, now, rules.ALWAYS_OPEN), mail)
            self._by_organiser(conn, pid, now)
            return result

        return self._write(work)

    def promote(self, email: str, *, now: dt.datetime) -> SignupResult:
        """Organiser: give a waiting participant a seat now (the route gets one more seat)."""
        mail = rules.normalise_email(email)

        def work(conn: Connection) -> SignupResult:
            pid = self._lock_by_email(conn, mail)
            decision = self._decide_for(
                conn, pid, mail, now, lambda books: rules.promote_by_hand(books, mail)
            )
            return result_of(decision, mail)

        return self._write(work)

    def check_in(self, email: str, route_id: str, present: bool, *, now: dt.datetime, by: str = "") -> None:
        """Mark a participant present (or not) at departure; one row per person and route."""
        mail = rules.normalise_email(email)

        def work(conn: Connection) -> None:
            pid = conn.execute(select(participants_t.c.id).where(participants_t.c.email == mail)).scalar()
            if pid is None:
                raise ExcursionsError(f"{mail} is not signed up")
            stmt = self._insert(checkins_t).values(
                participant_id=pid, route_id=route_id, present=present, at=now, by=by
            )
            conn.execute(
                stmt.on_conflict_do_update(
                    index_elements=["participant_id", "route_id"],
                    set_={"present": present, "at": now, "by": by},
                )
            )

        self._write(work)

    def reset(self) -> None:
        """Empty sign-ups, participants and the log; keep the routes, drop capacity changes."""

        def work(conn: Connection) -> None:
            for table in (
                checkins_t,
                signups_t,
                events_t,
                outbox_t,
                links_t,
                attempts_t,
                participants_t,
            ):
                conn.execute(delete(table))
            conn.execute(update(routes_t).values(capacity_override=None))

        self._write(work)
