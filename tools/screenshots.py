"""Regenerate the README's screenshots (docs/*.png) from a fresh app in Debian's Chromium.

    uv run python tools/screenshots.py

Starts the app on a free port with the shipped routes and no background tiles, so the
pictures look the same on every machine.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, IDLE, MAP_FRAME, AppServer  # noqa: E402

SHOTS = [
    # (file, path, viewport, phone, what to wait for in the map)
    ("explore.png", "/?route=campus-odense-paa-cykel", (1400, 900), False, '[data-badges="placed"]'),
    ("explore-phone.png", "/", (390, 844), True, '[data-badges="placed"]'),
    ("kickoff-light.png", "/kickoff", (1920, 1080), False, ".kiosk-caption[data-route]"),
    ("kickoff-dark.png", "/kickoff?theme=dark", (1920, 1080), False, ".kiosk-caption[data-route]"),
]


def main() -> None:
    server = AppServer({"EXCURSIONS_TILES": "none"}, Path(tempfile.mkdtemp()))
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, path, (w, h), phone, ready in SHOTS:
                context = browser.new_context(
                    viewport={"width": w, "height": h}, has_touch=phone, is_mobile=phone
                )
                page = context.new_page()
                page.goto(server.url + path)
                page.wait_for_selector(IDLE, timeout=60_000)
                page.frame_locator(MAP_FRAME).locator(ready).first.wait_for(timeout=30_000)
                page.frame_locator(MAP_FRAME).locator('[data-badges="placed"]').wait_for()
                page.screenshot(path=ROOT / "docs" / name)
                print(f"docs/{name}")
                context.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
