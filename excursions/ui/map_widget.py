"""st_folium, with everything it sends computed once per state of the data.

st_folium re-renders the whole folium figure to JavaScript on every call (~150 ms
of one shared core for 24 routes, measured by bench/map.py). The base map only changes when
the routes, language or tiles change, so we render it once per such state, keep
what st_folium would send, and hand that to its component directly. The live
layer (selection now, seat badges later) goes through ``feature_group`` so the
map updates in place: same component key, no remount, no lost zoom.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import logging
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

import folium
import streamlit as st
import streamlit_folium as sf

from excursions.internals import mismatch
from excursions.mapview import Kiosk, build_map, live_group, live_state
from excursions.memo import memo
from excursions.ui.context import AppContext

DEFAULT_RETURNED = ("last_object_clicked", "last_active_drawing")

# show_map calls st_folium's component and its feature-group renderer directly: not public
# API, so held to the same check as serve mode's private patches (excursions.internals).
# A change upstream is named in the log at start and fails tests/test_folium_internals.py
# (which also compares the arguments st_folium passes with the ones show_map passes).
FOLIUM_REQUIRES = {"streamlit-folium": ">=0.27.4,<0.28"}
FOLIUM_TARGETS = {
    "streamlit_folium:st_folium": "d8bc43db4fa155aa",
    "streamlit_folium:_get_feature_group_string": "e976426fda05246d",
}
log = logging.getLogger("excursions.ui")


@functools.cache
def folium_internals_checked() -> str:
    """Why st_folium's internals may have moved (empty: they are as written for), said once
    per process in the log."""
    why = mismatch(FOLIUM_REQUIRES, FOLIUM_TARGETS)
    if why:
        log.warning("the map calls streamlit-folium's internals, which may have changed: %s", why)
    return why


@dataclass(frozen=True)
class MapPayload:
    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    bounds: dict
    zoom: int | None
    key: str

    @property
    def size(self) -> int:
        """Bytes of the base map sent to the browser (script, header, HTML)."""
        return len(self.script.encode()) + len(self.header.encode()) + len(self.html.encode())


def _links(m: folium.Map) -> tuple[tuple[str, ...], tuple[str, ...]]:
    css: list[str] = []
    js: list[str] = []

    def walk(element):
        css.extend(href for _, href in getattr(element, "default_css", []))
        js.extend(src for _, src in getattr(element, "default_js", []))
        for child in getattr(element, "_children", {}).values():
            walk(child)

    walk(m)
    return tuple(dict.fromkeys(css)), tuple(dict.fromkeys(js))


def prepare(m: folium.Map, key: str = "excursion-map") -> MapPayload:
    """What st_folium would send for this map (streamlit-folium 0.27), computed once."""
    m.get_root().render()
    m.render()
    html = sf._get_html(m)
    header = sf._get_header(m)
    script = sf._get_map_string(m)
    css, js = _links(m)
    (south, west), (north, east) = m.get_bounds()
    bounds = {"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}}
    return MapPayload(
        script=script,
        header=header,
        html=html,
        map_id=sf.get_full_id(m),
        css_links=css,
        js_links=js,
        bounds=bounds,
        zoom=m.options.get("zoom"),
        key=sf.generate_js_hash(script, key, False),
    )


@memo(maxsize=16, key=lambda state, build: state)
def cached_payload(state: Hashable, build: Callable[[], folium.Map]) -> MapPayload:
    """One payload per state (routes version, language, tiles): shared by all sessions."""
    return prepare(build())


def page_map(
    ctx: AppContext,
    lang: str,
    *,
    kiosk: Kiosk | None = None,
    feed: str | None = None,
    live_seats: bool = False,
) -> MapPayload:
    """The event's base map for a page, built once per state of routes, language and settings.
    live_seats: its badges follow the page's seat follower (live_seats.follow_seats, which
    the page must put in too) without a script run."""
    tiles, attribution = ctx.tiles
    venue = ctx.event.venue
    static_prefix = ctx.settings.static_prefix
    return cached_payload(
        (ctx.routes.version, lang, tiles, attribution, static_prefix, kiosk, feed, live_seats),
        lambda: build_map(
            ctx.routes.routes,
            lang,
            tiles=tiles,
            attribution=attribution,
            venue=(venue.lat, venue.lon, venue.name),
            static_prefix=static_prefix,
            kiosk=kiosk,
            feed=feed,
            seats=live_seats,
        ),
    )


def feature_group_script(group: folium.FeatureGroup) -> str:
    """The live layer's JavaScript, rendered against a throwaway map (never the cached one)."""
    scratch = folium.Map(tiles=None)
    return sf._get_feature_group_string(group, map=scratch, idx=0)


