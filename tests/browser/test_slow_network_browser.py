"""Issue 27, item 4: on a slow network the page is never blank; the event's name comes first."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import RUN_MODES
from tests.support.slow_network import first_paint, throttled_page

EVENT_DA = "TM '22 – Teknik & Miljø-konferencen"


@pytest.mark.parametrize("mode", RUN_MODES[:2])
def test_the_first_paint_names_the_event_before_streamlits_scripts_arrive(servers, browser, mode):
    server = servers(mode=mode)
    context, page = throttled_page(browser)
    try:
        page.goto(server.url + "/signup", wait_until="commit")
        painted = first_paint(page)
        # What a person sees first: the event's name and that the page is coming, while
        # Streamlit has drawn nothing yet (its ~1-3 MB of scripts are still on the way).
        assert EVENT_DA in painted.shell and "Siden hentes" in painted.shell
        assert painted.root_children <= 0  # -1: #root not even parsed yet
        assert EVENT_DA in painted.title
        # Then the page itself, and the note gives way to it.
        expect(page.get_by_role("button", name="Tilmeld")).to_be_visible(timeout=90_000)
        expect(page.locator("#excursions-shell")).to_be_hidden()
    finally:
        context.close()


def test_the_shell_speaks_the_pages_language_and_hides_on_a_fast_network(servers, browser):
    server = servers(mode="serve")
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        page.goto(server.url + "/signup?lang=en", wait_until="commit")
        shell = page.locator("#excursions-shell")
        expect(shell).to_contain_text("Loading the page")
        assert page.locator("html").get_attribute("lang") == "en"
        expect(page.get_by_role("button", name="Sign up")).to_be_visible(timeout=60_000)
        expect(shell).to_be_hidden()
    finally:
        context.close()
