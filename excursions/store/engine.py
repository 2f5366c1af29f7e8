"""The engine's transactions: one write transaction per change (SQLite: BEGIN IMMEDIATE;
PostgreSQL: retried on a serialization failure or deadlock, given up after the lock timeout),
the errors the store raises, and the schema made or migrated on open."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from sqlalchemy import MetaData, Table, event, func, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from excursions.errors import ExcursionsError
from excursions.store.migrate import migrate, up_to_date
from excursions.store.schema import metadata, routes_t
from excursions.store.write_turns import Turns, for_file

T = TypeVar("T")

CAPACITY = func.coalesce(routes_t.c.capacity_override, routes_t.c.file_capacity)


class StoreError(ExcursionsError):
    """The database could not be reached or used."""


class StoreBusy(StoreError):
    """Another transaction held a lock longer than the lock timeout; nothing was changed."""


class StoreUnavailable(StoreError):
    """The database could not be reached or written (server down, disk full, read-only
    folder); nothing was changed. Pages say so in a sentence; the details go to the log."""


def _unavailable(exc: DBAPIError, where: str = "") -> StoreUnavailable:
    """One line: what the driver said first (the rest is in the log, with the traceback)."""
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines() or ["no reason given"]
    at = f" at {where}" if where else ""
    return StoreUnavailable(
        f"The database{at} could not be used ({lines[0][:200]}); nothing was changed. "
        "Check that it is running and has room, then try again."
    )


IMPORT_BATCH_SECONDS = 0.25  # an import holds the write lock at most about this long at a time
IMPORT_PAUSE_SECONDS = 0.1  # and then lets go this long (SQLite's busy wait polls every 100 ms)
LOCK_TIMEOUT = 10.0  # seconds a write waits for a lock before it gives up (settings: lock_timeout_seconds)


def advisory_lock(conn: Connection, name: str) -> None:
    """A PostgreSQL transaction-level lock named for what it guards (key: a hash of the name)."""
    key = int.from_bytes(hashlib.sha256(f"excursions:{name}".encode()).digest()[:8], "big", signed=True)
    conn.execute(select(func.pg_advisory_xact_lock(key)))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'excursions.sqlite3'}"


def _sqlite_setup(engine: Engine, lock_timeout: float) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_con, _record):
        dbapi_con.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_con.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute(f"PRAGMA busy_timeout={int(lock_timeout * 1000)}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        readonly = conn.get_execution_options().get("readonly", False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")


_RETRYABLE_PG = {"40001", "40P01"}  # serialization failure, deadlock: try again at once
_LOCK_TIMEOUT_PG = "55P03"  # lock not available within lock_timeout


def _sqlstate(exc: DBAPIError) -> str | None:
    return getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)


def _lock_timed_out(exc: DBAPIError) -> bool:
    if _sqlstate(exc) == _LOCK_TIMEOUT_PG:
        return True
    return isinstance(exc, OperationalError) and "database is locked" in str(exc.orig)


SCHEMA_LOCK = 0x657863757273  # PostgreSQL advisory lock key while the schema is made ("excurs")
PURGED = "personal_data_purged_at"
READY_CHECK = "ready_check_at"


class Transactions:
    def __init__(self, engine: Engine, lock_timeout: float = LOCK_TIMEOUT):
        self.engine = engine
        self.dialect = engine.dialect.name
        self.lock_timeout = lock_timeout
        # SQLite: this process's writers queue for the file (excursions.store.write_turns)
        sqlite = self.dialect == "sqlite" and engine.url.database
        self._turns: Turns | None = for_file(engine.url.database) if sqlite else None

    def _busy(self) -> StoreBusy:
        return StoreBusy(
            f"The database stayed locked for more than {self.lock_timeout:g} s (another "
            "change was holding it); nothing was changed. Try again in a moment."
        )

    def _write(self, work: Callable[[Connection], T], attempts: int = 8) -> T:
        """Run work in one write transaction; retry when the database asks us to."""
        for attempt in range(attempts):
            try:
                with self._turn(), self.engine.begin() as conn:
                    return work(conn)
            except IntegrityError as exc:
                if attempt == attempts - 1:  # a StoreError, as every other failure of the database
                    raise _unavailable(exc) from exc
            except DBAPIError as exc:
                if _lock_timed_out(exc):
                    raise self._busy() from exc
                if _sqlstate(exc) not in _RETRYABLE_PG or attempt == attempts - 1:
                    raise _unavailable(exc) from exc
            time.sleep(0.005 * (2**attempt))  # back off before retrying a conflicting transaction
        raise AssertionError("unreachable")

    @contextlib.contextmanager
    def _turn(self) -> Iterator[None]:
        """This writer's turn at a SQLite file (nothing to wait for on PostgreSQL)."""
        if self._turns is None:
            yield
            return
        with self._turns.turn(self.lock_timeout) as got:
            if not got:
                raise self._busy()
            yield

    def _read(self, work: Callable[[Connection], T]) -> T:
        try:
            with self.engine.connect().execution_options(readonly=True) as conn, conn.begin():
                return work(conn)
        except DBAPIError as exc:
            raise _unavailable(exc) from exc

    # For the library's other writers (the mail sender): the same transactions and retries.
    write = _write

    read = _read

    def _insert(self, table: Table):
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        return insert(table)

    def _for_update(self, query):
        return query.with_for_update() if self.dialect == "postgresql" else query

    def create_schema(self) -> None:
        """Make or migrate the schema (excursions.store.migrate); an up-to-date database is
        only read."""
        with self.engine.connect() as conn:
            if up_to_date(conn):
                return
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # Processes started together on an empty database (deploy/run-local.sh): one
                # creates the tables, the others wait and then find them made. Without it,
                # two CREATE TABLEs of one name collide in PostgreSQL's catalogue.
                conn.execute(text("select pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK})
            migrate(conn)

    def drop_schema(self) -> None:
        """Every table and the migration mark (tests and benches that start from nothing)."""
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":  # every table of this schema, in one statement
                names = conn.execute(
                    text("select tablename from pg_tables where schemaname = current_schema()")
                ).scalars()
                listed = ", ".join(f'"{name}"' for name in names)
                if listed:
                    conn.execute(text(f"DROP TABLE IF EXISTS {listed} CASCADE"))
                return
            metadata.drop_all(conn)
            found = MetaData()  # and what older revisions made that is no longer declared
            found.reflect(conn)
            found.drop_all(conn)

    def dispose(self) -> None:
        self.engine.dispose()
