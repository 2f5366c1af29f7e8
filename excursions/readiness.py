"""The ready-check: what goes wrong on event day, found the day before.

Each check gives a level and a code (with the values its message needs); the page and the
CLI word them from the message catalogue (ready_<item>_<code>), and each message says
what to do. Network probes (the public address, the tile server, the mail server) take a
`fetch` and a transport, so tests give real local servers.
"""

from __future__ import annotations

import datetime as dt
import math
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from enum import StrEnum
from pathlib import Path

from excursions.event import Event
from excursions.links import only_this_computer
from excursions.mail.transport import FileTransport, MailSendError, Transport, transport_from_url
from excursions.privacy import purge_due
from excursions.routes import RouteSet
from excursions.settings import Settings
from excursions.signups import Window
from excursions.store import Store, StoreError

TIMEOUT = 5.0  # seconds for each network probe


class Level(StrEnum):
    GREEN = "green"
    AMBER = "amber"  # works, but not as participants are promised
    RED = "red"  # fix before the event


class Item(StrEnum):
    PUBLIC_URL = "public_url"
    TILES = "tiles"
    PASSWORD = "password"
    DATABASE = "database"
    MAIL = "mail"
    ROUTES = "routes"
    WINDOW = "window"
    DELETION = "deletion"
    SIGNUP = "signup"
    WISH_ROUND = "wish_round"


@dataclass(frozen=True)
class Finding:
    item: Item
    level: Level
    code: str
    values: dict[str, object] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """The message catalogue's key for this finding."""
        return f"ready_{self.item}_{self.code}"


Fetch = Callable[[str], tuple[int, bytes]]


