"""Several events in one installation: each year's event (an edition) keeps its own database
(a SQLite file under the data folder, or a PostgreSQL schema), the installation's database
says which one is current, and an event that is no longer current keeps its numbers as an
archive (counts per excursion, check-in totals, the fill-up series; no personal data).

A new event starts from the current one: new name, days and venue; the sign-up window and
the deletion date move with the days; the chosen excursions come along, each departure on
the new event's matching day at the same time of day."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from excursions.drafts import document, draft_from_route
from excursions.fillup import FillUp
from excursions.model import RouteCount
from excursions.route_edits import document_bytes
from excursions.routes import Route

SCHEMA_PARAM = "excursions_schema"  # a PostgreSQL URL's query: the schema an edition lives in
MAIN = ""  # the location of the installation's own database (the first event's)


def slug(name: str, taken: Iterable[str] = ()) -> str:
    """A key for an edition from its name: ascii, lower case, unique among `taken`."""
    danish = name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    folded = unicodedata.normalize("NFKD", danish).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:40]
    base = base or "event"
    taken = set(taken)
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def edition_url(main_url: str, location: str) -> str:
    """Where an edition's database is: the installation's own for MAIN; else a SQLite file next
    to it (events/<key>.sqlite3) or a schema in the same PostgreSQL database."""
    if location == MAIN:
        return main_url
    if main_url.startswith("sqlite:///"):
        folder = main_url.removeprefix("sqlite:///").rsplit("/", 1)[0]
        return f"sqlite:///{folder}/events/{location}.sqlite3"
    parts = urlsplit(main_url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != SCHEMA_PARAM]
    schema = "edition_" + location.replace("-", "_")
    return urlunsplit(parts._replace(query=urlencode([*query, (SCHEMA_PARAM, schema)])))


def shift_days(old_start: dt.date, new_start: dt.date) -> dt.timedelta:
    return dt.timedelta(days=(new_start - old_start).days)


def moved(when: dt.datetime, days: dt.timedelta, tz: ZoneInfo) -> dt.datetime:
    """The same time of day on the venue's clock, `days` later (a summer-time change between
    the two dates keeps 14:00 at 14:00)."""
    local = when.astimezone(tz).replace(tzinfo=None) + days
    return local.replace(tzinfo=tz)


def moved_route(route: Route, days: dt.timedelta, tz: ZoneInfo) -> bytes:
    """The excursion's route file with its departure moved to the new event's day."""
    draft = draft_from_route(route)
    departure = moved(route.departure, days, tz) if route.departure else None
    return document_bytes(document(replace(draft, departure=departure)))


def moved_tables(base: Mapping, days: dt.timedelta, tz: ZoneInfo) -> dict:
    """The event's tables with every date and instant moved by `days` (the sign-up window,
    the wish round's close, the deletion date), instants at the same time of day."""
    data = {k: dict(v) if isinstance(v, Mapping) else v for k, v in base.items()}
    signup = data.get("signup", {})
    for key in ("opens", "closes", "wishes_close"):
        if isinstance(signup.get(key), dt.datetime):
            local = moved(signup[key], days, tz)
            signup[key] = local.replace(tzinfo=dt.timezone(local.utcoffset() or dt.timedelta()))
    privacy = data.get("privacy", {})
    if isinstance(privacy.get("delete_personal_data_after"), dt.date):
        privacy["delete_personal_data_after"] += days
    signup.pop("demo_keep_open", None)  # a real event's window closes
    return data


@dataclass(frozen=True)
class ArchivedRoute:
    id: str
    title_da: str
    title_en: str
    mode: str
    capacity: int
    confirmed: int
    waiting: int
    present: int


@dataclass(frozen=True)
class Archive:
    """An event's numbers once it is no longer current: nobody's name or address."""

    name_da: str
    name_en: str
    start_date: dt.date
    end_date: dt.date
    routes: tuple[ArchivedRoute, ...]
    total: tuple[tuple[dt.datetime, int], ...]  # sign-ups (confirmed + waiting) over time

    @property
    def signed_up(self) -> int:
        return sum(r.confirmed + r.waiting for r in self.routes)

    @property
    def present(self) -> int:
        return sum(r.present for r in self.routes)

    def name(self, lang: str) -> str:
        return (self.name_en if lang == "en" else "") or self.name_da

    def to_json(self) -> str:
        data = {
            "name_da": self.name_da,
            "name_en": self.name_en,
            "start_date": self.start_date.isoformat(),
            "end_date": self.end_date.isoformat(),
            "routes": [vars(r) for r in self.routes],
            "total": [[at.isoformat(), n] for at, n in self.total],
        }
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Archive:
        data = json.loads(text)
        return cls(
            data["name_da"],
            data["name_en"],
            dt.date.fromisoformat(data["start_date"]),
            dt.date.fromisoformat(data["end_date"]),
            tuple(ArchivedRoute(**r) for r in data["routes"]),
            tuple((dt.datetime.fromisoformat(at), int(n)) for at, n in data["total"]),
        )


def archive_of(
    event_names: tuple[str, str],
    days: tuple[dt.date, dt.date],
    routes: Sequence[Route],
    counts: Mapping[str, RouteCount],
    present: Mapping[str, int],
    fill: FillUp,
) -> Archive:
    """The numbers to keep of an event that stops being current."""
    rows = tuple(
        ArchivedRoute(
            r.id,
            r.title_da,
            r.title_en,
            r.mode.value,
            counts[r.id].capacity if r.id in counts else r.capacity,
            counts[r.id].confirmed if r.id in counts else 0,
            counts[r.id].waitlisted if r.id in counts else 0,
            present.get(r.id, 0),
        )
        for r in routes
    )
    total = tuple(
        (at.to_pydatetime(), int(n)) for at, n in zip(fill.total["at"], fill.total["signed_up"], strict=True)
    )
    return Archive(event_names[0], event_names[1], days[0], days[1], rows, total)
