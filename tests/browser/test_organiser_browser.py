"""The organiser overview in Chromium follows `excursions simulate` live, without reloading."""

from __future__ import annotations

import subprocess
import sys

import pytest

from excursions.access import hash_password
from excursions.routes import load_routes
from tests.browser.conftest import PASSWORD, POLL, RUN_MODES, log_in, show_tab, wait_grid
from tests.conftest import ROOT

PASS = "/_excursions/organiser-pass"


def taken(page) -> int:
    return int(page.locator('[data-metric="taken"] b').inner_text().split("/")[0])


@pytest.mark.parametrize("mode", RUN_MODES)
def test_overview_counts_follow_a_running_simulation_without_reload(servers, visit, mode):
    server = servers(
        mode,
        EXCURSIONS_TILES="none",
        EXCURSIONS_ORGANISER_REFRESH_SECONDS="2",
        EXCURSIONS_ORGANISER_PASSWORD_HASH=hash_password(PASSWORD),
    )
    v = visit(server)
    page = log_in(v)
    page.get_by_text("Pladser taget").wait_for()
    start = taken(page)
    page.evaluate("window.__probe = 'no reload'")

    sim = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "excursions.cli",
            "simulate",
            "--participants",
            "40",
            "--rate",
            "8",
            "--seed",
            "11",
        ],
        cwd=ROOT,
        env=server.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # while the simulation is still running, the number moves up at least twice
        page.wait_for_function(
            """start => { const v = document.querySelector('[data-metric="taken"] b');
                          return v && parseInt(v.innerText) > start; }""",
            arg=start,
            timeout=20_000,
            polling=POLL,
        )
        first_change = taken(page)
        assert sim.poll() is None, "the simulation ended before the page showed any change"
        page.wait_for_function(
            """n => parseInt(document.querySelector('[data-metric="taken"] b').innerText) > n""",
            arg=first_change,
            timeout=20_000,
            polling=POLL,
        )
    finally:
        sim.wait(60)
    assert sim.returncode == 0, sim.stderr.read()
    page.wait_for_function(
        """n => parseInt(document.querySelector('[data-metric="taken"] b').innerText) === n""",
        arg=start + 40,
        timeout=20_000,
        polling=POLL,
    )
    assert page.evaluate("window.__probe") == "no reload"
    assert v.console_errors == [] and v.foreign == []


def test_a_check_in_label_with_markdown_image_syntax_is_shown_as_text_and_fetches_nothing(servers, visit):
    server = servers(EXCURSIONS_TILES="none", EXCURSIONS_ORGANISER_PASSWORD_HASH=hash_password(PASSWORD))
    name = "![x](http://evil.example/pixel.png) [klik](http://evil.example/)"
    server.cli("signup", "--route", "skovrejsning", "--email", "img@example.dk", "--name", name)
    v = visit(server)
    page = log_in(v, "/organiser?checkin=skovrejsning")
    label = page.locator('[data-testid="stCheckbox"] [data-testid="stMarkdownContainer"]').first
    label.wait_for()
    v.wait_idle()
    assert label.inner_text().replace("\u2060", "") == name  # literally (word joiners are invisible)
    assert page.locator('[data-testid="stCheckbox"] img, [data-testid="stCheckbox"] a').count() == 0
    assert v.foreign == [] and v.console_errors == []


@pytest.mark.parametrize("mode", ["streamlit", "serve"])
def test_an_exported_participant_list_is_gone_once_the_organiser_logs_out(servers, visit, mode):
    server = servers(
        mode, EXCURSIONS_TILES="none", EXCURSIONS_ORGANISER_PASSWORD_HASH=hash_password(PASSWORD)
    )
    server.cli("signup", "--route", "skovrejsning", "--email", "media@example.dk", "--name", "Mette Media")
    v = visit(server)
    page = log_in(v)
    show_tab(v, "Eksport")
    with page.expect_download() as download:
        page.get_by_role("button", name="Deltagerliste (CSV til Excel)").click()
    url = download.value.url
    assert "/media/" in url
    first = page.request.get(url)
    assert first.status == 200 and "Mette Media" in first.body().decode("utf-8-sig")
    for _ in range(3):  # the static layer must not keep it: ask a few times
        assert page.request.get(url).status == 200
    page.get_by_role("button", name="Log ud").click()
    page.get_by_label("Adgangskode").wait_for()
    v.wait_idle()
    assert page.request.get(url).status == 404


