"""The sign-up page through AppTest: sign up, waiting list, bad input, the personal link."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

import pytest

from excursions.access import hash_password
from excursions.i18n import t
from excursions.signups import ParticipantInput, Window
from excursions.store import open_store, sqlite_url
from tests.conftest import HOSTILE, ROOT

OPEN = Window(dt.datetime(2022, 1, 1, tzinfo=dt.UTC), dt.datetime(2022, 1, 2, tzinfo=dt.UTC), keep_open=True)
NOW = dt.datetime(2022, 4, 1, tzinfo=dt.UTC)
ORGANISER_HASH = hash_password("hemmelig")


def submit(
    at,
    name="Anna Berg",
    email="anna@odense.dk",
    org="Odense Kommune",
    route=None,
    consent=True,
    button="Tilmeld",
):
    another = [b for b in at.button if b.key == "signup_another"]
    if another:  # the last sign-up's answer stands in place of the form: ask for it again
        another[0].click().run()
    at.text_input(key="f_name").set_value(name)
    at.text_input(key="f_email").set_value(email)
    at.text_input(key="f_org").set_value(org)
    if route:
        at.selectbox(key="f_route").set_value(route)
    if consent:
        at.checkbox(key="f_consent").check()
    return at.button(key=f"FormSubmitter:signup-{button}").click().run()


@pytest.fixture
def signup_page(app, tmp_path):
    def make(query=None, **env):
        at = app(query, **env)
        at.switch_page("app_pages/signup.py")
        return at.run()

    return make


def store_for(tmp_path):
    return open_store(sqlite_url(Path(tmp_path) / "data"))


def plain(element) -> str:
    """An element's text without the Markdown escapes the page adds to everything it shows."""
    return element.body.replace("\\", "")


def test_route_from_the_link_is_preselected(signup_page):
    at = signup_page({"route": "skovrejsning"})
    assert at.selectbox(key="f_route").value == "skovrejsning"
    assert "45 af 45 ledige" in at.selectbox(key="f_route").format_func("skovrejsning")


def test_without_a_route_in_the_link_nothing_is_chosen_and_sending_stores_nothing(signup_page, tmp_path):
    at = signup_page()
    assert at.selectbox(key="f_route").value is None
    at = submit(at)
    assert "Vælg en udflugt" in plain(at.error[0])
    assert store_for(tmp_path).events() == [] and not at.code


def test_signing_up_says_so_and_gives_a_personal_link(signup_page, tmp_path):
    at = submit(signup_page({"route": "skovrejsning"}))
    assert "Du skal med på: Nye skove i Odense" in plain(at.success[0])
    assert any("sendt en bekræftelse" in c.value.replace("\\", "") for c in at.caption)
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


def test_someone_else_with_the_same_address_changes_nothing(signup_page, tmp_path):
    owner = submit(signup_page({"route": "skovrejsning"}))
    link = owner.code[0].value.split("token=")[1]
    stranger = submit(signup_page({"route": "biogas-fangel"}), name="Someone Else", email=" Anna@Odense.DK ")
    assert plain(stranger.info[0]) == (
        "Denne e-mail er allerede tilmeldt – vi har sendt dit personlige link til den."
    )
    assert not stranger.code  # no link for the stranger
    store = store_for(tmp_path)
    view = store.participant(link)
    assert (view.name, view.organisation, view.route_id) == ("Anna Berg", "Odense Kommune", "skovrejsning")
    assert store.mail_queue()[0].kind.value == "already_signed_up"


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
    at = submit(signup_page({"route": "skovrejsning"}), **fields)
    assert says in plain(at.error[0])
    assert store_for(tmp_path).events() == []


def test_the_consent_text_says_when_data_is_deleted(signup_page):
    at = signup_page()
    assert "slettes senest 21. maj 2022" in at.checkbox(key="f_consent").label


