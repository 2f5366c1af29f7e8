"""Limits on tries (organiser passwords, sign-ups): the pure rule, then the store on both
databases, concurrent tries included."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest

from excursions.access import LoginState, PasswordCheck, hash_password
from excursions.limits import LIMITS, Attempt, Client, Limit, wait_for, wait_seconds
from excursions.signups import Outcome, ParticipantInput, Window
from excursions.store import open_store
from tests.conftest import make_routes

UTC = dt.UTC
NOW = dt.datetime(2022, 4, 1, 12, tzinfo=UTC)
WINDOW = Window(dt.datetime(2022, 3, 1, tzinfo=UTC), dt.datetime(2022, 4, 19, tzinfo=UTC))
MINUTE = dt.timedelta(minutes=1)


def ago(*seconds: float) -> list[dt.datetime]:
    return [NOW - dt.timedelta(seconds=s) for s in seconds]


@pytest.mark.parametrize(
    ("times", "limit", "wait"),
    [
        ([], Limit(1, MINUTE), 0),
        (ago(10), Limit(2, MINUTE), 0),
        (ago(10), Limit(1, MINUTE), 50),  # the one try leaves the window in 50 s
        (ago(50, 40, 30), Limit(3, MINUTE), 10),  # the oldest leaves first
        (ago(50, 40, 30), Limit(2, MINUTE), 20),  # two must leave: the second oldest decides
        (ago(61, 70), Limit(1, MINUTE), 0),  # outside the window: forgotten
        (ago(59.5), Limit(1, MINUTE), 1),  # part of a second still means wait a second
    ],
)
def test_wait_for(times, limit, wait):
    assert wait_for(times, limit, NOW) == wait


def test_the_longer_wait_of_session_and_address_decides():
    per_session = LIMITS[Attempt.LOGIN].per_session
    full = ago(*range(per_session.count))
    assert wait_seconds(Attempt.LOGIN, full, [], NOW) > 0
    assert wait_seconds(Attempt.LOGIN, [], full, NOW) == 0  # the address limit is far higher
    assert wait_seconds(Attempt.LOGIN, [], [], NOW) == 0


def test_limits_are_sized_for_people_and_for_a_hall_behind_one_address():
    for limits in LIMITS.values():
        assert limits.per_session.count >= 5  # a person who mistypes or signs up a colleague
        assert limits.per_address.count >= 6 * limits.per_session.count
    assert LIMITS[Attempt.SIGNUP].per_address.count >= 1000  # a thousand phones on one Wi-Fi


# --- the password check (one process) --------------------------------------------------------


def test_a_password_that_passed_is_remembered_only_for_that_hash_and_never_a_wrong_one():
    stored, other = hash_password("right"), hash_password("right")
    check = PasswordCheck()
    assert check.check("right", stored) is LoginState.OK
    assert check.check("right", stored) is LoginState.OK  # from memory, no second scrypt
    assert check.check("Right", stored) is LoginState.WRONG
    assert check.check("right", hash_password("changed")) is LoginState.WRONG
    assert check.check("right", other) is LoginState.OK  # same password, another salt: checked
    assert all(b"right" not in tag for tag in check._passed)  # digests, not the password


def test_no_configured_password_lets_no_one_in():
    assert PasswordCheck().check("", "") is LoginState.NOT_CONFIGURED


# --- log-in tries in the database ------------------------------------------------------------------


def log_in(store, check: PasswordCheck, stored: str, password: str, who: Client, now=NOW):
    """What the organiser page does: take a slot, check, give the slot back when right."""
    wait, ticket = store.try_login(who, now=now)
    if wait:
        return LoginState.WAIT, 0
    state = check.check(password, stored)
    if state is LoginState.OK:
        store.login_passed(ticket)
    return state, 1


def test_wrong_tries_lock_out_only_that_browser_for_a_while(store):
    stored, check = hash_password("right"), PasswordCheck()
    guesser, organiser = Client("guesser", "10.0.0.7"), Client("organiser", "10.0.0.8")
    for _ in range(5):
        assert log_in(store, check, stored, "wrong", guesser)[0] is LoginState.WRONG
    assert log_in(store, check, stored, "right", guesser)[0] is LoginState.WAIT
    assert store.try_login(guesser, now=NOW)[0] == 300
    assert log_in(store, check, stored, "right", organiser)[0] is LoginState.OK
    later = NOW + dt.timedelta(minutes=5, seconds=1)
    assert log_in(store, check, stored, "right", guesser, now=later)[0] is LoginState.OK


def test_right_passwords_do_not_count_against_a_browser(store):
    stored, check = hash_password("right"), PasswordCheck()
    who = Client("organiser")
    for i in range(20):  # an organiser logging in and out all day
        assert log_in(store, check, stored, "right", who, NOW + i * MINUTE)[0] is LoginState.OK


def test_200_concurrent_wrong_guesses_from_one_browser_check_at_most_five(store, db_url):
    stored = hash_password("right")
    check = PasswordCheck()

    def guess(_: int):
        return log_in(store, check, stored, "wrong", Client("guesser", "10.0.0.7"))

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(guess, range(200)))
    checked = sum(n for _, n in results)
    assert checked == LIMITS[Attempt.LOGIN].per_session.count
    assert {state for state, _ in results} == {LoginState.WRONG, LoginState.WAIT}
    assert log_in(store, check, stored, "right", Client("organiser", "10.0.0.8"))[0] is LoginState.OK


@pytest.mark.slow  # 3-5 s: runs after the quick layer in CI
def test_200_concurrent_guesses_from_new_browsers_on_one_address_are_held_by_the_address_limit(store):
    stored = hash_password("right")
    check = PasswordCheck()

    def guess(i: int):
        return log_in(store, check, stored, "wrong", Client(f"fresh-{i}", "203.0.113.9"))

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(guess, range(200)))
    # every one of them new to the address: held by the higher ceiling for fresh browsers
    assert sum(n for _, n in results) == LIMITS[Attempt.LOGIN].fresh_per_address.count
    assert log_in(store, check, stored, "right", Client("organiser", "198.51.100.4"))[0] is LoginState.OK


def test_thirty_wrong_passwords_from_one_address_do_not_lock_out_a_colleague_on_it(store):
    """Issue 26 item 6: a guesser on the venue Wi-Fi once locked every organiser there out."""
    stored, check = hash_password("right"), PasswordCheck()
    wifi = "203.0.113.9"
    per_browser = LIMITS[Attempt.LOGIN].per_session.count
    for i in range(30):  # six browsers, five wrong each
        assert log_in(store, check, stored, "wrong", Client(f"guesser-{i // per_browser}", wifi))[0] is (
            LoginState.WRONG
        )
    assert log_in(store, check, stored, "wrong", Client("guesser-0", wifi))[0] is LoginState.WAIT
    assert log_in(store, check, stored, "wrong", Client("guesser-7", wifi))[0] is LoginState.WRONG  # checked
    assert log_in(store, check, stored, "right", Client("guesser-7", wifi))[0] is LoginState.WAIT  # guessed
    assert log_in(store, check, stored, "right", Client("organiser", wifi))[0] is LoginState.OK


def test_tries_are_shared_by_every_process_of_an_event(db_url):
    """Two stores on one database, as two processes: the count is the database's."""
    a, b = open_store(db_url), open_store(db_url)
    try:
        who = Client("guesser")
        for i in range(5):
            assert (a if i % 2 else b).try_login(who, now=NOW)[0] == 0
        assert a.try_login(who, now=NOW)[0] > 0 and b.try_login(who, now=NOW)[0] > 0
    finally:
        a.dispose()
        b.dispose()


