"""An event as one file to hand over: a zip of the formats the docs describe (the event's
TOML and one GeoJSON route file per excursion), no personal data. Next year's host
imports it into their own installation.

Reading a zip from someone else is careful: a bounded number of entries and bytes (a zip
bomb or 10,000 files is refused before anything is unpacked), names only of the two
known forms (no folders, no "..", no absolute paths), the event file and every route
checked as `excursions validate` checks them; a bundle with any problem changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from excursions.drafts import route_file
from excursions.errors import ExcursionsError
from excursions.event import Event, EventFileError, event_from_text
from excursions.routes import Area, Route, RouteFileError, parse_route, route_files
from excursions.store import Store

EVENT_NAME = "event.toml"
ROUTES_FOLDER = "routes/"
MAX_ENTRIES = 500  # an event has tens of excursions; a zip of thousands of files is not one
MAX_ENTRY_BYTES = 5 * 1024 * 1024  # a route file is kilobytes; the event file too
MAX_TOTAL_BYTES = 50 * 1024 * 1024
ROUTE_NAME = re.compile(r"^routes/[a-z0-9][a-z0-9-]{0,99}\.geojson$")


class BundleError(ExcursionsError):
    """The event file cannot be read or installed; nothing was changed."""


@dataclass(frozen=True)
class Bundle:
    event: Event
    event_text: bytes  # the event file as it came
    routes: dict[str, bytes]  # file name (without the folder) -> the route file's bytes
    parsed: tuple[Route, ...]


def write_bundle(event_text: bytes, routes: Sequence[Route]) -> bytes:
    """The event file and every excursion in use (browser edits included) as one zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(EVENT_NAME, event_text)
        for route in sorted(routes, key=lambda r: r.id):
            zf.writestr(f"{ROUTES_FOLDER}{route.id}.geojson", route_file(route))
    return buffer.getvalue()


def read_bundle(data: bytes, source: str = "the event file") -> Bundle:
    """Check a zip and everything in it; BundleError names the first problem and where."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise BundleError(
            f"{source}: not a zip file (export one with `excursions export-event`).", "not_zip", source=source
        ) from None
    with zf:
        entries = [i for i in zf.infolist() if not i.is_dir()]
        if len(entries) > MAX_ENTRIES:
            raise BundleError(
                f"{source}: {len(entries)} files; an event has at most {MAX_ENTRIES} (the event file and "
                "its route files). Nothing was imported.",
                "too_many",
                source=source,
                n=len(entries),
                most=MAX_ENTRIES,
            )
        total = 0
        for info in entries:
            name = info.filename
            if name != EVENT_NAME and not ROUTE_NAME.match(name):
                raise BundleError(
                    f"{source}: {name!r} is not a name this file may hold ({EVENT_NAME} and "
                    f"routes/<id>.geojson only). Nothing was imported.",
                    "bad_name",
                    source=source,
                    name=name,
                )
            if info.file_size > MAX_ENTRY_BYTES:
                raise BundleError(
                    f"{source}: {name} is {info.file_size:,} bytes unpacked; too big for a route file.",
                    "too_big",
                    source=source,
                    name=name,
                )
            total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise BundleError(
                f"{source}: {total:,} bytes unpacked; too big for an event. Nothing was imported.",
                "too_big",
                source=source,
                name=source,
            )
        names = {i.filename for i in entries}
        if EVENT_NAME not in names:
            raise BundleError(
                f"{source}: has no {EVENT_NAME}. Nothing was imported.", "no_event", source=source
            )
        event_text = _read(zf, EVENT_NAME)
        routes = {name.removeprefix(ROUTES_FOLDER): _read(zf, name) for name in sorted(names - {EVENT_NAME})}
    event = _event(event_text, source)
    area = Area(event.venue.lat, event.venue.lon, event.venue.area_radius_km)
    parsed = []
    for name, raw in routes.items():
        try:
            parsed.append(parse_route(raw, f"{source}: routes/{name}", area))
        except RouteFileError as exc:
            raise BundleError(f"{exc} Nothing was imported.", "invalid", detail=str(exc)) from None
    ids = [r.id for r in parsed]
    if len(set(ids)) != len(ids):
        twice = sorted({i for i in ids if ids.count(i) > 1})
        raise BundleError(
            f"{source}: the excursion id {twice[0]!r} is in two route files. Nothing was imported.",
            "twice",
            source=source,
            id=twice[0],
        )
    return Bundle(event, event_text, routes, tuple(parsed))


def _read(zf: zipfile.ZipFile, name: str) -> bytes:
    with zf.open(name) as fh:
        data = fh.read(MAX_ENTRY_BYTES + 1)  # never more than the limit, whatever the header says
    if len(data) > MAX_ENTRY_BYTES:
        raise BundleError(
            f"{name}: bigger unpacked than it says; not imported.", "too_big", source=name, name=name
        )
    return data


def _event(text: bytes, source: str) -> Event:
    try:
        return event_from_text(text.decode("utf-8"), f"{source}: {EVENT_NAME}")
    except UnicodeDecodeError:
        message = f"{source}: {EVENT_NAME} is not UTF-8 text. Nothing was imported."
        raise BundleError(message, "invalid", detail=message) from None
    except EventFileError as exc:
        raise BundleError(f"{exc} Nothing was imported.", "invalid", detail=str(exc)) from None


def import_into(bundle: Bundle, store: Store, in_use: Sequence[Route], *, now: dt.datetime) -> None:
    """The browser's import: the event and its excursions saved in the database over the files
    (as the Begivenhed and Udflugter tabs save them); every excursion in use that the file
    does not hold is hidden. Refused while anyone is signed up: their seats would go."""
    signed_up = sum(c.confirmed + c.waitlisted for c in store.counts())
    if signed_up:
        raise BundleError(
            f"{signed_up} people are signed up for this event; import into an event without sign-ups.",
            "has_signups",
            n=signed_up,
        )
    store.save_event(bundle.event_text.decode("utf-8"), by="organiser", now=now)
    for raw, route in zip(bundle.routes.values(), bundle.parsed, strict=True):  # read in this order
        store.save_route(route.id, raw, now=now)
    kept = {r.id for r in bundle.parsed}
    for route in in_use:
        if route.id not in kept:
            store.hide_route(route.id, True, now=now)


def install_bundle(bundle: Bundle, event_file: Path, routes_dir: Path, *, replace: bool = False) -> None:
    """Write the event file and the route files. An installation that has an event or route
    files is refused unless `replace` (then its route files are replaced, all of them)."""
    existing = route_files(routes_dir) if routes_dir.is_dir() else []
    if not replace and (event_file.exists() or existing):
        what = str(event_file) if event_file.exists() else f"{len(existing)} route file(s) in {routes_dir}"
        raise BundleError(
            f"This installation already has an event ({what}). Import into an empty one, or add --replace "
            "to replace its event and excursions (sign-ups are kept in the database)."
        )
    routes_dir.mkdir(parents=True, exist_ok=True)
    event_file.parent.mkdir(parents=True, exist_ok=True)
    for path in existing:
        path.unlink()
    for name, raw in bundle.routes.items():
        _write(routes_dir / name, raw)
    _write(event_file, bundle.event_text)


def _write(path: Path, data: bytes) -> None:
    """Whole or not at all: a reader never sees half a file."""
    temporary = path.with_name(f".{path.name}.importing")
    temporary.write_bytes(data)
    temporary.replace(path)
