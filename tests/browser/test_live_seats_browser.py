"""Seat counts that arrive without a script run: a phone's map follows the app's seat feed
(/_excursions/seats.json), so a sign-up shows on its badge while the page's own timed
refresh is minutes away, in both run modes."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.browser.conftest import MAP_FRAME
from tests.browser.test_signup_browser import badge, counts, wait_for_badge

ROUTE = "skovrejsning"
# The page's own refresh (a script run) would come only after 10 minutes: any change seen
# sooner came through the feed.
QUIET = {
    "EXCURSIONS_TILES": "none",
    "EXCURSIONS_REFRESH_SECONDS": "600",
    "EXCURSIONS_SEATS_POLL_SECONDS": "2",
}


@pytest.mark.parametrize("mode", ["streamlit", "serve"])
def test_a_cli_sign_up_shows_on_a_phones_badge_without_a_script_run(servers, visit, mode):
    server = servers(mode, **QUIET)
    v = visit(server, viewport=(390, 844), phone=True).open()
    v.map.locator('.leaflet-container[data-badges="placed"]').wait_for(timeout=30_000)
    before = int(badge(v, ROUTE).inner_text())
    assert counts(server)[ROUTE][0] == 45 - before
    v.page.evaluate("window.__probe = 'same page'")
    v.map.locator("body").evaluate("b => window.__probe = 'same map'")

    server.cli("signup", "--route", ROUTE, "--email", "feed@example.dk", "--name", "Feed Følger")
    wait_for_badge(v, ROUTE, before - 1)  # within the poll interval and a second's snapshot

    assert v.page.evaluate("window.__probe") == "same page"
    assert v.map.locator("body").evaluate("b => window.__probe") == "same map"  # not reloaded
    read_at = v.map.locator(".leaflet-container").get_attribute("data-seats-read-at")
    age = dt.datetime.now(dt.UTC) - dt.datetime.fromisoformat(read_at.replace("Z", "+00:00"))
    assert dt.timedelta(0) <= age < dt.timedelta(seconds=10)  # the map knows how fresh it is
    fetched = (
        v.page.frame_locator(MAP_FRAME)
        .locator("body")
        .evaluate("() => performance.getEntriesByType('resource').map(e => e.name)")
    )
    assert any("/_excursions/seats.json?lang=da" in name for name in fetched)
    assert v.console_errors == []
