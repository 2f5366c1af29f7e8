"""Live demand during the wish round: the snapshot a process shows carries the wishes per
excursion and rank, and the words every live part shows (map badges, list, summary, the
projector's line) turn from seats to wishes until the draw, then back."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from excursions.allocation import Method, draw
from excursions.seats import SeatLevel, board, demand_level
from excursions.signups import ParticipantInput, Window
from excursions.snapshot import current
from excursions.web.seats import body
from excursions.wishes import WishRound
from tests.conftest import make_routes

UTC = dt.UTC
NOW = dt.datetime(2022, 3, 25, 12, tzinfo=UTC)
WINDOW = Window(dt.datetime(2022, 3, 1, tzinfo=UTC), dt.datetime(2022, 4, 19, tzinfo=UTC))
ROUND = WishRound(dt.datetime(2022, 4, 1, tzinfo=UTC), 3)


@pytest.mark.parametrize(
    ("first", "capacity", "level"),
    [
        (0, 45, SeatLevel.FREE),
        (30, 45, SeatLevel.FREE),
        (41, 45, SeatLevel.FEW),
        (45, 45, SeatLevel.FEW),
        (46, 45, SeatLevel.FULL),
        (62, 45, SeatLevel.FULL),
    ],
)
def test_demand_level(first, capacity, level):
    assert demand_level(first, capacity) is level


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize(
    ("first", "free", "capacity", "waiting"), [(0, 45, 45, 0), (1, 1, 1, 0), (62, 0, 45, 3)]
)
def test_seat_words_never_hold_the_separator_a_list_line_is_read_by(lang, first, free, capacity, waiting):
    """The live feed puts a line's seats after its last " · " (seats.js): words holding one
    grew by a copy at every poll ("0 ønsker · 0 ønsker · 0 ønsker · 25 pladser")."""
    from excursions.i18n import demand_text, seats_text
    from excursions.ui.signup_form import CHOICE_SEPARATOR

    for words in (demand_text(first, capacity, lang), seats_text(free, capacity, waiting, lang)):
        assert CHOICE_SEPARATOR not in words and words.strip() == words


def test_the_live_parts_show_wishes_until_the_draw_then_seats(store):
    store.sync_routes(make_routes([2, 1]), NOW)
    for i in range(3):
        store.wish(
            ParticipantInput(f"p{i}@x.dk", f"P {i}"), ["r00", "r01"], now=NOW, window=WINDOW, round_=ROUND
        )
    current.clear()
    snap = current(store, "test", 3)
    assert snap.demand == {"r00": (3, 0, 0), "r01": (0, 3, 0)}  # every route all three ranks
    words = board(snap, "da")
    assert words.seats["r00"] == "3 ønsker til 2 pladser" and words.seats["r01"] == "0 ønsker til 1 plads"
    assert words.badges["r00"] == ("3 ønsker", "full") and words.badges["r01"] == ("0 ønsker", "free")
    assert words.summary == "Ønskerunde: 3 personer har sendt ønsker · 3 pladser i alt"
    assert words.full_text == "1 udflugt er førsteønske for flere, end der er pladser"
    assert board(snap, "en").seats["r00"] == "3 wishes for 2 seats"
    document = json.loads(body(snap, "da"))
    assert document["routes"]["r01"]["wishes"] == [0, 3, 0]
    assert document["seats"]["r00"] == "3 ønsker til 2 pladser"
    assert current(store, "test", 0).demand is None  # an event without a round: seats

    result = draw(
        store.wishes_by_person(undecided_only=True), store.free_seats(), method=Method.SERIAL, seed=1
    )
    store.commit_draw(result, now=ROUND.closes)
    current.clear()
    after = current(store, "test", 3)
    assert after.demand is None and after.version != snap.version
    assert board(after, "da").seats["r00"] == "fuld – venteliste (0)"  # seats again: all three placed


def test_the_organiser_overview_counts_every_rank_live(store):
    store.sync_routes(make_routes([2, 1]), NOW)
    store.wish(ParticipantInput("a@x.dk", "A"), ["r00", "r01"], now=NOW, window=WINDOW, round_=ROUND)
    store.wish(ParticipantInput("b@x.dk", "B"), ["r01"], now=NOW, window=WINDOW, round_=ROUND)
    current.clear()
    snap = current(store, "test", 3)
    feed = json.loads(body(snap, "da", "overview"))["overview"]
    assert {k: v for k, v in feed["rows"]["r01"].items() if k.startswith("wish")} == {
        "wish1": 1,
        "wish2": 1,
        "wish3": 0,
        "wishes": 2,
    }
    assert feed["metrics"]["wished"] == "2"
    seats_only = json.loads(body(current(store, "other", 0), "da", "overview"))["overview"]
    assert "wish1" not in seats_only["rows"]["r01"] and "wished" not in seats_only["metrics"]
