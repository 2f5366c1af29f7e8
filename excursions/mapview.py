"""The folium map of all excursions: styles per mode, legend, markers, local assets.

Text from route files never goes through folium's templates: route data travels
as JSON (Jinja's ``tojson`` escapes ``<``, ``>``, ``&`` and ``'``) and labels are
set with ``textContent`` in the browser, so a title like ``<img onerror=…>`` or
``${alert(1)}`` is shown, never run. Text that must go into HTML (legend,
attribution, notices) goes through :func:`escape_text` first.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
from collections.abc import Sequence
from dataclasses import dataclass

import folium
import numpy as np
import shapely
from branca.element import MacroElement
from jinja2 import Environment, PackageLoader
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from excursions.i18n import format_duration, format_km, mode_label, t
from excursions.routes import METRIC_CRS, Mode, Route

# The map's JavaScript and CSS are files of their own (linted and formatted by Biome, see
# biome.json); small Jinja templates there put them into folium's page with their data.
_LOADER = PackageLoader("excursions", "map_assets")
ASSETS = Environment(loader=_LOADER, autoescape=False, keep_trailing_newline=True)


@functools.cache
def asset(name: str) -> Markup:
    """A JavaScript or CSS file as it is on disk (not parsed as a template), read once per
    process: the seat follower puts its script into every page run."""
    return Markup(_LOADER.get_source(ASSETS, name)[0])


ASSETS.globals["asset"] = asset

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

    _template = ASSETS.get_template("layer.j2")

    def __init__(
        self,
        routes: Sequence[Route],
        lang: str,
        venue: dict | None,
        fit: bool = True,
        feed: str | None = None,
        seats: bool = False,
        padding: int = 12,
    ):
        """padding: pixels kept free around the lines when the map fits them."""
        super().__init__()
        self._name = "ExcursionLayer"
        self.feed = feed
        self.styles = {
            m.value: {"color": s.color, "dash": s.dash, "weight": s.weight} for m, s in MODE_STYLES.items()
        }
        # Compact, HTML-safe JSON (<, >, &, ' escaped): the route data is the bulk of the map's bytes.
        self.config_json = compact_json(
            {
                "styles": self.styles,
                "data": routes_geojson(routes, lang),
                "markers": _markers(routes, lang),
                "fit": fit and bool(routes),
                "padding": padding,
                "feed": feed,
                "seats": seats,
                "venue": venue and {**venue, "color": VENUE_COLOR},
            }
        )


class Legend(MacroElement):
    """Mode legend with line samples: the same colour and dash as the map lines."""

    _template = ASSETS.get_template("legend.j2")

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
            f'scale(0.66)" class="legend-venue" '
            'd="M12 2l2.9 6.6 7.1.6-5.4 4.7 1.6 7-6.2-3.7-6.2 3.7 1.6-7L2 9.2l7.1-.6z" '
            f'fill="{VENUE_COLOR}"/></svg>{escape_text(t("venue", lang))}</li>'
        )
        self.html = (
            f"<details open><summary><h2>{escape_text(t('legend', lang))}</h2></summary>"
            f"<ul>{''.join(items)}</ul></details>"
        )


class TileNotice(MacroElement):
    """Tells the viewer when background tiles fail (offline venue) while routes stay."""

    _template = ASSETS.get_template("tile_notice.j2")

    def __init__(
        self, message: str, tile_layer: folium.TileLayer | None, always: bool, corner: str = "topright"
    ):
        super().__init__()
        self._name = "TileNotice"
        self.config = {"message": message, "always": always, "corner": corner}
        self.tile_layer = tile_layer


class KioskTour(MacroElement):
    """Projector mode: a slow tour that flies to each excursion in turn, with a big caption,
    and a discreet 'reconnecting' notice when live updates stop arriving.

    It runs in the browser on its own timer, so the server does no work for it and the
    tour keeps going (and does not drift) however long the page is open.
    """

    _template = ASSETS.get_template("kiosk.j2")

    def __init__(self, stops: list[dict], words: dict, seconds: int, stale_ms: int, dark: bool):
        super().__init__()
        self._name = "KioskTour"
        self.config_json = compact_json(
            {"stops": stops, "words": words, "seconds": int(seconds), "staleMs": int(stale_ms), "dark": dark}
        )


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
    seats: bool = False,
    single: bool = False,
) -> folium.Map:
    """The base map: everything that does not change while the page is open.

    With single (one excursion's small map), no legend and the tile note in a bottom corner:
    on 280 px they covered the line, and one line needs no key.

    With kiosk, nothing on the map reacts to touch or mouse and a tour runs on its own.
    With feed (a CSS selector in the page), the map follows the live state the page writes there
    (see map_widget.live_feed) instead of a live layer re-sent with the map. With seats,
    its badges also follow the seat feed without a script run, through
    the page's seat follower (excursions/map_assets/seats.js): whichever counts were read
    from the store last are shown.
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
    m.add_child(
        ExcursionLayer(routes, lang, venue_data, feed=feed, seats=seats, padding=28 if single else 12)
    )
    if not single:
        m.add_child(Legend(lang))
    off = tile_layer is None
    notice = t("tiles_off" if off else "tiles_unavailable", lang)
    m.add_child(TileNotice(notice, tile_layer, off, corner="bottomleft" if single else "topright"))
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
    visible: Sequence[str] | None,
    selected: str | None,
    badges: dict | None,
    tick: str = "",
    read_at: dt.datetime | None = None,
) -> dict:
    """What window.excursionApply takes: via the live layer (LiveState) or the page's feed.
    read_at: when the badges' counts were read from the store (the map keeps the newer of
    these and the seat feed's)."""
    state = {
        "visible": list(visible) if visible is not None else None,
        "selected": selected,
        "badges": badges or {},
    }
    if tick:
        state["tick"] = tick
    if read_at is not None:
        state["read_at"] = read_at.isoformat(timespec="milliseconds")
    return state


class LiveState(MacroElement):
    """The live part of the map: which routes are shown and which is selected."""

    _template = ASSETS.get_template("live_state.j2")

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
