"""Deleting personal data after the event: rows gone, counts kept, and on PostgreSQL the
steps that rewrite what still holds the deleted bytes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, cast, delete, literal, update
from sqlalchemy.engine import Connection

from excursions.store.engine import PURGED, Transactions
from excursions.store.schema import (
    attempts_t,
    checkins_t,
    events_t,
    facts_t,
    links_t,
    outbox_t,
    participants_t,
)

# The tables the purge changes (Store.purge_personal_data), rewritten afterwards on PostgreSQL.
PURGED_TABLES = (participants_t, events_t, outbox_t, links_t, attempts_t, checkins_t)

# What the database's superuser runs after a purge on PostgreSQL, in the app's database, one
# statement at a time (psql -c … -c …): the statistics' old rows rewritten, and the write-ahead
# log that still holds the deleted rows' pages let go and deleted instead of recycled (a
# recycled segment keeps its old bytes until it is written over).
POSTGRESQL_PURGE_STEPS = (
    "VACUUM FULL pg_catalog.pg_statistic",
    "ALTER SYSTEM SET wal_recycle = off",
    "SELECT pg_reload_conf()",
    "CHECKPOINT",
    "SELECT pg_switch_wal()",
    "CHECKPOINT",
    "SELECT pg_switch_wal()",
    "CHECKPOINT",
    "ALTER SYSTEM RESET wal_recycle",
    "SELECT pg_reload_conf()",
)


class PersonalData(Transactions):
    def purge_personal_data(self, *, now: dt.datetime) -> int:
        """Delete names, e-mails, organisations, links and queued mail of everyone; keep the
        seats (as anonymous rows), the log and check-ins, so counts, the fill-up chart and
        check-in totals stay as they were. Returns how many people were made anonymous.

        On SQLite the file is then rewritten (VACUUM) and its write-ahead log emptied: deleted
        rows otherwise stay readable in free pages."""

        def work(conn: Connection) -> int:
            conn.execute(delete(outbox_t))
            conn.execute(delete(links_t))
            conn.execute(delete(attempts_t))
            conn.execute(update(events_t).values(email=None))
            conn.execute(update(checkins_t).values(by=""))
            people = conn.execute(
                update(participants_t)
                .where(participants_t.c.email.not_like("%@deleted.invalid"))
                .values(
                    email=literal("p") + cast(participants_t.c.id, String) + "@deleted.invalid",
                    name="",
                    organisation="",
                    token_hash=None,
                    updated_at=now,
                )
            ).rowcount
            stmt = self._insert(facts_t).values(name=PURGED, value=now.isoformat(), at=now)
            conn.execute(
                stmt.on_conflict_do_update(
                    index_elements=["name"], set_={"value": now.isoformat(), "at": now}
                )
            )
            return people

        count = self._write(work)
        raw = self.engine.raw_connection()  # outside any transaction: VACUUM needs that
        try:
            if self.dialect == "sqlite":
                raw.driver_connection.execute("VACUUM")
                raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            else:
                self._scrub_postgresql(raw.driver_connection)
        finally:
            raw.close()
        return count

    def _scrub_postgresql(self, dbapi) -> None:
        """PostgreSQL keeps an updated or deleted row's old version in the table's file and its
        indexes until they are rewritten: VACUUM (FULL) rewrites every table the purge touched
        and ANALYZE replaces their statistics' samples. What the app's role may not do (the
        old statistics' rows, the write-ahead log) is POSTGRESQL_PURGE_STEPS, for the
        database's superuser (docs/operations.md: privacy)."""
        dbapi.autocommit = True  # VACUUM runs outside a transaction
        try:
            with dbapi.cursor() as cur:
                for table in PURGED_TABLES:
                    cur.execute(f"VACUUM (FULL, ANALYZE) {table.name}")
        finally:
            dbapi.autocommit = False  # the connection goes back to the pool as it came