def test_hostile_name_is_stored_as_text_and_shown_escaped(signup_page, tmp_path):
    at = submit(signup_page({"route": "skovrejsning"}), name=HOSTILE, org=HOSTILE)
    token = at.code[0].value.split("token=")[1]
    assert store_for(tmp_path).participant(token).name == HOSTILE
    at = signup_page({"token": token})
    hello = at.subheader[0]
    assert hello.value.startswith("Hej \\<img src\\=x")


def test_personal_link_page_shows_the_excursion_and_switches_from_it(signup_page, tmp_path):
    at = submit(signup_page({"route": "skovrejsning"}))
    token = at.code[0].value.split("token=")[1]
    at = signup_page({"token": token})
    assert "Du skal med: Nye skove i Odense" in plain(at.success[0])
    facts = " ".join(plain(m) for m in at.markdown)
    for expected in ("Afgang:", "20. april 2022 kl.", "Mødested:", "Længde:", "Varighed:", "Bus"):
        assert expected in facts
    assert at.selectbox(key="switch_route").value == "skovrejsning"  # starts where you are
    at.button(key="FormSubmitter:switch-Skift udflugt").click().run()
    assert "allerede på den udflugt" in plain(at.info[0])
    assert store_for(tmp_path).status_of("anna@odense.dk")[0] == "skovrejsning"
    at.selectbox(key="switch_route").set_value("biogas-fangel")
    at.button(key="FormSubmitter:switch-Skift udflugt").click().run()
    moved = [plain(s) for s in at.success]
    assert moved[0].startswith("Du er flyttet fra Nye skove i Odense til Biogas og landbrug ved Fangel")
    assert len([m for m in moved if "Biogas" in m]) == 2  # the move, then where you stand: not twice the same
    assert store_for(tmp_path).status_of("anna@odense.dk")[0] == "biogas-fangel"


def test_cancelling_asks_first_and_says_what_happened(signup_page, tmp_path):
    at = submit(signup_page({"route": "skovrejsning"}))
    token = at.code[0].value.split("token=")[1]
    at = signup_page({"token": token})
    at.button(key="cancel_ask").click().run()
    assert "Vil du melde dig fra Nye skove i Odense?" in plain(at.warning[0])
    assert at.button(key="cancel_no").label == "Nej, behold min plads"  # says what is kept
    assert store_for(tmp_path).status_of("anna@odense.dk")[0] == "skovrejsning"  # not yet
    at.button(key="cancel_no").click().run()
    assert store_for(tmp_path).status_of("anna@odense.dk")[0] == "skovrejsning"
    at.button(key="cancel_ask").click().run()
    at.button(key="cancel_yes").click().run()
    assert "Du er meldt fra Nye skove i Odense" in plain(at.success[0])
    assert "ikke tilmeldt" in at.info[0].body
    assert store_for(tmp_path).status_of("anna@odense.dk") == (None, None)


def test_delete_my_data_frees_the_seat_and_forgets_the_person(signup_page, tmp_path):
    at = submit(signup_page({"route": "skovrejsning"}))
    token = at.code[0].value.split("token=")[1]
    at = signup_page({"token": token})
    at.button(key="forget_ask").click().run()
    at.button(key="forget_yes").click().run()
    assert "Dine oplysninger er slettet" in at.success[0].body
    # Issue 27, item 10: no calendar CANCEL can go out (the address is gone with the rest),
    # so the page says to delete the calendar entry
    assert "slet den også der: vi sender ikke flere mails" in at.success[0].body
    store = store_for(tmp_path)
    assert store.mail_queue() == []
    assert store.participant(token) is None
    assert store.people() == [] and all(e.email is None for e in store.events())
    assert {c.route_id: c.confirmed for c in store.counts()}["skovrejsning"] == 0


