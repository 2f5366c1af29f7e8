"""The draw at the round's close (excursions.round_keeper): made once, by the method the
event file names, not before the close, never for "manual"; a second process finds it made."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from excursions.round_keeper import RoundKeeper, draw_if_due
from excursions.signups import ParticipantInput, Window
from excursions.wishes import WishRound
from tests.conftest import make_routes

UTC = dt.UTC
NOW = dt.datetime(2022, 3, 25, 12, tzinfo=UTC)
WINDOW = Window(dt.datetime(2022, 3, 1, tzinfo=UTC), dt.datetime(2022, 4, 19, tzinfo=UTC))
ROUND = WishRound(dt.datetime(2022, 4, 1, tzinfo=UTC), 3, "serial")


@pytest.fixture
def s(store):
    store.sync_routes(make_routes([1, 2]), NOW)
    for i in range(4):
        store.wish(
            ParticipantInput(f"p{i}@x.dk", f"P {i}"), ["r00", "r01"], now=NOW, window=WINDOW, round_=ROUND
        )
    return store


@pytest.mark.parametrize(
    ("round_", "now", "made"),
    [
        (None, ROUND.closes, False),
        (ROUND, ROUND.closes - dt.timedelta(seconds=1), False),
        (dataclasses.replace(ROUND, draw="manual"), ROUND.closes, False),
        (ROUND, ROUND.closes, True),
        (dataclasses.replace(ROUND, draw="most_first"), ROUND.closes + dt.timedelta(days=1), True),
    ],
)
def test_the_draw_is_made_at_the_close_by_the_events_method(s, round_, now, made):
    number = draw_if_due(s, round_, now, seed=5)
    assert (number is not None) is made and s.drawn() is made
    if made:
        assert s.draws()[0].method == round_.draw and sum(c.confirmed for c in s.counts()) == 3


def test_a_second_process_finds_the_draw_made(s):
    assert draw_if_due(s, ROUND, ROUND.closes, seed=1) == 1
    assert draw_if_due(s, ROUND, ROUND.closes, seed=2) is None and len(s.draws()) == 1


class FakeEvent:  # the keeper reads only the wish round
    def __init__(self, round_):
        self.wish_round = round_


def test_the_keeper_waits_for_the_close_then_draws_and_wakes_the_mail(s):
    clock = [ROUND.closes - dt.timedelta(minutes=1)]
    woken = []
    keeper = RoundKeeper(s, lambda: FakeEvent(ROUND), lambda: woken.append(1), clock=lambda: clock[0])
    assert keeper.check() is False and not s.drawn()  # not yet: it looks again later
    clock[0] = ROUND.closes
    assert keeper.check() is True and s.drawn() and woken == [1]
