"""A real app server and Debian's Chromium, driven by Playwright.

The server runs on a free loopback port with its own settings (environment);
tests wait for the app's state, never for a fixed time.
"""

from __future__ import annotations

import datetime
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.support import forkserver
from tests.support.processes import free_port

CHROMIUM = os.environ.get("EXCURSIONS_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # Only the loopback address resolves: a page reaches the app and nothing else, and a
    # request elsewhere (a tile host, a CDN) fails at once, as with no internet. (Intercepting
    # every request instead, to abort the foreign ones, cost a third of the browser's CPU.)
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
# Milliseconds between a wait_for_function's looks. Its default, every animation frame, kept
# Chromium drawing 60 frames a second for as long as a test waited (7x the CPU of an idle page).
POLL = 100
# `streamlit run` (the README's way), `excursions serve` with every patch, and with none:
# tests that take a mode pass in all three.
RUN_MODES = ["streamlit", "serve", "serve-unpatched"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            params = getattr(item, "callspec", None)
            if params and str(params.params.get("mode", "")).startswith("serve"):
                item.add_marker(pytest.mark.serve)


class AppServer:
    def __init__(self, env: dict[str, str], data_dir: Path, port: int | None = None, mode: str = "streamlit"):
        """mode: one of RUN_MODES."""
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        if mode == "serve-unpatched":
            env = {**env, "EXCURSIONS_SERVE_PATCHES": "none"}
        if mode.startswith("serve"):
            serve = ["serve", "--host", "127.0.0.1", "--port", str(self.port)]
            cmd = [sys.executable, "-m", "excursions.cli", *serve]
        else:
            cmd = [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "dashboard.py"),
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
            ]
        full_env = {**os.environ, "EXCURSIONS_DATA_DIR": str(data_dir), **env}
        self.env = full_env
        self.data_dir = data_dir
        self.log = data_dir / "server.log"
        if forkserver.enabled():  # the same `python -m` start, without importing the libraries again
            self.proc = forkserver.shared().start(cmd[2], cmd[3:], full_env, ROOT, self.log)
        else:
            self.proc = subprocess.Popen(
                cmd,
                cwd=ROOT,
                env=full_env,
                stdout=self.log.open("wb"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            try:  # waits a moment for the server, and notices if it died
                self.proc.wait(timeout=0.2)
                raise RuntimeError(f"app server exited: {self.log.read_text()[-2000:]}")
            except subprocess.TimeoutExpired:
                continue
        raise RuntimeError("app server did not become healthy in 60 s")

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        """Run the `excursions` command against this server's database and settings."""
        return subprocess.run(
            [sys.executable, "-m", "excursions.cli", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; .ci/run installs Debian's chromium")
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install chromium to run browser tests")
    return CHROMIUM


BROWSERS: list = []  # the worker's browser, for the state of its pages when a test fails

# What a person would have seen when a test failed: every open page's address, the script's
# state, the selected tabs and the page's text. A chance failure in CI is then readable from
# its log alone (CI keeps no screenshots).
PAGE_STATE = """() => ({
    script: document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state'),
    tabs: [...document.querySelectorAll('[role=tab][aria-selected=true]')].map(t => t.innerText.trim()),
    text: document.body.innerText.slice(0, 3000),
})"""


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed and BROWSERS:
        report.sections.append(("pages when it failed", page_states(BROWSERS[0])))
    return report


def page_states(browser) -> str:
    out = []
    for i, context in enumerate(browser.contexts):
        for page in context.pages:
            try:
                state = page.evaluate(PAGE_STATE)
            except Exception as error:  # a closed or crashed page: say so, and go on
                state = {"error": str(error).splitlines()[0]}
            out.append(f"--- context {i}: {page.url}\n{state.pop('text', '')}\n{state}")
    return "\n".join(out) or "no page open"


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        BROWSERS.append(b)
        yield b
        BROWSERS.remove(b)
        b.close()


@pytest.fixture(scope="session")
def servers(tmp_path_factory) -> Iterator:
    """app_server(mode=..., **env) -> a running server for that configuration (one per
    config); mode "serve" runs it the event-day way (`excursions serve`)."""
    running: dict[tuple, AppServer] = {}

    def get(mode: str = "streamlit", **env: str) -> AppServer:
        key = (mode, *sorted(env.items()))
        if key not in running:
            running[key] = AppServer(env, tmp_path_factory.mktemp("app"), mode=mode)
        return running[key]

    yield get
    for server in running.values():
        server.stop()


class Visit:
    """A page on the app, with every request and console error recorded."""

    def __init__(self, page, server: AppServer):
        self.page = page
        self.server = server
        self.foreign: list[str] = []
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.console_errors.append(f"pageerror: {e}"))
        page.on("dialog", self._dialog)
        page.on("response", self._response)

    def _console(self, message):
        if message.type == "error" and not message.text.startswith(
            "Failed to load resource: the server responded with a status of 404"
        ):
            self.console_errors.append(message.text)

    def _response(self, response):
        # Opened at /signup, Streamlit's frontend first looks for its server under that path
        # (/signup/_stcore/...), gets 404 and falls back to the root: expected, not an error.
        if response.status >= 400 and not (response.status == 404 and "/_stcore/" in response.url):
            self.console_errors.append(f"{response.status} {response.url}")

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: str = "/") -> Visit:
        self.page.goto(self.server.url + path)
        self.wait_idle()
        self.map.locator("path.excursion-route").first.wait_for(timeout=30_000)
        return self

    def wait_idle(self) -> None:
        self.page.wait_for_selector(IDLE, timeout=60_000)

    @property
    def map(self):
        return self.page.frame_locator(MAP_FRAME)


PASSWORD = "arrangør-test"  # the organiser password of servers given its hash


def log_in(v: Visit, path: str = "/organiser"):
    """Open an organiser page and give the password."""
    v.page.goto(v.server.url + path)
    v.wait_idle()
    v.page.get_by_label("Adgangskode").fill(PASSWORD)
    v.page.get_by_role("button", name="Log ind").click()
    return v.page


def organiser_app(servers, data_dir: Path, people, full: str = "", **env: str) -> AppServer:
    """A serve-mode app on its own database with the organiser password, people signed up
    in order ((route, e-mail, name), …) and, if given, the excursion `full` cut to 1 seat
    first, so the rest of its people wait."""
    from excursions.access import hash_password
    from excursions.signups import ALWAYS_OPEN, clean_participant
    from excursions.store import open_store, sqlite_url

    server = servers(
        "serve",
        EXCURSIONS_TILES="none",
        EXCURSIONS_ORGANISER_PASSWORD_HASH=hash_password(PASSWORD),
        EXCURSIONS_DATA_DIR=str(data_dir),
        **env,
    )
    # The people through the store the app uses, in one process: the same sign-ups as `excursions
    # signup` makes (one command first, which brings the routes table in line with the files),
    # without starting a Python process per person.
    server.cli("counts")
    store = open_store(sqlite_url(data_dir))
    now = datetime.datetime.now(datetime.UTC)
    if full:
        store.set_capacity(full, 1, now=now)
    for route, email, name in people:
        store.signup(clean_participant(email, name), route, now=now, window=ALWAYS_OPEN)
    store.dispose()
    return server


TAB_DRAWN = """name => {
    const tab = [...document.querySelectorAll('[role=tab]')].find(t => t.innerText.trim() === name);
    if (!tab || tab.getAttribute('aria-selected') !== 'true') return false;
    const idle = document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]');
    const panels = [...document.querySelectorAll('[role=tabpanel]')].filter(p => p.offsetParent !== null);
    return !!idle && panels.some(p => p.querySelector('[data-testid="stElementContainer"]'));
}"""


def show_tab(v, name: str) -> None:
    """Open an organiser tab and wait until the app has drawn it. The tabs are lazy (a run
    draws only the open one), so a click that lands while an earlier run is finishing may
    be overtaken by it: then click again, as a person would."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    tab = v.page.get_by_role("tab", name=name, exact=True)
    for _ in range(6):
        tab.click()
        try:
            v.page.wait_for_function(TAB_DRAWN, arg=name, timeout=10_000, polling=POLL)
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"the tab {name!r} was never drawn")


def choose(page, label: str, option: str) -> None:
    """Pick an option of a Streamlit selectbox by its label, as a keyboard user does: type
    it, then pick it from the list (the list opens on typing, however the page was busy)."""
    box = page.get_by_label(label, exact=True)
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).click()
    page.wait_for_function(
        "([label, option]) => [...document.querySelectorAll('input[role=combobox]')]"
        ".some(i => i.getAttribute('aria-label') === label && i.value === option)",
        arg=[label, option],
        polling=POLL,
    )


GRID_ROWS = """head => {
    const table = [...document.querySelectorAll('table[role=grid], table.ov-table')]
        .find(t => t.querySelector('th') && t.querySelector('th').textContent === head);
    const cells = tr => table.matches('.ov-table') ? [...tr.cells] : [...tr.querySelectorAll('td')];
    const rows = table ? [...table.querySelectorAll('tbody tr')] : [];
    return rows.map(tr => cells(tr).map(td => td.textContent));
}"""


def grid(page, head: str) -> list[list[str]]:
    """The rows of the table whose first column is `head`, in the order shown: an
    st.dataframe's as its accessible table tells them (the grid draws on a canvas and keeps
    this table in step for screen readers), or the organiser overview's HTML table."""
    return page.evaluate(GRID_ROWS, head)


def wait_grid(page, head: str, test: str, timeout: float = 30_000) -> list[list[str]]:
    """Wait until `test` (JS, given the rows as `rows`) holds for that table; return its rows.
    (30 s: on a loaded CI machine a grid drawn after its caption once took longer than 15.)"""
    page.wait_for_function(
        f"head => {{ const rows = ({GRID_ROWS})(head); return {test}; }}",
        arg=head,
        timeout=timeout,
        polling=POLL,
    )
    return grid(page, head)


AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"


def axe_serious(v: Visit, frame: bool = False) -> list[str]:
    """axe-core's serious and critical violations on the page (or inside its map frame)."""
    target = v.page.locator(MAP_FRAME).element_handle().content_frame() if frame else v.page
    target.add_script_tag(content=AXE.read_text())
    result = target.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{x['id']} ({x['impact']}): {x['help']} — {[n['target'] for n in x['nodes']][:3]}"
        for x in result["violations"]
        if x["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def visit(browser):
    """visit(server, viewport=(w, h)) -> Visit on a fresh context; every request that is not
    for the app is recorded in `foreign` (the browser cannot reach it: CHROMIUM_ARGS)."""
    contexts = []

    def make(server: AppServer, viewport=(1400, 1000), phone: bool = False) -> Visit:
        """phone: a touch screen that taps (and a mobile browser's viewport rules)."""
        context = browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]},
            accept_downloads=True,
            has_touch=phone,
            is_mobile=phone,
        )
        contexts.append(context)
        page = context.new_page()
        v = Visit(page, server)

        def request(r):
            if not r.url.startswith((server.url, "data:", "blob:")):
                v.foreign.append(r.url)

        context.on("request", request)
        return v

    yield make
    for c in contexts:
        c.close()
