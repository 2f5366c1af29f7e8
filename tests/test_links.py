"""Links that can be taken back: the mailbox's owner ends a squatter's link without giving up
the seat, on every process at once (two stores on one database stand for two processes), and
what a cancel does to a person's links."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from excursions.errors import ExcursionsError
from excursions.signups import Outcome, Window, clean_participant
from excursions.store import open_store
from excursions.store.schema import participants_t
from tests.conftest import make_routes

UTC = dt.UTC
NOW = dt.datetime(2022, 4, 1, 12, tzinfo=UTC)
OPEN = Window(dt.datetime(2022, 3, 1, tzinfo=UTC), dt.datetime(2022, 4, 19, tzinfo=UTC))


@pytest.fixture
def two_processes(db_url):
    first, second = open_store(db_url), open_store(db_url, create=False)
    first.sync_routes(make_routes([5, 5]), NOW)
    yield first, second
    first.dispose()
    second.dispose()


def mailed_link(store, email: str) -> str:
    """A link as the mail sender makes one for the owner (excursions.mail.worker)."""
    with store.engine.begin() as conn:
        pid = conn.execute(select(participants_t.c.id).where(participants_t.c.email == email)).scalar_one()
        return store.new_link(conn, pid, NOW)


def test_the_owner_ends_the_squatters_link_and_keeps_the_seat_on_every_process(two_processes):
    here, there = two_processes
    squatter = here.signup(clean_participant("ejer@odense.dk", "Mallory"), "r00", now=NOW, window=OPEN).token
    owner = mailed_link(here, "ejer@odense.dk")  # the owner asked for their link: it was mailed
    assert there.other_links(owner) == 1 and there.other_links(squatter) == 1

    assert there.end_other_links(owner, now=NOW) == 1  # on the other process

    assert here.participant(squatter) is None  # at once, here too
    with pytest.raises(ExcursionsError) as refused:
        here.switch(squatter, "r01", now=NOW, window=OPEN)
    assert refused.value.code == "link_invalid"
    assert here.cancel_own(squatter, now=NOW).outcome is Outcome.NOT_SIGNED_UP
    assert here.forget(squatter, now=NOW) is False
    view = here.participant(owner)
    assert (view.route_id, view.status.value) == ("r00", "confirmed")  # the seat stayed
    assert here.other_links(owner) == 0
    assert here.end_other_links(squatter, now=NOW) is None  # an ended link ends nothing


def test_a_cancel_keeps_the_links_so_the_owner_can_sign_up_again_and_can_still_end_the_others(
    two_processes,
):
    """Decided: cancelling gives up the seat, not the links (docs/participants.md: the mailbox)."""
    here, _ = two_processes
    first = here.signup(clean_participant("anna@odense.dk", "Anna"), "r00", now=NOW, window=OPEN).token
    second = mailed_link(here, "anna@odense.dk")
    assert here.cancel_own(first, now=NOW).outcome is Outcome.CANCELLED
    assert here.participant(first).route_id is None and here.participant(second) is not None
    assert here.switch(second, "r01", now=NOW, window=OPEN).outcome is Outcome.CONFIRMED  # joins again
    assert here.end_other_links(second, now=NOW) == 1
    assert here.participant(first) is None


@pytest.mark.parametrize(("lang", "button"), [("da", "Log andre links ud"), ("en", "End the other links")])
def test_the_mailed_link_tells_the_owner_how_to_end_the_other_links(lang, button):
    from excursions.event import load_event
    from excursions.mail.compose import Letter, compose
    from excursions.mail.kinds import MailKind
    from tests.conftest import EVENT_FILE
    from tests.test_mail import parse, parts

    letter = Letter(MailKind.LINK, lang, "Anna", "anna@odense.dk", 1, "http://x/signup?token=t")
    text = parts(parse(bytes(compose(letter, load_event(EVENT_FILE), now=NOW))))["text/plain"]
    assert f'"{button}"' in text


@pytest.mark.parametrize(
    ("public_url", "page_url", "base"),
    [
        ("https://tm22.example/", "http://10.0.0.5:8501/", "https://tm22.example/"),  # the mails' address
        ("http://localhost:8501/", "http://192.168.1.20:8501/", "http://192.168.1.20:8501/"),  # the demo
        ("", "http://192.168.1.20:8501/", "http://192.168.1.20:8501/"),
        ("http://127.0.0.1:8501/", "http://127.0.0.1:8501/", "http://127.0.0.1:8501/"),
    ],
)
def test_a_pages_link_points_where_the_mails_do_unless_that_is_only_this_computer(public_url, page_url, base):
    from excursions.links import link_base

    assert link_base(public_url, page_url) == base
