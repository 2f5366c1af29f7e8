"""Trust, seen in Chromium: nobody takes over a sign-up by typing another person's address,
the QR path chooses nothing for you, the owner's mail carries a link that works, and the
pages a signed-up person sees pass axe-core."""

from __future__ import annotations

import json
import re

import pytest

from excursions.store import open_store, sqlite_url
from tests.browser.conftest import AppServer, axe_serious
from tests.browser.test_signup_browser import counts, fill_form
from tests.conftest import EVENT_FILE
from tests.support.processes import free_port
from tests.support.smtp_sink import SmtpServer

LIVE = {"EXCURSIONS_TILES": "none", "EXCURSIONS_REFRESH_SECONDS": "2"}


@pytest.fixture(scope="module")
def mailed_app(tmp_path_factory):
    """An app whose mail goes to a real SMTP server here and whose links point at itself."""
    folder = tmp_path_factory.mktemp("mailed")
    port = free_port()
    event = folder / "event.toml"
    text = EVENT_FILE.read_text(encoding="utf-8")
    event.write_text(
        re.sub(r'public_url = ".*"', f'public_url = "http://127.0.0.1:{port}/"', text), encoding="utf-8"
    )
    with SmtpServer("plain") as smtp:
        env = {
            **LIVE,
            "EXCURSIONS_EVENT_FILE": str(event),
            "EXCURSIONS_MAIL_URL": f"smtp+plain://127.0.0.1:{smtp.port}",
        }
        data = folder / "data"
        data.mkdir()
        server = AppServer(env, data, port=port)
        try:
            yield server, smtp
        finally:
            server.stop()


def mail_to(smtp, address: str, subject: str, timeout: float = 30.0):
    """The mail to address whose subject starts so, once the app's sender has delivered it."""

    def found(received):
        mine = (r.message for r in received if r.recipients == [address])
        return next((m for m in mine if m["Subject"].startswith(subject)), None)

    message = smtp.sink.wait_for(found, timeout)
    seen = [(m["To"], m["Subject"]) for m in smtp.sink.messages()]
    assert message is not None, f"no mail {subject!r} to {address} within {timeout} s; got {seen}"
    return message


def link_in(message) -> str:
    text = message.get_body(("plain",)).get_content()
    return next(line.strip() for line in text.splitlines() if "/signup?token=" in line)


def sign_up_in_dialog(v, route: str, name: str, email: str) -> None:
    page = v.page
    page.goto(f"{v.server.url}/?route={route}")
    v.wait_idle()
    page.get_by_role("button", name="Tilmeld dig denne udflugt").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("textbox", name="Navn").wait_for()
    fill_form(dialog, name, email)
    dialog.get_by_role("button", name="Tilmeld", exact=True).click()


def test_another_browser_cannot_take_over_a_sign_up_with_the_same_address(mailed_app, visit):
    server, smtp = mailed_app
    owner = visit(server)
    sign_up_in_dialog(owner, "ejby-moelle-renseanlaeg", "Anne Person", "a.person@example.dk")
    owner.page.get_by_role("dialog").get_by_text("Du skal med på: Ejby Mølle Renseanlæg").wait_for()
    own_link = owner.page.get_by_role("link", name="Åbn dit personlige link").get_attribute("href")

    stranger = visit(server)  # a fresh browser: no cookies, no session
    sign_up_in_dialog(stranger, "skovrejsning", "Mallory Stranger", "  A.Person@Example.DK ")
    answer = "Denne e-mail er allerede tilmeldt – vi har sendt dit personlige link til den."
    stranger.page.get_by_role("dialog").get_by_text(answer).wait_for()
    dialog_text = stranger.page.get_by_role("dialog").inner_text()
    assert "Ejby" not in dialog_text and "Anne" not in dialog_text  # nothing about the owner
    assert (
        stranger.page.get_by_role("dialog").get_by_role("link", name="Åbn dit personlige link").count() == 0
    )

    # In the store: the owner's name, organisation and excursion as they were.
    people = open_store(sqlite_url(server.data_dir)).people()
    assert [(p.email, p.name, p.organisation, p.route_id) for p in people] == [
        ("a.person@example.dk", "Anne Person", "Odense Kommune", "ejby-moelle-renseanlaeg")
    ]
    assert counts(server)["skovrejsning"] == (0, 0)

    # The owner's link still opens her page.
    owner.page.goto(own_link)
    owner.wait_idle()
    owner.page.get_by_text("Hej Anne Person").wait_for()
    owner.page.get_by_text("Du skal med: Ejby Mølle Renseanlæg").wait_for()

    # Her mailbox got a mail with a link that works, from any browser.
    mail = mail_to(smtp, "a.person@example.dk", "Dit personlige link til udflugterne")
    assert "Intet er ændret" in mail.get_body(("plain",)).get_content()
    link = link_in(mail)
    assert link.startswith(server.url + "/signup?token=")
    fresh = visit(server)
    fresh.page.goto(link)
    fresh.wait_idle()
    fresh.page.get_by_text("Hej Anne Person").wait_for()
    fresh.page.get_by_text("Du skal med: Ejby Mølle Renseanlæg").wait_for()
    mail_to(smtp, "a.person@example.dk", "Tilmeldt: Ejby Mølle Renseanlæg")  # and the confirmation
    for v in (owner, stranger, fresh):
        assert v.console_errors == [] and v.foreign == []


