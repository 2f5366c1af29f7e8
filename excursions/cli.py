"""The `excursions` command: check route files, import GPX, sign people up, count seats."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from excursions import cli_events, cli_wishes, services
from excursions import settings as settings_mod
from excursions.access import hash_password
from excursions.allocation import Method
from excursions.bundle import Bundle, install_bundle, read_bundle, write_bundle
from excursions.drafts import route_file
from excursions.errors import ExcursionsError
from excursions.event import Event
from excursions.gpx import gpx_to_route_document
from excursions.i18n import ready_text
from excursions.links import personal_link
from excursions.mail.transport import transport_from_url
from excursions.mail.worker import MailWorker
from excursions.privacy import purge_personal_data
from excursions.readiness import Item, Level, ready_check, setup_for, worst
from excursions.route_edits import edited_file
from excursions.routes import (
    SLUG,
    Area,
    Mode,
    RouteDraft,
    RouteFileError,
    RouteSet,
    Source,
    load_routes,
    missing_english,
    parse_route,
    read_route_files,
)
from excursions.signups import Outcome, clean_participant
from excursions.sources import current_event, event_text, forget_edits_signature
from excursions.store import Store

DEMO_EVENT = settings_mod.ROOT / "data" / "event.toml"  # the shipped TM '22 (`excursions demo`)
DEMO_ROUTES = settings_mod.ROOT / "data" / "routes"


class UsageError(ExcursionsError):
    """The command line asks for something that cannot be done."""


def _event(cfg: settings_mod.Settings) -> Event:
    """The event as in use: saved on the organiser page, else the event file."""
    event = current_event(cfg)
    if event.unset:
        raise UsageError(
            f"there is no event yet: {cfg.event_file} does not exist and none was saved on the organiser "
            "page. Make one there (the first-event walk-through), import one with `excursions "
            "import-event FILE`, or install the demo with `excursions demo`."
        )
    return event


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
    event = _event(cfg)
    result = load_routes(directory, _area(event))
    rows = [("id", "mode", "km", "minutes", "capacity", "source")]
    rows += [
        (r.id, r.mode.value, f"{r.km:.1f}", str(r.duration_min), str(r.capacity), r.source.value)
        for r in result.routes
    ]
    print(_table(rows, right={2, 3, 4}))
    print(f"\n{len(result.routes)} route(s) OK in {directory}")
    gaps = [gap for r in result.routes for gap in missing_english(r, event.themes)]
    if gaps:  # a warning: English pages show the Danish text there
        print(f"{len(gaps)} text(s) without English (English pages show the Danish):", file=sys.stderr)
        for gap in gaps:
            print(f"  warning: {gap}", file=sys.stderr)
    else:
        print("Every text a participant reads has an English version.")
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


def routes_in_use(store: Store, cfg: settings_mod.Settings, event: Event) -> RouteSet:
    """The routes as the app sees them: the files, with the last good version of any broken
    or duplicate one (never the files alone: that would take seats from people)."""
    directory = Path(cfg.routes_dir)
    if not directory.is_dir():
        return load_routes(directory)
    reads, version = read_route_files(directory, _area(event))
    return store.current_routes(reads, version, _area(event), now())


def connect(cfg: settings_mod.Settings) -> tuple[Store, Event]:
    """The configured database, with its routes table matching the routes in use."""
    event = _event(cfg)
    store = services.store(cfg)  # the process's one engine (excursions.services)
    store.sync_routes(routes_in_use(store, cfg, event).routes, now())
    return store, event


def cmd_check(args: argparse.Namespace, cfg: settings_mod.Settings) -> int:
    """The ready-check: what goes wrong on event day (excursions/readiness.py); exit 1 when
    something is red."""
    store, event = connect(cfg)
    routes = routes_in_use(store, cfg, event)
    findings = ready_check(
        setup_for(cfg, event, routes, store), now=now(), send_test_mail=not args.no_test_mail
    )
    marks = {Level.GREEN: "ok  ", Level.AMBER: "WARN", Level.RED: "FAIL"}
    for finding in findings:
        text = ready_text(finding.key, finding.values, "en")
        print(f"{marks[finding.level]}  {finding.item.value:<10}  {text}")
        if finding.item is Item.ROUTES:
            for problem in routes.problems:
                print(f"{'':18}{problem}")
    level = worst(findings)
    where = f"the files in {cfg.routes_dir} and the excursions saved in the browser"
    print(f"\n{len(routes.routes)} route(s) in use from {where}; ready: {level.value}")
    return 1 if level is Level.RED else 0


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def describe(result) -> str:
    if result.outcome is Outcome.WAITLISTED:
        return f"waitlisted on {result.route_id} as number {result.position}"
    if result.outcome is Outcome.ALREADY_ON_ROUTE:
        return f"already on {result.route_id}"
    return f"{result.outcome.value} {result.route_id or ''}".strip()


def cmd_signup(args: argparse.Namespace, cfg: settings_mod.Settings) -> int:
    store, event = connect(cfg)
    person = clean_participant(args.email, args.name, args.organisation or "", args.lang)
    result = store.signup(
        person, args.route, now=now(), window=event.window, registered_only=cfg.signup_registered_only
    )
    if result.outcome is Outcome.EMAIL_TAKEN:
        print(f"{person.email}: already signed up; nothing changed, its personal link was mailed to it")
        return 1
    if result.outcome is Outcome.NOT_REGISTERED:
        print(f"{person.email}: not registered (sign-up is for registered participants only)")
        return 1
    print(f"{person.email}: {describe(result)}")
    if result.token:
        print(f"personal link: {personal_link(event.public_url, result.token, person.lang)}")
    return 0 if result.outcome in (Outcome.CONFIRMED, Outcome.WAITLISTED, Outcome.ALREADY_ON_ROUTE) else 1


def cmd_cancel(args: argparse.Namespace, cfg: settings_mod.Settings) -> int:
    store, _ = connect(cfg)
    result = store.cancel(args.email, now=now())
    print(f"{args.email.strip().lower()}: {describe(result)}")
    return 0 if result.outcome is Outcome.CANCELLED else 1


def cmd_counts(args: argparse.Namespace, cfg: settings_mod.Settings) -> int:
    store, _ = connect(cfg)
    counts = store.counts()
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "route": c.route_id,
                        "mode": c.mode.value,
                        "capacity": c.capacity,
                        "confirmed": c.confirmed,
                        "waitlisted": c.waitlisted,
                        "free": c.free,
                    }
                    for c in counts
                ],
                indent=1,
            )
        )
        return 0
    rows = [("route", "mode", "capacity", "confirmed", "waitlisted", "free")]
    rows += [
        (c.route_id, c.mode.value, str(c.capacity), str(c.confirmed), str(c.waitlisted), str(c.free))
        for c in counts
    ]
    print(_table(rows, right={2, 3, 4, 5}))
    total = sum(c.capacity for c in counts)
    print(
        f"\n{sum(c.confirmed for c in counts)} of {total} seats taken, "
        f"{sum(c.waitlisted for c in counts)} waiting"
    )
    return 0


def cmd_simulate(args: argparse.Namespace, cfg: settings_mod.Settings) -> int:
    """Sign up made-up participants through the same store code, paced at --rate per second."""
    store, event = connect(cfg)
    if args.wishes:
        return cli_wishes.simulate_wishes(args, store, event)
    routes = [c.route_id for c in store.counts()]
    if not routes:
        raise UsageError("there are no routes to sign up for")
    rng = random.Random(args.seed)
    interval = 1 / args.rate if args.rate > 0 else 0.0
    started = time.monotonic()
    for i in range(args.participants):
        email = f"sim-{args.seed}-{i:05d}@example.invalid"
        person = clean_participant(email, f"Testdeltager {i + 1} (simuleret)", "Simuleret kommune")
        result = store.signup(person, rng.choice(routes), now=now(), window=event.window, new_token=False)
        position = f" {result.position}" if result.position else ""
        print(f"ack {email} {result.outcome.value} {result.route_id}{position}", flush=True)
        if interval:
            time.sleep(max(0.0, started + (i + 1) * interval - time.monotonic()))  # keep the pace
    return 0


def cmd_reset(args: argparse.Namespace, cfg: settings_mod.Settings) -> int:
    if not args.yes:
        raise UsageError("reset deletes every sign-up, participant and log entry; add --yes to do it")
    store, _ = connect(cfg)
    store.reset()
    print("all sign-ups, participants and log entries deleted")
    return 0


def _transport(cfg: settings_mod.Settings):
    return transport_from_url(cfg.mail_url, Path(cfg.data_dir))


def cmd_purge(args: argparse.Namespace, cfg: settings_mod.Settings) -> int:
    if args.event and args.yes:  # an event that is no longer current (`excursions events`)
        return cli_events.purge_event(args.event, cfg, _transport(cfg), now())
    store, event = connect(cfg)
    if not args.yes:
        after = event.delete_personal_data_after
        raise UsageError(
            "purge-personal-data deletes every name, e-mail, organisation, personal link and queued "
            f"mail{f' (planned after {after})' if after else ''}; add --yes to do it"
        )
    report = purge_personal_data(store, _transport(cfg), now=now())
    print(
        f"personal data deleted: {report.people} participant(s) made anonymous, "
        f"{report.mail_files} mail file(s) removed; counts, the log and check-ins are kept"
    )
    if report.superuser_steps:
        print(
            "PostgreSQL still holds the deleted rows' old copies in its statistics and write-ahead log"
            " until its superuser runs, in this database:\n  psql -d DATABASE "
            + " ".join(f'-c "{step}"' for step in report.superuser_steps)
        )
    return 0


def _catalogue(cfg: settings_mod.Settings, store: Store):
    event = _event(cfg)
    routes = routes_in_use(store, cfg, event).by_id()
    return lambda: (event, routes)


def cmd_mail(args: argparse.Namespace, cfg: settings_mod.Settings) -> int:
    store, _ = connect(cfg)
    if args.action == "send":
        worker = MailWorker(
            store,
            _transport(cfg),
            _catalogue(cfg, store),
            first_retry=dt.timedelta(seconds=cfg.mail_retry_seconds),
        )
        done = worker.drain()
        print(f"{done.sent} sent, {done.failed} failed (to {worker.transport.describe()})")
    if args.action == "retry":
        print(f"{store.retry_failed_mail(now=now())} failed mail(s) queued again")
    tally = store.mail_tally()
    print(", ".join(f"{n} {status.value}" for status, n in tally.items()))
    if args.action == "status":
        for m in store.mail_queue(limit=args.limit):
            error = f"  ({m.last_error})" if m.last_error else ""
            print(f"{m.id:>6}  {m.status.value:<7} {m.attempts:>2}x  {m.kind.value:<18} {m.email}{error}")
    return 0


def cmd_hash_password(args: argparse.Namespace, cfg: settings_mod.Settings) -> int:
    import getpass

    if args.password is not None:
        password = args.password
    elif sys.stdin.isatty():
        password = getpass.getpass("Organiser password: ")
    else:  # piped in (echo … | excursions hash-password): one line, no terminal to hide it on
        password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise UsageError("hash-password: the password is empty; type one, or pipe it in on one line")
    line = hash_password(password)
    print(f"EXCURSIONS_ORGANISER_PASSWORD_HASH='{line}'")
    print(f'# or in .streamlit/secrets.toml:\norganiser_password_hash = "{line}"')
    return 0


def cmd_import_csv(args: argparse.Namespace, cfg: settings_mod.Settings) -> int:
    # pandas (1 s) only for the commands that read or write tables
    from excursions.registrations import (
        RowAction,
        current_routes,
        guess_mapping,
        parse_mapping,
        plan,
        read_table,
        registrations,
    )

    store, event = connect(cfg)
    source = Path(args.file)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise UsageError(f"{source}: cannot read the file ({exc.strerror})") from None
    frame = read_table(data, source.name)
    mapping = {**guess_mapping(list(frame.columns)), **(parse_mapping(args.map) if args.map else {})}
    routes = routes_in_use(store, cfg, event).routes
    rows = plan(frame, mapping, routes, current_routes(store.people()))
    tally = {a: sum(1 for r in rows if r.action is a) for a in RowAction}
    print(", ".join(f"{n} {a.value}" for a, n in tally.items()))
    todo = registrations(rows)  # raises ImportRefused, naming each bad row
    if args.dry_run:
        print("dry run: nothing imported")
        return 0
    store.import_registrations(todo, now=now(), source=source.name)
    print(f"imported {len(todo)} row(s) from {source.name}")
    return 0


def cmd_export_routes(args: argparse.Namespace, cfg: settings_mod.Settings) -> int:
    """Every excursion in use, browser edits included, as route files in a folder."""
    store, event = connect(cfg)
    routes = routes_in_use(store, cfg, event).routes
    out = Path(args.dir)
    out.mkdir(parents=True, exist_ok=True)
    existing = [edited_file(r.id) for r in routes if (out / edited_file(r.id)).exists()]
    if existing and not args.force:
        raise UsageError(
            f"{out} already has {', '.join(existing[:3])}{' …' if len(existing) > 3 else ''}; "
            "use --force to replace them"
        )
    for route in routes:
        (out / edited_file(route.id)).write_bytes(route_file(route))
    print(f"wrote {len(routes)} route file(s) to {out}; check them with `excursions validate {out}`")
    return 0


def cmd_export_event(args: argparse.Namespace, cfg: settings_mod.Settings) -> int:
    """The event file and every excursion in use as one zip, for next year's host."""
    store, event = connect(cfg)
    routes = routes_in_use(store, cfg, event).routes
    out = Path(args.file)
    if out.exists() and not args.force:
        raise UsageError(f"{out} already exists; use --force to replace it")
    out.write_bytes(write_bundle(event_text(cfg), routes))
    print(f"wrote {event.name_da!r} with {len(routes)} excursion(s) to {out}; no personal data")
    return 0


