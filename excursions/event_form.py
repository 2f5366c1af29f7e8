"""The event file as a form: its fields flat by name ("venue.lat"), each problem at its
field, and the TOML written back. The organiser's "Begivenhed" tab edits through it; the
event file's own checks (excursions.event.parse_event) run last, so a saved event is
always one the file could have held."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import tomli_w

from excursions.event import LANGUAGES, Event, EventFileError, parse_event
from excursions.routes import Route, haversine_km
from excursions.wishes import DRAW_AT_CLOSE, SignupMode

Values = dict[str, object]  # "section.key" -> value as a widget holds it


class Kind(StrEnum):
    TEXT = "text"
    DATE = "date"
    LOCAL_TIME = "local_time"  # an instant, edited as the date and time on the venue's clock
    NUMBER = "number"
    WHOLE = "whole"
    FLAG = "flag"
    CHOICE = "choice"


@dataclass(frozen=True)
class Field:
    key: str
    kind: Kind
    required: bool = False
    low: float | None = None
    high: float | None = None


FIELDS = (
    Field("event.name_da", Kind.TEXT, required=True),
    Field("event.name_en", Kind.TEXT),
    Field("event.tagline_da", Kind.TEXT),
    Field("event.tagline_en", Kind.TEXT),
    Field("event.start_date", Kind.DATE, required=True),
    Field("event.end_date", Kind.DATE, required=True),
    Field("event.timezone", Kind.CHOICE, required=True),
    Field("event.default_language", Kind.CHOICE, required=True),
    Field("event.public_url", Kind.TEXT, required=True),
    Field("venue.name", Kind.TEXT, required=True),
    Field("venue.address", Kind.TEXT),
    Field("venue.lat", Kind.NUMBER, required=True, low=-90, high=90),
    Field("venue.lon", Kind.NUMBER, required=True, low=-180, high=180),
    Field("venue.area_radius_km", Kind.NUMBER, required=True, low=0.5, high=1000),
    Field("signup.opens", Kind.LOCAL_TIME, required=True),
    Field("signup.closes", Kind.LOCAL_TIME, required=True),
    Field("signup.demo_keep_open", Kind.FLAG),
    Field("signup.mode", Kind.CHOICE, required=True),
    Field("signup.wishes_close", Kind.LOCAL_TIME),
    Field("signup.wishes", Kind.WHOLE, low=1, high=10),
    Field("signup.draw", Kind.CHOICE),
    Field("map.tiles", Kind.TEXT),
    Field("map.attribution", Kind.TEXT),
    Field("mail.sender_name", Kind.TEXT),
    Field("mail.sender_name_en", Kind.TEXT),
    Field("mail.sender_address", Kind.TEXT),
    Field("mail.contact_address", Kind.TEXT),
    Field("climate.car_kg_per_km", Kind.NUMBER, low=0, high=10),
    Field("climate.car_occupancy", Kind.NUMBER, low=1, high=10),
    Field("climate.bus_kg_per_km", Kind.NUMBER, low=0, high=10),
    Field("privacy.delete_personal_data_after", Kind.DATE),
)
BY_KEY = {f.key: f for f in FIELDS}
CHOICES: dict[str, tuple[str, ...]] = {
    "event.default_language": LANGUAGES,
    "signup.mode": tuple(m.value for m in SignupMode),
    "signup.draw": DRAW_AT_CLOSE,
}
# What the event file means where it says nothing (excursions.event.parse_event).
DEFAULTS: dict[str, object] = {
    "event.timezone": "Europe/Copenhagen",  # a first event's (the file must name one)
    "event.default_language": "da",
    "venue.area_radius_km": 40.0,
    "signup.mode": SignupMode.FIRST_COME.value,
    "signup.wishes": 3,
    "signup.draw": DRAW_AT_CLOSE[0],
}
CLIMATE = ("climate.car_kg_per_km", "climate.car_occupancy", "climate.bus_kg_per_km")
EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")


def timezones() -> tuple[str, ...]:
    """The time zones to choose from, as the event file may name them."""
    return tuple(
        sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))
    )


class Code(StrEnum):
    """What is wrong with a field; the page words it (event_problem_<code>)."""

    REQUIRED = "required"
    RANGE = "range"
    END_BEFORE_START = "end_before_start"
    CLOSES_BEFORE_OPENS = "closes_before_opens"
    WISHES_CLOSE_OUTSIDE = "wishes_close_outside"
    URL = "url"
    EMAIL = "email"
    TILES = "tiles"
    ROUTES_OUTSIDE = "routes_outside"
    DELETE_BEFORE_END = "delete_before_end"
    TIMEZONE = "timezone"
    CHOICE = "choice"
    THEME = "theme"
    INVALID = "invalid"  # the event file's own check refused it (a guard: the above catch all)


@dataclass(frozen=True)
class FieldProblem:
    field: str  # a FIELDS key, "themes", or "" for the event as a whole
    code: Code
    values: Mapping[str, object] = field(default_factory=dict)


def values_of(data: Mapping, tz: ZoneInfo) -> Values:
    """The form's values from the event's tables (as tomllib reads them): instants on the
    venue's clock, without their offset."""
    out: Values = {}
    for f in FIELDS:
        section, key = f.key.split(".")
        value = (data.get(section) or {}).get(key, DEFAULTS.get(f.key))
        if f.kind is Kind.LOCAL_TIME and isinstance(value, dt.datetime):
            value = value.astimezone(tz).replace(tzinfo=None) if value.tzinfo else value
        out[f.key] = value
    return out