# --- sign-ups ------------------------------------------------------------------------------------


def test_sixty_scripted_sign_ups_from_one_browser_are_refused_after_five_and_a_second_browser_signs_up(
    store,
):
    store.sync_routes(make_routes([200]), NOW)

    def sign_up(i: int, who: Client):
        person = ParticipantInput(f"Bot {i}", f"bot{i}@example.com", "", "da")
        return store.signup(person, "r00", now=NOW + dt.timedelta(seconds=i / 6), window=WINDOW, client=who)

    script = Client("script")
    results = [sign_up(i, script) for i in range(60)]
    outcomes = [r.outcome for r in results]
    assert outcomes[:5] == [Outcome.CONFIRMED] * 5
    assert set(outcomes[5:]) == {Outcome.TOO_FAST}
    assert store.counts()[0].confirmed == 5
    person = ParticipantInput("Anna", "anna@odense.dk", "", "da")
    later = NOW + dt.timedelta(seconds=10)
    result = store.signup(person, "r00", now=later, window=WINDOW, client=Client("p"))
    assert result.outcome is Outcome.CONFIRMED
    assert store.refused_tries(Attempt.SIGNUP, since=NOW) == (55, 1)


def test_sign_ups_without_a_client_are_not_limited(store):
    """The import, the shell and the organiser's desk sign people up in bulk."""
    store.sync_routes(make_routes([50]), NOW)
    for i in range(20):
        person = ParticipantInput(f"P {i}", f"p{i}@example.com", "", "da")
        assert store.signup(person, "r00", now=NOW, window=WINDOW).outcome is Outcome.CONFIRMED