def cmd_import_event(args: argparse.Namespace, cfg: settings_mod.Settings) -> int:
    """An event exported with export-event, into this installation's event file and routes."""
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read ({exc.strerror})") from None
    _install(read_bundle(data, str(path)), cfg, replace=args.replace)
    return 0


def cmd_demo(args: argparse.Namespace, cfg: settings_mod.Settings) -> int:
    """The shipped TM '22 event and its 24 excursions, into this installation: to try the app."""
    shipped = load_routes(DEMO_ROUTES).routes
    _install(
        read_bundle(write_bundle(DEMO_EVENT.read_bytes(), shipped), "the demo"), cfg, replace=args.replace
    )
    return 0


def _install(bundle: Bundle, cfg: settings_mod.Settings, *, replace: bool) -> None:
    store = services.store(cfg)
    if store.saved_event() is not None and not replace:
        raise UsageError(
            "This installation has an event saved on the organiser page. Import into an empty one, "
            "or add --replace to replace its event and excursions (sign-ups are kept in the database)."
        )
    install_bundle(bundle, Path(cfg.event_file), Path(cfg.routes_dir), replace=replace)
    store.forget_saved_event()  # the installed file is the event now
    forget_edits_signature()
    print(
        f"imported {bundle.event.name_da!r} with {len(bundle.parsed)} excursion(s) into {cfg.event_file} "
        f"and {cfg.routes_dir}; check them with `excursions validate` and `excursions check`"
    )


