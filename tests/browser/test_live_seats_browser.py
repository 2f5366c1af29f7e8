"""Seat counts that arrive without a script run: a phone's page follows the app's seat feed
(/_excursions/seats.json), so a sign-up shows on the map's badge, in the list, in the
details and in the summary while the page's own timed refresh is minutes away, in both run
modes."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_signup_browser import badge, counts, wait_for_badge

ROUTE, TITLE = "skovrejsning", "Nye skove i Odense"


def list_line(v, title: str):
    return v.page.locator('[data-testid="stRadioOption"]').filter(has_text=title)


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
    v = visit(server, viewport=(390, 844), phone=True).open(f"?route={ROUTE}")
    v.map.locator('.leaflet-container[data-badges="placed"]').wait_for(timeout=30_000)
    before = int(badge(v, ROUTE).inner_text())
    assert counts(server)[ROUTE][0] == 45 - before
    pill, line = v.page.locator(f'.seat-pill[data-seats-route="{ROUTE}"]'), list_line(v, TITLE)
    summary = v.page.locator(".seats-summary")
    assert pill.inner_text() == f"{before} af 45 ledige" and line.inner_text().endswith(pill.inner_text())
    taken, head = summary.inner_text(), line.inner_text().removesuffix(pill.inner_text())
    v.page.evaluate("window.__probe = 'same page'")
    v.map.locator("body").evaluate("b => window.__probe = 'same map'")

    server.cli("signup", "--route", ROUTE, "--email", "feed@example.dk", "--name", "Feed Følger")
    wait_for_badge(v, ROUTE, before - 1)  # within the poll interval and a second's snapshot
    now = f"{before - 1} af 45 ledige"
    expect(pill).to_have_text(now)  # the details
    expect(line).to_have_text(re.compile(rf" · {now}$"))  # the list, its line otherwise the same
    assert line.inner_text().removesuffix(now) == head
    expect(summary).not_to_have_text(taken)  # one more taken in all

    assert v.page.evaluate("window.__probe") == "same page"
    assert v.map.locator("body").evaluate("b => window.__probe") == "same map"  # not reloaded
    read_at = v.map.locator(".leaflet-container").get_attribute("data-seats-read-at")
    age = dt.datetime.now(dt.UTC) - dt.datetime.fromisoformat(read_at.replace("Z", "+00:00"))
    assert dt.timedelta(0) <= age < dt.timedelta(seconds=10)  # the map knows how fresh it is
    fetched = v.page.evaluate("() => performance.getEntriesByType('resource').map(e => e.name)")
    assert any("/_excursions/seats.json?lang=da" in name for name in fetched)  # one poller, the page's
    assert v.console_errors == []


def test_the_sign_up_forms_seats_follow_while_it_is_open(servers, visit):
    """The form does not rerun until it is sent: its chosen excursion and the open list of
    choices show new seats from the feed."""
    server = servers("serve", **QUIET)
    v = visit(server, viewport=(390, 844), phone=True).open(f"?route={ROUTE}")
    v.page.get_by_role("button", name="Tilmeld dig denne udflugt").click()
    box = v.page.get_by_role("dialog").get_by_role("combobox")
    expect(box).to_have_value(re.compile(rf"^{TITLE} – \d+ af 45 ledige$"))
    before = int(box.input_value().split(" – ")[1].split()[0])

    server.cli("signup", "--route", ROUTE, "--email", "form@example.dk", "--name", "Form Følger")
    expect(box).to_have_value(f"{TITLE} – {before - 1} af 45 ledige", timeout=10_000)
    box.click()  # the list of choices, opened after the change, says the same
    expect(v.page.get_by_role("option", name=f"{TITLE} – {before - 1} af 45 ledige")).to_be_visible(
        timeout=10_000
    )
    server.cli("signup", "--route", ROUTE, "--email", "form2@example.dk", "--name", "Form To")
    expect(v.page.get_by_role("option", name=f"{TITLE} – {before - 2} af 45 ledige")).to_be_visible(
        timeout=10_000
    )  # and it follows while open
    assert v.console_errors == []
