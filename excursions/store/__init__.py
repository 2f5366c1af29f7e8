"""Persistence with SQLAlchemy: SQLite by default, PostgreSQL by URL.

Every operation is one transaction that locks what it touches, loads the books
of the routes involved, lets :mod:`excursions.signups` decide, and writes the
changes plus one event-log row per change. The capacity check and the write can
therefore not be separated:

- SQLite: WAL, a busy timeout, and ``BEGIN IMMEDIATE`` for every write, so
  writers queue for the database lock instead of deadlocking.
- PostgreSQL (READ COMMITTED): the participant row, then the route rows in id
  order, are locked ``FOR UPDATE`` before anything is read for the decision.

One module per concern (pretix's services are the model): engine (transactions, errors),
routes, event_settings, editions, books, signups, wishes, draws, links, imports, attempts, reads,
mail_queue, personal, facts;
``Store`` is their facade, and ``open_store`` the one way to get one.
"""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path

from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import DBAPIError

from excursions.editions import SCHEMA_PARAM
from excursions.store import outbox
from excursions.store.attempts import Attempts
from excursions.store.books import Books
from excursions.store.editions import Edition, Editions
from excursions.store.engine import (
    IMPORT_BATCH_SECONDS,
    IMPORT_PAUSE_SECONDS,
    LOCK_TIMEOUT,
    StoreBusy,
    StoreError,
    StoreUnavailable,
    _sqlite_setup,
    _unavailable,
    advisory_lock,
    hash_token,
    sqlite_url,
)
from excursions.store.event_settings import EventSettings, SavedEvent
from excursions.store.facts import Facts
from excursions.store.imports import Imports
from excursions.store.links import Links
from excursions.store.mail_queue import MailQueue
from excursions.store.personal import POSTGRESQL_PURGE_STEPS, PURGED_TABLES, PersonalData
from excursions.store.reads import Reads
from excursions.store.routes import Routes
from excursions.store.schema import metadata
from excursions.store.signups import Signups
from excursions.store.wishes import Wishes

__all__ = [
    "IMPORT_BATCH_SECONDS",
    "IMPORT_PAUSE_SECONDS",
    "LOCK_TIMEOUT",
    "POSTGRESQL_PURGE_STEPS",
    "PURGED_TABLES",
    "Edition",
    "SavedEvent",
    "Store",
    "StoreBusy",
    "StoreError",
    "StoreUnavailable",
    "advisory_lock",
    "hash_token",
    "metadata",
    "open_store",
    "outbox",
    "resolve_url",
    "sqlite_url",
]


class Store(
    Routes,
    EventSettings,
    Editions,
    Books,
    Signups,
    Wishes,
    Links,
    Imports,
    Attempts,
    Reads,
    MailQueue,
    PersonalData,
    Facts,
):
    """The store of one process (excursions.services owns it): every concern's operations on
    one engine."""


_ENGINE_SERIAL = itertools.count(1)


def open_store(url: str, *, create: bool = True, lock_timeout: float = LOCK_TIMEOUT) -> Store:
    """Connect (and create the schema on first use). SQLite files get their folder made."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"timeout": lock_timeout, "check_same_thread": False},
            pool_size=20,
            max_overflow=40,
        )
        _sqlite_setup(engine, lock_timeout)
    elif url.startswith("sqlite"):
        raise StoreError("Use a SQLite file (sqlite:///path/to/file.sqlite3), not an in-memory database.")
    else:
        # Every connection gives up on a lock after lock_timeout (55P03, see Store._write), and
        # says in pg_stat_activity which process and which of its engines it belongs to (an
        # operator counting connections; the test that a process holds one engine).
        ms = int(lock_timeout * 1000)
        name = f"excursions:{os.getpid()}:{next(_ENGINE_SERIAL)}:lock_timeout={ms}"
        url, schema = _schema_of(url)  # an edition's own schema (excursions.editions.edition_url)
        search = f" -c search_path={schema}" if schema else ""
        options = {"options": f"-c lock_timeout={ms}{search}", "application_name": name}
        engine = create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True, connect_args=options)
        if schema and create:
            try:
                with engine.begin() as conn:
                    conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
            except DBAPIError as exc:
                raise _unavailable(exc, repr(engine.url)) from exc
    store = Store(engine, lock_timeout)
    if create:
        try:
            store.create_schema()
        except DBAPIError as exc:
            raise _unavailable(exc, repr(engine.url)) from exc
    return store


def _schema_of(url: str) -> tuple[str, str]:
    """The URL without its edition schema parameter, and the schema ("" for none)."""
    parsed = make_url(url)
    schema = parsed.query.get(SCHEMA_PARAM, "")
    if isinstance(schema, tuple):
        schema = schema[-1]
    if schema and not re.fullmatch(r"[a-z][a-z0-9_]{0,62}", schema):
        raise StoreError(f"{SCHEMA_PARAM}={schema!r}: a schema name of a-z, 0-9 and _ only.")
    return parsed.difference_update_query([SCHEMA_PARAM]).render_as_string(hide_password=False), schema


def resolve_url(database_url: str, data_dir: Path) -> str:
    """The configured URL, or the default SQLite file in the data folder."""
    return database_url or sqlite_url(data_dir)
