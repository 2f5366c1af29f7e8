"""The sign-up rules as pure functions: tables of cases, then random sequences (hypothesis)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from excursions.signups import (
    Book,
    CapacityRefusal,
    EventFacts,
    EventKind,
    InputError,
    Outcome,
    Status,
    Window,
    WindowState,
    cancel,
    change_capacity,
    clean_participant,
    current_route,
    promote_by_hand,
    sign_up,
    window_state,
)

UTC = dt.UTC
OPENS = dt.datetime(2022, 3, 21, 11, tzinfo=UTC)
CLOSES = dt.datetime(2022, 4, 19, 10, tzinfo=UTC)
WINDOW = Window(OPENS, CLOSES)
NOW = dt.datetime(2022, 4, 1, 12, tzinfo=UTC)


def books(**spec: tuple[int, str, str]) -> dict[str, Book]:
    """books(a=(2, "x y", "z")) -> route a, capacity 2, x and y confirmed, z waiting."""
    return {
        rid: Book(rid, cap, tuple(conf.split()), tuple(wait.split()))
        for rid, (cap, conf, wait) in spec.items()
    }


@pytest.mark.parametrize(
    ("now", "window", "state"),
    [
        (OPENS - dt.timedelta(seconds=1), WINDOW, WindowState.NOT_YET_OPEN),
        (OPENS, WINDOW, WindowState.OPEN),
        (CLOSES - dt.timedelta(seconds=1), WINDOW, WindowState.OPEN),
        (CLOSES, WINDOW, WindowState.CLOSED),
        (CLOSES + dt.timedelta(days=900), Window(OPENS, CLOSES, keep_open=True), WindowState.OPEN),
    ],
)
def test_window(now, window, state):
    assert window_state(window, now) is state


@pytest.mark.parametrize(
    ("start", "who", "route", "outcome", "position", "after"),
    [
        # a free seat
        (dict(a=(2, "", "")), "p", "a", Outcome.CONFIRMED, None, dict(a=(2, "p", ""))),
        # the last seat, then the waiting list in arrival order
        (dict(a=(1, "x", "")), "p", "a", Outcome.WAITLISTED, 1, dict(a=(1, "x", "p"))),
        (dict(a=(1, "x", "y")), "p", "a", Outcome.WAITLISTED, 2, dict(a=(1, "x", "y p"))),
        # already there: nothing changes
        (dict(a=(1, "p", "")), "p", "a", Outcome.ALREADY_ON_ROUTE, None, dict(a=(1, "p", ""))),
        (dict(a=(1, "x", "p")), "p", "a", Outcome.ALREADY_ON_ROUTE, 1, dict(a=(1, "x", "p"))),
        # a switch releases the old seat, which goes to the head of that waiting list
        (
            dict(a=(1, "p", "y z"), b=(3, "", "")),
            "p",
            "b",
            Outcome.CONFIRMED,
            None,
            dict(a=(1, "y", "z"), b=(3, "p", "")),
        ),
        # switching from a waiting list to a full route
        (
            dict(a=(1, "x", "p"), b=(1, "y", "")),
            "p",
            "b",
            Outcome.WAITLISTED,
            1,
            dict(a=(1, "x", ""), b=(1, "y", "p")),
        ),
    ],
)
def test_sign_up(start, who, route, outcome, position, after):
    decision = sign_up(books(**start), who, route, NOW, WINDOW)
    assert decision.outcome is outcome
    assert decision.position == position
    assert dict(decision.books) == books(**after)


def test_switch_logs_leaving_joining_and_promotion():
    decision = sign_up(books(a=(1, "p", "y"), b=(3, "", "")), "p", "b", NOW, WINDOW)
    assert [(c.kind, c.participant, c.route_id) for c in decision.changes] == [
        (EventKind.LEFT, "p", "a"),
        (EventKind.PROMOTED, "y", "a"),
        (EventKind.CONFIRMED, "p", "b"),
    ]


@pytest.mark.parametrize(
    ("now", "route", "outcome"),
    [
        (CLOSES, "a", Outcome.WINDOW_CLOSED),
        (OPENS - dt.timedelta(1), "a", Outcome.WINDOW_CLOSED),
        (NOW, "nowhere", Outcome.UNKNOWN_ROUTE),
    ],
)
def test_refusals_change_nothing(now, route, outcome):
    start = books(a=(2, "", ""))
    decision = sign_up(start, "p", route, now, WINDOW)
    assert decision.outcome is outcome and decision.changes == ()


@pytest.mark.parametrize(
    ("start", "who", "outcome", "after"),
    [
        (dict(a=(1, "p", "y z")), "p", Outcome.CANCELLED, dict(a=(1, "y", "z"))),
        (dict(a=(1, "x", "p z")), "p", Outcome.CANCELLED, dict(a=(1, "x", "z"))),
        (dict(a=(1, "x", "")), "p", Outcome.NOT_SIGNED_UP, dict(a=(1, "x", ""))),
    ],
)
def test_cancel(start, who, outcome, after):
    decision = cancel(books(**start), who)
    assert decision.outcome is outcome and dict(decision.books) == books(**after)


@pytest.mark.parametrize(
    ("start", "capacity", "outcome", "after"),
    [
        (dict(a=(1, "x", "y z w")), 3, Outcome.CAPACITY_CHANGED, dict(a=(3, "x y z", "w"))),
        (dict(a=(3, "x y", "")), 2, Outcome.CAPACITY_CHANGED, dict(a=(2, "x y", ""))),
        (dict(a=(3, "x y", "")), 1, Outcome.CAPACITY_BELOW_CONFIRMED, dict(a=(3, "x y", ""))),
    ],
)
def test_capacity_change(start, capacity, outcome, after):
    decision = change_capacity(books(**start), "a", capacity)
    assert decision.outcome is outcome and dict(decision.books) == books(**after)


def test_promote_by_hand_adds_a_seat_for_that_person_only():
    decision = promote_by_hand(books(a=(1, "x", "y z")), "z")
    assert decision.outcome is Outcome.CONFIRMED
    assert dict(decision.books) == books(a=(2, "x z", "y"))
    assert promote_by_hand(books(a=(1, "x", "")), "x").outcome is Outcome.ALREADY_ON_ROUTE
    assert promote_by_hand(books(a=(1, "x", "")), "q").outcome is Outcome.NOT_SIGNED_UP


def test_leaving_records_the_status_left_behind():
    decision = sign_up(books(a=(1, "p", "y"), b=(1, "", "")), "p", "b", NOW, WINDOW)
    assert decision.changes[0].facts == EventFacts(was=Status.CONFIRMED, other_route="b")
    assert cancel(books(a=(1, "x", "p")), "p").changes[0].facts == EventFacts(was=Status.WAITLISTED)


def test_lowering_below_confirmed_says_how_many_must_move():
    decision = change_capacity(books(a=(5, "a b c d", "")), "a", 1)
    assert decision.refusal == CapacityRefusal(confirmed=4, requested=1)
    assert decision.refusal.must_move == 3


@pytest.mark.parametrize(
    ("email", "name", "org", "field", "code"),
    [
        ("", "Anna", "", "email", "email_missing"),
        ("anna@", "Anna", "", "email", "email_invalid"),
        ("anna@kommune", "Anna", "", "email", "email_invalid"),
        ("<script>@x.dk", "Anna", "", "email", "email_invalid"),
        ("anna@odense.dk", "   ", "", "name", "name_missing"),
        ("anna@odense.dk", "A" * 300, "", "name", "name_too_long"),
        ("anna@odense.dk", "Anna", "O" * 300, "organisation", "organisation_too_long"),
        ("anna@odense.dk", "An\x00na", "", "name", "control_characters"),
    ],
)
def test_bad_participant_input_names_the_field(email, name, org, field, code):
    with pytest.raises(InputError) as info:
        clean_participant(email, name, org)
    assert (info.value.field, info.value.code) == (field, code)


def test_participant_input_is_tidied_not_rewritten():
    person = clean_participant("  Anna.Berg@Odense.DK ", " Anna   <b>Berg</b> ", "Odense  Kommune")
    assert person.email == "anna.berg@odense.dk"
    assert person.name == "Anna <b>Berg</b>"  # kept as text; pages show it escaped
    assert person.organisation == "Odense Kommune"


# --- random sequences -------------------------------------------------------------------

ROUTES = ["r1", "r2", "r3"]
PEOPLE = [f"p{i}" for i in range(8)]
ops = st.lists(
    st.one_of(
        st.tuples(st.just("signup"), st.sampled_from(PEOPLE), st.sampled_from(ROUTES)),
        st.tuples(st.just("cancel"), st.sampled_from(PEOPLE), st.none()),
        st.tuples(st.just("capacity"), st.integers(1, 4), st.sampled_from(ROUTES)),
    ),
    max_size=60,
)


def check_invariants(state: dict[str, Book], active: set[str], arrivals: list[tuple[str, str]]) -> None:
    seen: dict[str, str] = {}
    for book in state.values():
        assert len(book.confirmed) <= book.capacity
        assert not (book.free and book.waiting), f"{book.route_id} has a free seat and a waiting list"
        for p in (*book.confirmed, *book.waiting):
            assert p not in seen, f"{p} is on {seen[p]} and {book.route_id}"
            seen[p] = book.route_id
        # waiting lists keep arrival order (someone who left and came back queues anew)
        joined = {p: i for i, (p, r) in enumerate(arrivals) if r == book.route_id}
        assert list(book.waiting) == sorted(book.waiting, key=joined.__getitem__)
    assert set(seen) == active  # everyone who signed up and did not cancel is confirmed or waiting


@settings(max_examples=300, deadline=None)
@given(ops)
def test_invariants_hold_after_every_step(sequence):
    state = {r: Book(r, 2) for r in ROUTES}
    active: set[str] = set()
    arrivals: list[tuple[str, str]] = []  # (participant, route) each time someone joins a list
    for op, a, b in sequence:
        if op == "signup":
            decision = sign_up(state, a, b, NOW, WINDOW)
            if decision.outcome in (Outcome.CONFIRMED, Outcome.WAITLISTED):
                arrivals.append((a, b))
            active.add(a)
            assert current_route(decision.books, a) == b
            assert decision.books[b].status_of(a) is (
                Status.WAITLISTED if decision.position else Status.CONFIRMED
            )
        elif op == "cancel":
            decision = cancel(state, a)
            active.discard(a)
        else:
            decision = change_capacity(state, b, a)
        state = dict(decision.books) or state
        check_invariants(state, active, arrivals)


@pytest.mark.parametrize(
    "typed",
    ["a@x.dk", " A@X.DK ", "a\u200b@x.dk", "a@x\u2060.dk", "\ufeffa@x.dk", "ａ@ｘ.ｄｋ", "a\u00ad@x.dk"],
)
def test_one_mailbox_has_one_address_whatever_invisible_or_wide_characters_it_was_typed_with(typed):
    assert clean_participant(typed, "A").email == "a@x.dk"
