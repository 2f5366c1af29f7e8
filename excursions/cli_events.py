"""The `excursions` commands for the installation's events: `new-event` (the next event from
the current one), `events` (every event and its archive) and `purge-personal-data --event`."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import tomllib
from collections.abc import Callable

from excursions import next_event, services
from excursions import settings as settings_mod
from excursions.editions import edition_url
from excursions.errors import ExcursionsError
from excursions.event import Event
from excursions.i18n import t
from excursions.privacy import purge_personal_data
from excursions.routes import RouteSet
from excursions.sources import event_text, forget_edits_signature, installation_url, store_for
from excursions.store import Store


class EventsError(ExcursionsError):
    """A command about the installation's events that cannot be done as asked."""


def _day(value: str, flag: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise EventsError(f"{flag} {value!r} is not a date like 2023-04-19") from None


def new_event(
    args: argparse.Namespace,
    cfg: settings_mod.Settings,
    current: tuple[Store, Event, RouteSet],
) -> int:
    store, event, routes = current
    start = _day(args.start, "--start")
    end = _day(args.end, "--end") if args.end else start + (event.end_date - event.start_date)
    ids = {r.id for r in routes.routes}
    keep = [] if not args.keep else list(ids) if args.keep == "all" else args.keep.split(",")
    unknown = sorted(set(keep) - ids)
    if unknown:
        raise EventsError(f"--keep: no excursion {', '.join(unknown)}; see `excursions counts`")
    asked = {
        "event.name_da": args.name,
        "event.name_en": args.name_en or args.name,
        "event.start_date": start,
        "event.end_date": end,
        "venue.name": args.venue,
        "venue.address": args.address or "",
        "venue.lat": args.lat,
        "venue.lon": args.lon,
        "venue.area_radius_km": args.radius,
    }
    base = tomllib.loads(event_text(cfg).decode())
    made = next_event.plan(base, event, routes.routes, routes.hidden, asked, keep)
    if isinstance(made, list):
        lines = [
            f"  {p.field or 'event'}: {t(f'event_problem_{p.code}', 'en', **dict(p.values))}" for p in made
        ]
        raise EventsError("the new event was not made:\n" + "\n".join(lines))
    main = installation_url(cfg)
    key = next_event.start(
        made,
        installation=store_for(main),
        current=store,
        open_new=lambda k: store_for(edition_url(main, k)),
        event=event,
        routes=routes.routes,
        now=dt.datetime.now(dt.UTC),
    )
    forget_edits_signature()
    moved = (start - event.start_date).days
    print(
        f"made {made.event.name_da!r} ({key}), now the current event, with {len(made.files)} excursion(s), "
        f"departures moved by {moved} day(s); {event.name_da!r} is kept as an archive "
        "(`excursions events`), its personal data until `excursions purge-personal-data --event`"
    )
    return 0


def events(args: argparse.Namespace, cfg: settings_mod.Settings) -> int:
    rows = services.installation_store(cfg).editions()
    out = [
        {
            "key": e.key,
            "name": e.name,
            "current": e.current,
            "signed_up": e.archive.signed_up if e.archive else None,
            "present": e.archive.present if e.archive else None,
            "excursions": len(e.archive.routes) if e.archive else None,
        }
        for e in rows
    ]
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    if not out:
        print("one event so far (the current one); `excursions new-event` makes the next")
    for row in out:
        numbers = "current" if row["current"] else f"{row['signed_up']} signed up, {row['present']} came"
        print(f"{row['key']:<24} {row['name']}  ({numbers})")
    return 0


def purge_event(key: str, cfg: settings_mod.Settings, transport, now: dt.datetime) -> int:
    """Delete the personal data of an event that is no longer current."""
    found = {e.key: e for e in services.installation_store(cfg).editions()}
    if key not in found:
        raise EventsError(f"--event {key!r}: no such event; see `excursions events`")
    if found[key].current:
        raise EventsError(f"--event {key!r} is the current event: leave out --event to purge it")
    old = store_for(edition_url(installation_url(cfg), found[key].location))
    report = purge_personal_data(old, transport, now=now)
    print(f"personal data of {found[key].name!r} deleted: {report.people} participant(s) made anonymous")
    return 0


def add_parsers(sub, command: Callable[[str], Callable]) -> None:
    ne = sub.add_parser("new-event", help="the next event from this one: new name, days and venue")
    ne.add_argument("--name", required=True, help="the new event's name (Danish)")
    ne.add_argument("--name-en", help="its English name (default: the Danish)")
    ne.add_argument("--start", required=True, help="its first day, e.g. 2023-04-19")
    ne.add_argument("--end", help="its last day (default: as long as this event)")
    ne.add_argument("--venue", required=True, help="the venue's name")
    ne.add_argument("--address", help="the venue's address")
    ne.add_argument("--lat", type=float, required=True)
    ne.add_argument("--lon", type=float, required=True)
    ne.add_argument("--radius", type=float, default=40.0, help="the area's radius in km (default 40)")
    ne.add_argument("--keep", help="the excursions to keep: ids separated by commas, or all (default none)")
    ne.set_defaults(func=command("new-event"))
    ev = sub.add_parser("events", help="every event of this installation, with the archived ones' numbers")
    ev.add_argument("--json", action="store_true")
    ev.set_defaults(func=command("events"))
