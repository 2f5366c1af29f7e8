"""Benchmark: what a phone on a slow venue network sees first (issue 27, item 4).

Opens the explore page in Debian's Chromium at 1.6 Mbps down / 150 ms (CDP throttling, a
fresh context and no cache per visit, tests/support/slow_network.py), and reads from the
page itself when its first contentful paint happened and what it showed; then waits until
the map has drawn every route line (the count checked against the routes the server
loaded). Each run mode twice over: with the page shell (excursions/web/shell.py) and, as
the baseline in the same run, with it off (EXCURSIONS_PAGE_SHELL=false). Target: the
event's name painted within 1.5 s in both modes.

    uv run python bench/slow_network.py [--visits 3] [--mode serve|streamlit|both]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.cold_start import LINES_DRAWN, MAP_FRAME, shipped_routes  # noqa: E402
from excursions.event import load_event  # noqa: E402
from tests.support.processes import Server  # noqa: E402
from tests.support.slow_network import DOWN_BYTES_PER_S, LATENCY_MS, first_paint, throttled_page  # noqa: E402

TARGET_MS = 1500


def visit(browser, url: str, lines: int, event: str) -> tuple[float, bool, float]:
    """(first paint ms, whether it named the event, ms until every line was drawn)."""
    context, page = throttled_page(browser)
    try:
        began = time.perf_counter()
        page.goto(url + "/", wait_until="commit")
        painted = first_paint(page, timeout_ms=120_000)
        page.wait_for_function(LINES_DRAWN, arg=[MAP_FRAME, lines], timeout=180_000)
        drawn_ms = (time.perf_counter() - began) * 1000
        drawn = page.frame_locator(MAP_FRAME).locator("path.excursion-route").count()
        if drawn != lines:
            raise RuntimeError(f"the map drew {drawn} lines, not {lines}")
        return painted.ms, event in painted.shell, drawn_ms
    finally:
        context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=3)
    parser.add_argument("--mode", choices=["serve", "streamlit", "both"], default="both")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    lines = shipped_routes()
    event = load_event(ROOT / "data" / "event.toml").name("da")
    modes = ["serve", "streamlit"] if args.mode == "both" else [args.mode]
    print(f"Chromium at {DOWN_BYTES_PER_S * 8 / 1e6:.1f} Mbps / {LATENCY_MS} ms, {args.visits} visits each")
    missed = False
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for mode in modes:
            paint: dict[str, list[float]] = {}
            for shell in ("false", "true"):  # baseline first
                env = {"EXCURSIONS_TILES": "none", "EXCURSIONS_PAGE_SHELL": shell}
                server = Server({**env, "EXCURSIONS_DATA_DIR": tempfile.mkdtemp()}, mode=mode)
                try:
                    runs = [visit(browser, server.url, lines, event) for _ in range(args.visits)]
                finally:
                    server.stop()
                named = sum(1 for _, n, _ in runs if n)
                paint[shell] = [ms for ms, _, _ in runs]
                label = "with the shell" if shell == "true" else "without (baseline)"
                each = ", ".join(f"{ms:.0f}" for ms in paint[shell])
                maps = ", ".join(f"{d:.0f}" for _, _, d in runs)
                print(f"{mode} {label}: first paint {each} ms; the event's name in {named} of {len(runs)}")
                print(f"{mode} {label}: all {lines} lines drawn after {maps} ms")
                if shell == "true" and named != len(runs):
                    missed = True
            with_shell = statistics.median(paint["true"])
            ratio = with_shell / statistics.median(paint["false"])
            met = with_shell <= TARGET_MS and not missed
            print(
                f"{mode}: first paint {with_shell:.0f} ms against {statistics.median(paint['false']):.0f} ms "
                f"without the shell ({ratio:.2f}x); target the name within {TARGET_MS} ms -> "
                f"{'met' if met else 'MISSED'}"
            )
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