def themes_of(data: Mapping) -> list[dict[str, str]]:
    """The themes as rows: id, Danish label, English label."""
    return [
        {"id": str(theme_id), "da": str(labels.get("da", "")), "en": str(labels.get("en", ""))}
        for theme_id, labels in (data.get("themes") or {}).items()
        if isinstance(labels, Mapping)
    ]


def tables(values: Mapping[str, object], themes: Sequence[Mapping[str, str]], base: Mapping) -> dict:
    """The event's tables with the form's values: empty optional fields left out, instants
    given the venue's UTC offset on their day; any table the form does not know kept from base."""
    data: dict = {k: dict(v) if isinstance(v, Mapping) else v for k, v in base.items()}
    tz = _zone(values.get("event.timezone"))
    for f in FIELDS:
        section, key = f.key.split(".")
        value = values.get(f.key)
        if f.kind is Kind.TEXT and value is not None:
            value = str(value).strip()
        table = data.setdefault(section, {})
        if value is None or value == "" or (f.kind is Kind.FLAG and not value):
            table.pop(key, None)
            continue
        if f.kind is Kind.LOCAL_TIME and isinstance(value, dt.datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=tz or dt.UTC)
            value = value.replace(tzinfo=dt.timezone(value.utcoffset() or dt.timedelta()))
        if f.kind is Kind.WHOLE:
            value = int(value)
        if f.kind is Kind.NUMBER:
            value = float(value)
        table[key] = value
    if values.get("signup.mode") == SignupMode.FIRST_COME:
        for key in ("wishes_close", "wishes", "draw"):
            data["signup"].pop(key, None)
    if not any(values.get(k) is not None for k in CLIMATE):
        data.pop("climate", None)
    data["themes"] = {
        row["id"].strip(): {lang: str(row.get(lang) or "").strip() for lang in LANGUAGES if row.get(lang)}
        for row in themes
        if str(row.get("id") or "").strip()
    }
    return {k: v for k, v in data.items() if v != {}}


def event_toml(data: Mapping) -> str:
    """The tables as an event file (what `excursions export-event` writes, too)."""
    return tomli_w.dumps(dict(data))


