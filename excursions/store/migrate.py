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

from sqlalchemy import Table, inspect, select, text, update
from sqlalchemy.engine import Connection

from excursions.store.schema import attempts_t, events_t, metadata, outbox_t, participants_t

MIGRATIONS = Path(__file__).parent / "migrations"
BASELINE = "0001"
# The newest revision. Opening a database compares its revision with this and loads Alembic
# (0.5 s of every CLI command) only when it is behind; a new revision sets it, and
# tests/test_migrations.py fails while it differs from the scripts' head.
HEAD = "0004"
# The tables the baseline made; a database from before migrations lacking one gets it made.
BASELINE_TABLES = (
    *("routes", "participants", "links", "signups", "events", "checkins", "outbox"),
    *("link_requests", "route_sources", "route_edits", "imports", "attempts", "spent_passes", "facts"),
)


def _config(conn: Connection | None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    return config


def head() -> str:
    """The newest revision of the scripts (Alembic reads them)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config(None)).get_current_head() or BASELINE


def revision(conn: Connection) -> str | None:
    """The database's revision; None for an empty one or one from before migrations."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def up_to_date(conn: Connection) -> bool:
    return revision(conn) == HEAD


def migrate(conn: Connection, *, replay: bool = False) -> None:
    """Bring the database to the newest revision, in the caller's transaction. A new, empty
    database is made from the declared tables at once and marked as the newest revision
    (Alembic's recipe for a fresh database: a third of the time of every revision in turn);
    replay=True runs the revisions instead (tests/test_migrations.py holds the two alike)."""
    if up_to_date(conn):
        return
    from alembic import command

    config = _config(conn)
    current, found = revision(conn), inspect(conn)
    if current is None and not found.has_table("participants") and not replay:
        metadata.create_all(conn)
        command.stamp(config, "head")
        return
    if current is None and found.has_table("participants"):  # made before migrations
        tables = [metadata.tables[name] for name in BASELINE_TABLES if name in metadata.tables]
        metadata.create_all(conn, tables=tables, checkfirst=True)
        upgrade_columns(conn)
        command.stamp(config, BASELINE)
    command.upgrade(config, "head")


def _add_missing_columns(conn: Connection, table: Table) -> list[str]:
    have = {c["name"] for c in inspect(conn).get_columns(table.name)}
    added = []
    for column in table.columns:
        if column.name in have:
            continue
        ddl = column.type.compile(dialect=conn.dialect)
        if column.nullable:
            conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {column.name} {ddl}")
        else:
            default = column.server_default.arg if column.server_default is not None else None
            default_sql = default.text if hasattr(default, "text") else f"'{default}'"
            conn.exec_driver_sql(
                f"ALTER TABLE {table.name} ADD COLUMN {column.name} {ddl} NOT NULL DEFAULT {default_sql}"
            )
        added.append(column.name)
    return added


def _type_old_events(conn: Connection) -> None:
    """Read the facts out of the text the log kept before it was typed (once, on upgrade)."""
    e = events_t.c
    rows = conn.execute(select(e.id, e.kind, e.detail).where(e.detail != "")).all()
    for row in rows:
        facts = legacy_facts(row.kind, row.detail)
        if facts:
            conn.execute(update(events_t).where(e.id == row.id).values(**facts))


def legacy_facts(kind: str, detail: str) -> dict[str, object]:
    """The typed columns for one old event ("45->3", "confirmed->kanalen", "by hand", ...)."""
    before, arrow, after = detail.partition("->")
    if kind == "capacity_changed" and arrow:
        return {"capacity_before": int(before), "capacity_after": int(after)}
    if kind in ("left", "cancelled"):
        return {"was_status": before or None, "other_route": after or None}
    if kind in ("confirmed", "waitlisted"):
        return {"other_route": detail}
    if kind == "promoted":
        return {"by_hand": detail == "by hand"}
    return {}


def upgrade_columns(conn: Connection) -> None:
    """For a database made before migrations (excursions.store.migrate): add the columns
    introduced since it was made, and carry old links over; it is then at the baseline."""
    if "was_status" in _add_missing_columns(conn, events_t):
        _type_old_events(conn)
    _add_missing_columns(conn, participants_t)
    _add_missing_columns(conn, attempts_t)
    _add_missing_columns(conn, outbox_t)
    conn.execute(
        text(
            "INSERT INTO links (token_hash, participant_id, created_at) "
            "SELECT token_hash, id, updated_at FROM participants WHERE token_hash IS NOT NULL "
            "AND token_hash NOT IN (SELECT token_hash FROM links)"
        )
    )
    conn.execute(text("UPDATE participants SET token_hash = NULL WHERE token_hash IS NOT NULL"))
