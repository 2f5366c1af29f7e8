"""Live seats and the sign-up flow in Chromium, against a real server and database."""

from __future__ import annotations

import json

from tests.browser.conftest import MAP_FRAME

LIVE = {"EXCURSIONS_TILES": "none", "EXCURSIONS_REFRESH_SECONDS": "2"}


def badge(v, route_id: str):
    return v.map.locator(f'.seat-badge[data-route="{route_id}"]')


def counts(server) -> dict[str, tuple[int, int]]:
    data = json.loads(server.cli("counts", "--json").stdout)
    return {c["route"]: (c["confirmed"], c["waitlisted"]) for c in data}


def test_a_signup_from_the_shell_shows_on_the_open_page_without_reloading_the_map(servers, visit):
    server = servers(**LIVE, EXCURSIONS_DATA_DIR_TAG="live-shell")
    v = visit(server).open()
    route = "stige-oe-fra-losseplads-til-natur"
    before = badge(v, route)
    before.wait_for()
    seats_before = int(before.inner_text())
    # mark the map's iframe element and its document: a reload or remount would lose both marks
    v.page.locator(MAP_FRAME).evaluate("e => e.dataset.probe = 'same-element'")
    v.map.locator("body").evaluate("b => window.__probe = 'same-document'")

    server.cli("signup", "--route", route, "--email", "shell@example.dk", "--name", "Shell User")

    v.page.wait_for_function(
        """([sel, route, want]) => {
            const doc = document.querySelector(sel).contentDocument;
            const el = doc.querySelector(`.seat-badge[data-route="${route}"]`);
            return el && el.textContent === want;
        }""",
        arg=[MAP_FRAME, route, str(seats_before - 1)],
        timeout=15_000,  # refresh interval is 2 s; the wait ends as soon as the badge changes
    )
    assert v.page.locator(f'{MAP_FRAME}[data-probe="same-element"]').count() == 1
    assert v.map.locator("body").evaluate("b => window.__probe") == "same-document"
    v.page.get_by_text("1 med bus").wait_for()


def test_sign_up_open_the_personal_link_switch_and_cancel(servers, visit):
    server = servers(**LIVE, EXCURSIONS_DATA_DIR_TAG="flow")
    v = visit(server).open("/?route=ejby-moelle-renseanlaeg")
    page = v.page
    page.get_by_role("button", name="Tilmeld dig denne udflugt").click()
    page.wait_for_url("**/signup?route=ejby-moelle-renseanlaeg**")
    v.wait_idle()
    page.get_by_role("textbox", name="Navn").fill("Birte Browser")
    page.get_by_role("textbox", name="E-mail").fill("Birte@Example.DK")
    page.get_by_role("textbox", name="Kommune eller organisation").fill("Odense Kommune")
    page.get_by_text("Jeg accepterer").click()
    page.get_by_role("button", name="Tilmeld", exact=True).click()
    page.get_by_text("Du skal med på: Ejby Mølle Renseanlæg").wait_for()
    assert counts(server)["ejby-moelle-renseanlaeg"] == (1, 0)

    link = page.get_by_role("link", name="Åbn dit personlige link").get_attribute("href")
    assert "/signup?token=" in link
    page.goto(link)
    v.wait_idle()
    page.get_by_text("Hej Birte Browser").wait_for()
    page.get_by_text("Du skal med på: Ejby Mølle Renseanlæg").wait_for()

    page.get_by_role("combobox", name="Skift til en anden udflugt").click()
    page.get_by_role("option", name="Nye skove i Odense").click()
    page.get_by_role("button", name="Skift udflugt").click()
    page.get_by_text("Du skal med på: Nye skove i Odense").first.wait_for()
    assert counts(server)["ejby-moelle-renseanlaeg"] == (0, 0)
    assert counts(server)["skovrejsning"] == (1, 0)

    page.get_by_text("Ja, jeg vil melde fra").click()
    page.get_by_role("button", name="Meld fra").click()
    page.get_by_text("Du er ikke tilmeldt nogen udflugt").first.wait_for()
    assert counts(server)["skovrejsning"] == (0, 0)
    assert v.console_errors == [] and v.foreign == []
