"""Schema migrations with Alembic (excursions/store/migrations/; batch mode, for SQLite).

Opening a database asks for its revision (a read); only a database behind the newest
revision is written to, in one transaction (on PostgreSQL under an advisory lock, so
processes started together migrate it once). A database made before migrations came in
has tables but no alembic_version: the column adder it was made with brings it to the
baseline revision (0001), which is then stamped, and later revisions run from there.

A new revision: copy the newest file in migrations/versions/, give it the next number, set
down_revision and write its upgrade with Alembic's op (batch_alter_table for SQLite);
tests/test_migrations.py checks that a fresh database and an upgraded one end up alike.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from excursions.store.schema import metadata, upgrade_columns

MIGRATIONS = Path(__file__).parent / "migrations"
BASELINE = "0001"
# The tables the baseline made; a database from before migrations lacking one gets it made.
BASELINE_TABLES = (
    *("routes", "participants", "links", "signups", "events", "checkins", "outbox"),
    *("link_requests", "route_sources", "route_edits", "imports", "attempts", "spent_passes", "facts"),
)


def _config(conn: Connection | None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    return config


def head() -> str:
    return ScriptDirectory.from_config(_config(None)).get_current_head() or BASELINE


def revision(conn: Connection) -> str | None:
    """The database's revision; None for an empty one or one from before migrations."""
    return MigrationContext.configure(conn).get_current_revision()


def up_to_date(conn: Connection) -> bool:
    return revision(conn) == head()


def migrate(conn: Connection) -> None:
    """Bring the database to the newest revision, in the caller's transaction."""
    if up_to_date(conn):
        return
    config = _config(conn)
    if revision(conn) is None and inspect(conn).has_table("participants"):  # made before migrations
        tables = [metadata.tables[name] for name in BASELINE_TABLES if name in metadata.tables]
        metadata.create_all(conn, tables=tables, checkfirst=True)
        upgrade_columns(conn)
        command.stamp(config, BASELINE)
    command.upgrade(config, "head")