def check(
    values: Mapping[str, object], themes: Sequence[Mapping[str, str]], routes: Sequence[Route]
) -> list[FieldProblem]:
    """Every problem, each at its field; the routes in use must lie in the (new) area."""
    problems = [p for f in FIELDS if (p := _field(f, values.get(f.key)))]
    bad = {p.field for p in problems}

    def fine(*keys: str) -> bool:
        return not bad.intersection(keys) and all(values.get(k) is not None for k in keys)

    if fine("event.start_date", "event.end_date") and values["event.end_date"] < values["event.start_date"]:
        problems.append(FieldProblem("event.end_date", Code.END_BEFORE_START))
    if fine("signup.opens", "signup.closes") and values["signup.closes"] <= values["signup.opens"]:
        problems.append(FieldProblem("signup.closes", Code.CLOSES_BEFORE_OPENS))
    if values.get("signup.mode") == SignupMode.WISHES:
        closes = values.get("signup.wishes_close")
        if closes is None:
            problems.append(FieldProblem("signup.wishes_close", Code.REQUIRED))
        elif fine("signup.opens", "signup.closes") and not (
            values["signup.opens"] < closes
            and (closes <= values["signup.closes"] or values.get("signup.demo_keep_open"))
        ):
            problems.append(FieldProblem("signup.wishes_close", Code.WISHES_CLOSE_OUTSIDE))
    ends, purge = values.get("event.end_date"), values.get("privacy.delete_personal_data_after")
    if purge is not None and ends is not None and purge <= ends:
        problems.append(FieldProblem("privacy.delete_personal_data_after", Code.DELETE_BEFORE_END))
    set_climate = [k for k in CLIMATE if values.get(k) is not None]
    if set_climate and len(set_climate) < len(CLIMATE):
        problems += [FieldProblem(k, Code.REQUIRED) for k in CLIMATE if k not in set_climate]
    if fine("venue.lat", "venue.lon", "venue.area_radius_km"):
        lat, lon, radius = (float(values[k]) for k in ("venue.lat", "venue.lon", "venue.area_radius_km"))
        far = [(r, km) for r in routes if (km := farthest_km(r, lat, lon)) > radius]
        if far:
            needed = max(km for _, km in far)
            names = ", ".join(r.id for r, _ in far[:3]) + (" …" if len(far) > 3 else "")
            facts = {"n": len(far), "total": len(routes), "ids": names, "km": int(needed) + 1}
            problems.append(FieldProblem("venue.area_radius_km", Code.ROUTES_OUTSIDE, facts))
    seen: set[str] = set()
    for row in themes:
        theme_id = str(row.get("id") or "").strip()
        if not theme_id and (row.get("da") or row.get("en")):
            problems.append(FieldProblem("themes", Code.THEME, {"id": ""}))
        elif theme_id in seen:
            problems.append(FieldProblem("themes", Code.THEME, {"id": theme_id}))
        seen.add(theme_id)
    return problems


def farthest_km(route: Route, lat: float, lon: float) -> float:
    """How far from (lat, lon) the route's farthest point lies: the area must reach it, or
    the route file's check refuses the excursion."""
    points = [(y, x) for part in route.line_parts() for x, y in part] + [(s.lat, s.lon) for s in route.stops]
    return max(haversine_km(y, x, lat, lon) for y, x in points)


def _zone(name: object) -> ZoneInfo | None:
    try:
        return ZoneInfo(str(name)) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _field(f: Field, value: object) -> FieldProblem | None:
    if value is None or (f.kind is Kind.TEXT and not str(value).strip()):
        return FieldProblem(f.key, Code.REQUIRED) if f.required else None
    if f.kind in (Kind.NUMBER, Kind.WHOLE) and not (
        (f.low is None or value >= f.low) and (f.high is None or value <= f.high)  # type: ignore[operator]
    ):
        return FieldProblem(f.key, Code.RANGE, {"low": f.low, "high": f.high})
    if f.key == "event.timezone" and _zone(value) is None:
        return FieldProblem(f.key, Code.TIMEZONE, {"value": value})
    if f.key in CHOICES and value not in CHOICES[f.key]:
        return FieldProblem(f.key, Code.CHOICE, {"value": value})
    if f.key == "event.public_url":
        parts = urlsplit(str(value).strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return FieldProblem(f.key, Code.URL, {"value": value})
    if f.key in ("mail.sender_address", "mail.contact_address") and not EMAIL.match(str(value).strip()):
        return FieldProblem(f.key, Code.EMAIL, {"value": value})
    if f.key == "map.tiles" and value != "none" and not all(p in str(value) for p in ("{z}", "{x}", "{y}")):
        return FieldProblem(f.key, Code.TILES, {"value": value})
    return None


def build(
    values: Mapping[str, object],
    themes: Sequence[Mapping[str, str]],
    base: Mapping,
    routes: Sequence[Route],
    where: str | Path = "the event form",
) -> tuple[str, Event] | list[FieldProblem]:
    """The event file's text and the event it makes; or every problem, at its field."""
    problems = check(values, themes, routes)
    if problems:
        return problems
    data = tables(values, themes, base)
    try:
        event = parse_event(data, where)
    except EventFileError as exc:
        return [FieldProblem("", Code.INVALID, {"detail": str(exc)})]
    return event_toml(data), event
