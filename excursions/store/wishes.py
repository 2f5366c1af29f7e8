"""The wish round's transactions: a person's ranked wishes and the live demand they make
(the draw that ends the round: excursions.store.draws)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.engine import Connection

from excursions import wishes as rules
from excursions.errors import ExcursionsError
from excursions.limits import Attempt, Client
from excursions.mail.kinds import MailKind, MailOrder
from excursions.signups import ParticipantInput, Window, WindowState, window_state
from excursions.store import outbox
from excursions.store.books import Claim
from excursions.store.draws import ROUND_LOCK, Draws
from excursions.store.engine import _utc, advisory_lock
from excursions.store.schema import (
    attempts_t,
    participants_t,
    signups_t,
    wishes_t,
)
from excursions.wishes import Phase, WishOutcome, WishRound


@dataclass(frozen=True)
class WishResult:
    """What a wish operation did: the page words it."""

    outcome: WishOutcome
    wishes: tuple[str, ...] = ()  # as kept (SAVED)
    token: str | None = None  # a new personal link (a new person's first list)


class Wishes(Draws):
    def wish(
        self,
        person: ParticipantInput,
        ranked: Sequence[str],
        *,
        now: dt.datetime,
        window: Window,
        round_: WishRound,
        registered_only: bool = False,
        client: Client | None = None,
        new_token: bool = True,
    ) -> WishResult:
        """A person sends their wishes (the form). One transaction; an address that has
        wishes, a sign-up or a link changes nothing and its owner is mailed their link, as
        a second sign-up does (excursions.store.signups)."""

        def work(conn: Connection) -> WishResult:
            closed = self._round_closed(conn, window, round_, now)
            if closed:
                return WishResult(closed)
            problem = rules.check(list(ranked), self._active_routes(conn), round_.wishes)
            if problem:
                return WishResult(problem)
            ticket = None
            if client is not None:
                wait, ticket = self._try(conn, Attempt.SIGNUP, client, now)
                if wait:
                    return WishResult(WishOutcome.TOO_FAST)
            pid = self._claim(
                conn,
                person,
                now,
                registered_only=registered_only,
                taken=lambda c, p: self._taken(c, p) or self._has_wishes(c, p),  # a list is a claim too
            )
            if pid is Claim.TAKEN:
                return WishResult(WishOutcome.EMAIL_TAKEN)
            if pid is Claim.NOT_REGISTERED:
                return WishResult(WishOutcome.NOT_REGISTERED)
            kept = self._keep(conn, pid, person.email, ranked, now)
            token = self.new_link(conn, pid, now) if new_token else None
            if ticket is not None:
                conn.execute(update(attempts_t).where(attempts_t.c.id == ticket).values(participant_id=pid))
            return WishResult(WishOutcome.SAVED, kept, token)

        return self._write(work)

    def change_wishes(
        self,
        token: str,
        ranked: Sequence[str],
        *,
        now: dt.datetime,
        window: Window,
        round_: WishRound,
        address: str = "",
        lang: str | None = None,
    ) -> WishResult:
        """The owner of a personal link changes their wishes until the round closes; an
        empty list withdraws them. As often an hour as a person moves (limits: SWITCH)."""

        def work(conn: Connection) -> WishResult:
            owner = self._lock_owner(conn, token)
            if owner is None:
                raise ExcursionsError(
                    "This personal link is not valid (any more). Sign up again to get a new one.",
                    "link_invalid",
                )
            pid, email = owner
            closed = self._round_closed(conn, window, round_, now)
            if closed:
                return WishResult(closed)
            if ranked:
                problem = rules.check(list(ranked), self._active_routes(conn), round_.wishes)
                if problem:
                    return WishResult(problem)
            if tuple(ranked) == self._wishes_of(conn, pid):
                return WishResult(WishOutcome.SAVED, tuple(ranked))
            if self._try(conn, Attempt.SWITCH, Client(f"participant:{pid}", address), now)[0]:
                return WishResult(WishOutcome.CHANGED_TOO_OFTEN)
            if lang:
                conn.execute(update(participants_t).where(participants_t.c.id == pid).values(lang=lang))
            if not ranked:
                conn.execute(delete(wishes_t).where(wishes_t.c.participant_id == pid))
                return WishResult(WishOutcome.WITHDRAWN)
            return WishResult(WishOutcome.SAVED, self._keep(conn, pid, email, ranked, now))

        return self._write(work)

    def my_wishes(self, token: str) -> tuple[str, ...] | None:
        """The link owner's wishes, best first; None: not a valid link."""

        def work(conn: Connection) -> tuple[str, ...] | None:
            pid = self._owner_of(conn, token)
            return None if pid is None else self._wishes_of(conn, pid)

        return self._read(work)

    def wish_counts(self) -> dict[str, list[int]]:
        """Live demand: for every route, how many ranked it 1st, 2nd, ... (index = rank)."""

        return self._read(self._wish_counts)

    def demand(self) -> tuple[bool, dict[str, list[int]]]:
        """(whether the draw is made, wish_counts), in one read: what a page shows live."""

        def work(conn: Connection) -> tuple[bool, dict[str, list[int]]]:
            return self._drawn(conn), self._wish_counts(conn)

        return self._read(work)

    def wish_people(self) -> list[tuple[str, str, str, tuple[str, ...]]]:
        """(name, e-mail, organisation, wishes best first) per person, by name: the export."""

        def work(conn: Connection) -> list[tuple[str, str, str, tuple[str, ...]]]:
            w, p = wishes_t.c, participants_t.c
            rows = conn.execute(
                select(p.id, p.name, p.email, p.organisation, w.route_id)
                .join(participants_t, p.id == w.participant_id)
                .order_by(p.name, p.email, w.rank)
            ).all()
            out: dict[int, tuple[str, str, str, list[str]]] = {}
            for pid, name, email, organisation, route_id in rows:
                out.setdefault(pid, (name, email, organisation, []))[3].append(route_id)
            return [(n, e, o, tuple(r)) for n, e, o, r in out.values()]

        return self._read(work)

    def wish_times(self) -> list[dt.datetime]:
        """When each person with wishes first came (for the round's line over time), in order."""

        def work(conn: Connection) -> list[dt.datetime]:
            p = participants_t.c
            query = (
                select(p.created_at)
                .where(exists().where(wishes_t.c.participant_id == p.id))
                .order_by(p.created_at)
            )
            return [_utc(at) for at in conn.execute(query).scalars()]

        return self._read(work)

    def wishes_by_person(self, *, undecided_only: bool = False) -> dict[str, tuple[str, ...]]:
        """Everyone's wishes by address, best first; `undecided_only`: people without a seat
        or a waiting-list place (those a draw gives out seats to)."""

        def work(conn: Connection) -> dict[str, tuple[str, ...]]:
            w, p = wishes_t.c, participants_t.c
            query = select(p.email, w.route_id).join(participants_t, p.id == w.participant_id)
            if undecided_only:
                query = query.where(~exists().where(signups_t.c.participant_id == w.participant_id))
            out: dict[str, list[str]] = {}
            for email, route_id in conn.execute(query.order_by(p.email, w.rank)).all():
                out.setdefault(email, []).append(route_id)
            return {email: tuple(ranked) for email, ranked in out.items()}

        return self._read(work)

    # -- inside a transaction

    def _wish_counts(self, conn: Connection) -> dict[str, list[int]]:
        w = wishes_t.c
        rows = conn.execute(select(w.route_id, w.rank, func.count()).group_by(w.route_id, w.rank)).all()
        counts: dict[str, list[int]] = {}
        for route_id, rank, n in rows:
            ranks = counts.setdefault(route_id, [])
            ranks.extend([0] * (rank + 1 - len(ranks)))
            ranks[rank] = n
        return counts

    def _round_closed(
        self, conn: Connection, window: Window, round_: WishRound, now: dt.datetime
    ) -> WishOutcome | None:
        if self.dialect == "postgresql":
            advisory_lock(conn, ROUND_LOCK)  # the draw's commit cannot slip in between
        drawn = self._drawn(conn)
        if window_state(window, now) is WindowState.NOT_YET_OPEN:
            return WishOutcome.ROUND_CLOSED
        if rules.phase(round_, now, drawn=bool(drawn)) is not Phase.WISHING:
            return WishOutcome.ROUND_CLOSED
        return None

    def _has_wishes(self, conn: Connection, pid: int) -> bool:
        return bool(conn.execute(select(exists().where(wishes_t.c.participant_id == pid))).scalar())

    def _wishes_of(self, conn: Connection, pid: int) -> tuple[str, ...]:
        w = wishes_t.c
        return tuple(
            conn.execute(select(w.route_id).where(w.participant_id == pid).order_by(w.rank)).scalars()
        )

    def _keep(
        self, conn: Connection, pid: int, email: str, ranked: Sequence[str], now: dt.datetime
    ) -> tuple[str, ...]:
        conn.execute(delete(wishes_t).where(wishes_t.c.participant_id == pid))
        conn.execute(
            wishes_t.insert(),
            [{"participant_id": pid, "rank": i, "route_id": r, "at": now} for i, r in enumerate(ranked)],
        )
        outbox.enqueue(conn, pid, MailOrder(email, MailKind.WISHES, ranked[0]), now)
        return tuple(ranked)
