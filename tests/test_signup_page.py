"""The sign-up page through AppTest: sign up, waiting list, bad input, the personal link."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

import pytest

from excursions.signups import ParticipantInput, Window
from excursions.store import open_store, sqlite_url
from tests.conftest import HOSTILE

OPEN = Window(dt.datetime(2022, 1, 1, tzinfo=dt.UTC), dt.datetime(2022, 1, 2, tzinfo=dt.UTC), keep_open=True)
NOW = dt.datetime(2022, 4, 1, tzinfo=dt.UTC)


def submit(at, name="Anna Berg", email="anna@odense.dk", org="Odense Kommune", route=None, consent=True):
    at.text_input(key="f_name").set_value(name)
    at.text_input(key="f_email").set_value(email)
    at.text_input(key="f_org").set_value(org)
    if route:
        at.selectbox(key="f_route").set_value(route)
    if consent:
        at.checkbox(key="f_consent").check()
    return at.button(key="FormSubmitter:signup-Tilmeld").click().run()


@pytest.fixture
def signup_page(app, tmp_path):
    def make(query=None, **env):
        at = app(query, **env)
        at.switch_page("app_pages/signup.py")
        return at.run()

    return make


def store_for(tmp_path):
    return open_store(sqlite_url(Path(tmp_path) / "data"))


def test_route_from_the_link_is_preselected(signup_page):
    at = signup_page({"route": "skovrejsning"})
    assert at.selectbox(key="f_route").value == "skovrejsning"
    assert "45 af 45 ledige" in at.selectbox(key="f_route").format_func("skovrejsning")


def test_signing_up_says_so_and_gives_a_personal_link(signup_page, tmp_path):
    at = submit(signup_page({"route": "skovrejsning"}))
    assert "Du skal med på\\: Nye skove i Odense" in at.success[0].body
    (link,) = at.code
    assert "/signup?token=" in link.value
    token = link.value.split("token=")[1]
    view = store_for(tmp_path).participant(token)
    assert (view.email, view.name, view.route_id) == ("anna@odense.dk", "Anna Berg", "skovrejsning")


def test_a_full_excursion_puts_you_on_the_waiting_list_with_your_number(signup_page, tmp_path):
    at = signup_page({"route": "ejby-moelle-renseanlaeg"})  # syncs the routes
    store = store_for(tmp_path)
    store.set_capacity("ejby-moelle-renseanlaeg", 1, now=NOW)
    for i in range(3):
        store.signup(
            ParticipantInput(f"p{i}@x.dk", f"P {i}"), "ejby-moelle-renseanlaeg", now=NOW, window=OPEN
        )
    at = submit(at)
    assert "du er nummer 3 på ventelisten" in at.warning[0].body


def test_signing_up_again_moves_you(signup_page, tmp_path):
    at = submit(signup_page({"route": "skovrejsning"}))
    at = submit(at, route="biogas-fangel")
    store = store_for(tmp_path)
    assert store.status_of("anna@odense.dk")[0] == "biogas-fangel"
    counts = {c.route_id: c.confirmed for c in store.counts()}
    assert counts["skovrejsning"] == 0 and counts["biogas-fangel"] == 1


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"name": ""}, "Navn: Skriv dit navn."),
        ({"name": "N" * 300}, "Navn: Navnet er 300 tegn langt; højst 120."),
        ({"email": "anna.odense.dk"}, "E-mail: Det ligner ikke en e-mailadresse"),
        ({"email": "<script>alert(1)</script>@x.dk"}, "E-mail: Det ligner ikke en e-mailadresse"),
        ({"consent": False}, "Sæt flueben ved samtykket"),
    ],
)
def test_bad_input_gets_a_clear_message_and_stores_nothing(signup_page, tmp_path, fields, says):
    at = submit(signup_page(), **fields)
    assert says in at.error[0].body
    assert store_for(tmp_path).events() == []


def test_hostile_name_is_stored_as_text_and_shown_escaped(signup_page, tmp_path):
    at = submit(signup_page({"route": "skovrejsning"}), name=HOSTILE, org=HOSTILE)
    token = at.code[0].value.split("token=")[1]
    assert store_for(tmp_path).participant(token).name == HOSTILE
    at = signup_page({"token": token})
    (hello,) = at.subheader
    assert hello.value.startswith("Hej \\<img src\\=x")


def test_personal_link_switches_and_cancels(signup_page, tmp_path):
    at = submit(signup_page({"route": "skovrejsning"}))
    token = at.code[0].value.split("token=")[1]
    at = signup_page({"token": token})
    assert "Du skal med på\\: Nye skove i Odense" in at.success[0].body
    at.selectbox(key="switch_route").set_value("biogas-fangel")
    at.button(key="FormSubmitter:switch-Skift udflugt").click().run()
    assert "Biogas og landbrug ved Fangel" in at.success[0].body
    assert store_for(tmp_path).status_of("anna@odense.dk")[0] == "biogas-fangel"
    at.checkbox(key="cancel_sure").check()
    at.button(key="FormSubmitter:cancel-Meld fra").click().run()
    assert "ikke tilmeldt" in at.info[0].body
    assert store_for(tmp_path).status_of("anna@odense.dk") == (None, None)


def test_a_wrong_token_shows_no_one(signup_page):
    at = signup_page({"token": "forged-token"})
    assert "ikke gyldigt" in at.error[0].body
    assert not at.text_input


def map_feed(at) -> dict:
    """The live state the explore page writes for its map (map_widget.live_feed)."""
    (body,) = [e.proto.body for e in at.get("html") if e.proto.body.startswith("<div data-excursion-live")]
    return json.loads(html.unescape(re.fullmatch(r"<div data-excursion-live hidden>(.*)</div>", body)[1]))


def test_explore_page_shows_live_seats_and_transport_totals(app, tmp_path):
    at = app()
    store = store_for(tmp_path)
    store.signup(ParticipantInput("b@x.dk", "B"), "skovrejsning", now=NOW, window=OPEN)
    store.set_capacity("biogas-fangel", 1, now=NOW)
    store.signup(ParticipantInput("c@x.dk", "C"), "biogas-fangel", now=NOW, window=OPEN)
    store.signup(ParticipantInput("d@x.dk", "D"), "biogas-fangel", now=NOW, window=OPEN)
    at = app({"route": "biogas-fangel"})
    labels = {label.split("**")[1]: label for label in at.radio[0].options}
    assert labels["Nye skove i Odense"].endswith("44 af 45 ledige")
    assert labels["Biogas og landbrug ved Fangel"].endswith("fuld – venteliste \\(1\\)")
    (summary,) = [c.value for c in at.caption if "til fods" in c.value]
    assert "0 til fods · 0 på cykel · 2 med bus · 2 af" in summary
    assert "Udflugten er fuld" in at.warning[0].body
    # what the map follows (it is not re-sent on a refresh): seats and the selection
    feed = map_feed(at)
    assert feed["selected"] == "biogas-fangel" and feed["visible"] is None
    assert feed["badges"]["biogas-fangel"] == ["fuld", "full"]
    assert feed["badges"]["skovrejsning"] == ["44", "free"]
