"""The folium map of all excursions: styles per mode, legend, markers, local assets.

Text from route files never goes through folium's templates: route data travels
as JSON (Jinja's ``tojson`` escapes ``<``, ``>``, ``&`` and ``'``) and labels are
set with ``textContent`` in the browser, so a title like ``<img onerror=…>`` or
``${alert(1)}`` is shown, never run. Text that must go into HTML (legend,
attribution, notices) goes through :func:`escape_text` first.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

import folium
import numpy as np
import shapely
from branca.element import MacroElement
from jinja2 import Template
from jinja2.utils import htmlsafe_json_dumps

from excursions.i18n import format_duration, format_km, mode_label, t
from excursions.routes import METRIC_CRS, Mode, Route

SIMPLIFY_M = 5.0  # tolerance for the browser copy of each line, in EPSG:25832 metres
DECIMALS = 5  # ~1 m at Odense's latitude


@dataclass(frozen=True)
class ModeStyle:
    color: str
    dash: str | None  # SVG dash pattern; None = solid
    weight: int


# Okabe-Ito colours (safe for colour-blind readers) plus a distinct line pattern per
# mode, so the modes still differ in greyscale print.
MODE_STYLES: dict[Mode, ModeStyle] = {
    Mode.WALK: ModeStyle("#009E73", "2 9", 5),
    Mode.BIKE: ModeStyle("#0072B2", "14 8", 5),
    Mode.BUS: ModeStyle("#D55E00", None, 6),
}
VENUE_COLOR = "#222222"


def escape_text(text: str) -> str:
    """Escape for HTML and for JavaScript template literals: folium puts text into template
    literals and innerHTML, where `${…}`, a backtick or a backslash before a digit run or
    break the whole map."""
    return (
        html.escape(str(text), quote=True).replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")
    )


def compact_json(value: object) -> str:
    return str(htmlsafe_json_dumps(value, separators=(",", ":"), ensure_ascii=False))


def vendor_url(prefix: str, path: str) -> str:
    return f"{prefix.rstrip('/')}/vendor/{path}"


class LocalMap(folium.Map):
    """A folium Map whose Leaflet comes from our own static files, never a CDN.

    A subclass rather than mutating folium.Map.default_js, which is module-global.
    """

    def __init__(self, *args, static_prefix: str = "/app/static", **kwargs):
        super().__init__(*args, **kwargs)
        self.default_js = [("leaflet", vendor_url(static_prefix, "leaflet/leaflet.js"))]
        self.default_css = [("leaflet_css", vendor_url(static_prefix, "leaflet/leaflet.css"))]


def browser_coords(route: Route) -> list[list[list[float]]]:
    """The line parts simplified to a few metres and rounded, for the browser only."""
    import geopandas as gpd

    series = gpd.GeoSeries([route.geometry], crs="EPSG:4326").to_crs(METRIC_CRS)
    simple = series.simplify(SIMPLIFY_M, preserve_topology=False).to_crs("EPSG:4326").iloc[0]
    simple = shapely.transform(simple, lambda xy: np.round(xy, DECIMALS))
    parts = simple.geoms if simple.geom_type == "MultiLineString" else [simple]
    return [[[x, y] for x, y in part.coords] for part in parts]


def routes_geojson(routes: Sequence[Route], lang: str) -> dict:
    """Lines as a FeatureCollection with the few properties the map needs."""
    features = []
    for r in routes:
        parts = browser_coords(r)
        mid = (
            r.geometry.interpolate(0.5, normalized=True)
            if r.geometry.geom_type == "LineString"
            else (r.geometry.geoms[0].interpolate(0.5, normalized=True))
        )
        geometry = (
            {"type": "LineString", "coordinates": parts[0]}
            if len(parts) == 1
            else {"type": "MultiLineString", "coordinates": parts}
        )
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "id": r.id,
                    "mode": r.mode.value,
                    "mid": [round(mid.y, DECIMALS), round(mid.x, DECIMALS)],
                    "label": (
                        f"{r.title(lang)} · {mode_label(r.mode, lang)} · {format_km(r.length_m, lang)}"
                        f" · {format_duration(r.duration_min, lang)}"
                    ),
                },
                "geometry": geometry,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _markers(routes: Sequence[Route], lang: str) -> list[dict]:
    out = []
    for r in routes:
        lat, lon = r.start
        out.append(
            {
                "kind": "start",
                "mode": r.mode.value,
                "lat": round(lat, DECIMALS),
                "lon": round(lon, DECIMALS),
                "label": f"{t('start', lang)}: {r.title(lang)}",
                "route": r.id,
            }
        )
        for s in r.stops:
            out.append(
                {
                    "kind": "stop",
                    "mode": r.mode.value,
                    "lat": round(s.lat, DECIMALS),
                    "lon": round(s.lon, DECIMALS),
                    "label": f"{s.label(lang)} ({r.title(lang)})",
                    "route": r.id,
                }
            )
    return out


class ExcursionLayer(MacroElement):
    """All routes in one GeoJSON layer, with start/stop markers and the venue.

    The GeoJSON layer is what st_folium reports on click (``last_active_drawing``
    carries the feature's ``id``). Markers are not interactive, so a click on a
    start dot falls through to the map instead of being mistaken for a route.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var styles = {{ this.styles | tojson }};
  function label(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }
  var selectedId = null;
  function styleFor(f, hover) {
    var s = styles[f.properties.mode];
    var selected = f.properties.id === selectedId;
    return {color: s.color, weight: s.weight + (selected ? 3 : 0) + (hover ? 3 : 0),
            opacity: selectedId && !selected ? 0.6 : 0.95, dashArray: s.dash,
            lineCap: "round", lineJoin: "round",
            className: "excursion-route excursion-route--" + f.properties.mode +
                       " route-id-" + f.properties.id};
  }
  var byId = {};
  var layer = L.geoJSON({{ this.data_json }}, {
    style: function (f) { return styleFor(f, false); },
    onEachFeature: function (f, l) {
      byId[f.properties.id] = l;
      l.bindTooltip(label(f.properties.label), {sticky: true});
      l.on("mouseover", function () { l.setStyle(styleFor(f, true)); });
      l.on("mouseout", function () { l.setStyle(styleFor(f, false)); });
    }
  });
  {{ this.get_name() }} = layer;
  var markers = L.layerGroup();
  var markersById = {};
  {{ this.markers_json }}.forEach(function (m) {
    var s = styles[m.mode];
    var start = m.kind === "start";
    var marker = L.circleMarker([m.lat, m.lon], {
      radius: start ? 7 : 5, color: start ? "#ffffff" : s.color, weight: 2,
      fillColor: start ? s.color : "#ffffff", fillOpacity: 1, interactive: true,
      bubblingMouseEvents: false,
      className: "excursion-marker excursion-marker--" + m.kind
    });
    marker.feature = {type: "Feature", properties: {id: m.route, kind: m.kind}};
    marker.bindTooltip(label(m.label)).addTo(markers);
    (markersById[m.route] = markersById[m.route] || []).push(marker);
  });
  map.createPane("excursionHalo").style.zIndex = 390;
  var halo = L.layerGroup().addTo(map);
  var badges = {};
  var badgeLayer = L.layerGroup().addTo(map);
  // The component iframe may still be 0 px tall when this runs: keep the wanted
  // view and apply it as soon as the map has a size.
  var pending = null;
  function fitTo(bounds, padding) {
    pending = [bounds, padding];
    map.invalidateSize();
    if (map.getSize().y > 0) { map.fitBounds(bounds, {padding: [padding, padding]}); pending = null; }
  }
  var sizeTimer = setInterval(function () {
    if (pending) { fitTo(pending[0], pending[1]); } else { clearInterval(sizeTimer); }
  }, 100);
  {%- if this.fit %}
  fitTo(layer.getBounds(), 12);
  {%- endif %}
  var lastVisible = null;
  // Called by the live layer with {visible: [ids] or null, selected: id or null}:
  // filters and selection change the map in place, without rebuilding it.
  window.excursionApply = function (state) {
    window.excursionSeats = state.badges || {};
    window.excursionLastUpdate = Date.now();
    var visible = state.visible ? new Set(state.visible) : null;
    selectedId = state.selected || null;
    Object.keys(byId).forEach(function (id) {
      var l = byId[id];
      var show = !visible || visible.has(id);
      if (show && !layer.hasLayer(l)) { layer.addLayer(l); }
      if (!show && layer.hasLayer(l)) { layer.removeLayer(l); }
      (markersById[id] || []).forEach(function (mk) {
        if (show && !markers.hasLayer(mk)) { markers.addLayer(mk); }
        if (!show && markers.hasLayer(mk)) { markers.removeLayer(mk); }
      });
      if (show) {
        l.setStyle(styleFor(l.feature, false));
        var el = l.getElement && l.getElement();
        if (el) { el.classList.toggle("is-selected", id === selectedId); }
      }
    });
    Object.keys(state.badges || {}).forEach(function (id) {
      var l = byId[id];
      if (!l) { return; }
      var b = badges[id];
      if (!b) {
        b = badges[id] = L.marker(l.feature.properties.mid, {interactive: false, keyboard: false,
          icon: L.divIcon({className: "seat-badge-icon", iconSize: null,
                           html: '<span class="seat-badge"></span>'})});
      }
      var show = !visible || visible.has(id);
      if (show && !badgeLayer.hasLayer(b)) { badgeLayer.addLayer(b); }
      if (!show && badgeLayer.hasLayer(b)) { badgeLayer.removeLayer(b); }
      var el = b.getElement() && b.getElement().querySelector(".seat-badge");
      if (el) {
        el.textContent = state.badges[id][0];
        el.setAttribute("data-level", state.badges[id][1]);
        el.setAttribute("data-route", id);
      }
    });
    halo.clearLayers();
    var sel = selectedId && byId[selectedId];
    if (sel && layer.hasLayer(sel)) {
      L.polyline(sel.getLatLngs(), {pane: "excursionHalo", color: "#000000", interactive: false,
        weight: styles[sel.feature.properties.mode].weight + 9, opacity: 0.35}).addTo(halo);
      sel.bringToFront();
      if (pending || !map.getBounds().contains(sel.getBounds())) { fitTo(sel.getBounds(), 24); }
    }
    var key = state.visible ? state.visible.join(",") : "*";
    if (lastVisible !== null && key !== lastVisible && layer.getLayers().length && !sel) {
      fitTo(layer.getBounds(), 12);
    }
    lastVisible = key;
  };
  layer.addTo(map);
  markers.addTo(map);
  {%- if this.feed %}
  // The live state (filter, selection, seats) arrives without re-sending this map: the
  // page writes it as JSON text into a hidden element of its own, and this iframe (same
  // origin) reads it a few times a second. A refresh then re-sends a few hundred bytes
  // instead of the whole map; the state is data, parsed, never inserted as markup.
  var feedText = null;
  var feedState = null;
  var lastApplied = null;
  function readFeed() {
    var el = null;
    try {
      el = window.parent.document.querySelector({{ this.feed | tojson }});
    } catch (e) { return; }
    if (!el) { return; }
    var text = el.textContent;
    if (text !== feedText) {
      feedText = text;
      try { feedState = JSON.parse(text); } catch (e) { feedState = null; }
    }
    if (feedState && lastApplied !== feedState) { window.excursionApply(feedState); }
  }
  var applyState = window.excursionApply;
  window.excursionApply = function (state) { lastApplied = state; applyState(state); };
  setInterval(readFeed, 250);
  setTimeout(readFeed, 0);
  {%- endif %}

})();
var {{ this.get_name() }};
{% endmacro %}
"""
    )

    def __init__(
        self,
        routes: Sequence[Route],
        lang: str,
        venue: dict | None,
        fit: bool = True,
        feed: str | None = None,
    ):
        super().__init__()
        self._name = "ExcursionLayer"
        self.feed = feed
        self.styles = {
            m.value: {"color": s.color, "dash": s.dash, "weight": s.weight} for m, s in MODE_STYLES.items()
        }
        # Compact, HTML-safe JSON (<, >, &, ' escaped): the bulk of the map's bytes.
        self.data_json = compact_json(routes_geojson(routes, lang))
        self.markers_json = compact_json(_markers(routes, lang))
        self.venue = venue
        self.venue_color = VENUE_COLOR
        self.fit = fit and bool(routes)


class Legend(MacroElement):
    """Mode legend with line samples: the same colour and dash as the map lines."""

    _template = Template(
        """
{% macro header(this, kwargs) %}
<style>
.excursion-legend, .excursion-notice {
  background: rgba(255,255,255,0.94); color: #1a1a1a; padding: 6px 10px;
  border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,0.35);
  font: 14px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