@pytest.mark.parametrize("mode", ["streamlit", "serve"])
def test_a_logged_in_browser_stays_logged_in_in_a_new_session_until_it_logs_out(servers, visit, mode):
    server = servers(
        mode, EXCURSIONS_TILES="none", EXCURSIONS_ORGANISER_PASSWORD_HASH=hash_password(PASSWORD)
    )
    v = visit(server)
    with v.page.expect_response(lambda r: PASS in r.url) as answer:
        page = log_in(v)
    assert answer.value.status == 204
    assert answer.value.request.method == "POST" and "ticket=" not in answer.value.url  # not in an address
    context = page.context
    # the browser got its organiser pass: HttpOnly (no script reads it), SameSite=Strict
    (cookie,) = [c for c in context.cookies() if c["name"] == "excursions_organiser"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert "excursions_organiser" not in page.evaluate("() => document.cookie")
    # a new tab is a new Streamlit session: no password asked
    other = context.new_page()
    other.goto(server.url + "/organiser")
    other.get_by_role("button", name="Log ud").wait_for(timeout=30_000)
    assert other.get_by_label("Adgangskode").count() == 0
    # logging out ends it for the browser, not just the tab
    with other.expect_response(lambda r: PASS in r.url and "logout" in (r.request.post_data or "")):
        other.get_by_role("button", name="Log ud").click()
    other.get_by_label("Adgangskode").wait_for()
    assert [c for c in context.cookies() if c["name"] == "excursions_organiser"] == []
    third = context.new_page()
    third.goto(server.url + "/organiser")
    third.get_by_label("Adgangskode").wait_for(timeout=30_000)
    assert third.get_by_role("button", name="Log ud").count() == 0
    # and the server ended it: a copy of the cookie, brought back by another browser, is refused
    replay = visit(server)
    replay.page.context.add_cookies([{**cookie, "url": server.url, "domain": None, "path": None}])
    replay.page.goto(server.url + "/organiser")
    replay.page.get_by_label("Adgangskode").wait_for(timeout=30_000)
    replay.wait_idle()
    assert replay.page.get_by_role("button", name="Log ud").count() == 0


def click_header(page, column: str) -> None:
    page.locator("table.ov-table thead").get_by_role("button", name=column, exact=True).click()


RUNS = """() => { const app = document.querySelector('[data-testid="stApp"]'); window.__runs = 0;
    new MutationObserver(() => {
        window.__runs += app.getAttribute('data-test-script-state') === 'running' ? 1 : 0;
    }).observe(app, {attributeFilter: ['data-test-script-state']}); }"""


def test_the_overview_table_sorts_by_free_seats_and_departure_fits_and_keeps_refreshing(servers, visit):
    server = servers(
        "serve",
        EXCURSIONS_TILES="none",
        EXCURSIONS_REFRESH_SECONDS="600",  # the fallback run: not within this test
        EXCURSIONS_ORGANISER_REFRESH_SECONDS="2",
        EXCURSIONS_ORGANISER_PASSWORD_HASH=hash_password(PASSWORD),
    )
    server.cli("simulate", "--participants", "60", "--rate", "100", "--seed", "3")
    v = visit(server, viewport=(1400, 900))
    page = log_in(v)
    rows = wait_grid(page, "Udflugt", "rows.length === 24")
    free = [int(r[5]) for r in rows]
    assert free != sorted(free), "the seed should leave the table unsorted by free seats"
    # It fits: the table is no wider than the page's column, and nothing scrolls sideways.
    fits = page.evaluate(
        """() => { const table = document.querySelector('table.ov-table');
                   const main = document.querySelector('[data-testid="stMainBlockContainer"]');
                   const wrap = table.parentElement;
                   return [table.getBoundingClientRect().right <= main.getBoundingClientRect().right,
                           wrap.scrollWidth <= wrap.clientWidth + 1]; }"""
    )
    assert fits == [True, True]
    # Issue 27, item 14: the first screen is the overview, not the ready-check: at least ten
    # rows in view, each fill bar a thin bar on a visible track, one height in every row.
    shown = page.evaluate(
        """() => [...document.querySelectorAll('table.ov-table tbody tr')]
                 .filter(tr => tr.getBoundingClientRect().bottom <= window.innerHeight).length"""
    )
    assert shown >= 10, shown
    bars = page.evaluate(
        """() => [...document.querySelectorAll('table.ov-table td.ov-fill')].map(td => {
                 const s = getComputedStyle(td); return [s.backgroundImage, s.backgroundSize]; })"""
    )
    assert bars and all("223, 227, 234" in image and size.endswith("4px") for image, size in bars)

    click_header(page, "Ledige")
    rows = wait_grid(page, "Udflugt", "rows.map(r => +r[5]).every((x, i, a) => !i || a[i - 1] <= x)")
    assert [int(r[5]) for r in rows] == sorted(free)
    click_header(page, "Ledige")  # again: the other way
    rows = wait_grid(page, "Udflugt", "rows.map(r => +r[5]).every((x, i, a) => !i || a[i - 1] >= x)")
    assert [int(r[5]) for r in rows] == sorted(free, reverse=True)

    # The live numbers go on under the sort, without a page run: a sign-up shows, the order holds.
    page.evaluate(RUNS)
    most = rows[0]
    title = most[0]
    route = next(r.id for r in load_routes(ROOT / "data" / "routes").routes if r.title("da") == title)
    server.cli("signup", "--route", route, "--email", "sortert@example.dk", "--name", "Sortert")
    rows = wait_grid(
        page, "Udflugt", f"rows.some(r => r[0] === {title!r} && +r[5] === {int(most[5]) - 1})", timeout=20_000
    )
    assert [int(r[5]) for r in rows] == sorted((int(r[5]) for r in rows), reverse=True)
    assert page.evaluate("window.__runs") == 0  # the seat feed brought it, not a script run

    click_header(page, "Afgang")
    rows = wait_grid(page, "Udflugt", "rows.map(r => r[9]).every((x, i, a) => !i || a[i - 1] <= x)")
    times = [r[9] for r in rows]
    assert times == sorted(times) and len(set(times)) > 1  # (the grid draws them as "13:30")
    assert v.console_errors == []
