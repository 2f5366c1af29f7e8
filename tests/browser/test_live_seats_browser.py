"""Seat counts that arrive without a script run: a phone's page follows the app's seat feed
(/_excursions/seats.json), so a sign-up shows on the map's badge, in the list, in the
details and in the summary while the page's own timed refresh is minutes away, in both run
modes."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import threading
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from excursions.store import open_store, sqlite_url
from tests.browser.conftest import MAP_FRAME
from tests.browser.test_kickoff_browser import open_kickoff
from tests.browser.test_signup_browser import badge, counts, wait_for_badge
from tests.support.streamlit_client import At, Phone, Stats

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
    note = v.page.get_by_text("Udflugten er fuld")
    assert not note.is_visible()
    store = open_store(sqlite_url(Path(server.env["EXCURSIONS_DATA_DIR"])))
    store.set_capacity(ROUTE, 45 - before + 1, now=dt.datetime.now(dt.UTC))  # an organiser makes it full
    try:
        expect(pill).to_have_text(re.compile("^fuld"))
        expect(note).to_be_visible()  # the details' "full" note follows the badge, still without a run
    finally:
        store.set_capacity(ROUTE, 45, now=dt.datetime.now(dt.UTC))  # as the other tests expect it
        store.dispose()

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
    expect(box).to_have_value(re.compile(rf"^\d+ af 45 ledige · {TITLE}$"))
    before = int(box.input_value().split()[0])

    server.cli("signup", "--route", ROUTE, "--email", "form@example.dk", "--name", "Form Følger")
    expect(box).to_have_value(f"{before - 1} af 45 ledige · {TITLE}", timeout=10_000)
    box.click()  # the list of choices, opened after the change, says the same
    expect(v.page.get_by_role("option", name=f"{before - 1} af 45 ledige · {TITLE}")).to_be_visible(
        timeout=10_000
    )
    server.cli("signup", "--route", ROUTE, "--email", "form2@example.dk", "--name", "Form To")
    expect(v.page.get_by_role("option", name=f"{before - 2} af 45 ledige · {TITLE}")).to_be_visible(
        timeout=10_000
    )  # and it follows while open
    assert v.console_errors == []


class Crowd:
    """n phones at Streamlit's protocol level (with the page's seat follower), open on a
    server from a thread of their own while a test drives Chromium."""

    def __init__(self, server, n: int):
        self.stats, self.n = Stats(), n
        self.opened = threading.Event()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._open(server), self.loop).result(30)

    async def _open(self, server) -> None:
        self.stop = asyncio.Event()
        self.tasks = []
        for i in range(self.n):
            self.tasks.append(
                asyncio.create_task(Phone(i, At(server.port), [], self.stats, seats=3).run(self.stop))
            )
        self.tasks.append(asyncio.create_task(self._watch()))

    async def _watch(self) -> None:
        while len(self.stats.first_page) + len(self.stats.errors) < self.n:
            await asyncio.sleep(0.1)  # the clients' own progress
        self.opened.set()

    def close(self) -> None:
        async def ending():
            self.stop.set()
            await asyncio.gather(*self.tasks)

        asyncio.run_coroutine_threadsafe(ending(), self.loop).result(120)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.mark.slow
def test_a_phone_sees_a_cli_sign_up_within_10_s_while_500_phones_are_open(servers, visit):
    server = servers("serve", **QUIET, EXCURSIONS_TEST_TAG="crowd")
    crowd = Crowd(server, 500)
    try:
        assert crowd.opened.wait(300) and crowd.stats.errors == []
        assert len(crowd.stats.first_page) == 500  # all open, each following the seat feed
        v = visit(server, viewport=(390, 844), phone=True).open(f"?route={ROUTE}")
        v.map.locator('.leaflet-container[data-badges="placed"]').wait_for(timeout=30_000)
        before = int(badge(v, ROUTE).inner_text())
        line = list_line(v, TITLE)
        expect(line).to_have_text(re.compile(rf" · {before} af 45 ledige$"))
        v.page.locator(MAP_FRAME).evaluate("e => e.dataset.probe = 'same element'")
        v.map.locator("body").evaluate("b => window.__probe = 'same map'")

        server.cli("signup", "--route", ROUTE, "--email", "crowd@example.dk", "--name", "Crowd Følger")
        signed = time.monotonic()
        wait_for_badge(v, ROUTE, before - 1, timeout=10_000)  # the map's badge
        expect(line).to_have_text(re.compile(rf" · {before - 1} af 45 ledige$"), timeout=10_000)  # the list
        print(f"badge and list changed {time.monotonic() - signed:.1f} s after the sign-up, 500 phones open")
        assert v.page.locator(f'{MAP_FRAME}[data-probe="same element"]').count() == 1
        assert v.map.locator("body").evaluate("b => window.__probe") == "same map"  # not reloaded
        assert crowd.stats.feed_polls > 500 and crowd.stats.feed_errors == []
    finally:
        crowd.close()


def test_the_projector_follows_a_sign_up_without_a_script_run(servers, visit):
    """Its numbers (taken, per mode) and its map's badges, with its own refresh 10 min away."""
    server = servers("serve", **QUIET, EXCURSIONS_KICKOFF_REFRESH_SECONDS="600")
    v = open_kickoff(visit(server, viewport=(1920, 1080)))
    big, bus = v.page.locator(".kick-big"), v.page.locator('[data-seats-mode="bus"]')
    taken, by_bus = int(big.inner_text()), int(bus.inner_text())
    badge(v, ROUTE).wait_for(state="attached")
    seats = int(badge(v, ROUTE).text_content())
    v.page.evaluate("window.__probe = 'same page'")

    server.cli("signup", "--route", ROUTE, "--email", "kick@example.dk", "--name", "Kick Følger")
    expect(big).to_have_text(str(taken + 1), timeout=10_000)
    expect(bus).to_have_text(str(by_bus + 1))  # skovrejsning goes by bus
    assert big.get_attribute("data-taken") == str(taken + 1)
    wait_for_badge(v, ROUTE, seats - 1, timeout=10_000)
    assert v.page.evaluate("window.__probe") == "same page"
    assert v.console_errors == []