def cmd_export(args: argparse.Namespace, cfg: settings_mod.Settings) -> int:
    from excursions.exports import people_frame, to_csv, to_xlsx  # pandas: see cmd_import_csv

    store, event = connect(cfg)
    routes = routes_in_use(store, cfg, event).by_id()
    if args.route and args.route not in routes:
        raise UsageError(f"there is no route {args.route!r}; see `excursions counts`")
    frame = people_frame(store.people(args.route), routes, waiting_only=args.waiting)
    data = to_csv(frame) if args.format == "csv" else to_xlsx(frame)
    out = Path(args.out or f"{args.route or 'alle'}{'-venteliste' if args.waiting else ''}.{args.format}")
    out.write_bytes(data)
    print(f"wrote {out}: {len(frame)} participant(s)")
    return 0


def cmd_serve(args: argparse.Namespace, cfg: settings_mod.Settings) -> int:
    """Run the app the event-day way (see excursions/serve/)."""
    from excursions.serve import patches
    from excursions.serve.app import run

    script = Path(args.script) if args.script else settings_mod.ROOT / "navigation.py"
    selection = args.patches if args.patches is not None else cfg.serve_patches
    active = [
        p.patch.name for p in patches.plan(patches.select(selection)) if p.state is patches.State.ACTIVE
    ]
    print(
        f"serving {script} on http://{args.host}:{args.port} "
        f"(uvicorn; patches: {', '.join(active) or 'none'})",
        flush=True,
    )
    run(script, args.host, args.port, selection)
    return 0


