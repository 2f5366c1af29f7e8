"""The wish round's rules (excursions.wishes) and its settings in the event file."""

from __future__ import annotations

import datetime as dt

import pytest

from excursions.event import EventFileError, load_event
from excursions.wishes import Phase, WishOutcome, WishRound, check, phase
from tests.conftest import EVENT_FILE

CET = dt.timezone(dt.timedelta(hours=1))
CLOSES = dt.datetime(2022, 4, 1, 12, 0, tzinfo=CET)
ROUND = WishRound(CLOSES, 3)


@pytest.mark.parametrize(
    ("round_", "now", "drawn", "expected"),
    [
        (None, CLOSES, False, Phase.FIRST_COME),  # no round: today's sign-up
        (ROUND, CLOSES - dt.timedelta(seconds=1), False, Phase.WISHING),
        (ROUND, CLOSES, False, Phase.DRAW_DUE),  # closed at the minute it says
        (ROUND, CLOSES + dt.timedelta(days=3), False, Phase.DRAW_DUE),
        (ROUND, CLOSES - dt.timedelta(days=1), True, Phase.FIRST_COME),  # drawn early by an organiser
        (ROUND, CLOSES + dt.timedelta(days=1), True, Phase.FIRST_COME),
    ],
)
def test_phase(round_, now, drawn, expected):
    assert phase(round_, now, drawn=drawn) is expected


KNOWN = {"skovrejsning", "havnen", "ejby-moelle-renseanlaeg", "å-stien"}


@pytest.mark.parametrize(
    ("ranked", "expected"),
    [
        (["skovrejsning"], None),
        (["skovrejsning", "havnen", "å-stien"], None),
        ([], WishOutcome.NO_WISHES),
        (["skovrejsning", "havnen", "å-stien", "ejby-moelle-renseanlaeg"], WishOutcome.TOO_MANY),
        (["havnen", "havnen"], WishOutcome.REPEATED),
        (["havnen", "a-stien"], WishOutcome.UNKNOWN_ROUTE),  # a look-alike of å-stien
        (["havnen", "<script>"], WishOutcome.UNKNOWN_ROUTE),
    ],
)
def test_check(ranked, expected):
    assert check(ranked, KNOWN, 3) is expected


def event_with_signup(tmp_path, extra: str, keep_open: bool = True):
    keep = f"demo_keep_open = {str(keep_open).lower()}"
    text = EVENT_FILE.read_text(encoding="utf-8").replace("demo_keep_open = true", f"{keep}\n{extra}")
    path = tmp_path / "event.toml"
    path.write_text(text, encoding="utf-8")
    return load_event(path)


def test_the_shipped_event_has_no_wish_round(event):
    assert event.wish_round is None


def test_a_wish_round_in_the_event_file(tmp_path):
    event = event_with_signup(
        tmp_path, 'mode = "wishes"\nwishes_close = 2022-04-01T12:00:00+02:00\nwishes = 4'
    )
    assert event.wish_round == WishRound(dt.datetime(2022, 4, 1, 10, 0, tzinfo=dt.UTC), 4)
    event = event_with_signup(tmp_path, 'mode = "wishes"\nwishes_close = 2022-04-01T12:00:00+02:00')
    assert (event.wish_round.wishes, event.wish_round.draw) == (3, "serial")  # the defaults


def test_a_round_closing_after_sign_up_is_refused_unless_the_demo_keeps_sign_up_open(tmp_path):
    late = 'mode = "wishes"\nwishes_close = 2022-05-01T12:00:00+02:00'
    with pytest.raises(EventFileError) as err:
        event_with_signup(tmp_path, late, keep_open=False)
    assert "no later than closes" in str(err.value)
    assert event_with_signup(tmp_path, late).wish_round.closes.month == 5  # the demo: open anyway


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (
            'mode = "wishes"\nwishes_close = 2022-04-01T12:00:00+02:00\ndraw = "fair"',
            "[signup] draw = 'fair': use one of",
        ),
        ('mode = "lottery"', '[signup] mode = \'lottery\': use "first_come" or "wishes".'),
        ('mode = "wishes"', "[signup] has no 'wishes_close'."),
        ('mode = "wishes"\nwishes_close = 2022-04-01T12:00:00', "[signup] wishes_close needs a UTC offset"),
        (
            'mode = "wishes"\nwishes_close = 2022-03-01T12:00:00+01:00',
            "wishes_close = 2022-03-01T12:00:00+01:00 must be after opens",
        ),
        (
            'mode = "wishes"\nwishes_close = 2022-04-01T12:00:00+02:00\nwishes = 0',
            "[signup] wishes = 0: a whole number from 1 to 10.",
        ),
        ('mode = "wishes"\nwishes_close = 2022-04-01T12:00:00+02:00\nwishes = "3"', "[signup] wishes = '3'"),
    ],
)
def test_a_bad_wish_round_is_named(tmp_path, extra, says):
    with pytest.raises(EventFileError) as err:
        event_with_signup(tmp_path, extra)
    assert says in str(err.value) and "event.toml" in str(err.value)


def test_the_ready_check_watches_the_wish_round(tmp_path, area):
    import dataclasses

    from excursions.readiness import Level, check_wish_round
    from excursions.routes import load_routes
    from tests.conftest import SHIPPED_ROUTES

    routes = load_routes(SHIPPED_ROUTES, area)  # the first departs 20 April 2022, 13:30
    event = event_with_signup(
        tmp_path, 'mode = "wishes"\nwishes_close = 2022-04-19T12:00:00+02:00\ndraw = "manual"'
    )
    before = event.wish_round.closes - dt.timedelta(days=1)
    after = event.wish_round.closes + dt.timedelta(hours=1)

    def finding(ev, drawn, now):
        f = check_wish_round(ev, routes, drawn, now)
        return f.level, f.code

    assert finding(event, False, before) == (Level.GREEN, "open_manual")
    assert finding(event, False, after) == (Level.RED, "draw_due")  # nobody pressed the button
    assert finding(event, True, after) == (Level.GREEN, "drawn")
    auto = dataclasses.replace(event, wish_round=dataclasses.replace(event.wish_round, draw="serial"))
    assert finding(auto, False, after) == (Level.GREEN, "open_auto")  # the app draws at the close
    late_round = dataclasses.replace(event.wish_round, closes=dt.datetime(2022, 4, 21, tzinfo=dt.UTC))
    assert finding(dataclasses.replace(event, wish_round=late_round), False, before) == (
        Level.RED,
        "after_departure",
    )
