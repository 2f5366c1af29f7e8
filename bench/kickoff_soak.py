"""Soak run (not a test): the projector view open for a long time while people sign up.

Starts the app on a free loopback port with a 2-second tour, opens /kickoff in Debian's
Chromium, signs people up in the background (`excursions simulate`), and prints the
browser's JS heap (after a forced GC) and the server's RSS at the start and the end, and
how often the map reloaded. Targets: 0 reloads; heap and RSS growth under 20 %.

    uv run python bench/kickoff_soak.py [--minutes 30] [--tour 2] [--rate 0.4]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, IDLE, MAP_FRAME, AppServer  # noqa: E402

PROBE = """sel => {
    const frame = document.querySelector(sel);
    const ok = frame && frame.dataset.soak === 'mounted' && frame.contentWindow.__soak === 'mounted';
    if (frame) { frame.dataset.soak = 'mounted'; frame.contentWindow.__soak = 'mounted'; }
    return ok;
}"""


def heap_mb(cdp) -> float:
    cdp.send("HeapProfiler.collectGarbage")
    return cdp.send("Runtime.getHeapUsage")["usedSize"] / 2**20


def rss_mb(pid: int) -> float:
    proc = psutil.Process(pid)
    return sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)]) / 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--tour", type=int, default=2, help="tour interval, seconds")
    parser.add_argument("--rate", type=float, default=0.4, help="sign-ups per second")
    parser.add_argument("--warmup", type=float, default=60, help="seconds before the start figures")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    data_dir = Path(tempfile.mkdtemp(prefix="kickoff-soak-"))
    server = AppServer(
        {
            "EXCURSIONS_KICKOFF_TOUR_SECONDS": str(args.tour),
            "EXCURSIONS_KICKOFF_REFRESH_SECONDS": "5",
            "EXCURSIONS_TILES": "none",
        },
        data_dir,
    )
    total = int(args.rate * (args.minutes * 60 + args.warmup)) + 1
    sim = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "excursions.cli",
            "simulate",
            "--participants",
            str(total),
            "--rate",
            str(args.rate),
            "--seed",
            "99",
        ],
        cwd=ROOT,
        env=server.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    print(
        f"soak: {args.minutes} min, tour every {args.tour} s, {args.rate} sign-ups/s, "
        f"server pid {server.proc.pid}"
    )
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            cdp = page.context.new_cdp_session(page)
            page.goto(server.url + "/kickoff")
            page.wait_for_selector(IDLE, timeout=60_000)
            page.frame_locator(MAP_FRAME).locator(".kiosk-caption[data-route]").wait_for(timeout=60_000)
            page.evaluate(PROBE, MAP_FRAME)
            page.wait_for_timeout(args.warmup * 1000)  # a soak measures time: it waits on purpose
            start_heap, start_rss = heap_mb(cdp), rss_mb(server.proc.pid)
            start_taken = page.locator(".kick-big").get_attribute("data-taken")
            print(
                f"start: JS heap {start_heap:.1f} MB, server RSS {start_rss:.1f} MB, signed up {start_taken}"
            )
            reloads, tours = 0, set()
            deadline = time.monotonic() + args.minutes * 60
            while time.monotonic() < deadline:
                page.wait_for_timeout(10_000)
                if not page.evaluate(PROBE, MAP_FRAME):
                    reloads += 1
                tours.add(page.frame_locator(MAP_FRAME).locator(".kiosk-caption").get_attribute("data-route"))
            end_heap, end_rss = heap_mb(cdp), rss_mb(server.proc.pid)
            end_taken = page.locator(".kick-big").get_attribute("data-taken")
            browser.close()
    finally:
        sim.terminate()
        server.stop()
    heap_growth = (end_heap - start_heap) / start_heap * 100
    rss_growth = (end_rss - start_rss) / start_rss * 100
    print(f"end:   JS heap {end_heap:.1f} MB, server RSS {end_rss:.1f} MB, signed up {end_taken}")
    print(f"growth: JS heap {heap_growth:+.1f} %, server RSS {rss_growth:+.1f} %")
    print(f"map reloads: {reloads}; excursions seen in the caption: {len(tours)}")
    ok = reloads == 0 and heap_growth < 20 and rss_growth < 20 and end_taken != start_taken
    print(f"{'PASS' if ok else 'MISS'}  0 reloads, heap and RSS growth under 20 %, numbers moving")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
