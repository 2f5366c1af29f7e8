"""Database trouble: the store says what happened in one line and changes nothing; pages
show one sentence and no traceback; the CLI prints one line and exits non-zero."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event

from excursions.signups import ParticipantInput, Window
from excursions.store import StoreUnavailable, open_store
from tests.conftest import make_routes
from tests.support.processes import free_port
from tests.test_cli import run
from tests.test_signup_page import submit

UTC = dt.UTC
NOW = dt.datetime(2022, 4, 1, 12, tzinfo=UTC)
WINDOW = Window(dt.datetime(2022, 3, 1, tzinfo=UTC), dt.datetime(2022, 4, 19, tzinfo=UTC))


def nobody_listening() -> str:
    return f"postgresql+psycopg://excursions:secret@127.0.0.1:{free_port()}/excursions"


def page_count(store) -> int:
    with store.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    store.dispose()
    return pages


def test_a_full_sqlite_disk_is_one_line_and_keeps_what_was_saved(tmp_path):
    url = f"sqlite:///{tmp_path / 'full.sqlite3'}"
    store = open_store(url)
    store.sync_routes(make_routes([500]), NOW)
    store.signup(ParticipantInput("first@x.dk", "First"), "r00", now=NOW, window=WINDOW)
    pages = page_count(store)

    @event.listens_for(store.engine, "connect")
    def _full(dbapi_con, _record):  # the disk is full: no page beyond the ones there are
        dbapi_con.execute(f"PRAGMA max_page_count={pages}")

    saved = 0
    with pytest.raises(StoreUnavailable) as caught:
        for i in range(200):
            store.signup(ParticipantInput(f"p{i}@x.dk", "x" * 200), "r00", now=NOW, window=WINDOW)
            saved += 1
    message = str(caught.value)
    assert "database or disk is full" in message and "nothing was changed" in message
    assert "\n" not in message
    assert {p.email for p in store.people()} == {"first@x.dk", *(f"p{i}@x.dk" for i in range(saved))}


def test_an_unreachable_postgresql_is_one_line_naming_the_server_without_its_password():
    with pytest.raises(StoreUnavailable) as caught:
        open_store(nobody_listening())
    message = str(caught.value)
    assert "127.0.0.1" in message and "secret" not in message and "\n" not in message


def test_the_cli_prints_one_line_and_exits_non_zero():
    result = run("counts", env={"EXCURSIONS_DATABASE_URL": nobody_listening()})
    assert result.returncode != 0
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: The database at postgresql+psycopg://") and "Traceback" not in line


def test_a_page_whose_database_is_down_shows_one_sentence_and_no_traceback(app):
    at = app(None, database_url=nobody_listening())
    assert not at.exception
    (error,) = at.error
    assert error.body == "Siden kan ikke hente tilmeldingerne lige nu – prøv igen om lidt."


def fill_the_disk(store):
    """From now on the store's SQLite file cannot grow (SQLITE_FULL, as on a full disk)."""
    pages = page_count(store)

    def full(dbapi_con, _record):
        dbapi_con.execute(f"PRAGMA max_page_count={pages}")

    event.listen(store.engine, "connect", full)
    return lambda: (event.remove(store.engine, "connect", full), store.dispose())


def test_a_sign_up_that_cannot_be_saved_says_so_and_works_once_there_is_room(app):
    from excursions.ui.context import get_store, load_context

    at = app({"route": "skovrejsning"})
    at.switch_page("app_pages/signup.py")
    at = at.run()
    store = get_store(load_context())
    make_room = fill_the_disk(store)
    people = iter(range(10_000))
    for size in (300, 30, 1):  # until not even a short sign-up fits
        with contextlib.suppress(StoreUnavailable):
            for i in people:
                person = ParticipantInput(f"p{i}@x.dk", "x" * size)
                store.signup(person, "biogas-fangel", now=NOW, window=WINDOW)
    at = submit(at, route="skovrejsning")
    assert not at.exception
    assert [e.body for e in at.error] == ["Tilmeldingen kunne ikke gemmes lige nu – prøv igen om lidt."]
    assert "anna@odense.dk" not in {p.email for p in store.people()}
    make_room()
    at = at.button(key="FormSubmitter:signup-Tilmeld").click().run()  # the same tap again
    assert not at.error
    assert "Du skal med på: Nye skove i Odense" in at.success[0].body.replace("\\", "")


@contextlib.contextmanager
def held_by_another_writer(data_dir: Path):
    """Another writer holds the SQLite file (a long import, another process) meanwhile."""
    con = sqlite3.connect(data_dir / "excursions.sqlite3", isolation_level=None, timeout=0)
    con.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        con.execute("ROLLBACK")
        con.close()


SAVE = "Tilmeldingen kunne ikke gemmes lige nu – prøv igen om lidt."
ACTION = "Det kunne ikke gemmes lige nu – prøv igen om lidt."
BRIEF = {"lock_timeout_seconds": "1"}  # a write gives up on the held lock after a second


def test_a_lost_link_asked_for_while_the_database_is_held_is_answered_in_its_box(app, tmp_path):
    at = app({"route": "skovrejsning"}, **BRIEF)
    at.switch_page("app_pages/signup.py")
    at = at.run()
    at.text_input(key="lost_email").set_value("aase@ærø.dk")
    with held_by_another_writer(tmp_path / "data"):
        at.button(key="FormSubmitter:lost_link_form-Send mit link").click().run()
    assert not at.exception
    assert [e.body for e in at.error] == [ACTION]  # in the box, not "your sign-up" above the form
    (box,) = at.expander
    assert [e.body for e in box.error] == [ACTION]
    at.button(key="FormSubmitter:lost_link_form-Send mit link").click().run()
    assert not at.error
    assert "har vi sendt linket dertil" in at.info[-1].body


def test_an_organiser_login_while_the_database_is_held_says_so_and_works_after(app, tmp_path):
    from excursions.access import hash_password

    at = app(None, organiser_password_hash=hash_password("hest"), **BRIEF)
    at.switch_page("app_pages/organiser.py")
    at = at.run()
    at.text_input(key="org_password").set_value("hest")
    with held_by_another_writer(tmp_path / "data"):
        at.button(key="FormSubmitter:login-Log ind").click().run()
    assert not at.exception
    assert [e.body for e in at.error] == [ACTION]  # not "wrong password", not a blank form
    at.text_input(key="org_password").set_value("hest")
    at.button(key="FormSubmitter:login-Log ind").click().run()
    assert not at.error and not [w for w in at.text_input if w.key == "org_password"]  # in
