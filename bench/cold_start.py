"""Benchmark: process start to the first map, and the first page against warm pages.

Starts a first server only to warm this client (its imports, its first websocket) and to
make its database, signs up --people made-up participants in it (`excursions simulate`),
then starts a fresh server on that database, as a restart on event day does. From that
process's start it waits for /_stcore/health to answer 200 (as a load balancer does), opens the explore page
with the protocol-level client (tests/support/streamlit_client.py) and waits for its
first run to finish, then opens it `--warm` more times. Prints each time, the ratio
first / median of the warm ones, and the targets: first / warm <= 1.5x, and (with
--browser, serve mode) process start -> first map <= 5 s.

With --browser the pages are opened in Debian's Chromium instead, each in a fresh browser
context (a phone's first visit), and a page counts as shown when its map has drawn every
route line (checked: the count must equal the routes the server loaded). --mode streamlit
measures `streamlit run`, which has no warm-up, for comparison.

    uv run python bench/cold_start.py [--warm 5] [--browser] [--mode serve|streamlit] [--people 315]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from excursions.event import load_event  # noqa: E402
from excursions.routes import Area, load_routes  # noqa: E402
from tests.support.processes import Server  # noqa: E402
from tests.support.streamlit_client import open_page  # noqa: E402

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
LINES_DRAWN = """([frame, n]) => { const f = document.querySelector(frame);
    return !!f && !!f.contentDocument
        && f.contentDocument.querySelectorAll('path.excursion-route').length === n; }"""


def shipped_routes() -> int:
    event = load_event(ROOT / "data" / "event.toml")
    area = Area(event.venue.lat, event.venue.lon, event.venue.area_radius_km)
    return len(load_routes(ROOT / "data" / "routes", area).routes)


class Browser:
    """Debian's Chromium; each page in a fresh context, timed until every line is drawn."""

    def __init__(self, lines: int):
        from playwright.sync_api import sync_playwright

        from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

        self.lines = lines
        self._p = sync_playwright().start()
        self._browser = self._p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    def context(self):
        """A phone's fresh browser, opened before it is timed (a phone's browser is running)."""
        context = self._browser.new_context(viewport={"width": 390, "height": 844})
        context.new_page()
        return context

    def page(self, url: str, context=None) -> float:
        context = context or self.context()
        try:
            page = context.pages[0]
            began = time.perf_counter()
            page.goto(url + "/")
            page.wait_for_function(LINES_DRAWN, arg=[MAP_FRAME, self.lines], timeout=120_000)
            seconds = time.perf_counter() - began
            drawn = page.frame_locator(MAP_FRAME).locator("path.excursion-route").count()
            if drawn != self.lines:
                raise RuntimeError(f"the map drew {drawn} lines, not {self.lines}")
            return seconds
        finally:
            context.close()

    def close(self) -> None:
        self._browser.close()
        self._p.stop()


async def first_page(port: int) -> float:
    seconds, errors = await open_page(port)
    if errors:
        raise RuntimeError(errors[0])
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warm", type=int, default=5)
    parser.add_argument("--browser", action="store_true", help="time Chromium until the map has every line")
    parser.add_argument("--mode", choices=["serve", "streamlit"], default="serve")
    parser.add_argument("--people", type=int, default=315, help="sign-ups in the database at the start")
    args = parser.parse_args()
    env = {"EXCURSIONS_TILES": "none", "EXCURSIONS_DATA_DIR": tempfile.mkdtemp()}
    lines = shipped_routes()
    browser = Browser(lines) if args.browser else None

    def first_page_at(server: Server, context=None) -> float:
        return browser.page(server.url, context) if browser else asyncio.run(first_page(server.port))

    try:
        client = Server(env, mode=args.mode)
        try:
            first_page_at(client)  # this client's own first-time costs; makes the database
        finally:
            client.stop()
        if args.people:
            simulate = [sys.executable, "-m", "excursions.cli", "simulate", "--rate", "0"]
            simulate += ["--participants", str(args.people)]
            done = subprocess.run(
                simulate, cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True
            )
            signed = sum(1 for line in done.stdout.splitlines() if line.startswith("ack "))
            if done.returncode or signed != args.people:
                raise RuntimeError(f"signed up {signed} of {args.people}: {done.stderr[-500:]}")
        phone = browser.context() if browser else None
        began = time.perf_counter()
        server = Server(env, mode=args.mode)
        healthy = time.perf_counter() - began
        try:
            cold = first_page_at(server, phone)
            to_map = time.perf_counter() - began
            warm = [first_page_at(server) for _ in range(args.warm)]
        finally:
            server.stop()
    finally:
        if browser:
            browser.close()
    ratio = cold / statistics.median(warm)
    what = f"Chromium until all {lines} lines are drawn" if browser else "protocol client until the run ends"
    print(f"{args.mode} mode, {what}; {args.people} people signed up before the start")
    print(f"healthy after {healthy:.1f} s (start, warm-up included)")
    if browser:
        met = "met" if to_map <= 5 or args.mode != "serve" else "MISSED"
        target = f"; target <= 5 s -> {met}" if args.mode == "serve" else ""
        print(f"process start -> first map (all {lines} lines): {to_map:.1f} s{target}")
    print(f"first page after healthy: {cold * 1000:.0f} ms")
    each = ", ".join(f"{w * 1000:.0f}" for w in warm)
    print(f"warm pages: {each} ms (median {statistics.median(warm) * 1000:.0f})")
    print(f"first / warm: {ratio:.2f}x; target <= 1.5x -> {'met' if ratio <= 1.5 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
