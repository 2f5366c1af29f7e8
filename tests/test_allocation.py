"""The wish round's draw (excursions.allocation): tables for the rules, hypothesis for the
promises both methods make on every case."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from excursions.allocation import Method, draw, drawn_order, first_come

BOTH = [Method.SERIAL, Method.MOST_FIRST]


@pytest.mark.parametrize(
    ("wishes", "seats", "method", "expected"),
    [
        # nobody competes: everyone gets their first wish
        ({"a": ["x"], "b": ["y"]}, {"x": 1, "y": 1}, Method.SERIAL, {"a": "x", "b": "y"}),
        ({"a": ["x"], "b": ["y"]}, {"x": 1, "y": 1}, Method.MOST_FIRST, {"a": "x", "b": "y"}),
        # one seat, one list each: exactly one gets it, the other gets nothing
        ({"a": ["x"], "b": ["x"]}, {"x": 1}, Method.MOST_FIRST, {"x": 1, None: 1}),
        # the classic case where serial dictatorship can lose a first wish: whoever is drawn
        # first among a and b; most-first gives x to b (who has no other) and y to a
        ({"a": ["x", "y"], "b": ["x"], "c": ["y"]}, {"x": 1, "y": 2}, Method.MOST_FIRST, {"x": 1, "y": 2}),
        # a wish for an excursion that is gone is passed over, a repeated wish counts once
        ({"a": ["gone", "x", "x"]}, {"x": 1}, Method.SERIAL, {"a": "x"}),
        ({"a": ["gone", "x", "x"]}, {"x": 1}, Method.MOST_FIRST, {"a": "x"}),
        # no seats anywhere: nobody gets anything
        ({"a": ["x"], "b": ["y"]}, {"x": 0, "y": 0}, Method.MOST_FIRST, {"a": None, "b": None}),
        # nobody wished
        ({}, {"x": 3}, Method.MOST_FIRST, {}),
    ],
)
def test_draw_table(wishes, seats, method, expected):
    result = draw(wishes, seats, method=method, seed=1)
    if set(expected) <= set(wishes):  # by person
        assert dict(result.assigned) == expected
    else:  # by excursion: how many got each (who is the draw's to decide)
        got = {}
        for route in result.assigned.values():
            got[route] = got.get(route, 0) + 1
        assert got == expected


def test_most_first_meets_more_first_wishes_where_serial_can_miss_one():
    wishes = {"a": ["x", "y"], "b": ["x"], "c": ["y"]}
    results = {seed: draw(wishes, {"x": 1, "y": 2}, method=Method.SERIAL, seed=seed) for seed in range(30)}
    # some order puts a before b: a takes x, b gets nothing
    assert any(r.assigned["b"] is None for r in results.values())
    best = draw(wishes, {"x": 1, "y": 2}, method=Method.MOST_FIRST, seed=0)
    assert best.assigned == {"a": "y", "b": "x", "c": "y"}
    assert best.met() == [2, 1]


def test_drawn_order_depends_on_the_seed_not_on_the_order_people_came_in():
    people = [f"p{i}@x.dk" for i in range(50)]
    assert drawn_order(people, 7) == drawn_order(list(reversed(people)), 7)
    assert drawn_order(people, 7) != drawn_order(people, 8)
    assert sorted(drawn_order(people, 7)) == sorted(people)


def test_serial_gives_each_person_in_the_drawn_order_their_best_remaining_wish():
    wishes = {f"p{i}": ["x", "y", "z"] for i in range(5)}
    result = draw(wishes, {"x": 2, "y": 1, "z": 1}, method=Method.SERIAL, seed=3)
    assert [result.assigned[p] for p in result.order] == ["x", "x", "y", "z", None]


def test_the_preview_counts_per_excursion_and_overall():
    wishes = {"a": ["x", "y"], "b": ["x", "y"], "c": ["x"], "d": ["y"]}
    result = draw(wishes, {"x": 1, "y": 1, "z": 4}, method=Method.MOST_FIRST, seed=5)
    per = result.per_route()
    assert per["x"].capacity == 1 and per["x"].assigned == 1 and per["x"].first_wishes == 3
    assert per["x"].not_met == 2  # three wanted it first, one got it
    assert per["z"].assigned == 0 and per["z"].first_wishes == 0
    assert result.met() == [2, 0] and result.none() == 2
    assert sum(result.met()) + result.none() == len(wishes)


def test_first_come_takes_people_in_their_arrival_order():
    wishes = {"late": ["x"], "early": ["x", "y"]}
    assert first_come(["early", "late"], wishes, {"x": 1, "y": 1}) == {"early": "x", "late": None}
    assert first_come(["late", "early"], wishes, {"x": 1, "y": 1}) == {"late": "x", "early": "y"}


ROUTES = ["r0", "r1", "r2", "r3", "r4", "r5"]
cases = st.fixed_dictionaries(
    {
        "seats": st.fixed_dictionaries({route: st.integers(0, 6) for route in ROUTES}),
        "wishes": st.dictionaries(
            st.text("abcdeæøå", min_size=1, max_size=4),
            st.lists(st.sampled_from(ROUTES), min_size=0, max_size=4, unique=True),
            max_size=30,
        ),
        "seed": st.integers(0, 2**32),
    }
)


@settings(max_examples=150, deadline=None)
@given(cases)
def test_promises_both_methods_keep(case):
    seats, wishes, seed = case["seats"], case["wishes"], case["seed"]
    for method in BOTH:
        result = draw(wishes, seats, method=method, seed=seed)
        assigned = result.assigned
        assert set(assigned) == set(wishes)  # everyone is in the result
        for route, outcome in result.per_route().items():
            assert outcome.assigned <= seats[route]  # no excursion over its seats
        left = {route: seats[route] - result.per_route()[route].assigned for route in ROUTES}
        for person, ranked in wishes.items():
            if assigned[person] is None:  # nobody without an excursion while a wish has a seat
                assert all(left[route] == 0 for route in ranked), (person, ranked, left)
            else:
                assert assigned[person] in ranked
        # the same seed gives the same result
        assert draw(wishes, seats, method=method, seed=seed).assigned == assigned


@settings(max_examples=150, deadline=None)
@given(cases)
def test_most_first_meets_at_least_as_many_first_wishes_as_serial(case):
    serial = draw(case["wishes"], case["seats"], method=Method.SERIAL, seed=case["seed"])
    best = draw(case["wishes"], case["seats"], method=Method.MOST_FIRST, seed=case["seed"])
    s, b = serial.met(), best.met()
    assert b[:1] >= s[:1]
    assert b >= s  # and lexicographically: first, then second, ...


@settings(max_examples=100, deadline=None)
@given(cases)
def test_serial_follows_the_drawn_order(case):
    result = draw(case["wishes"], case["seats"], method=Method.SERIAL, seed=case["seed"])
    left = dict(case["seats"])
    for person in result.order:
        best = next((r for r in result.wishes[person] if left[r] > 0), None)
        assert result.assigned[person] == best
        if best is not None:
            left[best] -= 1
