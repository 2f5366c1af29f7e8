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


@pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_personal_link_page_has_no_serious_or_critical_violation(servers, visit, size):
    import datetime as dt

    from excursions.signups import Window, clean_participant
    from excursions.store import open_store, sqlite_url

    server = servers(EXCURSIONS_TILES="none")
    now = dt.datetime.now(dt.UTC)
    window = Window(now - dt.timedelta(days=1), now + dt.timedelta(days=1))
    person = clean_participant(f"axe-{size[0]}@example.dk", "Åse Ærø", "Odense")
    token = (
        open_store(sqlite_url(server.data_dir)).signup(person, "skovrejsning", now=now, window=window).token
    )
    v = visit(server, viewport=size, phone=size == PHONE)
    v.page.goto(f"{server.url}/signup?token={token}")
    v.wait_idle()
    v.page.get_by_text("Hej Åse Ærø").wait_for()
    v.map.locator('.leaflet-container[data-badges="placed"]').wait_for(timeout=30_000)
    assert axe_serious(v) == []
    assert axe_serious(v, frame=True) == [], "inside the map"
