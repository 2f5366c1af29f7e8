"""The folium map as the browser gets it: local assets, styles per mode, escaped text."""

from __future__ import annotations

import json
import re

import pytest

from excursions.mapview import MODE_STYLES, build_map, escape_text, live_group
from excursions.routes import load_routes, parse_route
from excursions.ui.map_widget import feature_group_script, prepare
from tests.conftest import ROOT, SHIPPED_ROUTES, route_doc

HOSTILE = "<img src=x onerror=alert(1)> ${alert(2)} `tick` C:\\path\\2019"


@pytest.fixture(scope="module")
def shipped(area):
    return load_routes(SHIPPED_ROUTES, area).routes


def payload(routes, tiles="none", lang="da"):
    return prepare(build_map(routes, lang, tiles=tiles, attribution="© Test", venue=(55.379, 10.428, "OCC")))


def test_assets_are_local_and_nothing_points_at_a_cdn(shipped):
    p = payload(shipped, tiles="https://tiles.example.org/{z}/{x}/{y}.png")
    assert p.js_links == ("/app/static/vendor/leaflet/leaflet.js",)
    assert p.css_links == ("/app/static/vendor/leaflet/leaflet.css",)
    hosts = set(re.findall(r"https?://([^/\"'\s]+)", p.script + p.header + p.html))
    assert hosts == {"tiles.example.org"}


def test_tiles_none_means_no_tile_layer(shipped):
    p = payload(shipped, tiles="none")
    assert "tileLayer" not in p.script and "http" not in p.script


def test_modes_differ_in_colour_and_in_line_pattern():
    colours = {s.color for s in MODE_STYLES.values()}
    patterns = {(s.dash, s.weight) for s in MODE_STYLES.values()}
    assert len(colours) == len(patterns) == len(MODE_STYLES)


def test_every_route_is_in_the_map_once(shipped):
    p = payload(shipped)
    for route in shipped:
        assert p.script.count(f'"id":"{route.id}"') == 1


def test_hostile_text_reaches_the_map_only_as_json_data(area):
    route = parse_route(
        json.dumps(route_doc(title_da=HOSTILE, stops=[(HOSTILE, 10.389, 55.396)])), "h.geojson"
    )
    p = payload([route])
    assert "<img" not in p.script and "\\u003cimg" in p.script
    # ${...} and backticks only ever appear inside double-quoted JSON strings
    for match in re.finditer(r"\$\{alert|`tick`", p.script):
        line = p.script[p.script.rfind("\n", 0, match.start()) + 1 : p.script.find("\n", match.end())]
        assert line.count('"') >= 2, line


def test_escape_text_neutralises_html_and_template_literals():
    assert escape_text(HOSTILE) == (
        "&lt;img src=x onerror=alert(1)&gt; &#36;{alert(2)} &#96;tick&#96; C:&#92;path&#92;2019"
    )


def test_browser_geometry_is_simplified_and_rounded(shipped):
    p = payload(shipped)
    vertices = sum(len(r.line_parts()[0]) for r in shipped)
    coords = re.findall(r"\[(\d+\.\d+),(\d+\.\d+)\]", p.script)
    assert coords and len(coords) < vertices
    assert all(len(x.split(".")[1]) <= 5 and len(y.split(".")[1]) <= 5 for x, y in coords)


def test_the_base_map_is_the_same_for_the_same_data(shipped):
    # Same key -> st_folium keeps its iframe: no reload, no lost zoom.
    assert payload(shipped).key == payload(shipped).key
    assert payload(shipped, lang="en").key != payload(shipped).key


def test_live_layer_carries_filter_and_selection():
    script = feature_group_script(
        live_group(["a-route", "b-route"], "a-route", {"a-route": ("3 ledige", "few")})
    )
    assert (
        'excursionApply({"badges": {"a-route": ["3 ledige", "few"]}, "selected": "a-route", '
        '"visible": ["a-route", "b-route"]})'
    ) in script


def test_the_map_runs_the_asset_files_as_they_are_on_disk():
    """The JavaScript and CSS Biome checks (excursions/map_assets) are what the page sends."""
    html = (
        build_map(load_routes(SHIPPED_ROUTES).routes, "da", tiles="none", attribution="").get_root().render()
    )
    assets = ROOT / "excursions" / "map_assets"
    for name in ("layer.js", "legend.js", "tile_notice.js", "map.css"):
        assert (assets / name).read_text() in html, name


def test_the_leaflet_method_the_map_replaces_is_the_one_it_was_written_for():
    """layer.js replaces Leaflet's Keyboard._onMouseDown (focus without scrolling the page),
    on Leaflet 1.9.4 only. A new vendored Leaflet must be looked at: does it still scroll?"""
    leaflet = (ROOT / "static" / "vendor" / "leaflet" / "leaflet.js").read_text()
    assert 'version="1.9.4"' in leaflet
    assert (
        "_onMouseDown:function(){var t,e,i;this._focused||(i=document.body,t=document.documentElement,"
        "e=i.scrollTop||t.scrollTop,i=i.scrollLeft||t.scrollLeft,this._map._container.focus(),"
        "window.scrollTo(i,e))}"
    ) in leaflet
    layer = (ROOT / "excursions" / "map_assets" / "layer.js").read_text()
    assert 'L.version === "1.9.4"' in layer and "focus({ preventScroll: true })" in layer
