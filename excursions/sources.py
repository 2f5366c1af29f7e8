"""Where the event and the routes come from: the event file (or the event saved on the
organiser's "Begivenhed" tab, which wins over it), the route files and the excursions saved
in the browser (excursions.route_edits), each read again only when it changes. For every
script run (excursions/ui/context.py) and for code outside one: the mail sender, the GPX
links (excursions/web/gpx.py).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from excursions import settings as settings_mod
from excursions.editions import MAIN, edition_url
from excursions.event import Event, EventFileError, event_from_text, first_start_event, load_event
from excursions.memo import memo
from excursions.routes import Area, Route, RouteSet, load_routes, read_route_files, route_files
from excursions.store import Store, StoreError, open_store, resolve_url

log = logging.getLogger("excursions")
SAVED_EVENT = "the event saved on the organiser page"
Catalogue = Callable[[], tuple[Event, Mapping[str, Route]]]  # catalogue() or a test's stand-in


@memo(maxsize=1)
def get_settings() -> settings_mod.Settings:
    return settings_mod.load()


# Event and routes are frozen dataclasses that nobody mutates: every session shares one
# object (a copy of 24 routes' geometry per run showed up in bench/rush.py's profile).
@memo(maxsize=8)
def _cached_event(path: str, mtime: float) -> Event:
    return load_event(Path(path))


@memo(maxsize=8)
def _cached_routes(directory: str, area: Area, signature: tuple, url: str, edits: str = "") -> RouteSet:
    """The route files, with the last good version of any broken or duplicate one, and the
    excursions saved in the browser over them (excursions.route_edits)."""
    path = Path(directory)
    if not path.is_dir():
        return load_routes(path, area)
    reads, version = read_route_files(path, area)
    return store_for(url).current_routes(reads, version, area, dt.datetime.now(dt.UTC))


def installation_url(cfg: settings_mod.Settings) -> str:
    """The configured database's URL (a SQLite file in data_dir unless database_url is set):
    the installation's own, which says which event is current and keeps what outlives an
    event (the organiser pass's and the browser ids' keys)."""
    return resolve_url(cfg.database_url, Path(cfg.data_dir))


def database_url(cfg: settings_mod.Settings) -> str:
    """The current event's database (excursions.editions): the installation's own until a
    new event is made from the first; a switch on one process shows on all within 2 s."""
    main = installation_url(cfg)
    return edition_url(main, _current_location(main))


_locations: dict[str, tuple[float, str]] = {}


def _current_location(main: str) -> str:
    return _polled(_locations, main, lambda store: store.current_location(), MAIN)


def _polled(seen: dict[str, tuple[float, str]], url: str, ask: Callable[[Store], str], none: str) -> str:
    """What `ask` answers of the database at `url`, asked at most every SIGNATURE_SECONDS per
    process (a change on one process shows on every other within that time); while the
    database is away, what was shown before (`none` if nothing was)."""
    now = time.monotonic()
    last = seen.get(url)
    if last and now - last[0] < SIGNATURE_SECONDS:
        return last[1]
    try:
        answer = ask(store_for(url))
    except StoreError:
        answer = last[1] if last else none
    seen[url] = (now, answer)
    return answer


SIGNATURE_SECONDS = 2.0
_signatures: dict[str, tuple[float, tuple]] = {}


def _signature(directory: Path) -> tuple:
    """Names, sizes and mtimes: a new or edited route file is picked up within 2 seconds.

    Looked at most every SIGNATURE_SECONDS per process, not on every run: 50 stat calls
    per run add up under a rush.
    """
    now = time.monotonic()
    seen = _signatures.get(str(directory))
    if seen and now - seen[0] < SIGNATURE_SECONDS:
        return seen[1]
    signature = (
        tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in route_files(directory))
        if directory.is_dir()
        else ()
    )
    _signatures[str(directory)] = (now, signature)
    return signature


_edit_versions: dict[str, tuple[float, str]] = {}


def _edits_signature(url: str) -> str:
    """The browser edits' version, asked of the database at most every SIGNATURE_SECONDS per
    process: an excursion saved on one process shows on every other within that time."""
    return _polled(_edit_versions, url, lambda store: store.edits_version(), "")


def forget_edits_signature() -> None:
    """This process just saved an edit: show it on its next run, not 2 seconds later."""
    _edit_versions.clear()
    _saved_events.clear()
    _locations.clear()


_saved_events: dict[str, tuple[float, str]] = {}


def _saved_event_text(url: str) -> str:
    """The event's TOML as saved in the browser ("" for none), asked of the database at most
    every SIGNATURE_SECONDS per process: a save on one process shows on every other within
    that time."""
    return _polled(_saved_events, url, _saved_toml, "")


def _saved_toml(store: Store) -> str:
    saved = store.saved_event()
    return saved.toml if saved else ""


@memo(maxsize=8)
def _event_from_saved(text: str) -> Event:
    return event_from_text(text, SAVED_EVENT)


def _event_mtime(path: Path) -> float:
    return path.stat().st_mtime if path.exists() else 0.0


@memo(maxsize=8)
def store_for(url: str) -> Store:
    return open_store(url, lock_timeout=get_settings().lock_timeout_seconds)


def current_event(cfg: settings_mod.Settings) -> Event:
    """The event as saved in the browser, else as its file says now; without the routes (read
    again only when it changes)."""
    saved = _saved_event_text(database_url(cfg))
    if saved:
        try:
            return _event_from_saved(saved)
        except EventFileError as exc:  # saved by an older version, refused by this one
            log.error("%s; the event file is used instead. Save the event again.", exc)
    event_path = Path(cfg.event_file)
    if not event_path.exists():
        return first_start_event()  # an empty installation: the organiser makes the first event
    return _cached_event(str(event_path), _event_mtime(event_path))


def event_text(cfg: settings_mod.Settings) -> bytes:
    """The event file's bytes as in use: the version saved in the browser, else the file."""
    saved = _saved_event_text(database_url(cfg))
    path = Path(cfg.event_file)
    return saved.encode() if saved else path.read_bytes() if path.exists() else b""


def sources(cfg: settings_mod.Settings) -> tuple[Event, RouteSet]:
    """The event and the routes as their files (and the browser's edits) say now."""
    event = current_event(cfg)
    area = Area(event.venue.lat, event.venue.lon, event.venue.area_radius_km)
    directory = Path(cfg.routes_dir)
    url = database_url(cfg)
    return event, _cached_routes(str(directory), area, _signature(directory), url, _edits_signature(url))


def catalogue() -> tuple[Event, dict[str, Route]]:
    """The event and routes by id, for code outside a script run."""
    event, routes = sources(get_settings())
    return event, routes.by_id()


@memo(maxsize=4)
def _secret(url: str, name: str) -> bytes:
    return store_for(url).secret(name, dt.datetime.now(dt.UTC))


def browser_secret() -> bytes:
    """The key of the browser ids (excursions.browsers), read once per process."""
    from excursions.browsers import SECRET

    return _secret(installation_url(get_settings()), SECRET)
