"""The kickoff's main path on a phone (issue 27 item 1): the projector's QR code opens
/signup; after "Tilmeld" the answer is on the screen, whatever it says, and a second tap
cannot send the form again or bring a false error."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from excursions.store import open_store, sqlite_url
from tests.browser.conftest import RUN_MODES
from tests.browser.test_signup_browser import fill_form

PHONE = (390, 844)
ROUTE, TITLE = "skovrejsning", "Nye skove i Odense"


@pytest.fixture(params=RUN_MODES[:2])
def phone_app(request, servers):
    return servers(request.param, EXCURSIONS_TILES="none", EXCURSIONS_TEST_TAG="qr-path")


def open_form(visit, server, route: str = ROUTE):
    v = visit(server, viewport=PHONE, phone=True)
    v.page.goto(f"{server.url}/signup?route={route}")
    v.wait_idle()
    v.page.get_by_role("textbox", name="Navn").wait_for()
    return v


def tap_signup(v) -> None:
    v.page.get_by_role("button", name="Tilmeld", exact=True).tap()
    v.wait_idle()


def test_a_sign_up_on_a_phone_answers_on_screen_with_the_link_and_cannot_be_sent_twice(phone_app, visit):
    v = open_form(visit, phone_app)
    fill_form(v.page, "Pia Telefon", "pia.telefon@example.dk")
    tap_signup(v)
    answer = v.page.get_by_text(f"Du skal med på: {TITLE}")
    expect(answer).to_be_in_viewport()
    link = v.page.get_by_role("link", name="Åbn dit personlige link")
    expect(link).to_be_visible()
    # the form is gone: nothing to tap twice, and nothing else to say
    assert v.page.get_by_role("button", name="Tilmeld", exact=True).count() == 0
    assert v.page.get_by_text("findes ikke længere").count() == 0
    # another person on the same phone gets an empty form with the excursion still chosen
    v.page.get_by_role("button", name="Tilmeld en anden").tap()
    v.wait_idle()
    assert v.page.get_by_role("textbox", name="Navn").input_value() == ""
    assert TITLE in v.page.get_by_role("combobox", name="Udflugt").input_value()
    assert v.console_errors == []


def test_the_waiting_list_answer_is_on_screen(phone_app, visit):
    store = open_store(sqlite_url(phone_app.data_dir))
    store.set_capacity("biogas-fangel", 1, now=dt.datetime.now(dt.UTC))
    phone_app.cli("signup", "--route", "biogas-fangel", "--email", "first@example.dk", "--name", "First")
    v = open_form(visit, phone_app, "biogas-fangel")
    fill_form(v.page, "Anden Person", "anden.person@example.dk")
    tap_signup(v)
    expect(v.page.get_by_text("du er nummer 1 på ventelisten")).to_be_in_viewport()
    expect(v.page.get_by_role("link", name="Åbn dit personlige link")).to_be_visible()


@pytest.mark.parametrize(
    ("email", "says"),
    [
        ("taken@example.dk", "Denne e-mail er allerede tilmeldt"),
        ("ikke-en-adresse", "E-mail: Det ligner ikke en e-mailadresse"),
    ],
)
def test_an_answer_that_keeps_the_form_is_on_screen_and_a_second_tap_says_the_same(
    phone_app, visit, email, says
):
    if open_store(sqlite_url(phone_app.data_dir)).status_of("taken@example.dk")[0] is None:  # once per app
        phone_app.cli("signup", "--route", ROUTE, "--email", "taken@example.dk", "--name", "Taken")
    v = open_form(visit, phone_app)
    fill_form(v.page, "Ny Person", email)
    tap_signup(v)
    expect(v.page.get_by_text(says)).to_be_in_viewport()
    tap_signup(v)  # again, as a person who saw nothing happen would
    expect(v.page.get_by_text(says)).to_be_in_viewport()
    assert v.page.get_by_text("findes ikke længere").count() == 0
    assert TITLE in v.page.get_by_role("combobox", name="Udflugt").input_value()  # the choice kept