def test_a_link_made_in_english_opens_in_english(signup_page, tmp_path):
    at = submit(signup_page({"route": "skovrejsning", "lang": "en"}), button="Sign up")
    assert at.code[0].value.endswith("&lang=en")
    token = at.code[0].value.split("token=")[1].split("&")[0]
    at = signup_page({"token": token})  # no ?lang= in the address: the owner's language
    assert at.header[0].value == "Your sign-up"
    assert "You are going: New forests in Odense" in plain(at.success[0])


def test_the_link_on_the_page_is_the_public_address_the_mails_use(signup_page, tmp_path):
    """Issue 27, item 11: the page's link used the address it was opened on, the mails the
    event's public_url: two hosts for one person's link."""
    event = tmp_path / "event.toml"
    text = (ROOT / "data" / "event.toml").read_text(encoding="utf-8")
    event.write_text(
        text.replace('"http://localhost:8501/"', '"https://udflugter.ærø.example/"'), encoding="utf-8"
    )
    at = submit(signup_page({"route": "skovrejsning"}, event_file=str(event)))
    assert at.code[0].value.startswith("https://udflugter.ærø.example/signup?token=")


def test_lost_link_gives_the_same_answer_for_known_and_unknown_and_throttles(signup_page, tmp_path):
    submit(signup_page({"route": "skovrejsning"}))
    at = signup_page()

    def ask(email: str) -> str:
        at.text_input(key="lost_email").set_value(email)
        at.button(key="FormSubmitter:lost_link_form-Send mit link").click().run()
        (answer,) = [plain(e) for e in (*at.info, *at.warning) if "link" in plain(e).lower()]
        return answer.replace(email.strip().lower(), "<address>")

    known, unknown = ask("anna@odense.dk"), ask("nobody@odense.dk")
    assert (
        known == unknown == "Hvis <address> er tilmeldt, har vi sendt linket dertil. Kig også i spam-mappen."
    )
    assert ask("anna@odense.dk") == ask("nobody@odense.dk")  # second time each: still sent
    throttled = {ask("anna@odense.dk"), ask("nobody@odense.dk")}
    assert throttled == {"Der er bedt om et link for nylig. Vent et kvarter, før du prøver igen."}
    mails = [m.kind.value for m in store_for(tmp_path).mail_queue()]
    assert mails.count("link") == 2  # two for the known address; none for the unknown one


def test_a_lost_link_held_back_by_the_mail_limit_does_not_say_it_was_sent(signup_page, tmp_path):
    """Issue 27, item 12: the page says the link is not sent now, and why."""
    at = submit(signup_page({"route": "skovrejsning"}))
    token = at.code[0].value.split("token=")[1].split("&")[0]
    store = store_for(tmp_path)
    now = dt.datetime.now(dt.UTC)
    for i in range(6):  # the owner moves about: with the sign-up's, 7 mails this hour
        store.switch(token, ["biogas-fangel", "skovrejsning"][i % 2], now=now, window=OPEN)
    for s in ("a", "b", "c"):  # three links asked for (8, 9, 10), the last in a new quarter
        store.request_link("anna@odense.dk", now=now - dt.timedelta(minutes=20 if s != "c" else 0), session=s)
    at = signup_page()
    at.text_input(key="lost_email").set_value("anna@odense.dk")
    at.button(key="FormSubmitter:lost_link_form-Send mit link").click().run()
    (answer,) = [plain(w) for w in at.warning]
    assert answer.startswith("Der er sendt mange mails til anna@odense.dk den sidste time")
    assert not any("har vi sendt linket" in plain(i) for i in at.info)


