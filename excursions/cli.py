"""The `excursions` command: check route files, import GPX, list settings."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from excursions import settings as settings_mod
from excursions.errors import ExcursionsError
from excursions.event import Event, load_event
from excursions.gpx import gpx_to_route_document
from excursions.routes import (
    SLUG,
    Area,
    Mode,
    RouteDraft,
    RouteFileError,
    Source,
    load_routes,
    parse_route,
)


class UsageError(ExcursionsError):
    """The command line asks for something that cannot be done."""


def _event(cfg: settings_mod.Settings) -> Event:
    return load_event(Path(cfg.event_file))


def _area(event: Event) -> Area:
    return Area(event.venue.lat, event.venue.lon, event.venue.area_radius_km)


def _table(rows: Sequence[Sequence[str]], right: set[int]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def cmd_validate(args: argparse.Namespace, cfg: settings_mod.Settings) -> int:
    directory = Path(args.dir) if args.dir else Path(cfg.routes_dir)
    result = load_routes(directory, _area(_event(cfg)))
    rows = [("id", "mode", "km", "minutes", "capacity", "source")]
    rows += [
        (r.id, r.mode.value, f"{r.km:.1f}", str(r.duration_min), str(r.capacity), r.source.value)
        for r in result.routes
    ]
    print(_table(rows, right={2, 3, 4}))
    print(f"\n{len(result.routes)} route(s) OK in {directory}")
    if result.problems:
        print(f"{len(result.problems)} file(s) with problems:", file=sys.stderr)
        for problem in result.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    return 0


def _departure(value: str, event: Event) -> dt.datetime:
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--departure {value!r} is not an ISO 8601 time like 2022-04-20T14:00") from None
    return when if when.tzinfo else when.replace(tzinfo=event.timezone)


def cmd_import_gpx(args: argparse.Namespace, cfg: settings_mod.Settings) -> int:
    event = _event(cfg)
    if not SLUG.match(args.id):
        raise UsageError(f"--id {args.id!r} must be a slug: lower-case letters, digits and '-'")
    if args.capacity <= 0:
        raise UsageError(f"--capacity must be more than 0, got {args.capacity}")
    source = Path(args.file)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise UsageError(f"{source}: cannot read the file ({exc.strerror})") from None
    draft = RouteDraft(
        id=args.id,
        mode=Mode(args.mode),
        title_da=args.title_da,
        title_en=args.title_en or args.title_da,
        capacity=args.capacity,
        departure=_departure(args.departure, event),
        meeting_point=args.meeting_point or event.venue.name,
        source=Source(args.source),
        description_da=args.description_da or "",
        description_en=args.description_en or "",
    )
    document = gpx_to_route_document(data, source.name, draft)
    out = Path(args.out) if args.out else Path(cfg.routes_dir) / f"{args.id}.geojson"
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    area = None if args.anywhere else _area(event)
    try:
        route = parse_route(text, out.name, area)
    except RouteFileError as exc:
        raise UsageError(f"{source.name} gives a route that would not load: {exc}") from None
    if out.exists() and not args.force:
        raise UsageError(f"{out} exists already; pass --force to replace it")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}: {route.km:.2f} km, {route.duration_min} min, {len(route.stops)} stop(s)")
    return 0


def cmd_settings(args: argparse.Namespace, cfg: settings_mod.Settings) -> int:
    for s in settings_mod.describe():
        print(f"{s['env']}\n    {s['help']}\n    default: {s['default']}\n    now: {getattr(cfg, s['name'])}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="excursions", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="check route files and list them")
    v.add_argument("dir", nargs="?", help="folder of route files (default: EXCURSIONS_ROUTES_DIR)")
    v.set_defaults(func=cmd_validate)

    g = sub.add_parser("import-gpx", help="turn a GPX track or route into a route file")
    g.add_argument("file", help="the GPX file (Komoot, Strava, a GPS, …)")
    g.add_argument("--id", required=True, help="route id (slug), also the file name")
    g.add_argument("--mode", required=True, choices=[m.value for m in Mode])
    g.add_argument("--title-da", required=True)
    g.add_argument("--title-en", help="English title (default: the Danish one)")
    g.add_argument("--capacity", required=True, type=int)
    g.add_argument("--departure", required=True, help="ISO 8601; without offset: the event's time zone")
    g.add_argument("--meeting-point", help="default: the venue's name")
    g.add_argument("--description-da")
    g.add_argument("--description-en")
    g.add_argument("--source", default=Source.ORGANISER.value, choices=[s.value for s in Source])
    g.add_argument("--out", help="where to write (default: <routes folder>/<id>.geojson)")
    g.add_argument("--force", action="store_true", help="replace an existing file")
    g.add_argument("--anywhere", action="store_true", help="skip the event-area check")
    g.set_defaults(func=cmd_import_gpx)

    s = sub.add_parser("settings", help="list every setting, its variable and current value")
    s.set_defaults(func=cmd_settings)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args, settings_mod.load())
    except ExcursionsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
