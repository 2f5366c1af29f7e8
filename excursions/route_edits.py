"""Excursions added, edited, hidden or shown in the browser, laid over the route files.

Where route data lives: the route files (data/routes/, EXCURSIONS_ROUTES_DIR) are the base;
what an organiser saves on the "Udflugter" tab is kept in the database (table route_edits)
as the same GeoJSON a route file holds, and wins over a file with the same id. Hiding is a
flag there too. So every process reading the database shows the same excursions, a save
survives a restart, and the files on disk stay as they were shipped. Exporting writes
every excursion in use back out as route files (one GeoJSON each), which `excursions
validate` reads like any other.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from excursions.routes import Area, RouteFileError, RouteSet, parse_route


@dataclass(frozen=True)
class Edit:
    """One excursion as saved in the browser (raw: its GeoJSON; None: a file's route that
    was only hidden or shown)."""

    route_id: str
    raw: bytes | None
    hidden: bool
    saved_at: dt.datetime


def edited_file(route_id: str) -> str:
    """The name an edited excursion goes by in problems and exports."""
    return f"{route_id}.geojson"


def apply_edits(routes: RouteSet, edits: Sequence[Edit], area: Area | None = None) -> RouteSet:
    """The files' routes with the browser's edits over them: an edit replaces the route of
    its id or adds one; a hidden excursion is left out (and listed in .hidden)."""
    if not edits:
        return routes
    chosen = routes.by_id()
    # A hidden excursion's file is not in use: its problems (an event moved to another town
    # leaves last year's files outside the area) are nobody's to fix.
    hidden_ids = {e.route_id for e in edits if e.hidden}
    problems = [p for p in routes.problems if Path(p.file).stem not in hidden_ids]
    digest = hashlib.sha256(routes.version.encode())
    for edit in sorted(edits, key=lambda e: e.route_id):
        digest.update(f"\0{edit.route_id}\0{edit.hidden}\0".encode() + (edit.raw or b""))
        if edit.raw is None:
            continue
        try:
            chosen[edit.route_id] = parse_route(edit.raw, edited_file(edit.route_id), area)
        except RouteFileError as exc:  # it passed when saved: the event's area has moved since
            problems.append(exc.problem)
    hidden = tuple(chosen.pop(e.route_id) for e in edits if e.hidden and e.route_id in chosen)
    ordered = sorted(chosen.values(), key=lambda r: (r.departure, r.title_da))
    return RouteSet(tuple(ordered), tuple(problems), f"{routes.version}-{digest.hexdigest()[:8]}", hidden)


def document_bytes(document: dict) -> bytes:
    """A route document as a route file's bytes: UTF-8, indented like the shipped files."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def route_files_zip(files: dict[str, bytes]) -> bytes:
    """Every excursion's route file (id -> bytes) as id.geojson, in one zip to unpack into a
    routes folder."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for route_id, data in sorted(files.items()):
            archive.writestr(edited_file(route_id), data)
    return out.getvalue()


def route_ids(routes: RouteSet) -> set[str]:
    """Every id in use, hidden excursions included: a new excursion may take none of them."""
    return {r.id for r in (*routes.routes, *routes.hidden)}
