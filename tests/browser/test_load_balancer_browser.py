"""A phone in Chromium behind the shipped nginx (deploy/) when its process dies: Streamlit's
page reconnects its websocket through nginx to the other process by itself and runs there
with the address it kept (its excursion, its language), without anyone reloading."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import IDLE
from tests.test_load_balancer import cookie_for, title, trial  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.slow, pytest.mark.serve, pytest.mark.postgres]


def test_a_phone_whose_process_dies_runs_its_page_on_the_other_without_a_reload(trial, visit):  # noqa: F811
    with ThreadPoolExecutor(1) as pool:
        value = pool.submit(asyncio.run, cookie_for(trial, 0)).result()
    v = visit(trial, viewport=(390, 844), phone=True)
    v.page.context.add_cookies([{"name": "excursions_lb", "value": value, "url": trial.url}])  # sticky to A
    v.open("/?route=ejby-moelle-renseanlaeg&lang=en")
    heading = v.page.get_by_role("heading", name=title("ejby-moelle-renseanlaeg", "en"))
    expect(heading).to_be_visible()
    v.page.evaluate("window.__probe = 'same page'")

    with v.page.expect_websocket(timeout=15_000) as reconnect:
        os.kill(trial.apps[0], signal.SIGKILL)
        killed = time.monotonic()
    # the page has a new connection (to B: A is gone); wait until B has answered on it and
    # the page's run there is over, so the tap below goes to B, not into the gap
    reconnect.value.wait_for_event("framereceived", timeout=15_000)
    v.page.wait_for_selector(IDLE, timeout=15_000)
    expect(heading).to_be_visible(timeout=15_000)  # the excursion and language its address holds
    # and it is live there: picking another excursion in the list runs the page on B
    v.page.locator('[data-testid="stRadioOption"]').filter(has_text=title("skovrejsning", "en")).click()
    expect(v.page.get_by_role("heading", name=title("skovrejsning", "en"))).to_be_visible(timeout=15_000)
    took = time.monotonic() - killed
    assert took < 15, took
    assert v.page.evaluate("window.__probe") == "same page"  # nobody reloaded it
    assert "lang=en" in v.page.url and "route=skovrejsning" in v.page.url
