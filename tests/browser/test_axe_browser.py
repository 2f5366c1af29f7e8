"""axe-core in Chromium on the pages participants and the hall see, at the sizes they are
seen at: phone, laptop and the three projector sizes. The map's own frame is checked too."""

from __future__ import annotations

import pytest

from tests.browser.conftest import MAP_FRAME, axe_serious

PHONE, LAPTOP = (390, 844), (1400, 900)
PAGES = [
    ("/", PHONE),
    ("/", LAPTOP),
    ("/?route=ejby-moelle-renseanlaeg", PHONE),
    ("/?route=ejby-moelle-renseanlaeg&lang=en", LAPTOP),
    ("/signup?route=skovrejsning", PHONE),
    ("/signup?route=skovrejsning&lang=en", LAPTOP),
    ("/kickoff", (1280, 720)),
    ("/kickoff", (1920, 1080)),
    ("/kickoff?theme=dark&lang=en", (3840, 2160)),
]


@pytest.mark.parametrize(("path", "size"), PAGES, ids=[f"{p}@{w}x{h}" for p, (w, h) in PAGES])
def test_no_serious_or_critical_accessibility_violation(servers, visit, path, size):
    v = visit(servers(EXCURSIONS_TILES="none"), viewport=size, phone=size == PHONE)
    v.page.goto(v.server.url + path)
    v.wait_idle()
    if not path.startswith("/signup"):
        v.map.locator('.leaflet-container[data-badges="placed"]').wait_for(timeout=30_000)
    assert axe_serious(v) == []
    if v.page.locator(MAP_FRAME).count():
        assert axe_serious(v, frame=True) == [], "inside the map"