def fetch(url: str) -> tuple[int, bytes]:
    """GET url: (status, first 4 kB of the body); raises OSError when nothing answers."""
    request = urllib.request.Request(url, headers={"User-Agent": "excursions-ready-check"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, response.read(4096)
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def check_public_url(url: str, get: Fetch = fetch) -> Finding:
    """The QR code's address: phones must reach this app there."""
    if only_this_computer(url):
        return Finding(Item.PUBLIC_URL, Level.RED, "local", {"url": url})
    probe = url.rstrip("/") + "/_stcore/health"
    try:
        status, body = get(probe)
    except OSError as exc:
        return Finding(Item.PUBLIC_URL, Level.RED, "unreachable", {"url": url, "reason": _reason(exc)})
    if status != 200 or body.strip() != b"ok":
        return Finding(Item.PUBLIC_URL, Level.RED, "not_this_app", {"url": url, "status": status})
    return Finding(Item.PUBLIC_URL, Level.GREEN, "ok", {"url": url})


def tile_url(template: str, lat: float, lon: float, zoom: int = 12) -> str:
    """The tile over a point (slippy-map numbering)."""
    n = 2**zoom
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return template.replace("{s}", "a").format(z=zoom, x=x, y=y)


def check_tiles(template: str, lat: float, lon: float, get: Fetch = fetch) -> Finding:
    if template in ("", "none"):
        return Finding(Item.TILES, Level.GREEN, "off")
    url = tile_url(template, lat, lon)
    try:
        status, _ = get(url)
    except OSError as exc:
        return Finding(Item.TILES, Level.AMBER, "unreachable", {"url": url, "reason": _reason(exc)})
    if status != 200:
        return Finding(Item.TILES, Level.AMBER, "unreachable", {"url": url, "reason": f"HTTP {status}"})
    return Finding(Item.TILES, Level.GREEN, "ok", {"url": url})


def check_password(password_hash: str) -> Finding:
    return Finding(
        Item.PASSWORD, Level.GREEN if password_hash else Level.RED, "ok" if password_hash else "missing"
    )


def check_database(store: Store, now: dt.datetime) -> Finding:
    """Reachable and writable: one small write, as a sign-up makes."""
    try:
        store.note_ready_check(now)
    except StoreError as exc:
        return Finding(Item.DATABASE, Level.RED, "failed", {"reason": str(exc)})
    return Finding(Item.DATABASE, Level.GREEN, "ok", {"kind": store.dialect})


def check_mail(event: Event, transport: Transport, *, send_test: bool, now: dt.datetime) -> Finding:
    """Configured, and (with send_test) a message to the contact address goes through."""
    if not event.sender_address:
        return Finding(Item.MAIL, Level.RED, "no_sender")
    if isinstance(transport, FileTransport):
        return Finding(Item.MAIL, Level.RED, "files", {"folder": str(transport.folder)})
    to = event.contact_address or event.sender_address
    try:
        with transport.session() as send:
            if send_test:
                message = EmailMessage()
                message["From"] = event.sender_address
                message["To"] = to
                message["Subject"] = f"Ready-check {now:%Y-%m-%d %H:%M} UTC"
                message.set_content("A test message from `excursions check`: mail goes out.")
                send(event.sender_address, to, message.as_bytes(), "ready-check")
    except (MailSendError, OSError) as exc:
        return Finding(Item.MAIL, Level.RED, "failed", {"reason": _reason(exc)})
    return Finding(
        Item.MAIL, Level.GREEN, "sent" if send_test else "ok", {"to": to, "server": transport.describe()}
    )


def check_routes(routes: RouteSet, saved: int = 0) -> Finding:
    """saved: how many of the routes in use are excursions saved in the browser (not files)."""
    if routes.problems:
        return Finding(Item.ROUTES, Level.RED, "problems", {"n": len(routes.problems)})
    if saved:
        values = {"n": len(routes.routes), "files": len(routes.routes) - saved, "saved": saved}
        return Finding(Item.ROUTES, Level.GREEN, "ok_with_edits", values)
    return Finding(Item.ROUTES, Level.GREEN, "ok", {"n": len(routes.routes)})


def check_window(window: Window, routes: RouteSet) -> Finding:
    if window.opens >= window.closes:
        return Finding(Item.WINDOW, Level.RED, "order")
    first = min((r.departure for r in routes.routes), default=None)
    if first is not None and window.closes > first:
        return Finding(Item.WINDOW, Level.RED, "after_departure")
    if window.keep_open:
        return Finding(Item.WINDOW, Level.AMBER, "demo")
    return Finding(Item.WINDOW, Level.GREEN, "ok")


def check_deletion(
    event: Event, now: dt.datetime | None = None, purged_at: dt.datetime | None = None
) -> Finding:
    """A date after the event; once it has passed (now given), the data deleted since."""
    day = event.delete_personal_data_after
    if day is None:
        return Finding(Item.DELETION, Level.RED, "missing")
    if day <= event.end_date:
        return Finding(Item.DELETION, Level.RED, "too_early", {"date": day})
    if now is not None and purge_due(event, purged_at, now):  # as the organiser page's banner says
        return Finding(Item.DELETION, Level.AMBER, "overdue", {"date": day})
    return Finding(Item.DELETION, Level.GREEN, "ok", {"date": day})


def check_signup_gate(registered_only: bool) -> Finding:
    """Open sign-up is fine, and bounded (excursions.limits); where the registration system
    knows who comes, only they may sign up, which no script gets round. Said either way."""
    return Finding(Item.SIGNUP, Level.GREEN, "registered_only" if registered_only else "open")


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None) or exc
    return (str(reason) or type(exc).__name__).splitlines()[0][:200]


def check_wish_round(event: Event, routes: RouteSet, drawn: bool, now: dt.datetime) -> Finding:
    """The wish round ends before the first departure, and its draw gets made."""
    round_ = event.wish_round
    assert round_ is not None
    first = min((r.departure for r in routes.routes), default=None)
    if first is not None and round_.closes > first:
        return Finding(Item.WISH_ROUND, Level.RED, "after_departure", {"date": round_.closes})
    if drawn:
        return Finding(Item.WISH_ROUND, Level.GREEN, "drawn")
    if now >= round_.closes and round_.draw == "manual":
        return Finding(Item.WISH_ROUND, Level.RED, "draw_due", {"date": round_.closes})
    code = "open_manual" if round_.draw == "manual" else "open_auto"
    return Finding(Item.WISH_ROUND, Level.GREEN, code, {"date": round_.closes})


@dataclass(frozen=True)
class Setup:
    """What the checks look at: the event, the settings' values, and the parts in use."""

    event: Event
    password_hash: str
    tiles: str
    registered_only: bool
    routes: RouteSet
    store: Store
    transport: Transport


def setup_for(settings: Settings, event: Event, routes: RouteSet, store: Store) -> Setup:
    """What the checks look at, from the settings (one place for the CLI and the page)."""
    return Setup(
        event=event,
        password_hash=settings.organiser_password_hash,
        tiles=settings.tiles or event.tiles or "none",
        registered_only=settings.signup_registered_only,
        routes=routes,
        store=store,
        transport=transport_from_url(settings.mail_url, Path(settings.data_dir)),
    )


def ready_check(setup: Setup, *, now: dt.datetime, send_test_mail: bool, get: Fetch = fetch) -> list[Finding]:
    event = setup.event
    return [
        check_public_url(event.public_url, get),
        check_tiles(setup.tiles, event.venue.lat, event.venue.lon, get),
        check_password(setup.password_hash),
        check_database(setup.store, now),
        check_mail(event, setup.transport, send_test=send_test_mail, now=now),
        check_routes(setup.routes, _saved_in_browser(setup)),
        check_window(event.window, setup.routes),
        check_deletion(event, now, _purged_at(setup)),
        check_signup_gate(setup.registered_only),
        *([check_wish_round(event, setup.routes, _drawn(setup), now)] if event.wish_round else []),
    ]


def _drawn(setup: Setup) -> bool:
    try:
        return setup.store.drawn()
    except StoreError:
        return False  # the database's own check says what is wrong


def _saved_in_browser(setup: Setup) -> int:
    try:
        edited = {e.route_id for e in setup.store.route_edits() if e.raw is not None}
    except StoreError:
        return 0  # the database's own check says what is wrong
    return sum(1 for r in setup.routes.routes if r.id in edited)


def _purged_at(setup: Setup) -> dt.datetime | None:
    try:
        return setup.store.purged_at()
    except StoreError:
        return None


def worst(findings: list[Finding]) -> Level:
    levels = {f.level for f in findings}
    return Level.RED if Level.RED in levels else Level.AMBER if Level.AMBER in levels else Level.GREEN
