"""Deleting personal data after the event: rows gone, counts kept, and on PostgreSQL the
steps that rewrite what still holds the deleted bytes."""

from __future__ import annotations

import datetime as dt
import time

from sqlalchemy import String, cast, delete, literal, text, update
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
# How long the purge waits on PostgreSQL for transactions older than it (an autovacuum's
# ANALYZE, a report) before it rewrites the tables anyway.
OLDER_SNAPSHOTS_WAIT = 60.0


class PersonalData(Transactions):
    def purge_personal_data(self, *, now: dt.datetime, wait: float = OLDER_SNAPSHOTS_WAIT) -> int:
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
            if self.dialect != "sqlite":  # the purge's own transaction id (see _scrub_postgresql)
                purged_in.append(int(conn.execute(text("SELECT pg_current_xact_id()::text")).scalar()))
            return people

        purged_in: list[int] = []
        count = self._write(work)
        raw = self.engine.raw_connection()  # outside any transaction: VACUUM needs that
        try:
            if self.dialect == "sqlite":
                raw.driver_connection.execute("VACUUM")
                raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            else:
                self._scrub_postgresql(raw.driver_connection, purged_in[-1], wait=wait)
        finally:
            raw.close()
        return count

    def _scrub_postgresql(self, dbapi, purge_xid: int, wait: float) -> None:
        """PostgreSQL keeps an updated or deleted row's old version in the table's file and its
        indexes until they are rewritten: VACUUM (FULL) rewrites every table the purge touched
        and ANALYZE replaces their statistics' samples. What the app's role may not do (the
        old statistics' rows, the write-ahead log) is POSTGRESQL_PURGE_STEPS, for the
        database's superuser (docs/operations.md: privacy).

        VACUUM FULL copies every old version some transaction might still see: one that was
        running when the purge committed, in any database of the server (transaction ids are
        shared, so its writes hold back every database's horizon), or a snapshot taken in
        this one. So it first waits, up to `wait` seconds, until those have ended (in the
        tests another database's busy writers left all 40 purged addresses in the tables)."""
        dbapi.autocommit = True  # VACUUM runs outside a transaction
        try:
            with dbapi.cursor() as cur:
                deadline = time.monotonic() + wait
                _wait_for_older_transactions(cur, purge_xid, deadline)
                for table in PURGED_TABLES:
                    cur.execute(f"VACUUM (FULL, ANALYZE) {table.name}")
                # ANALYZE replaced the statistics' rows: the superuser's VACUUM FULL of them
                # (POSTGRESQL_PURGE_STEPS) must not find a transaction older than that either
                cur.execute("SELECT pg_current_xact_id()::text")
                _wait_for_older_transactions(cur, int(cur.fetchone()[0]), deadline + wait)
        finally:
            dbapi.autocommit = False  # the connection goes back to the pool as it came


def _wait_for_older_transactions(cur, xid: int, deadline: float) -> None:
    """Until no transaction of the server that began before `xid` committed is still
    running, and no snapshot in this database is that old (or the deadline passes)."""
    while time.monotonic() < deadline:
        cur.execute(
            "SELECT pg_snapshot_xmin(pg_current_snapshot()) > %s::text::xid8"
            " AND NOT EXISTS (SELECT FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid() AND age(backend_xmin) >= age(%s::text::xid))",
            (str(xid), str(xid % 2**32)),
        )
        if cur.fetchone()[0]:
            return
        time.sleep(0.1)
