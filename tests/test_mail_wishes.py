"""The wish round's mails, through the store's outbox and the sender into .eml files: the
wishes confirmed (no invite), the excursion the draw gave (with the invite), and "none of
your wishes had a seat" with the waiting-list place and the excursions that still have seats."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from excursions.allocation import Method, draw
from excursions.mail.transport import transport_from_url
from excursions.signups import Window, clean_participant
from excursions.wishes import WishRound
from tests.conftest import make_routes
from tests.test_mail import event as event
from tests.test_mail import make_worker, parse, parts, read_invite
from tests.test_mail import routes as routes

UTC = dt.UTC
NOW = dt.datetime(2022, 3, 25, 12, tzinfo=UTC)
OPEN = Window(dt.datetime(2022, 3, 1, tzinfo=UTC), dt.datetime(2022, 4, 19, tzinfo=UTC))
ROUND = WishRound(dt.datetime(2022, 4, 1, 10, tzinfo=UTC), 3)


@pytest.fixture
def round_event(event):
    return dataclasses.replace(event, wish_round=ROUND)


def read_all(folder) -> dict[str, list]:
    out: dict[str, list] = {}
    for path in sorted((folder / "outbox").glob("*.eml")):
        msg = parse(path.read_bytes())
        out.setdefault(msg["To"].addresses[0].username, []).append(msg)  # the part before the @
    return out


def test_wishes_then_the_draw_mail_each_person_what_they_need(store, round_event, routes, tmp_path):
    store.sync_routes(make_routes([1, 5]), NOW)  # r00 (skovrejsning): 1 seat; r01 (biogas): 5
    anna = clean_participant("anna@ærø.dk", "Anna Ærø", "Ærø", "da")
    bo = clean_participant("bo@odense.dk", "Bo <b>", "Vejle", "en")
    store.wish(anna, ["r00", "r01"], now=NOW, window=OPEN, round_=ROUND)
    store.wish(bo, ["r00"], now=NOW, window=OPEN, round_=ROUND)
    worker = make_worker(store, transport_from_url("", tmp_path), round_event, routes)
    assert worker.drain().sent == 2
    first = read_all(tmp_path)
    wishes_da = parts(first["anna"][0])
    text = wishes_da["text/plain"]
    assert "1. ønske: Nye skove i Odense" in text and "2. ønske: Biogas og landbrug ved Fangel" in text
    assert "1. april 2022" in text  # when the draw is (12:00 in Copenhagen)
    assert "attachment:invitation.ics" not in wishes_da
    bo_text = parts(first["bo"][0])["text/plain"]
    assert "Wish 1: New forests in Odense" in bo_text and "1 April 2022" in bo_text

    # the draw: one seat on r00; most first wishes gives it to Bo (he has no other wish)
    result = draw(
        store.wishes_by_person(undecided_only=True), store.free_seats(), method=Method.MOST_FIRST, seed=3
    )
    store.commit_draw(result, now=ROUND.closes)
    for path in (tmp_path / "outbox").glob("*.eml"):
        path.unlink()
    assert worker.drain().sent == 2
    after = read_all(tmp_path)
    bo_mail = after["bo"][0]
    assert bo_mail["Subject"] == "Your excursion: New forests in Odense"
    bo_parts = parts(bo_mail)
    assert "your wish 1" in bo_parts["text/plain"]
    _, ev = read_invite(bo_parts["attachment:invitation.ics"])
    assert "New forests in Odense" in str(ev["SUMMARY"])
    assert "Bo &lt;b&gt;" in bo_parts["text/html"]  # the name escaped
    (anna_mail,) = after["anna"]
    assert anna_mail["Subject"] == "Din udflugt: Biogas og landbrug ved Fangel"
    assert "dit 2. ønske" in parts(anna_mail)["text/plain"]


def test_nobody_drawn_gets_the_waiting_list_place_and_what_is_still_free(store, event, routes, tmp_path):
    store.sync_routes(make_routes([1, 5]), NOW)
    for name in ("a", "b"):
        store.wish(
            clean_participant(f"{name}@odense.dk", name.upper()), ["r00"], now=NOW, window=OPEN, round_=ROUND
        )
    worker = make_worker(
        store, transport_from_url("", tmp_path), dataclasses.replace(event, wish_round=ROUND), routes
    )
    worker.drain()
    for path in (tmp_path / "outbox").glob("*.eml"):
        path.unlink()
    result = draw(
        store.wishes_by_person(undecided_only=True), store.free_seats(), method=Method.SERIAL, seed=1
    )
    store.commit_draw(result, now=ROUND.closes)
    worker.drain()
    mails = read_all(tmp_path)
    unlucky = next(p for p in ("a@odense.dk", "b@odense.dk") if result.assigned[p] is None)
    msg = mails[unlucky.partition("@")[0]][0]
    assert msg["Subject"] == "Lodtrækningen: ingen ledig plads på dine ønsker"
    text = parts(msg)["text/plain"]
    assert "nummer 1 på ventelisten til dit 1. ønske, Nye skove i Odense" in text
    assert "stadig ledige pladser" in text and "Biogas og landbrug ved Fangel" in text
    assert "attachment:invitation.ics" not in parts(msg)