def test_registered_only_refuses_others_naming_the_contact(signup_page, tmp_path):
    from excursions.model import Registration

    at = signup_page({"route": "skovrejsning"}, signup_registered_only="true")
    store = store_for(tmp_path)
    store.import_registrations([Registration(ParticipantInput("anna@odense.dk", "Anna B"), None)], now=NOW)
    refused = submit(at, email="other@odense.dk")
    assert "tm22@kl.example" in plain(refused.error[0]) and "ikke registreret" in plain(refused.error[0])
    assert store.status_of("other@odense.dk") == (None, None)
    accepted = submit(at)
    assert "Du skal med på: Nye skove i Odense" in plain(accepted.success[0])


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
    (summary,) = [h.proto.body for h in at.get("html") if h.proto.body.startswith('<p class="seats-summary"')]
    assert "0 til fods · 0 på cykel · 2 med bus · 2 af" in summary  # kept live by the seat follower
    assert 'data-seats-list="route_list_0"' in summary  # which route each line of the list is
    assert "Udflugten er fuld" in at.warning[0].body
    # what the map follows (it is not re-sent on a refresh): seats and the selection
    feed = map_feed(at)
    assert feed["selected"] == "biogas-fangel" and feed["visible"] is None
    assert feed["badges"]["biogas-fangel"] == ["fuld", "full"]
    assert feed["badges"]["skovrejsning"] == ["44", "free"]


def test_a_link_to_an_unknown_excursion_says_so_and_chooses_nothing(signup_page):
    at = signup_page()
    at.query_params["route"] = "does-not-exist"  # opened directly, as the QR code's link would be
    at.run()
    expected = t("unknown_route", "da", id="does-not-exist")
    assert [plain(w) for w in at.warning] == [expected]
    assert at.selectbox(key="f_route").value is None


@pytest.mark.slow  # 3-5 s: runs after the quick layer in CI
def test_a_browser_that_signs_up_many_addresses_is_slowed_and_the_organisers_are_told(
    signup_page, tmp_path, app
):
    at = signup_page({"route": "skovrejsning"})
    for i in range(6):
        at = submit(at, name=f"Bot {i}", email=f"bot{i}@example.com", route="skovrejsning")
    assert "mange tilmeldinger fra denne browser" in plain(at.warning[0])
    store = store_for(tmp_path)
    assert len(store.people()) == 5
    other = submit(signup_page({"route": "skovrejsning"}))  # another browser, the same minute
    assert "Du skal med på" in plain(other.success[0])
    org = app(None, organiser_password_hash=ORGANISER_HASH)
    org.switch_page("app_pages/organiser.py")
    org.run()
    org.text_input(key="org_password").set_value("hemmelig")
    org.button(key="FormSubmitter:login-Log ind").click().run()
    (warning,) = [w for w in org.warning if "hurtigere, end et menneske kan taste" in w.body]
    assert warning.body.startswith("1 tilmelding blev afvist")


def test_the_owner_ends_a_link_someone_else_made_and_keeps_the_seat(signup_page, tmp_path):
    """Issue 26 item 4: a stranger signed up Anna's address and kept the link on screen; Anna
    asks for her link (mailed), opens it, and ends the stranger's."""
    from tests.test_links import mailed_link

    stranger = submit(signup_page({"route": "skovrejsning"}), name="Mallory")
    theirs = stranger.code[0].value.split("token=")[1]
    mine = mailed_link(store_for(tmp_path), "anna@odense.dk")
    at = signup_page({"token": mine})
    others = store_for(tmp_path).other_links(mine)  # the stranger's, and the confirmation mail's if sent
    assert others >= 1
    (note,) = [c.value for c in at.caption if "Der findes" in c.value]
    assert note.startswith(
        f"Der findes {others} andre links til din tilmelding" if others > 1 else "Der findes 1 andet"
    )
    at.button(key="end_other_links").click().run()
    ended = f"{others} andre links virker" if others > 1 else "1 andet link virker"
    assert f"{ended} ikke længere. Dette link og din plads er som før." in [plain(s) for s in at.success]
    assert not [c for c in at.caption if "Der findes" in c.value]  # nothing left to end
    assert store_for(tmp_path).participant(theirs) is None
    assert store_for(tmp_path).status_of("anna@odense.dk")[0] == "skovrejsning"
    gone = signup_page({"token": theirs})
    assert gone.error and "ikke gyldigt" in gone.error[0].body
