"""The wish round in the store, on a SQLite file and a PostgreSQL server: wishes kept and
changed, live demand, and the draw committed in one transaction."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import select

from excursions.allocation import Method, draw
from excursions.limits import Client
from excursions.mail.kinds import MailKind
from excursions.signups import Outcome, ParticipantInput, Window, clean_participant
from excursions.store import open_store
from excursions.store.draws import DrawError
from excursions.store.schema import outbox_t
from excursions.wishes import Phase, WishOutcome, WishRound
from tests.conftest import make_routes

UTC = dt.UTC
NOW = dt.datetime(2022, 3, 25, 12, tzinfo=UTC)
WINDOW = Window(dt.datetime(2022, 3, 1, tzinfo=UTC), dt.datetime(2022, 4, 19, tzinfo=UTC))
ROUND = WishRound(dt.datetime(2022, 4, 1, tzinfo=UTC), 3)
AFTER = ROUND.closes + dt.timedelta(hours=1)


def person(i: int | str) -> ParticipantInput:
    return ParticipantInput(f"p{i}@example.dk", f"Person {i}", "Testkommune")


@pytest.fixture
def s(store):
    store.sync_routes(make_routes([2, 1, 3]), NOW)  # r00: 2 seats, r01: 1, r02: 3
    return store


def wish(store, who, ranked, now=NOW, **kw):
    return store.wish(person(who), ranked, now=now, window=WINDOW, round_=ROUND, **kw)


def mails(store) -> list[tuple[str, str | None, int | None]]:
    with store.engine.connect() as conn:
        o = outbox_t.c
        return [tuple(r) for r in conn.execute(select(o.kind, o.route_id, o.position).order_by(o.id)).all()]


def test_wishes_are_kept_in_order_with_a_link_and_a_mail(s):
    result = wish(s, 1, ["r01", "r00"])
    assert (result.outcome, result.wishes) == (WishOutcome.SAVED, ("r01", "r00"))
    assert s.my_wishes(result.token) == ("r01", "r00")
    assert mails(s) == [(MailKind.WISHES.value, "r01", None)]
    assert s.counts()[0].confirmed == 0  # a wish is not a seat


@pytest.mark.parametrize(
    ("ranked", "expected"),
    [
        ([], WishOutcome.NO_WISHES),
        (["r00", "r01", "r02", "r00"], WishOutcome.TOO_MANY),
        (["r00", "r00"], WishOutcome.REPEATED),
        (["r00", "r99"], WishOutcome.UNKNOWN_ROUTE),
    ],
)
def test_a_wish_list_that_cannot_be_kept_changes_nothing(s, ranked, expected):
    assert wish(s, 1, ranked).outcome is expected
    assert s.wishes_by_person() == {} and mails(s) == []


def test_the_round_takes_wishes_only_while_it_is_open(s):
    assert wish(s, 1, ["r00"], now=WINDOW.opens - dt.timedelta(days=1)).outcome is WishOutcome.ROUND_CLOSED
    assert wish(s, 1, ["r00"], now=ROUND.closes).outcome is WishOutcome.ROUND_CLOSED
    assert s.phase(ROUND, NOW) is Phase.WISHING and s.phase(ROUND, AFTER) is Phase.DRAW_DUE
    assert s.phase(None, NOW) is Phase.FIRST_COME


def typed(email: str, name: str = "Søren Ærø") -> ParticipantInput:
    return clean_participant(email, name, "Ærø Kommune")


def test_the_same_address_again_changes_nothing_and_mails_its_owner(s):
    first = s.wish(typed("soeren@ærø.dk"), ["r00"], now=NOW, window=WINDOW, round_=ROUND)
    again = s.wish(typed(" SOEREN@ÆRØ.DK ", "Someone Else"), ["r01"], now=NOW, window=WINDOW, round_=ROUND)
    assert (again.outcome, again.token) == (WishOutcome.EMAIL_TAKEN, None)
    assert s.my_wishes(first.token) == ("r00",)
    assert [m[0] for m in mails(s)] == [MailKind.WISHES.value, MailKind.ALREADY_SIGNED_UP.value]


def test_a_look_alike_address_is_another_person(s):
    s.wish(typed("soeren@ærø.dk"), ["r00"], now=NOW, window=WINDOW, round_=ROUND)
    other = s.wish(typed("soeren@aero.dk"), ["r01"], now=NOW, window=WINDOW, round_=ROUND)
    assert other.outcome is WishOutcome.SAVED and len(s.wishes_by_person()) == 2


def test_the_owner_changes_and_withdraws_wishes_until_the_close(s):
    token = wish(s, 1, ["r00", "r01"]).token
    changed = s.change_wishes(token, ["r02", "r00"], now=NOW, window=WINDOW, round_=ROUND)
    assert (changed.outcome, s.my_wishes(token)) == (WishOutcome.SAVED, ("r02", "r00"))
    late = s.change_wishes(token, ["r01"], now=ROUND.closes, window=WINDOW, round_=ROUND)
    assert late.outcome is WishOutcome.ROUND_CLOSED and s.my_wishes(token) == ("r02", "r00")
    gone = s.change_wishes(token, [], now=NOW, window=WINDOW, round_=ROUND)
    assert gone.outcome is WishOutcome.WITHDRAWN and s.my_wishes(token) == ()
    assert s.my_wishes("not-a-link") is None


def test_live_demand_counts_wishes_per_excursion_and_rank(s):
    wish(s, 1, ["r00", "r01"])
    wish(s, 2, ["r00", "r02", "r01"])
    wish(s, 3, ["r01"])
    assert s.wish_counts() == {"r00": [2], "r01": [1, 1, 1], "r02": [0, 1]}


def test_a_browser_sending_many_lists_is_stopped(s):
    client = Client("browser-1", "10.0.0.9")
    outcomes = [wish(s, i, ["r00"], client=client).outcome for i in range(12)]
    assert WishOutcome.TOO_FAST in outcomes and outcomes[0] is WishOutcome.SAVED


def preview(store, method=Method.MOST_FIRST, seed=7):
    return draw(store.wishes_by_person(undecided_only=True), store.free_seats(), method=method, seed=seed)


def test_the_draw_gives_seats_waiting_places_and_mails_in_one_go(s):
    for i in range(5):
        wish(s, i, ["r01", "r00"])  # r01 has 1 seat, r00 has 2: two get nothing
    result = preview(s)
    assert result.met() == [1, 2] and result.none() == 2
    number = s.commit_draw(result, now=AFTER, by="organiser")
    assert number == 1 and s.drawn() and s.phase(ROUND, NOW) is Phase.FIRST_COME
    by_route = {c.route_id: (c.confirmed, c.waitlisted) for c in s.counts()}
    assert by_route == {"r00": (2, 0), "r01": (1, 2), "r02": (0, 0)}  # the unlucky wait on r01
    drawn = [m for m in mails(s) if m[0] in (MailKind.DRAWN.value, MailKind.NOT_DRAWN.value)]
    assert sorted(drawn, key=str) == sorted(
        [
            ("drawn", "r01", None),
            ("drawn", "r00", None),
            ("drawn", "r00", None),
            ("not_drawn", "r01", 1),
            ("not_drawn", "r01", 2),
        ],
        key=str,
    )
    record = s.draws()[0]
    assert (record.method, record.seed, record.people) == ("most_first", 7, 5)
    assert (record.summary["first"], record.summary["second"], record.summary["none"]) == (1, 2, 2)
    # first come from here on: the free seats on r02 go to whoever signs up
    assert s.signup(person(9), "r02", now=AFTER, window=WINDOW).outcome is Outcome.CONFIRMED


def test_a_second_draw_and_a_stale_preview_are_refused(s):
    wish(s, 1, ["r01"])
    result = preview(s)
    wish(s, 2, ["r01"])  # someone wished after the preview
    with pytest.raises(DrawError) as err:
        s.commit_draw(result, now=AFTER)
    assert err.value.code == "draw_stale" and not s.drawn()
    s.commit_draw(preview(s), now=AFTER)
    with pytest.raises(DrawError) as err:
        s.commit_draw(preview(s), now=AFTER)
    assert err.value.code == "draw_made" and len(s.draws()) == 1


def test_the_same_seed_gives_the_same_draw_from_the_stored_wishes(s):
    for i in range(12):
        wish(s, i, ["r00", "r01", "r02"][i % 3 :] + ["r00", "r01", "r02"][: i % 3])
    first, again = preview(s, Method.SERIAL, 11), preview(s, Method.SERIAL, 11)
    assert first.assigned == again.assigned and first.order == again.order


def test_wishes_and_the_draw_do_not_cross_on_postgresql(pg_url):
    """A wish sent while the draw commits is either in it or refused, never lost (SQLite
    writes one at a time anyway)."""
    db_url = pg_url
    open_store(db_url, create=False).drop_schema()
    store = open_store(db_url)
    store.sync_routes(make_routes([20]), NOW)
    for i in range(10):
        wish(store, i, ["r00"])
    result = preview(store)
    barrier = threading.Barrier(2)
    outcome = {}

    def late_wish():
        other = open_store(db_url)
        barrier.wait()
        outcome["wish"] = wish(other, "late", ["r00"], now=NOW).outcome
        other.dispose()

    def commit():
        barrier.wait()
        try:
            outcome["draw"] = store.commit_draw(result, now=NOW)
        except DrawError as exc:
            outcome["draw"] = exc.code

    threads = [threading.Thread(target=late_wish), threading.Thread(target=commit)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    placed = sum(c.confirmed + c.waitlisted for c in store.counts())
    if outcome["draw"] == "draw_stale":  # the wish came first: the preview is out of date
        assert outcome["wish"] is WishOutcome.SAVED and placed == 0
    else:  # the draw came first: the round is over for the late wish
        assert outcome["wish"] is WishOutcome.ROUND_CLOSED and placed == 10
    store.dispose()


def test_purge_keeps_the_draws_numbers_and_removes_the_people(s):
    for i in range(3):
        wish(s, i, ["r00"])
    s.commit_draw(preview(s), now=AFTER)
    s.purge_personal_data(now=AFTER)
    assert s.draws()[0].summary["first"] == 2 and s.wishes_by_person() != {}
    assert all(email.endswith("@deleted.invalid") for email in s.wishes_by_person())
    assert sum(c.confirmed for c in s.counts()) == 2  # the seats stay, as anonymous rows
