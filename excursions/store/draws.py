"""The wish round's draw committed: seats and waiting-list places for everyone it drew, in
one transaction, and the draw recorded (method, seed, numbers) so anyone can re-run it."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import exists, func, select
from sqlalchemy.engine import Connection

from excursions import allocation
from excursions import wishes as rules
from excursions.allocation import Draw
from excursions.errors import ExcursionsError
from excursions.mail.kinds import MailKind, MailOrder
from excursions.signups import EventKind, Status
from excursions.store import outbox
from excursions.store.engine import CAPACITY, Transactions, _utc, advisory_lock
from excursions.store.schema import draws_t, events_t, participants_t, routes_t, signups_t, wishes_t
from excursions.wishes import Phase, WishRound

ROUND_LOCK = "wish-round"  # PostgreSQL: wishes and the draw's commit, one at a time


class DrawError(ExcursionsError):
    """The draw could not be committed; nothing was changed."""


@dataclass(frozen=True)
class DrawRecord:
    id: int
    at: dt.datetime
    method: str
    seed: int
    people: int
    summary: dict
    by: str


class Draws(Transactions):
    def free_seats(self) -> dict[str, int]:
        """Every active route's seats not taken: what a draw gives out."""
        return self._read(self._free_seats)

    def drawn(self) -> bool:
        return self._read(
            lambda conn: conn.execute(select(exists().where(draws_t.c.id.is_not(None)))).scalar()
        )

    def draws(self) -> list[DrawRecord]:
        """The committed draws, oldest first (normally one)."""

        def work(conn: Connection) -> list[DrawRecord]:
            d = draws_t.c
            rows = conn.execute(select(draws_t).order_by(d.id)).all()
            return [
                DrawRecord(r.id, _utc(r.at), r.method, r.seed, r.people, json.loads(r.summary), r.by)
                for r in rows
            ]

        return self._read(work)

    def commit_draw(self, result: Draw, *, now: dt.datetime, by: str = "") -> int:
        """Write a draw: seats for those it gave one, a place on their first wish's waiting
        list for the others, in the drawn order; a mail to each; the draw recorded. One
        transaction, refused (DrawError) if the wishes or the seats changed since the
        preview, or a draw was already made. Returns the draw's number."""

        def work(conn: Connection) -> int:
            if self.dialect == "postgresql":
                advisory_lock(conn, ROUND_LOCK)
            if self._drawn(conn):
                raise DrawError("The draw has already been made; nothing was changed.", "draw_made")
            self._load_books(conn, self._active_routes(conn))  # lock every route (PostgreSQL)
            if self._free_seats(conn) != dict(result.capacity):
                raise DrawError(
                    "Seats changed since this preview; nothing was changed. Preview the draw again.",
                    "draw_stale",
                )
            if self._undecided(conn) != {p: tuple(r) for p, r in result.wishes.items()}:
                raise DrawError(
                    "Wishes changed since this preview; nothing was changed. Preview the draw again.",
                    "draw_stale",
                )
            ids = dict(conn.execute(select(participants_t.c.email, participants_t.c.id)).all())
            for person in result.order:
                got = result.assigned[person]
                first = result.wishes[person][0] if result.wishes[person] else None
                route, status = (got, Status.CONFIRMED) if got else (first, Status.WAITLISTED)
                if route is None:
                    continue
                seq = self._place(conn, ids[person], person, route, status, now)
                kind = MailKind.DRAWN if got else MailKind.NOT_DRAWN
                position = None if got else seq
                outbox.enqueue(conn, ids[person], MailOrder(person, kind, route, position=position), now)
            return conn.execute(
                draws_t.insert()
                .values(
                    at=now,
                    method=result.method.value,
                    seed=result.seed,
                    people=len(result.order),
                    summary=json.dumps(allocation.summary(result), sort_keys=True),
                    by=by[:120],
                )
                .returning(draws_t.c.id)
            ).scalar_one()

        return self._write(work)

    def phase(self, round_: WishRound | None, now: dt.datetime) -> Phase:
        return rules.phase(round_, now, drawn=round_ is not None and self.drawn())

    def _free_seats(self, conn: Connection) -> dict[str, int]:
        taken = (
            select(signups_t.c.route_id, func.count().label("n"))
            .where(signups_t.c.status == Status.CONFIRMED.value)
            .group_by(signups_t.c.route_id)
            .subquery()
        )
        rows = conn.execute(
            select(routes_t.c.id, CAPACITY, func.coalesce(taken.c.n, 0))
            .outerjoin(taken, taken.c.route_id == routes_t.c.id)
            .where(routes_t.c.active.is_(True))
        ).all()
        return {rid: max(0, capacity - n) for rid, capacity, n in rows}

    def _undecided(self, conn: Connection) -> dict[str, tuple[str, ...]]:
        w, p = wishes_t.c, participants_t.c
        query = (
            select(p.email, w.route_id)
            .join(participants_t, p.id == w.participant_id)
            .where(~exists().where(signups_t.c.participant_id == w.participant_id))
            .order_by(p.email, w.rank)
        )
        out: dict[str, list[str]] = {}
        for email, route_id in conn.execute(query).all():
            out.setdefault(email, []).append(route_id)
        active = self._active_routes(conn)
        return {email: tuple(r for r in ranked if r in active) for email, ranked in out.items()}

    def _place(
        self, conn: Connection, pid: int, email: str, route: str, status: Status, now: dt.datetime
    ) -> int:
        """A seat or a waiting-list place from the draw, logged as a sign-up: the waiting
        list's 1-based position for WAITLISTED."""
        seq = conn.execute(
            select(func.coalesce(func.max(signups_t.c.seq), 0) + 1).where(signups_t.c.route_id == route)
        ).scalar_one()
        conn.execute(
            signups_t.insert().values(
                participant_id=pid, route_id=route, status=status.value, seq=seq, since=now
            )
        )
        kind = EventKind.CONFIRMED if status is Status.CONFIRMED else EventKind.WAITLISTED
        conn.execute(
            events_t.insert().values(at=now, participant_id=pid, email=email, route_id=route, kind=kind.value)
        )
        if status is Status.CONFIRMED:
            return 0
        return conn.execute(
            select(func.count()).where(
                signups_t.c.route_id == route, signups_t.c.status == Status.WAITLISTED.value
            )
        ).scalar_one()

    def _drawn(self, conn: Connection) -> bool:
        return bool(conn.execute(select(exists().where(draws_t.c.id.is_not(None)))).scalar())

    def _active_routes(self, conn: Connection) -> set[str]:
        return set(conn.execute(select(routes_t.c.id).where(routes_t.c.active.is_(True))).scalars())
