"""Small named facts: spent organiser passes, the app's secrets, when the ready-check ran and
when personal data was deleted."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import delete, select
from sqlalchemy.engine import Connection

from excursions.store.engine import PURGED, READY_CHECK, Transactions, hash_token
from excursions.store.schema import facts_t, spent_passes_t


class Facts(Transactions):
    def spend_pass(self, token: str, expires_at: dt.datetime, *, now: dt.datetime) -> bool:
        """Mark an organiser pass as used up (a ticket swapped, a cookie logged out) on every
        process: True the first time, False when it was spent already."""
        digest = hash_token("pass:" + token)

        def work(conn: Connection) -> bool:
            conn.execute(delete(spent_passes_t).where(spent_passes_t.c.expires_at < now))
            stmt = self._insert(spent_passes_t).values(digest=digest, expires_at=expires_at)
            stmt = stmt.on_conflict_do_nothing(index_elements=["digest"]).returning(spent_passes_t.c.digest)
            return conn.execute(stmt).first() is not None  # (PostgreSQL's rowcount here is -1)

        return self._write(work)

    def pass_spent(self, token: str) -> bool:
        digest = hash_token("pass:" + token)
        query = select(spent_passes_t.c.digest).where(spent_passes_t.c.digest == digest)
        return self._read(lambda conn: conn.execute(query).first() is not None)

    def secret(self, name: str, now: dt.datetime) -> bytes:
        """A random secret of this installation, made on first use and the same for every
        process (the first insert wins); e.g. the key of the organiser pass."""
        query = select(facts_t.c.value).where(facts_t.c.name == name)
        known = self._read(lambda conn: conn.execute(query).scalar_one_or_none())
        if known is not None:  # a read: every organiser page run asks, and must not queue for writes
            return bytes.fromhex(known)
        fresh = secrets.token_hex(32)
        stmt = (
            self._insert(facts_t)
            .values(name=name, value=fresh, at=now)
            .on_conflict_do_nothing(index_elements=["name"])
        )

        def work(conn):
            conn.execute(stmt)
            return conn.execute(query).scalar_one()

        return bytes.fromhex(self._write(work))

    def note_ready_check(self, now: dt.datetime) -> None:
        """The ready-check's write: proves the database takes writes (excursions.readiness)."""
        stmt = self._insert(facts_t).values(name=READY_CHECK, value=now.isoformat(), at=now)
        update_ = stmt.on_conflict_do_update(
            index_elements=["name"], set_={"value": now.isoformat(), "at": now}
        )
        self._write(lambda conn: conn.execute(update_))

    def purged_at(self) -> dt.datetime | None:
        """When personal data was last deleted (None: never)."""
        value = self._read(
            lambda conn: conn.execute(select(facts_t.c.value).where(facts_t.c.name == PURGED)).scalar()
        )
        return dt.datetime.fromisoformat(value) if value else None
