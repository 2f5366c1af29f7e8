"""Limits on tries (excursions.limits): counted and recorded in one transaction, under a lock
on PostgreSQL; the organiser's alarm of busy browsers and addresses, and undoing them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Connection

from excursions.limits import ALARM_PER_ADDRESS, ALARM_PER_BROWSER, LONGEST, Attempt, Client, wait_seconds
from excursions.model import PersonRow, SignupSource
from excursions.signups import Outcome
from excursions.store.engine import Transactions, _utc, advisory_lock
from excursions.store.schema import attempts_t, participants_t, signups_t


class Attempts(Transactions):
    """The one place tries are counted: each kind's times by who tried (browser session,
    network address) or what it was about (target), recorded in the transaction that counts."""

    def _lock_tries(self, conn: Connection, kind: Attempt, *keys: str) -> None:
        """PostgreSQL: count and record tries of a kind one after another per key (always
        taken in the caller's order, one key each: no deadlock). SQLite has one writer."""
        if self.dialect == "postgresql":
            for key in keys:
                if key:
                    advisory_lock(conn, f"attempts:{kind}:{key}")

    def _tries(
        self, conn: Connection, kind: Attempt, by: str, value: str, since: dt.datetime, *, allowed_only: bool
    ) -> list[dt.datetime]:
        """When the tries of a kind with this client/ip/target were made since a moment."""
        if not value:
            return []
        a = attempts_t.c
        query = select(a.at).where(a.kind == kind.value, a[by] == value, a.at > since)
        if allowed_only:
            query = query.where(a.allowed.is_(True))
        return [_utc(t) for t in conn.execute(query).scalars()]

    def _record_try(
        self,
        conn: Connection,
        kind: Attempt,
        now: dt.datetime,
        *,
        session: str = "",
        address: str = "",
        target: str = "",
        allowed: bool = True,
    ) -> int:
        """This try, counted from now on (old ones are forgotten here); its row id."""
        conn.execute(delete(attempts_t).where(attempts_t.c.at < now - 2 * LONGEST))
        row = conn.execute(
            attempts_t.insert().values(
                kind=kind.value, client=session[:64], ip=address[:64], target=target, allowed=allowed, at=now
            )
        )
        return row.inserted_primary_key[0]

    def _try(self, conn: Connection, kind: Attempt, client: Client, now: dt.datetime) -> tuple[int, int]:
        """Count the client's recent tries and record this one: (seconds to wait, its row id).

        Counting and recording happen in one write transaction (PostgreSQL: under a lock per
        session and per address), so concurrent tries are counted one after another."""
        session, address = client.session[:64], client.address[:64]
        self._lock_tries(conn, kind, f"session:{session}", f"address:{address}" if address else "")
        since = now - LONGEST
        by_session = self._tries(conn, kind, "client", session, since, allowed_only=True)
        by_address = self._tries(conn, kind, "ip", address, since, allowed_only=True)
        wait = wait_seconds(kind, by_session, by_address, now)
        return wait, self._record_try(conn, kind, now, session=session, address=address, allowed=wait == 0)

    def try_login(self, client: Client, *, now: dt.datetime) -> tuple[int, int]:
        """Before checking an organiser password: (seconds to wait, ticket). With 0 seconds the
        try is counted as wrong until `login_passed(ticket)` gives it back."""
        return self._write(lambda conn: self._try(conn, Attempt.LOGIN, client, now))

    def login_passed(self, ticket: int) -> None:
        """The password was right: that try does not count against the client."""
        self._write(lambda conn: conn.execute(delete(attempts_t).where(attempts_t.c.id == ticket)))

    def refused_tries(self, kind: Attempt, *, since: dt.datetime) -> tuple[int, int]:
        """(tries refused as too fast, browser sessions they came from) since a moment."""
        a = attempts_t.c
        query = select(func.count(), func.count(a.client.distinct())).where(
            a.kind == kind.value, a.allowed.is_(False), a.at >= since
        )
        refused, sessions = self._read(lambda conn: conn.execute(query).one())
        return int(refused), int(sessions)

    def _accepted_signups(self, since: dt.datetime):
        """Accepted sign-ups from the form since a moment whose people still hold a seat or a
        place (an undone or cancelled one no longer raises the alarm)."""
        a = attempts_t.c
        return (
            (a.kind == Attempt.SIGNUP.value)
            & a.allowed.is_(True)
            & a.participant_id.in_(select(signups_t.c.participant_id))
            & (a.at >= since)
        )

    def busy_sources(self, *, now: dt.datetime) -> list[SignupSource]:
        """Browsers and network addresses with more accepted sign-ups in the last hour than
        limits.ALARM_PER_BROWSER / ALARM_PER_ADDRESS: the organiser's alarm, most first."""
        a = attempts_t.c
        count, first, last = func.count(), func.min(a.at), func.max(a.at)

        def work(conn: Connection) -> list[SignupSource]:
            browsers = conn.execute(
                select(a.client, func.max(a.ip), count, first, last)
                .where(self._accepted_signups(now - ALARM_PER_BROWSER.window))
                .group_by(a.client)
                .having(count >= ALARM_PER_BROWSER.count)
            ).all()
            addresses = conn.execute(
                select(a.ip, count, func.count(a.client.distinct()), first, last)
                .where(self._accepted_signups(now - ALARM_PER_ADDRESS.window) & (a.ip != ""))
                .group_by(a.ip)
                .having(count >= ALARM_PER_ADDRESS.count)
            ).all()
            found = [SignupSource(r[0], r[1] or "", r[2], 1, _utc(r[3]), _utc(r[4])) for r in browsers]
            found += [SignupSource("", r[0], r[1], r[2], _utc(r[3]), _utc(r[4])) for r in addresses]
            return sorted(found, key=lambda s: -s.signups)

        return self._read(work)

    def _from_source(self, browser: str, address: str, since: dt.datetime):
        """The participants a source signed up since a moment (browser "": the whole address)."""
        a = attempts_t.c
        where = self._accepted_signups(since) & (a.client == browser if browser else a.ip == address)
        return select(a.participant_id).where(where)

    def signups_from(self, browser: str, address: str, *, since: dt.datetime) -> list[PersonRow]:
        """Who a source signed up and who still holds that sign-up, for the organiser to look
        at before undoing them."""
        ids = self._from_source(browser, address, since)
        query = select(participants_t.c.email).where(participants_t.c.id.in_(ids))
        emails = set(self._read(lambda conn: conn.execute(query).scalars().all()))
        return [p for p in self.people() if p.email in emails]

    def undo_signups_from(self, browser: str, address: str, *, since: dt.datetime, now: dt.datetime) -> int:
        """Cancel every sign-up a source made since a moment that still stands, in one
        transaction (freed seats go to the waiting lists); how many people were cancelled."""

        def work(conn: Connection) -> int:
            ids = conn.execute(self._from_source(browser, address, since)).scalars().all()
            cancelled = 0
            for pid in sorted(set(ids)):
                row = conn.execute(
                    self._for_update(select(participants_t.c.email).where(participants_t.c.id == pid))
                ).first()
                if row is None or self._current_route(conn, pid) is None:
                    continue
                if self._cancel_pid(conn, pid, row.email, now).outcome is Outcome.CANCELLED:
                    cancelled += 1
            return cancelled

        return self._write(work)
