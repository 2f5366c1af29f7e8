"""The explore page in Debian's Chromium, cut off from everything but the app."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from excursions.routes import load_routes, parse_route
from tests.browser.conftest import MAP_FRAME, POLL, RUN_MODES
from tests.conftest import HOSTILE, ROOT, SHIPPED_ROUTES, hostile_doc, write_route
from tests.support.waiting import wait_until

TILE_HOST = "tile.openstreetmap.org"


@pytest.fixture(scope="module")
def shipped_ids(area):
    return {r.id for r in load_routes(SHIPPED_ROUTES, area).routes}


def drawn_ids(v) -> set[str]:
    classes = v.map.locator("path.excursion-route").evaluate_all(
        "els => els.map(e => e.getAttribute('class'))"
    )
    return {c.split("route-id-")[1].split()[0] for c in classes}


def hover_line(v, selector: str) -> None:
    """Move the mouse onto the middle of a drawn line (its bounding box centre may be off it)."""
    x, y = v.map.locator(selector).evaluate(
        """el => { const p = el.getPointAtLength(el.getTotalLength() / 2);
                   const m = el.getScreenCTM(); return [p.x * m.a + m.e, p.y * m.d + m.f]; }"""
    )
    box = v.page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    v.page.mouse.move(box["x"] + x, box["y"] + y)


def test_offline_page_draws_every_route_and_asks_no_other_host(servers, visit, shipped_ids):
    v = visit(servers(EXCURSIONS_TILES="none")).open()
    assert v.map.locator("path.excursion-route").count() == len(shipped_ids) == 24
    assert drawn_ids(v) == shipped_ids
    assert v.foreign == []
    assert v.console_errors == []
    assert "Baggrundskort slået fra" in v.map.locator(".excursion-notice").inner_text()


@pytest.mark.parametrize(("path", "lang_name"), [("/", "Konferencested"), ("/?lang=en", "Conference venue")])
def test_the_venue_is_drawn_as_the_legends_star_with_its_name(servers, visit, path, lang_name):
    v = visit(servers(EXCURSIONS_TILES="none")).open(path)
    star = v.map.locator(".excursion-venue")
    assert star.count() == 1
    assert star.locator("path").get_attribute("fill") == "#222222"  # the legend's colour
    star.hover()
    tooltip = v.map.locator(".leaflet-tooltip", has_text="Odense Congress Center")
    tooltip.wait_for()
    assert tooltip.inner_text() == f"{lang_name}: Odense Congress Center"


def test_with_tiles_only_the_tile_host_is_asked_and_the_map_says_it_is_missing(servers, visit):
    v = visit(servers()).open()
    v.map.locator(".excursion-notice:not([hidden])").wait_for()
    assert v.map.locator("path.excursion-route").count() == 24
    assert v.foreign and {u.split("/")[2] for u in v.foreign} == {TILE_HOST}
    other_errors = [
        e for e in v.console_errors if "ERR_NAME_NOT_RESOLVED" not in e and "Failed to load resource" not in e
    ]
    assert other_errors == []


def test_route_in_url_opens_details_and_highlights_it(servers, visit):
    v = visit(servers(EXCURSIONS_TILES="none")).open("/?route=stige-oe-fra-losseplads-til-natur")
    v.page.get_by_role("heading", name="Stige Ø: fra losseplads til natur").wait_for()
    v.map.locator("path.route-id-stige-oe-fra-losseplads-til-natur.is-selected").wait_for()


@pytest.mark.parametrize("mode", RUN_MODES)
def test_clicking_a_route_line_selects_it(servers, visit, mode):
    v = visit(servers(mode, EXCURSIONS_TILES="none")).open()
    v.map.locator("path.route-id-skovrejsning").dispatch_event("click")
    v.page.get_by_role("heading", name="Nye skove i Odense").wait_for()
    v.page.wait_for_url("**route=skovrejsning**")
    v.map.locator("path.route-id-skovrejsning.is-selected").wait_for()
    # the map was updated in place, not rebuilt: still one iframe, still 24 lines
    assert v.page.locator('iframe[title="streamlit_folium.st_folium"]').count() == 1
    assert v.map.locator("path.excursion-route").count() == 24


def test_filter_hides_routes_on_the_map_too(servers, visit):
    v = visit(servers(EXCURSIONS_TILES="none")).open()
    v.page.get_by_role("button", name="Filtrér").click()  # filters live in a popover
    v.page.get_by_role("button", name="Bus", exact=True).click()
    v.wait_idle()
    v.page.get_by_text("Viser 8 af 24 udflugter · filter slået til").wait_for()
    v.page.keyboard.press("Escape")  # close the popover: its widgets go, the filter stays
    v.page.get_by_role("button", name="Bus", exact=True).wait_for(state="detached")
    # Issue 27, item 20: closed, the page still says a filter is on, and can clear it
    v.page.get_by_text("Viser 8 af 24 udflugter · filter slået til").wait_for()
    lines = "() => document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]')"
    v.page.wait_for_function(
        lines + ".contentDocument.querySelectorAll('path.excursion-route').length === 8", polling=POLL
    )
    assert v.map.locator("path.excursion-route--bus").count() == 8
    v.page.get_by_role("button", name="Nulstil filter").click()
    v.page.get_by_text("Viser 24 af 24 udflugter", exact=True).wait_for()
    v.page.wait_for_function(
        lines + ".contentDocument.querySelectorAll('path.excursion-route').length === 24", polling=POLL
    )
    assert v.page.get_by_role("button", name="Nulstil filter").count() == 0
    v.page.get_by_role("button", name="Filtrér").click()  # opened again: nothing chosen
    bus = v.page.get_by_role("button", name="Bus", exact=True)
    bus.wait_for()
    assert bus.get_attribute("aria-pressed") != "true" and bus.get_attribute("aria-checked") != "true"


def test_hostile_text_is_shown_and_never_run(servers, visit, tmp_path_factory):
    routes = tmp_path_factory.mktemp("hostile-routes")
    write_route(routes, hostile_doc())
    v = visit(servers(EXCURSIONS_TILES="none", EXCURSIONS_ROUTES_DIR=str(routes))).open("/?route=hostile")
    v.page.get_by_role("heading", name=HOSTILE).wait_for()
    hover_line(v, "path.route-id-hostile")
    tooltip = v.map.locator(".leaflet-tooltip").first
    tooltip.wait_for()
    assert HOSTILE in tooltip.inner_text()
    assert v.map.locator("img[src=x]").count() == 0
    assert v.page.locator("img[src=x]").count() == 0
    assert v.page.get_by_text(HOSTILE).count() >= 2  # description and meeting point, verbatim
    assert v.dialogs == [] and v.console_errors == []


def test_downloaded_gpx_imports_back_to_the_same_length(servers, visit, tmp_path, area):
    v = visit(servers(EXCURSIONS_TILES="none")).open("/?route=campus-odense-paa-cykel")
    with v.page.expect_download() as download:
        v.page.get_by_role("link", name="Hent ruten som GPX", exact=True).click()  # a plain link, no run
    gpx = tmp_path / download.value.suggested_filename
    download.value.save_as(gpx)
    assert gpx.name == "campus-odense-paa-cykel.gpx"
    out = tmp_path / "back.geojson"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "excursions.cli",
            "import-gpx",
            str(gpx),
            "--id",
            "back",
            "--mode",
            "bike",
            "--title-da",
            "Tilbage",
            "--capacity",
            "30",
            "--departure",
            "2022-04-20T13:30",
            "--out",
            str(out),
        ],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    original = parse_route((SHIPPED_ROUTES / "campus-odense-paa-cykel.geojson").read_bytes(), "o", area)
    back = parse_route(Path(out).read_bytes(), "back.geojson", area)
    assert back.length_m == pytest.approx(original.length_m, rel=0.01)
    assert len(back.stops) == len(original.stops)
    assert json.loads(out.read_text())["features"][0]["properties"]["mode"] == "bike"


PHONE = (390, 844)
LINE_CENTRES = """els => els.map(el => {
    const p = el.getPointAtLength(el.getTotalLength() / 2);
    const m = el.getScreenCTM();
    return [el.getAttribute('class').split('route-id-')[1].split(' ')[0], p.x * m.a + m.e, p.y * m.d + m.f];
})"""
LINE_ON_TOP = """el => {
    const n = el.getTotalLength();
    for (const f of [0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7, 0.25, 0.75]) {
        const p = el.getPointAtLength(n * f);
        const m = el.getScreenCTM();
        const [x, y] = [p.x * m.a + m.e, p.y * m.d + m.f];
        if (document.elementFromPoint(x, y) === el) return [x, y];
    }
    throw new Error('no point of the line is on top');
}"""
BOXES = (
    "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })"
)


def overlapping(boxes: list[list[float]]) -> list[tuple[int, int]]:
    return [
        (i, j)
        for i, a in enumerate(boxes)
        for j, b in enumerate(boxes[i + 1 :], i + 1)
        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    ]


def in_view(v, selector: str) -> bool:
    """The element's top is within the window (the page scrolls inside Streamlit's main area)."""
    return v.page.locator(selector).first.evaluate(
        "e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; }"
    )


@pytest.mark.parametrize("mode", ["streamlit", "serve"])
def test_on_a_phone_the_map_is_on_the_first_screen_and_the_first_tap_on_a_line_selects_it(
    servers, visit, mode
):
    v = visit(servers(mode, EXCURSIONS_TILES="none"), viewport=PHONE, phone=True).open()
    frame = v.page.locator(MAP_FRAME).bounding_box()
    assert 0 < frame["y"] < PHONE[1] / 2  # the map starts in the upper half of the first screen
    # a line whose middle is on the first screen, tapped where it is: no scrolling first
    v.map.locator('.leaflet-container[data-badges="placed"]').wait_for()  # the view has settled
    frame = v.page.locator(MAP_FRAME).bounding_box()
    centres = v.map.locator("path.excursion-route").evaluate_all(LINE_CENTRES)
    on_screen = [rid for rid, x, y in centres if frame["y"] + y < PHONE[1] - 30]
    assert len(on_screen) >= 12
    route = "kanalen-til-stige"
    assert route in on_screen
    # where the line itself is on top (not a badge or another line drawn over it)
    x, y = v.map.locator(f"path.route-id-{route}").evaluate(LINE_ON_TOP)
    x, y = frame["x"] + x, frame["y"] + y
    assert y < PHONE[1] - 30
    assert v.page.evaluate("([x, y]) => document.elementFromPoint(x, y).tagName", [x, y]) == "IFRAME"
    title = "Ad kanalen til Stige"
    assert v.page.get_by_role("heading", name=title).count() == 0
    v.page.touchscreen.tap(x, y)
    v.page.wait_for_url(f"**route={route}**")
    v.page.get_by_role("heading", name=title).wait_for()
    v.map.locator(f"path.route-id-{route}.is-selected").wait_for()
    # the details come into view below the map, with a way back to it
    v.page.wait_for_function(
        """() => { const r = document.querySelector('.st-key-route_details').getBoundingClientRect();
                   return r.top >= 0 && r.top < window.innerHeight / 3; }""",
        timeout=10_000,
        polling=POLL,
    )
    assert not in_view(v, MAP_FRAME)
    v.page.get_by_role("link", name="Tilbage til kortet").tap()
    v.page.wait_for_function(
        """sel => { const r = document.querySelector(sel).getBoundingClientRect();
                    return r.top >= 0 && r.top < window.innerHeight / 2; }""",
        arg=MAP_FRAME,
        timeout=10_000,
        polling=POLL,
    )


@pytest.mark.parametrize("viewport", [PHONE, (1400, 900)], ids=["phone", "laptop"])
def test_seat_badges_never_overlap_each_other_or_the_legend(servers, visit, viewport):
    v = visit(servers(EXCURSIONS_TILES="none"), viewport=viewport, phone=viewport == PHONE).open()
    shown = v.map.locator(".seat-badge-icon:not(.seat-badge-icon--waiting) .seat-badge")
    v.map.locator('.leaflet-container[data-badges="placed"]').wait_for()  # for this view
    assert shown.count() >= 18  # of 24: the others wait for a closer zoom
    badges = shown.evaluate_all(BOXES)
    assert overlapping(badges) == []
    controls = v.map.locator(".leaflet-control").evaluate_all(BOXES)
    assert overlapping([*controls, *badges]) == overlapping(controls)  # none under a control
    # every badge lies on its own line, within the map
    frame = v.map.locator(".leaflet-container").evaluate(BOXES.replace("els.map", "[els].map"))[0]
    assert all(
        frame[0] <= b[0] and b[2] <= frame[2] and frame[1] <= b[1] and b[3] <= frame[3] for b in badges
    )
    # zoomed in (the scale bar says when), they are placed again, still without overlapping
    scale = v.map.locator(".leaflet-control-scale-line").first
    before = scale.inner_text()
    v.map.locator(".leaflet-control-zoom-in").click()
    v.page.wait_for_function(
        """([sel, before]) => document.querySelector(sel).contentDocument
               .querySelector('.leaflet-control-scale-line').textContent !== before""",
        arg=[MAP_FRAME, before],
        polling=POLL,
    )
    v.map.locator('.leaflet-container[data-badges="placed"]').wait_for()
    # the badges settle for the new view: wait for that state, not for one frame of it
    wait_until(lambda: overlapping(shown.evaluate_all(BOXES)) == [], 10, "badges apart after zooming in")


@pytest.mark.parametrize(
    ("viewport", "open_at_start"), [(PHONE, False), ((1400, 900), True)], ids=["phone", "laptop"]
)
def test_the_legend_folds_away(servers, visit, viewport, open_at_start):
    v = visit(servers(EXCURSIONS_TILES="none"), viewport=viewport, phone=viewport == PHONE).open()
    legend = v.map.locator(".excursion-legend details")
    sample = v.map.locator(".excursion-legend li", has_text="Cykel")
    assert legend.evaluate("d => d.open") is open_at_start
    assert sample.is_visible() is open_at_start
    v.map.locator(".excursion-legend summary").click()
    assert legend.evaluate("d => d.open") is not open_at_start
    assert sample.is_visible() is not open_at_start
    assert "route=" not in v.page.url  # folding the legend is not a tap on the map


@pytest.mark.parametrize("path", ["/", "/signup?route=skovrejsning", "/organiser"])
def test_on_a_phone_the_title_is_whole_below_streamlits_header(servers, visit, path):
    """Issue 27 item 7: the title's first line was clipped by a few pixels under the header."""
    v = visit(servers(EXCURSIONS_TILES="none"), viewport=PHONE, phone=True)
    v.page.goto(v.server.url + path)
    v.wait_idle()
    title = v.page.locator("h1, h2").first
    title.wait_for()
    header = v.page.locator('[data-testid="stHeader"]').bounding_box()
    top = title.bounding_box()["y"]
    assert top >= header["y"] + header["height"], (path, top, header)
