"""Live seats and the sign-up flow in Chromium, against a real server and database."""

from __future__ import annotations

import json

import pytest

from tests.browser.conftest import MAP_FRAME, POLL, RUN_MODES

LIVE = {"EXCURSIONS_TILES": "none", "EXCURSIONS_REFRESH_SECONDS": "2"}


def badge(v, route_id: str):
    return v.map.locator(f'.seat-badge[data-route="{route_id}"]')


def wait_for_badge(v, route_id: str, seats: int, timeout: float = 15_000) -> None:
    """Until the map's badge for the route shows `seats` (live refresh every 2 s here)."""
    v.page.wait_for_function(
        """([sel, route, want]) => {
            const doc = document.querySelector(sel).contentDocument;
            const el = doc.querySelector(`.seat-badge[data-route="${route}"]`);
            return el && el.textContent === want;
        }""",
        arg=[MAP_FRAME, route_id, str(seats)],
        timeout=timeout,  # the wait ends as soon as the badge changes
        polling=POLL,
    )


def counts(server) -> dict[str, tuple[int, int]]:
    data = json.loads(server.cli("counts", "--json").stdout)
    return {c["route"]: (c["confirmed"], c["waitlisted"]) for c in data}


@pytest.fixture(params=RUN_MODES)
def mode(request) -> str:
    """Each flow as `streamlit run` serves it and as the event-day mode does (serve.py
    changes how Streamlit sends messages; a browser must not notice)."""
    return request.param


def test_a_signup_from_the_shell_shows_on_the_open_page_without_reloading_the_map(servers, visit, mode):
    server = servers(mode, **LIVE, EXCURSIONS_TEST_TAG="live-shell")
    v = visit(server).open()
    route = "stige-oe-fra-losseplads-til-natur"
    before = badge(v, route)
    before.wait_for(state="attached")  # it may be waiting for room at this zoom (hidden)
    seats_before = int(before.text_content())
    # mark the map's iframe element and its document: a reload or remount would lose both marks
    v.page.locator(MAP_FRAME).evaluate("e => e.dataset.probe = 'same-element'")
    v.map.locator("body").evaluate("b => window.__probe = 'same-document'")

    server.cli("signup", "--route", route, "--email", "shell@example.dk", "--name", "Shell User")

    wait_for_badge(v, route, seats_before - 1)
    assert v.page.locator(f'{MAP_FRAME}[data-probe="same-element"]').count() == 1
    assert v.map.locator("body").evaluate("b => window.__probe") == "same-document"
    v.page.get_by_text("1 med bus").wait_for()


def fill_form(scope, name: str, email: str) -> None:
    scope.get_by_role("textbox", name="Navn").fill(name)
    scope.get_by_role("textbox", name="E-mail").fill(email)
    scope.get_by_role("textbox", name="Kommune eller organisation").fill("Odense Kommune")
    scope.get_by_text("Jeg accepterer").click()


