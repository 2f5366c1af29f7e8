"""The next event from the current one ("Ny begivenhed ud fra denne", `excursions new-event`):
planned and checked first (every problem at its field, nothing written), then made in its
own database and made current in one step, the old one's numbers kept as its archive."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from excursions.editions import Archive, archive_of, moved_route, moved_tables, shift_days, slug
from excursions.event import Event
from excursions.event_form import FieldProblem, Values, build, themes_of, values_of
from excursions.fillup import replay
from excursions.route_edits import edited_file
from excursions.routes import Route, parse_route
from excursions.store import Store

# What the organiser gives for the next event; everything else comes from this one.
ASKED = (
    "event.name_da",
    "event.name_en",
    "event.start_date",
    "event.end_date",
    "venue.name",
    "venue.address",
    "venue.lat",
    "venue.lon",
    "venue.area_radius_km",
)


@dataclass(frozen=True)
class Plan:
    toml: str
    event: Event
    files: Mapping[str, bytes]  # the kept excursions' route files, departures moved
    dropped: tuple[str, ...]  # every other excursion (hidden in the new event)


def plan(
    base: Mapping,
    event: Event,
    routes: Sequence[Route],
    hidden: Sequence[Route],
    asked: Values,
    keep: Sequence[str],
) -> Plan | list[FieldProblem]:
    """The next event: the current event's tables with `asked` over them, its sign-up window
    and deletion date moved with its first day; the kept excursions' departures too."""
    start = asked.get("event.start_date")
    days = shift_days(event.start_date, start) if isinstance(start, dt.date) else dt.timedelta()
    tables = moved_tables(base, days, event.timezone)
    values = values_of(tables, event.timezone) | {k: v for k, v in asked.items() if k in ASKED}
    files = {r.id: moved_route(r, days, event.timezone) for r in routes if r.id in keep}
    kept = [parse_route(raw, edited_file(route_id)) for route_id, raw in files.items()]
    result = build(values, themes_of(tables), tables, kept)
    if isinstance(result, list):
        return result
    toml, new = result
    dropped = tuple(r.id for r in (*routes, *hidden) if r.id not in files)
    return Plan(toml, new, files, dropped)


def archive(event: Event, routes: Sequence[Route], store: Store, now: dt.datetime) -> Archive:
    """The numbers of the event that stops being current, read from its database."""
    counts = {c.route_id: c for c in store.counts()}
    present = Counter(p.route_id for p in store.people() if p.present and p.route_id)
    fill = replay(store.events(), {k: c.capacity for k, c in counts.items()}, now=now)
    names, days = (event.name_da, event.name_en), (event.start_date, event.end_date)
    return archive_of(names, days, routes, counts, present, fill)


def start(
    made: Plan,
    *,
    installation: Store,
    current: Store,
    open_new: Callable[[str], Store],
    event: Event,
    routes: Sequence[Route],
    now: dt.datetime,
) -> str:
    """Write the next event into its own database, then switch the installation to it (one
    transaction); returns its key. `open_new(key)` opens (and makes) the new database."""
    editions = installation.editions()
    taken = {e.key for e in editions}
    before = next((e for e in editions if e.current), None)
    previous = (
        (before.key, before.name, before.location)
        if before
        else (slug(event.name_da, taken), event.name_da, installation.current_location())
    )
    key = slug(made.event.name_da, taken | {previous[0]})
    new = open_new(key)
    new.save_event(made.toml, by="organiser", now=now)
    for route_id, raw in made.files.items():
        new.save_route(route_id, raw, now=now)
    for route_id in made.dropped:
        new.hide_route(route_id, True, now=now)
    numbers = archive(event, routes, current, now)
    installation.start_edition(key, made.event.name_da, previous=previous, archive=numbers, now=now)
    return key