def cmd_settings(args: argparse.Namespace, cfg: settings_mod.Settings) -> int:
    for s in settings_mod.describe():
        print(f"{s['env']}\n    {s['help']}\n    default: {s['default']}\n    now: {getattr(cfg, s['name'])}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="excursions", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    ck = sub.add_parser("check", help="the ready-check for event day; exit 1 when something is red")
    ck.add_argument("--no-test-mail", action="store_true", help="connect to the mail server, send nothing")
    ck.set_defaults(func=cmd_check)
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

    su = sub.add_parser(
        "signup",
        help="sign a participant up (an address already signed up changes nothing: its owner is mailed "
        "their link)",
    )
    su.add_argument("--route", required=True)
    su.add_argument("--email", required=True)
    su.add_argument("--name", required=True)
    su.add_argument("--organisation")
    su.add_argument("--lang", choices=["da", "en"], default="da", help="language of their mail")
    su.set_defaults(func=cmd_signup)

    c = sub.add_parser("cancel", help="cancel a participant's excursion")
    c.add_argument("--email", required=True)
    c.set_defaults(func=cmd_cancel)

    n = sub.add_parser("counts", help="seats per route: capacity, confirmed, waitlisted")
    n.add_argument("--json", action="store_true")
    n.set_defaults(func=cmd_counts)

    sim = sub.add_parser("simulate", help="sign up made-up participants (demos, load tests)")
    sim.add_argument("--participants", type=int, required=True)
    sim.add_argument("--rate", type=float, default=5.0, help="sign-ups per second; 0: as fast as possible")
    sim.add_argument("--seed", type=int, default=1)
    sim.add_argument("--wishes", action="store_true", help="send made-up wish lists (the wish round)")
    sim.set_defaults(func=cmd_simulate)
    _wish_parsers(sub)

    pp = sub.add_parser(
        "purge-personal-data",
        help="delete names, e-mails, links and queued mail; keep counts, the log and check-ins",
    )
    pp.add_argument("--yes", action="store_true")
    pp.add_argument("--event", help="an event that is no longer current (see `excursions events`)")
    pp.set_defaults(func=cmd_purge)

    ml = sub.add_parser("mail", help="the mail queue: status, send what is due, retry failed mail")
    ml.add_argument("action", choices=["status", "send", "retry"])
    ml.add_argument("--limit", type=int, default=50, help="status: how many of the newest to list")
    ml.set_defaults(func=cmd_mail)

    r = sub.add_parser("reset", help="delete every sign-up (asks for --yes)")
    r.add_argument("--yes", action="store_true")
    r.set_defaults(func=cmd_reset)

    h = sub.add_parser("hash-password", help="print the setting line for an organiser password")
    h.add_argument("--password", help="default: ask without echo")
    h.set_defaults(func=cmd_hash_password)

    ic = sub.add_parser("import-csv", help="import registrations from a CSV or XLSX export")
    ic.add_argument("file")
    ic.add_argument("--map", help="field=column,… for name, email, organisation, excursion")
    ic.add_argument("--dry-run", action="store_true", help="show what would happen, import nothing")
    ic.set_defaults(func=cmd_import_csv)

    er = sub.add_parser("export-routes", help="every excursion in use (browser edits too) as route files")
    er.add_argument("dir", help="the folder to write <id>.geojson files into")
    er.add_argument("--force", action="store_true", help="replace files that are there")
    er.set_defaults(func=cmd_export_routes)
    ee = sub.add_parser("export-event", help="the event and its excursions as one zip (no personal data)")
    ee.add_argument("file", help="the zip to write")
    ee.add_argument("--force", action="store_true", help="replace the file if it is there")
    ee.set_defaults(func=cmd_export_event)
    ie = sub.add_parser("import-event", help="an event exported with export-event, into this installation")
    ie.add_argument("file", help="the zip to read")
    ie.add_argument(
        "--replace", action="store_true", help="replace this installation's event and route files"
    )
    ie.set_defaults(func=cmd_import_event)
    de = sub.add_parser("demo", help="install the shipped TM '22 event and its 24 excursions, to try the app")
    de.add_argument(
        "--replace", action="store_true", help="replace this installation's event and route files"
    )
    de.set_defaults(func=cmd_demo)
    ex = sub.add_parser("export", help="participant list as CSV (Danish Excel) or XLSX")
    ex.add_argument("--route", help="one route (default: all)")
    ex.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    ex.add_argument("--waiting", action="store_true", help="only the waiting list")
    ex.add_argument("--out")
    ex.set_defaults(func=cmd_export)

    sv = sub.add_parser("serve", help="run the app for an event: uvicorn, compressed static files")
    sv.add_argument("--host", default="0.0.0.0")
    sv.add_argument("--port", type=int, default=8501)
    sv.add_argument("--script", help="the page script (default: navigation.py, the app's pages)")
    sv.add_argument(
        "--patches",
        help="all, none or a comma-separated list of serve patches (default: the serve_patches setting)",
    )
    sv.set_defaults(func=cmd_serve)

    commands = {"new-event": cmd_new_event, "events": cmd_events}
    cli_events.add_parsers(sub, commands.__getitem__)
    s = sub.add_parser("settings", help="list every setting, its variable and current value")
    s.set_defaults(func=cmd_settings)
    return p


def cmd_new_event(args: argparse.Namespace, cfg: settings_mod.Settings) -> int:
    store, event = connect(cfg)
    return cli_events.new_event(args, cfg, (store, event, routes_in_use(store, cfg, event)))


def cmd_events(args: argparse.Namespace, cfg: settings_mod.Settings) -> int:
    return cli_events.events(args, cfg)


def cmd_wishes(args: argparse.Namespace, cfg: settings_mod.Settings) -> int:
    store, _ = connect(cfg)
    return cli_wishes.wishes(args, store)


def cmd_allocate(args: argparse.Namespace, cfg: settings_mod.Settings) -> int:
    store, event = connect(cfg)
    return cli_wishes.allocate(args, store, event)


def _wish_parsers(sub) -> None:
    w = sub.add_parser("wishes", help="the wish round: wishes per excursion and rank (live demand)")
    w.add_argument("--json", action="store_true")
    w.add_argument("--people", action="store_true", help="every person's wishes, best first")
    w.set_defaults(func=cmd_wishes)

    a = sub.add_parser("allocate", help="the wish round's draw: preview it, then commit it with --yes")
    a.add_argument(
        "--method",
        choices=[m.value for m in Method],
        default=Method.MOST_FIRST.value,
        help="serial: random serial dictatorship; most_first: most first wishes, then second, ...",
    )
    a.add_argument("--seed", type=int, help="the draw's seed (default: a random one, printed)")
    a.add_argument("--dry-run", action="store_true", help="only the preview, whatever else is given")
    a.add_argument("--yes", action="store_true", help="commit the draw")
    a.add_argument("--json", action="store_true", help="the preview as JSON")
    a.set_defaults(func=cmd_allocate)


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args, settings_mod.load())
    except ExcursionsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