.excursion-legend h2 { font-size: 14px; margin: 0 0 4px; }
.excursion-legend ul { list-style: none; margin: 0; padding: 0; }
.excursion-legend li { display: flex; align-items: center; gap: 8px; }
.excursion-notice { max-width: 260px; }
.excursion-notice[hidden] { display: none; }
.excursion-venue { background: none; border: none; }
.seat-badge-icon { background: none; border: none; }
.seat-badge {
  display: inline-block; transform: translate(-50%, -50%); white-space: nowrap;
  font: 600 12px/1.2 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  padding: 1px 5px; border-radius: 9px; min-width: 12px; text-align: center; border: 1px solid #ffffff;
  background: #1b5e20; color: #ffffff; box-shadow: 0 1px 3px rgba(0,0,0,0.4);
}
.seat-badge[data-level="few"] { background: #8a4b00; }
.seat-badge--sample { transform: none; }
.seat-badge[data-level="full"] { background: #7a0019; }
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function () {
  var legend = L.control({position: "bottomleft"});
  legend.onAdd = function () {
    var div = L.DomUtil.create("div", "excursion-legend");
    div.innerHTML = {{ this.html | tojson }};
    return div;
  };
  legend.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
"""
    )

    def __init__(self, lang: str):
        super().__init__()
        self._name = "Legend"
        items = []
        for mode, style in MODE_STYLES.items():
            dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
            items.append(
                '<li><svg width="44" height="12" aria-hidden="true">'
                f'<line x1="3" y1="6" x2="41" y2="6" stroke="{style.color}" '
                f'stroke-width="{style.weight}" stroke-linecap="round"{dash}/></svg>'
                f"{escape_text(mode_label(mode, lang))}</li>"
            )
        items.append(
            f'<li><span style="width:44px;text-align:center"><span class="seat-badge seat-badge--sample">'
            f"12</span></span>{escape_text(t('seats_legend', lang))}</li>"
        )
        items.append(
            f'<li><svg width="44" height="16" aria-hidden="true"><path transform="translate(14 0) '
            f'scale(0.66)" d="M12 2l2.9 6.6 7.1.6-5.4 4.7 1.6 7-6.2-3.7-6.2 3.7 1.6-7L2 9.2l7.1-.6z" '
            f'fill="{VENUE_COLOR}"/></svg>{escape_text(t("venue", lang))}</li>'
        )
        self.html = f"<h2>{escape_text(t('legend', lang))}</h2><ul>{''.join(items)}</ul>"


class TileNotice(MacroElement):
    """Tells the viewer when background tiles fail (offline venue) while routes stay."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var notice = L.control({position: "topright"});
  var div;
  notice.onAdd = function () {
    div = L.DomUtil.create("div", "excursion-notice");
    div.setAttribute("role", "status");
    div.textContent = {{ this.message | tojson }};
    div.hidden = {{ 'false' if this.always else 'true' }};
    return div;
  };
  notice.addTo(map);
  {%- if this.tile_layer %}
  var failed = 0;
  var tiles = {{ this.tile_layer.get_name() }};
  tiles.on("tileerror", function () { failed += 1; if (failed >= 2) { div.hidden = false; } });
  tiles.on("tileload", function () { failed = 0; div.hidden = true; });
  {%- endif %}
})();
{% endmacro %}
"""
    )

    def __init__(self, message: str, tile_layer: folium.TileLayer | None, always: bool):
        super().__init__()
        self._name = "TileNotice"
        self.message = message
        self.tile_layer = tile_layer
        self.always = always


class KioskTour(MacroElement):
    """Projector mode: a slow tour that flies to each excursion in turn, with a big caption,
    and a discreet 'reconnecting' notice when live updates stop arriving.

    It runs in the browser on its own timer, so the server does no work for it and the
    tour keeps going (and does not drift) however long the page is open.
    """

    _template = Template(
        """
{% macro header(this, kwargs) %}
<style>
.kiosk-caption {
  background: var(--kiosk-bg, rgba(255,255,255,0.95)); color: var(--kiosk-fg, #000);
  padding: 14px 20px; border-radius: 10px; box-shadow: 0 2px 10px rgba(0,0,0,0.35);
  font: 600 30px/1.25 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 44vw;
}
.kiosk-caption .kiosk-facts { font-weight: 500; font-size: 24px; margin-top: 6px; }
.kiosk-caption .kiosk-seats { font-size: 26px; margin-top: 6px; }
.kiosk-caption[data-full="true"] .kiosk-seats { color: #b00020; }
.kiosk-reconnecting {
  background: rgba(0,0,0,0.7); color: #fff; padding: 4px 10px; border-radius: 6px;
  font: 16px system-ui, sans-serif;
}
.kiosk-reconnecting[hidden] { display: none; }
.leaflet-container.kiosk-dark { background: #0d1117; }
.kiosk-dark .leaflet-tile-pane { filter: invert(1) hue-rotate(180deg) brightness(0.9) contrast(0.9); }
.kiosk-dark .kiosk-caption, .kiosk-dark .excursion-legend {
  --kiosk-bg: rgba(13,17,23,0.92); --kiosk-fg: #f0f6fc; background: rgba(13,17,23,0.92); color: #f0f6fc;
}
.kiosk .excursion-legend { font-size: 20px; }
.kiosk .excursion-legend h2 { font-size: 20px; }
.kiosk .seat-badge { font-size: 16px; padding: 2px 7px; }
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var stops = {{ this.stops_json }};
  var words = {{ this.words_json }};
  var container = map.getContainer();
  container.classList.add("kiosk");
  // The page sizes the iframe to the screen; the map fills the iframe.
  container.style.height = "100vh";
  document.body.style.margin = "0";
  map.invalidateSize();
  window.addEventListener("resize", function () { map.invalidateSize(); });
  {%- if this.dark %}
  container.classList.add("kiosk-dark");
  {%- endif %}
  var caption, title, facts, seats;
  var control = L.control({position: "bottomright"});
  control.onAdd = function () {
    caption = L.DomUtil.create("div", "kiosk-caption");
    caption.setAttribute("aria-live", "polite");
    title = L.DomUtil.create("div", "kiosk-title", caption);
    facts = L.DomUtil.create("div", "kiosk-facts", caption);
    seats = L.DomUtil.create("div", "kiosk-seats", caption);
    return caption;
  };
  control.addTo(map);
  var notice = L.control({position: "topright"});
  var noticeDiv;
  notice.onAdd = function () {
    noticeDiv = L.DomUtil.create("div", "kiosk-reconnecting");
    noticeDiv.textContent = words.reconnecting;
    noticeDiv.hidden = true;
    return noticeDiv;
  };
  notice.addTo(map);
  var bounds = {};
  map.eachLayer(function (l) {
    if (l.feature && l.feature.properties && l.getBounds && l.feature.properties.mode) {
      bounds[l.feature.properties.id] = l.getBounds();
    }
  });
  var index = -1;
  function seatText(id) {
    var s = (window.excursionSeats || {})[id];
    if (!s) { return ["", false]; }
    return s[1] === "full" ? [words.full, true] : [s[0] + " " + words.seats, false];
  }
  function show(stop) {
    var st = seatText(stop.id);
    title.textContent = stop.title;
    facts.textContent = stop.facts;
    seats.textContent = st[0];
    caption.setAttribute("data-route", stop.id);
    caption.setAttribute("data-full", st[1] ? "true" : "false");
  }
  function next() {
    if (!stops.length) { return; }
    index = (index + 1) % stops.length;
    var stop = stops[index];
    show(stop);
    if (bounds[stop.id]) {
      map.flyToBounds(bounds[stop.id], {padding: [60, 60], duration: Math.min(2.5, {{ this.seconds }} / 3),
                                       maxZoom: 14});
    }
  }
  // Keep the caption's seat count current between moves.
  setInterval(function () {
    if (index >= 0) { show(stops[index]); }
    var quiet = Date.now() - (window.excursionLastUpdate || Date.now());
    noticeDiv.hidden = quiet < {{ this.stale_ms }};
  }, 1000);
  var started = false;
  function start() {
    if (started || map.getSize().y === 0) { return; }
    started = true;
    next();
    setInterval(next, {{ this.seconds }} * 1000);
  }
  var wait = setInterval(function () { start(); if (started) { clearInterval(wait); } }, 200);
})();
{% endmacro %}
"""
    )

    def __init__(self, stops: list[dict], words: dict, seconds: int, stale_ms: int, dark: bool):
        super().__init__()
        self._name = "KioskTour"
        self.stops_json = compact_json(stops)
        self.words_json = compact_json(words)
        self.seconds = int(seconds)
        self.stale_ms = int(stale_ms)
        self.dark = dark


@dataclass(frozen=True)
class Kiosk:
    """Projector settings for :func:`build_map`."""

    tour_seconds: int = 12
    refresh_seconds: int = 5
    dark: bool = False
    tz: object = None


def tour_stops(routes: Sequence[Route], lang: str, tz=None) -> list[dict]:
    from excursions.i18n import format_time

    return [
        {
            "id": r.id,
            "title": r.title(lang),
            "facts": f"{mode_label(r.mode, lang)} · {format_km(r.length_m, lang)} · "
            f"{t('departure', lang).lower()} {format_time(r.departure, tz)}",
        }
        for r in routes
    ]


def build_map(
    routes: Sequence[Route],
    lang: str,
    *,
    tiles: str,
    attribution: str,
    venue: tuple[float, float, str] | None = None,
    static_prefix: str = "/app/static",
    kiosk: Kiosk | None = None,
    feed: str | None = None,
) -> folium.Map:
    """The base map: everything that does not change while the page is open.

    With kiosk, nothing on the map reacts to touch or mouse and a tour runs on its own.
    With feed (a CSS selector in the page), the map follows the live state the page writes there
    (see map_widget.live_feed) instead of a live layer re-sent with the map.
    """
    center = (55.3959, 10.3885) if not routes else routes[0].start
    still = (
        {
            "dragging": False,
            "scroll_wheel_zoom": False,
            "double_click_zoom": False,
            "box_zoom": False,
            "keyboard": False,
            "touch_zoom": False,
            "zoom_control": False,
        }
        if kiosk
        else {}
    )
    m = LocalMap(
        location=center,
        zoom_start=12,
        tiles=None,
        control_scale=not kiosk,
        static_prefix=static_prefix,
        prefer_canvas=False,
        zoom_snap=0.25,
        zoom_delta=0.5,
        **still,
    )
    tile_layer = None
    if tiles and tiles.lower() != "none":
        tile_layer = folium.TileLayer(
            tiles=tiles,
            attr=escape_text(attribution or "Map tiles"),
            name="background",
            max_zoom=19,
            control=False,
        )
        tile_layer.add_to(m)
    venue_data = (
        {"lat": venue[0], "lon": venue[1], "label": f"{t('venue', lang)}: {venue[2]}"} if venue else None
    )
    m.add_child(ExcursionLayer(routes, lang, venue_data, feed=feed))
    m.add_child(Legend(lang))
    off = tile_layer is None
    m.add_child(TileNotice(t("tiles_off" if off else "tiles_unavailable", lang), tile_layer, off))
    if kiosk:
        words = {
            "seats": t("seats_legend", lang),
            "full": t("seats_full_short", lang),
            "reconnecting": t("reconnecting", lang),
        }
        m.add_child(
            KioskTour(
                tour_stops(routes, lang, kiosk.tz),
                words,
                kiosk.tour_seconds,
                3 * kiosk.refresh_seconds * 1000 + 2000,
                kiosk.dark,
            )
        )
    return m


def live_state(
    visible: Sequence[str] | None, selected: str | None, badges: dict | None, tick: str = ""
) -> dict:
    """What window.excursionApply takes: via the live layer (LiveState) or the page's feed."""
    state = {
        "visible": list(visible) if visible is not None else None,
        "selected": selected,
        "badges": badges or {},
    }
    if tick:
        state["tick"] = tick
    return state


class LiveState(MacroElement):
    """The live part of the map: which routes are shown and which is selected."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
if (window.excursionApply) { window.excursionApply({{ this.state | tojson }}); }
{% endmacro %}
"""
    )

    def __init__(
        self, visible: Sequence[str] | None, selected: str | None, badges: dict | None, tick: str = ""
    ):
        super().__init__()
        self._name = "LiveState"
        self.state = live_state(visible, selected, badges, tick)


def live_group(
    visible: Sequence[str] | None,
    selected: str | None,
    badges: dict[str, tuple[str, str]] | None = None,
    tick: str = "",
) -> folium.FeatureGroup:
    """A feature group for st_folium's live layer: changing it updates the map in place.

    badges maps a route id to (text, level) for its seat badge; a changing tick tells a
    projector that updates still arrive (see KioskTour).
    """
    group = folium.FeatureGroup(name="live", control=False)
    group.add_child(LiveState(visible, selected, badges, tick))
    return group
