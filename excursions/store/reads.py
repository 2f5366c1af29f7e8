"""What pages and exports read: counts, a participant's view, the people, the event log."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import and_, case, func, select
from sqlalchemy.engine import Connection

from excursions import signups as rules
from excursions.model import LoggedEvent, ParticipantView, PersonRow, RouteCount
from excursions.routes import Mode
from excursions.signups import Book, EventFacts, EventKind, Status
from excursions.store.engine import CAPACITY, Transactions, _utc
from excursions.store.schema import checkins_t, events_t, participants_t, routes_t, signups_t


class Reads(Transactions):
    def counts(self) -> list[RouteCount]:
        query = (
            select(
                routes_t.c.id,
                routes_t.c.mode,
                CAPACITY.label("capacity"),
                func.count(case((signups_t.c.status == Status.CONFIRMED.value, 1))).label("confirmed"),
                func.count(case((signups_t.c.status == Status.WAITLISTED.value, 1))).label("waitlisted"),
            )
            .select_from(routes_t.outerjoin(signups_t, signups_t.c.route_id == routes_t.c.id))
            .where(routes_t.c.active.is_(True))
            .group_by(routes_t.c.id, routes_t.c.mode, routes_t.c.capacity_override, routes_t.c.file_capacity)
            .order_by(routes_t.c.id)
        )
        rows = self._read(lambda conn: conn.execute(query).all())
        return [RouteCount(r.id, Mode(r.mode), r.capacity, r.confirmed, r.waitlisted) for r in rows]

    def participant(self, token: str) -> ParticipantView | None:
        """What a personal link shows: the participant's own status, nothing about others."""

        def work(conn: Connection) -> ParticipantView | None:
            pid = self._owner_of(conn, token)
            return None if pid is None else self.view(conn, pid)

        return self._read(work)

    def view(self, conn: Connection, pid: int) -> ParticipantView:
        """One participant's sign-up as they may see it, with their place on a waiting list."""
        row = conn.execute(
            select(participants_t, signups_t.c.route_id, signups_t.c.status, signups_t.c.seq)
            .select_from(
                participants_t.outerjoin(signups_t, signups_t.c.participant_id == participants_t.c.id)
            )
            .where(participants_t.c.id == pid)
        ).first()
        position = None
        if row.status == Status.WAITLISTED:
            ahead = conn.execute(
                select(func.count()).where(
                    and_(
                        signups_t.c.route_id == row.route_id,
                        signups_t.c.status == Status.WAITLISTED.value,
                        signups_t.c.seq < row.seq,
                    )
                )
            ).scalar_one()
            position = ahead + 1
        return ParticipantView(
            row.email,
            row.name,
            row.organisation,
            row.route_id,
            Status(row.status) if row.status else None,
            position,
            row.lang,
        )

    def people(self, route_id: str | None = None) -> list[PersonRow]:
        """Everyone signed up (or on one route), with status, waiting position and check-in."""
        presence = checkins_t.alias("presence")
        query = (
            select(
                participants_t.c.email,
                participants_t.c.name,
                participants_t.c.organisation,
                signups_t.c.route_id,
                signups_t.c.status,
                signups_t.c.seq,
                presence.c.present,
            )
            .select_from(
                participants_t.join(signups_t, signups_t.c.participant_id == participants_t.c.id).outerjoin(
                    presence,
                    and_(
                        presence.c.participant_id == participants_t.c.id,
                        presence.c.route_id == signups_t.c.route_id,
                    ),
                )
            )
            .order_by(signups_t.c.route_id, signups_t.c.status, signups_t.c.seq)
        )
        if route_id:
            query = query.where(signups_t.c.route_id == route_id)
        rows = self._read(lambda conn: conn.execute(query).all())
        out, place = [], {}
        for r in rows:
            position = None
            if r.status == Status.WAITLISTED:
                place[r.route_id] = place.get(r.route_id, 0) + 1
                position = place[r.route_id]
            out.append(
                PersonRow(r.email, r.name, r.organisation, r.route_id, Status(r.status), position, r.present)
            )
        return out

    def names(self, emails: Iterable[str]) -> dict[str, str]:
        """e-mail -> name, for telling an organiser whom an action moved."""
        wanted = sorted(set(emails))
        if not wanted:
            return {}
        c = participants_t.c
        query = select(c.email, c.name).where(c.email.in_(wanted))
        return {r.email: r.name for r in self._read(lambda conn: conn.execute(query).all())}

    def status_of(self, email: str) -> tuple[str | None, Status | None]:
        mail = rules.normalise_email(email)
        row = self._read(
            lambda conn: conn.execute(
                select(signups_t.c.route_id, signups_t.c.status)
                .join(participants_t, participants_t.c.id == signups_t.c.participant_id)
                .where(participants_t.c.email == mail)
            ).first()
        )
        return (row.route_id, Status(row.status)) if row else (None, None)

    def books(self) -> dict[str, Book]:
        """Every active route's seats (for checks and tests)."""

        def work(conn: Connection) -> dict[str, Book]:
            ids = conn.execute(select(routes_t.c.id).where(routes_t.c.active.is_(True))).scalars().all()
            return self._load_books(conn, ids)[0]

        return self._read(work)

    def events(self, since_id: int = 0) -> list[LoggedEvent]:
        rows = self._read(
            lambda conn: conn.execute(
                select(events_t).where(events_t.c.id > since_id).order_by(events_t.c.id)
            ).all()
        )
        return [
            LoggedEvent(
                r.id,
                _utc(r.at),
                r.email,
                r.route_id,
                EventKind(r.kind),
                EventFacts(
                    Status(r.was_status) if r.was_status else None,
                    r.other_route,
                    r.capacity_before,
                    r.capacity_after,
                    bool(r.by_hand),
                ),
            )
            for r in rows
        ]
