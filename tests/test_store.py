"""The store on real databases: a SQLite file and a PostgreSQL server."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from excursions.mail.kinds import MailKind
from excursions.signups import EventKind, Outcome, ParticipantInput, Status, Window, clean_participant
from excursions.store import metadata, open_store
from tests.conftest import make_routes
from tests.test_signups_rules import check_invariants

UTC = dt.UTC
NOW = dt.datetime(2022, 4, 1, 12, tzinfo=UTC)
WINDOW = Window(dt.datetime(2022, 3, 1, tzinfo=UTC), dt.datetime(2022, 4, 19, tzinfo=UTC))


def person(i: int | str) -> ParticipantInput:
    return ParticipantInput(f"p{i}@example.dk", f"Person {i}", "Testkommune")


@pytest.fixture
def two_routes(store):
    store.sync_routes(make_routes([2, 1]), NOW)  # r00: 2 seats, r01: 1 seat
    return store


def counts(store) -> dict[str, tuple[int, int]]:
    return {c.route_id: (c.confirmed, c.waitlisted) for c in store.counts()}


def test_schema_is_created_on_first_use_and_routes_are_synced(two_routes):
    assert [(c.route_id, c.capacity, c.confirmed) for c in two_routes.counts()] == [
        ("r00", 2, 0),
        ("r01", 1, 0),
    ]


def test_signup_fills_seats_then_the_waiting_list(two_routes):
    s = two_routes
    assert s.signup(person(1), "r01", now=NOW, window=WINDOW).outcome is Outcome.CONFIRMED
    second = s.signup(person(2), "r01", now=NOW, window=WINDOW)
    third = s.signup(person(3), "r01", now=NOW, window=WINDOW)
    assert (second.outcome, second.position) == (Outcome.WAITLISTED, 1)
    assert (third.outcome, third.position) == (Outcome.WAITLISTED, 2)
    assert counts(s)["r01"] == (1, 2)


def test_the_same_email_again_changes_nothing_and_mails_the_owner(two_routes):
    s = two_routes
    first = s.signup(person(1), "r00", now=NOW, window=WINDOW)
    stranger = clean_participant("  P1@Example.DK ", "Someone Else", "Elsewhere")
    again = s.signup(stranger, "r01", now=NOW, window=WINDOW)
    assert (again.outcome, again.token, again.route_id) == (Outcome.EMAIL_TAKEN, None, None)
    assert counts(s) == {"r00": (1, 0), "r01": (0, 0)}
    view = s.participant(first.token)  # the owner's link still works, and nothing moved
    assert (view.name, view.organisation, view.route_id) == ("Person 1", "Testkommune", "r00")
    kinds = [(m.email, m.kind) for m in s.mail_queue()]
    assert kinds == [("p1@example.dk", MailKind.ALREADY_SIGNED_UP), ("p1@example.dk", MailKind.SIGNED_UP)]


def test_cancel_and_switch_promote_the_head_of_the_waiting_list(two_routes):
    s = two_routes
    link = s.signup(person(1), "r01", now=NOW, window=WINDOW).token
    s.signup(person(2), "r01", now=NOW, window=WINDOW)
    s.signup(person(3), "r01", now=NOW, window=WINDOW)
    s.switch(link, "r00", now=NOW, window=WINDOW)  # switch away: p2 gets the seat
    assert s.status_of("p2@example.dk") == ("r01", Status.CONFIRMED)
    assert s.cancel("p2@example.dk", now=NOW).outcome is Outcome.CANCELLED  # p3 gets it
    assert s.status_of("p3@example.dk") == ("r01", Status.CONFIRMED)
    assert counts(s) == {"r00": (1, 0), "r01": (1, 0)}
    kinds = [(e.kind, e.email, e.route_id) for e in s.events()]
    assert kinds[-5:] == [
        (EventKind.LEFT, "p1@example.dk", "r01"),
        (EventKind.PROMOTED, "p2@example.dk", "r01"),
        (EventKind.CONFIRMED, "p1@example.dk", "r00"),
        (EventKind.CANCELLED, "p2@example.dk", "r01"),
        (EventKind.PROMOTED, "p3@example.dk", "r01"),
    ]


def test_capacity_raise_promotes_and_lowering_below_confirmed_is_refused(two_routes):
    s = two_routes
    for i in range(4):
        s.signup(person(i), "r01", now=NOW, window=WINDOW)
    assert s.set_capacity("r01", 3, now=NOW).outcome is Outcome.CAPACITY_CHANGED
    assert counts(s)["r01"] == (3, 1)
    refused = s.set_capacity("r01", 1, now=NOW)
    assert refused.outcome is Outcome.CAPACITY_BELOW_CONFIRMED and refused.refusal.must_move == 2
    assert counts(s)["r01"] == (3, 1)


def test_refusals_store_nothing(two_routes):
    s = two_routes
    closed = s.signup(person(1), "r00", now=dt.datetime(2022, 5, 1, tzinfo=UTC), window=WINDOW)
    unknown = s.signup(person(1), "nowhere", now=NOW, window=WINDOW)
    assert (closed.outcome, unknown.outcome) == (Outcome.WINDOW_CLOSED, Outcome.UNKNOWN_ROUTE)
    assert s.events() == [] and counts(s) == {"r00": (0, 0), "r01": (0, 0)}


def test_personal_link_shows_own_status_switches_and_cancels(two_routes):
    s = two_routes
    s.signup(person(9), "r01", now=NOW, window=WINDOW)
    result = s.signup(person(1), "r01", now=NOW, window=WINDOW)
    assert result.token and len(result.token) >= 20
    view = s.participant(result.token)
    assert (view.email, view.route_id, view.status, view.position) == (
        "p1@example.dk",
        "r01",
        Status.WAITLISTED,
        1,
    )
    assert s.switch(result.token, "r00", now=NOW, window=WINDOW).outcome is Outcome.CONFIRMED
    assert s.participant(result.token).route_id == "r00"
    assert s.participant("not-a-token") is None


def test_a_new_link_never_ends_an_old_one(two_routes):
    s = two_routes
    first = s.signup(person(1), "r00", now=NOW, window=WINDOW).token
    pid = s.read(lambda conn: conn.exec_driver_sql("select id from participants").scalar())
    second = s.write(lambda conn: s.new_link(conn, pid, NOW))
    assert first != second
    assert s.participant(first).email == s.participant(second).email == "p1@example.dk"


def test_route_removed_from_files_takes_no_new_signups(two_routes):
    s = two_routes
    s.sync_routes(make_routes([2]), NOW)
    assert [c.route_id for c in s.counts()] == ["r00"]
    assert s.signup(person(1), "r01", now=NOW, window=WINDOW).outcome is Outcome.UNKNOWN_ROUTE


def test_file_capacity_raised_promotes_on_sync(two_routes):
    s = two_routes
    for i in range(3):
        s.signup(person(i), "r01", now=NOW, window=WINDOW)
    s.sync_routes(make_routes([2, 2]), NOW)
    assert counts(s)["r01"] == (2, 1)


def test_reset_empties_signups(two_routes):
    s = two_routes
    s.signup(person(1), "r00", now=NOW, window=WINDOW)
    s.reset()
    assert counts(s) == {"r00": (0, 0), "r01": (0, 0)} and s.events() == []


def test_in_memory_sqlite_is_refused_with_a_reason():
    with pytest.raises(Exception, match="SQLite file"):
        open_store("sqlite://")


# --- random sequences against the real database ------------------------------------------

PEOPLE = [f"h{i}@example.dk" for i in range(6)]
store_ops = st.lists(
    st.one_of(
        st.tuples(st.just("signup"), st.sampled_from(PEOPLE), st.sampled_from(["r00", "r01", "r02"])),
        st.tuples(st.just("cancel"), st.sampled_from(PEOPLE), st.none()),
        st.tuples(st.just("capacity"), st.integers(1, 3), st.sampled_from(["r00", "r01", "r02"])),
    ),
    max_size=25,
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=store_ops)
def test_store_keeps_the_invariants_after_every_step(db_url, sequence):
    s = open_store(db_url)
    try:
        with s.engine.begin() as conn:
            for table in reversed(metadata.sorted_tables):
                conn.execute(table.delete())
        s.sync_routes(make_routes([1, 2, 1]), NOW)
        active: set[str] = set()
        arrivals: list[tuple[str, str]] = []
        for op, a, b in sequence:
            if op == "signup":
                if a in active:  # moving is the organiser's (or the link owner's) to do
                    result = s.move(a, b, now=NOW)
                else:
                    result = s.signup(ParticipantInput(a, a), b, now=NOW, window=WINDOW, new_token=False)
                if result.outcome in (Outcome.CONFIRMED, Outcome.WAITLISTED):
                    arrivals.append((a, b))
                active.add(a)
            elif op == "cancel":
                s.cancel(a, now=NOW)
                active.discard(a)
            else:
                s.set_capacity(b, a, now=NOW)
            check_invariants(s.books(), active, arrivals)
    finally:
        s.dispose()


def test_a_database_from_an_earlier_version_is_upgraded_and_its_links_keep_working(tmp_path):
    import sqlite3

    from excursions.store import hash_token

    path = tmp_path / "old.sqlite3"
    con = sqlite3.connect(path)
    con.executescript(
        """
        CREATE TABLE participants (id INTEGER PRIMARY KEY, email VARCHAR(254) NOT NULL UNIQUE,
          name VARCHAR(200) NOT NULL, organisation VARCHAR(200) NOT NULL, token_hash VARCHAR(64) UNIQUE,
          created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL);
        """
    )
    con.execute(
        "INSERT INTO participants VALUES (1, 'old@x.dk', 'Old', '', ?, '2022-04-01', '2022-04-01')",
        (hash_token("old-link"),),
    )
    con.commit()
    con.close()
    s = open_store(f"sqlite:///{path}")
    try:
        view = s.participant("old-link")
        assert (view.email, view.lang) == ("old@x.dk", "da")
    finally:
        s.dispose()


def test_signing_up_again_and_again_with_a_taken_address_cannot_flood_its_mailbox(two_routes):
    s = two_routes
    s.signup(person(1), "r00", now=NOW, window=WINDOW)
    for minute in range(6):
        result = s.signup(person(1), "r01", now=NOW + dt.timedelta(minutes=minute), window=WINDOW)
        assert result.outcome is Outcome.EMAIL_TAKEN  # the same answer every time
    kinds = [m.kind for m in s.mail_queue()]
    assert kinds.count(MailKind.ALREADY_SIGNED_UP) == 2  # the per-address limit of "lost link"


def test_a_write_held_up_longer_than_the_lock_timeout_gives_up_with_a_clear_error(db_url):
    """Another transaction holds the route's lock; the change waits lock_timeout, then says so."""
    from sqlalchemy import text

    from excursions.store import StoreBusy

    holder = open_store(db_url)
    holder.sync_routes(make_routes([2, 1]), NOW)
    waiter = open_store(db_url, lock_timeout=0.3)
    try:
        with holder.engine.begin() as conn:  # SQLite: BEGIN IMMEDIATE, the database's write lock
            conn.execute(
                text(
                    "SELECT id FROM routes WHERE id = 'r00' FOR UPDATE"
                    if "postgresql" in db_url
                    else "SELECT 1"
                )
            )
            with pytest.raises(StoreBusy, match=r"locked for more than 0\.3 s.*nothing was changed"):
                waiter.set_capacity("r00", 5, now=NOW)
        assert waiter.set_capacity("r00", 5, now=NOW).outcome is Outcome.CAPACITY_CHANGED  # free again
        assert counts(waiter) == {"r00": (0, 0), "r01": (0, 0)}
        assert [c.capacity for c in waiter.counts()] == [5, 1]
    finally:
        waiter.dispose()
        holder.dispose()


def test_a_new_participant_is_known_as_new_on_both_databases(store):
    """PostgreSQL's rowcount of an INSERT … ON CONFLICT DO NOTHING is -1: it once made every
    participant look known there."""
    from excursions.signups import clean_participant

    now = dt.datetime(2022, 4, 1, tzinfo=dt.UTC)
    with store.engine.begin() as conn:
        first = store._lock_participant(conn, clean_participant("ny@odense.dk", "Ny"), now)
        again = store._lock_participant(conn, clean_participant("ny@odense.dk", "Ny"), now)
    assert first[1] is True and again == (first[0], False)