def test_signup_without_a_route_chooses_nothing_and_refuses_on_a_phone(servers, visit):
    server = servers(**LIVE, EXCURSIONS_TEST_TAG="qr-path")
    v = visit(server, viewport=(390, 844))
    page = v.page
    page.goto(f"{server.url}/signup")
    v.wait_idle()
    box = page.get_by_role("combobox", name="Udflugt")
    box.wait_for()
    assert box.input_value() == ""  # nothing chosen: the placeholder shows
    assert box.get_attribute("placeholder") == "Vælg en udflugt"
    fill_form(page, "Quinn Qr", "quinn@example.dk")
    page.get_by_role("button", name="Tilmeld", exact=True).click()
    page.get_by_text("Vælg en udflugt for at tilmelde dig.").wait_for()
    assert all(c == (0, 0) for c in counts(server).values())
    assert json.loads(server.cli("counts", "--json").stdout)  # the routes are there, just nobody on them
    assert open_store(sqlite_url(server.data_dir)).people() == []
    assert v.console_errors == [] and v.foreign == []


def test_cancelling_from_the_dialog_asks_first(servers, visit):
    server = servers(**LIVE, EXCURSIONS_TEST_TAG="dialog-cancel")
    v = visit(server)
    sign_up_in_dialog(v, "biogas-fangel", "Carl Cancel", "carl@example.dk")
    page = v.page
    page.get_by_role("dialog").get_by_text("Du skal med på").wait_for()
    # pressed in the dialog, where a person's focus is: the button they tapped is gone (the
    # answer took the form's place), and a key on the page behind never reached the dialog
    page.get_by_role("dialog").press("Escape")
    page.get_by_role("dialog").wait_for(state="detached")
    page.get_by_text("Du er tilmeldt: Biogas og landbrug ved Fangel – afgang").wait_for()  # the banner
    page.get_by_role("button", name="Tilmeld dig denne udflugt").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="Meld fra").click()
    dialog.get_by_text("Vil du melde dig fra Biogas og landbrug ved Fangel?").wait_for()
    assert counts(server)["biogas-fangel"] == (1, 0)  # asked, not done
    dialog.get_by_role("button", name="Ja, meld mig fra").click()
    dialog.get_by_text("Du er meldt fra Biogas og landbrug ved Fangel").wait_for()
    assert counts(server)["biogas-fangel"] == (0, 0)
    assert v.console_errors == []


@pytest.mark.parametrize("viewport", [(1400, 1000), (390, 844)], ids=["laptop", "phone"])
def test_no_serious_accessibility_violations_once_signed_up(servers, visit, viewport):
    server = servers(**LIVE, EXCURSIONS_TEST_TAG=f"axe-{viewport[0]}")
    v = visit(server, viewport=viewport)
    sign_up_in_dialog(v, "skovrejsning", "Ada Axe", f"ada{viewport[0]}@example.dk")
    page = v.page
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("Du skal med på").wait_for()
    link = dialog.get_by_role("link", name="Åbn dit personlige link").get_attribute("href")
    dialog.press("Escape")  # in the dialog: see test_cancelling_from_the_dialog_asks_first
    dialog.wait_for(state="detached")
    page.get_by_text("Du er tilmeldt: Nye skove i Odense").wait_for()
    v.wait_idle()
    assert axe_serious(v) == [], "explore page with the signed-up banner"
    page.goto(link)
    v.wait_idle()
    page.get_by_text("Hej Ada Axe").wait_for()
    v.map.locator("path.excursion-route").first.wait_for()
    assert axe_serious(v) == [], "personal link page"
    assert v.console_errors == [] and v.foreign == []