def test_sign_up_in_the_dialog_open_the_personal_link_switch_and_cancel(servers, visit, mode):
    server = servers(mode, **LIVE, EXCURSIONS_TEST_TAG="flow")
    v = visit(server).open("/?route=ejby-moelle-renseanlaeg")
    page = v.page
    page.get_by_role("button", name="Tilmeld dig denne udflugt").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("textbox", name="Navn").wait_for()
    assert "/signup" not in page.url  # still on the map
    assert page.locator(".stRadio").get_by_role("radio").count() == 24  # with the list behind it
    assert "Ejby Mølle Renseanlæg" in dialog.get_by_role("combobox").input_value()
    fill_form(dialog, "Birte Browser", "Birte@Example.DK")
    dialog.get_by_role("button", name="Tilmeld", exact=True).click()
    dialog.get_by_text("Du skal med på: Ejby Mølle Renseanlæg").wait_for()
    assert counts(server)["ejby-moelle-renseanlaeg"] == (1, 0)
    assert dialog.get_by_role("textbox").count() == 0  # the answer in place of the form

    link = dialog.get_by_role("link", name="Åbn dit personlige link").get_attribute("href")
    assert "/signup?token=" in link
    page.goto(link)
    v.wait_idle()
    page.get_by_text("Hej Birte Browser").wait_for()
    page.get_by_text("Du skal med: Ejby Mølle Renseanlæg").wait_for()
    for fact in ("Afgang:", "Mødested:", "Længde:", "Varighed:"):
        page.get_by_text(fact).first.wait_for()
    v.map.locator("path.excursion-route").first.wait_for()  # the route on a small map

    box = page.get_by_role("combobox", name="Skift til en anden udflugt")
    assert "Ejby Mølle Renseanlæg" in box.input_value()  # starts from where you are
    page.get_by_role("button", name="Skift udflugt").click()
    page.get_by_text("Du er allerede på den udflugt").wait_for()
    assert counts(server)["ejby-moelle-renseanlaeg"] == (1, 0)
    v.wait_idle()
    box.click()  # the list is long and virtual: type to find, as a person would
    box.press("Control+a")
    box.press_sequentially("Nye skove")
    page.get_by_role("option", name="Nye skove i Odense").click()
    page.get_by_role("button", name="Skift udflugt").click()
    page.get_by_text(
        "Du er flyttet fra Ejby Mølle Renseanlæg: bioenergi fra spildevand til Nye skove"
    ).wait_for()
    assert page.get_by_text("Du skal med: Nye skove i Odense").count() == 1  # said once, not twice
    assert counts(server)["ejby-moelle-renseanlaeg"] == (0, 0)
    assert counts(server)["skovrejsning"] == (1, 0)

    page.get_by_role("button", name="Meld fra").click()
    page.get_by_text("Vil du melde dig fra Nye skove i Odense?").wait_for()
    assert counts(server)["skovrejsning"] == (1, 0)  # asked first
    page.get_by_role("button", name="Ja, meld mig fra").click()
    page.get_by_text("Du er meldt fra Nye skove i Odense").wait_for()
    page.get_by_text("Du er ikke tilmeldt nogen udflugt").first.wait_for()
    assert counts(server)["skovrejsning"] == (0, 0)
    assert v.console_errors == [] and v.foreign == []


def test_a_live_refresh_keeps_the_dialog_open_with_what_was_typed(servers, visit, mode):
    server = servers(mode, **LIVE, EXCURSIONS_TEST_TAG="dialog-refresh")
    route = "stige-oe-fra-losseplads-til-natur"
    v = visit(server).open(f"/?route={route}")
    page = v.page
    before = badge(v, route)
    before.wait_for(state="attached")  # it may be waiting for room at this zoom (hidden)
    seats_before = int(before.text_content())
    page.get_by_role("button", name="Tilmeld dig denne udflugt").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("textbox", name="Navn").fill("Half Typed")

    server.cli("signup", "--route", route, "--email", "other@example.dk", "--name", "Someone Else")
    wait_for_badge(v, route, seats_before - 1)  # the live area refreshed behind the dialog
    assert dialog.is_visible()
    assert dialog.get_by_role("textbox", name="Navn").input_value() == "Half Typed"
    dialog.get_by_role("textbox", name="E-mail").fill("half@example.dk")
    dialog.get_by_text("Jeg accepterer").click()
    dialog.get_by_role("button", name="Tilmeld", exact=True).click()
    dialog.get_by_text("Du skal med på").wait_for()
    assert counts(server)[route] == (2, 0)

    # in the dialog, where the focus is (test_trust_browser); closing reruns the page: fresh seats
    page.get_by_role("dialog").press("Escape")
    page.get_by_role("dialog").wait_for(state="detached")
    wait_for_badge(v, route, seats_before - 2)
    page.get_by_text("Du er tilmeldt: ").wait_for()  # the banner above the map
    page.get_by_role("button", name="Tilmeld dig denne udflugt").click()  # again: the sign-up, not a form
    again = page.get_by_role("dialog")
    again.get_by_role("button", name="Meld fra").wait_for()
    assert again.get_by_role("textbox").count() == 0
    assert v.console_errors == [] and v.foreign == []
