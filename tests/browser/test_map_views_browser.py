"""Issue 27, items 6 and 21: a map shows what it is about, whole and uncovered."""

from __future__ import annotations

from tests.browser.conftest import MAP_FRAME
from tests.browser.test_qr_path_browser import PHONE, fill_form, open_form, tap_signup

CENTRAL_WALK = "delebiler-i-midtbyen"  # one of the walks in the crowded centre

# The view has settled: the layer says so once its badges fit the view (layer.js).
SETTLED = '.leaflet-container[data-badges="placed"]'


def _map_frame(v):
    frame = v.page.locator(MAP_FRAME).element_handle().content_frame()
    frame.locator(SETTLED).wait_for()
    return frame


def _inside(inner: dict, outer: dict, slack: float = 1.0) -> bool:
    return (
        inner["x"] >= outer["x"] - slack
        and inner["y"] >= outer["y"] - slack
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + slack
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + slack
    )


def _overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_the_personal_pages_small_map_shows_the_whole_line_with_no_key_over_it(servers, visit):
    server = servers("serve", EXCURSIONS_TILES="none", EXCURSIONS_TEST_TAG="qr-path")
    v = open_form(visit, server, "ejby-moelle-renseanlaeg")
    fill_form(v.page, "Kort Kigger", "kort.kigger@example.dk")
    tap_signup(v)
    link = v.page.get_by_role("link", name="Åbn dit personlige link").get_attribute("href")
    v.page.goto(link)
    v.wait_idle()
    frame = _map_frame(v)
    v.page.locator(MAP_FRAME).scroll_into_view_if_needed()
    area = frame.locator(".leaflet-container").bounding_box()
    line = frame.locator("path.excursion-route").bounding_box()
    assert _inside(line, area), (line, area)  # the whole line, top included
    assert frame.locator(".excursion-legend").count() == 0  # one line needs no key
    notice = frame.locator(".excursion-notice")
    assert notice.inner_text() and notice.is_visible()  # "no background map" still said...
    box = notice.bounding_box()
    assert box["y"] > area["y"] + area["height"] / 2  # ...in a bottom corner, not over the top


def test_a_selected_walk_in_the_crowded_centre_is_zoomed_to(servers, visit):
    server = servers("serve", EXCURSIONS_TILES="none")
    v = visit(server, viewport=PHONE, phone=True).open(f"/?route={CENTRAL_WALK}")
    frame = _map_frame(v)
    frame.locator(f"path.route-id-{CENTRAL_WALK}.is-selected").wait_for()
    frame.locator(SETTLED).wait_for()
    area = frame.locator(".leaflet-container").bounding_box()
    line = frame.locator(f"path.route-id-{CENTRAL_WALK}").bounding_box()
    assert _inside(line, area)
    # Big enough to find and tap: at least half the map's width or height.
    assert line["width"] >= area["width"] / 2 or line["height"] >= area["height"] / 2, (line, area)


def test_the_map_without_background_tiles_shows_no_loading_note_and_runs_no_animation(servers, visit):
    """The page's loading note went into the map's own frame too, where nothing hid it: "Siden
    hentes …" over a map without background tiles, and its bar moving at 60 frames a second
    for as long as the page was open (a quarter of a core, on every phone)."""
    server = servers("serve", EXCURSIONS_TILES="none")
    v = visit(server).open("/")
    frame = _map_frame(v)
    assert frame.locator(".leaflet-container").is_visible()
    assert frame.get_by_text("Siden hentes").count() == 0
    assert v.page.get_by_text("Siden hentes").is_visible() is False  # gone from the page, too
    running = "() => document.getAnimations().filter(a => a.playState === 'running').length"
    assert frame.evaluate(running) == 0
    assert v.page.evaluate(running) == 0
