"""GPX in and out: organisers draw routes in Komoot, Strava or a GPS; participants take them along."""

from __future__ import annotations

from urllib.parse import quote

import gpxpy
import gpxpy.gpx

from excursions.errors import ExcursionsError
from excursions.routes import Route, RouteDraft, Stop, route_document

LINK_PREFIX = "/_excursions/gpx/"  # answered by excursions/web/gpx.py
SUFFIX = ".gpx"


def gpx_path(route_id: str, lang: str) -> str:
    """Where the app hands out a route as a GPX file, after its base path."""
    return f"{LINK_PREFIX}{quote(route_id, safe='')}{SUFFIX}?lang={lang}"


class GpxError(ExcursionsError):
    """A GPX file that cannot become a route."""


def route_to_gpx(route: Route, lang: str = "da") -> str:
    """GPX 1.1: the line as a track (one segment per part), stops as waypoints."""
    doc = gpxpy.gpx.GPX()
    doc.creator = "excursions"
    doc.name = route.title(lang)
    doc.description = route.description(lang) or None
    track = gpxpy.gpx.GPXTrack(name=route.title(lang))
    track.type = route.mode.value
    for part in route.line_parts():
        segment = gpxpy.gpx.GPXTrackSegment()
        segment.points = [gpxpy.gpx.GPXTrackPoint(latitude=lat, longitude=lon) for lon, lat, *_ in part]
        track.segments.append(segment)
    doc.tracks.append(track)
    for stop in route.stops:
        doc.waypoints.append(
            gpxpy.gpx.GPXWaypoint(
                latitude=stop.lat,
                longitude=stop.lon,
                name=stop.label(lang),
                description=stop.text(lang) or None,
            )
        )
    return doc.to_xml(version="1.1")


def read_gpx(data: bytes | str, file: str) -> tuple[list[list[tuple[float, float]]], list[Stop], str]:
    """Line parts as (lon, lat), waypoints as stops, and the track's name.

    Tracks win over routes (<rte>); empty segments are skipped; a file with
    neither a track nor a route of at least two points is an error.
    """
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise GpxError(
                f"{file}: not UTF-8 text (byte {exc.start}); export it again as GPX", "gpx_unreadable"
            ) from None
    try:
        doc = gpxpy.parse(data.lstrip("\ufeff"))
    except gpxpy.gpx.GPXException as exc:
        raise GpxError(
            f"{file}: not a readable GPX file ({exc}); export it again as GPX", "gpx_unreadable"
        ) from None
    parts = [
        [(p.longitude, p.latitude) for p in seg.points]
        for trk in doc.tracks
        for seg in trk.segments
        if len(seg.points) >= 2
    ]
    if not parts:
        parts = [
            [(p.longitude, p.latitude) for p in rte.points] for rte in doc.routes if len(rte.points) >= 2
        ]
    if not parts:
        raise GpxError(f"{file}: has no track or route with at least two points; nothing to draw", "no_line")
    stops = [
        Stop(
            name=w.name or f"Stop {i}",
            description=w.description or "",
            lon=w.longitude,
            lat=w.latitude,
        )
        for i, w in enumerate(doc.waypoints, 1)
    ]
    name = next((trk.name for trk in doc.tracks if trk.name), None) or doc.name or ""
    return parts, stops, name


def gpx_to_route_document(data: bytes | str, file: str, draft: RouteDraft) -> dict:
    """A route file (GeoJSON) for a GPX track and the facts the organiser gives."""
    parts, stops, _ = read_gpx(data, file)
    return route_document(draft, parts, stops)
