"""Migrations with Alembic (excursions/store/migrate.py, issue 28): a database made by main
before migrations upgrades and reads the same; a fresh one gets the declared schema on
SQLite and PostgreSQL alike; opening an up-to-date database writes nothing."""

from __future__ import annotations

import re
import shutil

import pytest
import sqlalchemy
from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine

from excursions.signups import Status
from excursions.store import metadata, open_store, sqlite_url
from excursions.store.migrate import head, revision
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "data" / "db" / "main-465dad4.sqlite3"  # tests/data/db/make_fixture_465dad4.py
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|CREATE|ALTER|DROP)\b", re.I)


def schema_of(engine: Engine) -> dict[str, tuple[list[str], list[str]]]:
    """Each table's columns and index names, as the database reports them."""
    seen = inspect(engine)
    return {
        t: (
            sorted(c["name"] for c in seen.get_columns(t)),
            # not PostgreSQL's own index behind a UNIQUE constraint
            sorted(i["name"] for i in seen.get_indexes(t) if not i.get("duplicates_constraint")),
        )
        for t in seen.get_table_names()
    }


def declared() -> dict[str, tuple[list[str], list[str]]]:
    return {
        name: (sorted(c.name for c in table.columns), sorted(i.name for i in table.indexes))
        for name, table in metadata.tables.items()
    }


def test_a_database_made_by_main_before_migrations_upgrades_and_reads_the_same(tmp_path):
    shutil.copy(FIXTURE, tmp_path / "excursions.sqlite3")
    store = open_store(sqlite_url(tmp_path))
    try:
        with store.engine.connect() as conn:
            assert revision(conn) == head()
        people = {p.email: (p.route_id, p.status, p.position, p.present) for p in store.people()}
        assert people["anna@odense.dk"] == ("skovrejsning", Status.CONFIRMED, None, True)
        assert people["aase@ærø.dk"] == ("skovrejsning", Status.CONFIRMED, None, None)
        assert people["carl@kl.dk"] == ("ejby-moelle-renseanlaeg", Status.CONFIRMED, None, None)
        assert people["dora@kl.dk"] == ("ejby-moelle-renseanlaeg", Status.WAITLISTED, 1, None)
        assert "bo@vejle.dk" not in people  # cancelled
        counts = {c.route_id: (c.confirmed, c.waitlisted, c.capacity) for c in store.counts()}
        assert counts["skovrejsning"][:2] == (2, 0) and counts["ejby-moelle-renseanlaeg"] == (1, 1, 1)
        assert [e.kind.value for e in store.events()].count("cancelled") == 1
        schema = schema_of(store.engine)
        assert schema.pop("alembic_version") == (["version_num"], [])
        assert {t: cols for t, (cols, _) in schema.items()} == {t: c for t, (c, _) in declared().items()}
    finally:
        store.dispose()


@pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)
def test_a_fresh_database_gets_the_declared_schema_and_an_up_to_date_one_is_only_read(db_url):
    store = open_store(db_url)  # empty: made from the declared tables, marked newest
    try:
        schema = schema_of(store.engine)
        assert schema.pop("alembic_version")[0] == ["version_num"]
        assert schema == declared()
    finally:
        store.dispose()

    statements: list[str] = []

    def seen(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", seen)
    try:
        again = open_store(db_url)  # up to date: asks for its revision, writes nothing
        again.dispose()
    finally:
        event.remove(Engine, "before_cursor_execute", seen)
    assert statements and [s for s in statements if WRITES.match(s)] == []


@pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)
def test_the_revisions_from_an_empty_database_make_the_declared_schema(db_url):
    """A new database is made from the declared tables at once; the revisions, run in turn
    from nothing, must make the same (else a database that upgrades would differ)."""
    from excursions.store.migrate import migrate

    engine = sqlalchemy.create_engine(db_url)
    try:
        with engine.begin() as conn:
            migrate(conn, replay=True)
        schema = schema_of(engine)
        assert schema.pop("alembic_version")[0] == ["version_num"]
        assert schema == declared()
    finally:
        engine.dispose()


def test_the_revisions_form_one_chain_from_the_baseline():
    from alembic.script import ScriptDirectory

    from excursions.store.migrate import BASELINE, _config

    script = ScriptDirectory.from_config(_config(None))
    chain = [r.revision for r in script.walk_revisions()]
    assert chain[-1] == BASELINE and chain[0] == head() and len(script.get_heads()) == 1


def test_the_newest_revision_an_open_compares_with_is_the_scripts_head():
    """Opening a database does not load Alembic to learn the head: a new revision that forgets
    to set HEAD would leave every database behind it, unmigrated."""
    from excursions.store.migrate import HEAD

    assert head() == HEAD


def test_sqlalchemy_is_what_the_check_for_writes_sees():
    """The write check above would see a write: a CREATE through a plain engine."""
    statements: list[str] = []
    listener = lambda conn, cursor, statement, *a: statements.append(statement)  # noqa: E731
    event.listen(Engine, "before_cursor_execute", listener)
    try:
        engine = sqlalchemy.create_engine("sqlite://")
        with engine.begin() as conn:
            conn.execute(sqlalchemy.text("CREATE TABLE t (x INTEGER)"))
    finally:
        event.remove(Engine, "before_cursor_execute", listener)
    assert [s for s in statements if WRITES.match(s)] == ["CREATE TABLE t (x INTEGER)"]
