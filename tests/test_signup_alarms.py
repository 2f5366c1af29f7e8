"""The organiser's alarm for many accepted sign-ups from one browser or network address, and
the undo that cancels exactly those (on SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

from excursions.limits import ALARM_PER_ADDRESS, ALARM_PER_BROWSER, LIMITS, Attempt, Client
from excursions.signups import Outcome, Window, clean_participant
from tests.conftest import make_routes

UTC = dt.UTC
NOW = dt.datetime(2022, 4, 1, 12, tzinfo=UTC)
OPEN = Window(dt.datetime(2022, 3, 1, tzinfo=UTC), dt.datetime(2022, 4, 19, tzinfo=UTC))
VENUE = "203.0.113.7"


def sign_up(store, i: int, client: Client, route: str = "r00", at: dt.datetime = NOW):
    person = clean_participant(f"p{i:04d}@odense.dk", f"Person {i}")
    return store.signup(person, route, now=at, window=OPEN, client=client)


def test_a_browser_with_many_sign_ups_raises_the_alarm_and_the_undo_cancels_exactly_them(store):
    store.sync_routes(make_routes([3, 200]), NOW)
    laptop = Client("b:laptop", VENUE)
    per_browser = LIMITS[Attempt.SIGNUP].per_session.count
    results = [
        sign_up(store, i, laptop, "r00", NOW + dt.timedelta(seconds=i)) for i in range(per_browser + 3)
    ]
    assert [r.outcome for r in results].count(Outcome.TOO_FAST) == 3  # the limit per browser held
    for i in range(20):  # real people on the same Wi-Fi, one browser each
        assert sign_up(store, 100 + i, Client(f"b:phone{i}", VENUE), "r01").outcome is Outcome.CONFIRMED
    later = NOW + dt.timedelta(minutes=5)
    (alarm,) = store.busy_sources(now=later)
    assert (alarm.browser, alarm.address, alarm.signups, alarm.browsers) == (
        "b:laptop",
        VENUE,
        per_browser,
        1,
    )
    assert alarm.signups >= ALARM_PER_BROWSER.count
    theirs = store.signups_from(alarm.browser, alarm.address, since=alarm.first)
    assert sorted(p.email for p in theirs) == [f"p{i:04d}@odense.dk" for i in range(per_browser)]
    # three got seats, two wait; one of the laptop's people left on their own meanwhile
    store.cancel("p0004@odense.dk", now=later)
    assert (
        store.undo_signups_from(alarm.browser, alarm.address, since=alarm.first, now=later) == per_browser - 1
    )
    left = {p.email for p in store.people()}
    assert left == {f"p{100 + i:04d}@odense.dk" for i in range(20)}  # every real person kept
    assert store.busy_sources(now=later) == []  # the alarm counts sign-ups that still stand


def test_a_hall_of_phones_on_one_address_shows_as_an_address_with_many_browsers(store):
    store.sync_routes(make_routes([500]), NOW)
    for i in range(ALARM_PER_ADDRESS.count):
        assert sign_up(store, i, Client(f"b:phone{i}", VENUE)).outcome is Outcome.CONFIRMED
    (alarm,) = store.busy_sources(now=NOW)
    assert (alarm.browser, alarm.address, alarm.signups, alarm.browsers) == (
        "",
        VENUE,
        ALARM_PER_ADDRESS.count,
        ALARM_PER_ADDRESS.count,
    )
    assert store.busy_sources(now=NOW + ALARM_PER_ADDRESS.window + dt.timedelta(seconds=1)) == []