@functools.lru_cache(maxsize=512)
def _live_script(visible: tuple[str, ...] | None, selected: str | None, badges: tuple, tick: str) -> str:
    return feature_group_script(live_group(visible, selected, dict(badges), tick))


def live_layer(
    visible: Sequence[str] | None,
    selected: str | None,
    badges: dict[str, tuple[str, str]],
    tick: str = "",
) -> str:
    """The live layer for this state, rendered once per distinct state for all sessions:
    within a refresh most sessions show the same counts, and rendering folium elements
    (template compilation, deep copies) was a visible share of a rush's CPU."""
    return _live_script(
        tuple(visible) if visible is not None else None, selected, tuple(sorted(badges.items())), tick
    )


def show_map(
    payload: MapPayload,
    *,
    live_layer: str | None = None,
    height: int = 560,
    returned_objects: tuple[str, ...] = DEFAULT_RETURNED,
    on_change: Callable[[], None] | None = None,
) -> dict:
    """Render the cached map; returns st_folium's value (clicks etc.)."""
    defaults = {
        "last_clicked": None,
        "last_object_clicked": None,
        "last_active_drawing": None,
        "bounds": payload.bounds,
        "zoom": payload.zoom,
    }
    folium_internals_checked()
    return sf._component_func(
        script=payload.script,
        header=payload.header,
        html=payload.html,
        id=payload.map_id,
        key=payload.key,
        height=height,
        width=None,
        # Tuples, not lists: Streamlit checks every list argument for being a dataframe
        # (~40 us each, per run); the JSON the component gets is the same.
        returned_objects=tuple(returned_objects),
        default={k: v for k, v in defaults.items() if k in returned_objects},
        zoom=None,
        center=None,
        feature_group=live_layer,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=tuple(payload.css_links),
        js_links=tuple(payload.js_links),
        on_change=on_change,
        wrap_longitude=False,
    )


FEED = "[data-excursion-live]"  # the CSS selector a map built with feed=FEED reads


def live_feed(
    visible: Sequence[str] | None,
    selected: str | None,
    badges: dict[str, tuple[str, str]],
    read_at: dt.datetime | None = None,
) -> None:
    """Write the map's live state where a map built with ``feed=FEED`` reads it.

    JSON as the text of a hidden element (HTML-escaped; hidden by static/app.css): the
    map iframe parses it. Lets a live fragment leave the map out, so a refresh does not
    re-send the map's ~40 KB.
    """
    state = live_state(visible, selected, badges, read_at=read_at)
    text = json.dumps(state, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    st.html(f"<div data-excursion-live hidden>{html.escape(text)}</div>")


def clicked_route_id(value: dict | None) -> str | None:
    """The route id of the last clicked map feature, if it was a route or its marker."""
    drawing = (value or {}).get("last_active_drawing") or {}
    route_id = (drawing.get("properties") or {}).get("id")
    return route_id if isinstance(route_id, str) else None


def route_map(
    ctx: AppContext, lang: str, route, *, label: str, height: int = 280, version: str | None = None
) -> None:
    """A small map of one excursion (the personal link page; the organiser's preview, whose
    `version` changes with its line): built once per route and state."""
    tiles, attribution = ctx.tiles
    venue = ctx.event.venue
    state = version or ctx.routes.version
    payload = cached_payload(
        (state, lang, tiles, attribution, ctx.settings.static_prefix, "one", route.id),
        lambda: build_map(
            [route],
            lang,
            tiles=tiles,
            attribution=attribution,
            venue=(venue.lat, venue.lon, venue.name),
            static_prefix=ctx.settings.static_prefix,
            single=True,
        ),
    )
    st.caption(label)
    show_map(payload, height=height, returned_objects=())
