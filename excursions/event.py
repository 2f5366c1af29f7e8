"""The event: name, dates, venue, sign-up window and map tiles, read from a TOML file."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from excursions.climate import Factors
from excursions.errors import ExcursionsError
from excursions.signups import Window
from excursions.wishes import DRAW_AT_CLOSE, SignupMode, WishRound

LANGUAGES = ("da", "en")


class EventFileError(ExcursionsError):
    """The event file is missing a field or has a value that cannot be used."""


@dataclass(frozen=True)
class Venue:
    name: str
    address: str
    lat: float
    lon: float
    area_radius_km: float


@dataclass(frozen=True)
class Event:
    name_da: str
    name_en: str
    tagline_da: str
    tagline_en: str
    start_date: dt.date
    end_date: dt.date
    timezone: ZoneInfo
    default_language: str
    public_url: str
    venue: Venue
    signup_opens: dt.datetime
    signup_closes: dt.datetime
    tiles: str
    attribution: str
    signup_keep_open: bool = False
    sender_name: str = ""
    sender_name_en: str = ""  # [mail] sender_name_en; the Danish one where it is not given
    sender_address: str = ""
    contact_address: str = ""
    delete_personal_data_after: dt.date | None = None
    climate: Factors | None = None  # [climate]: emission factors; None: no climate facts shown
    # [themes]: theme id (as in the route files) -> {"da": label, "en": label}
    themes: Mapping[str, Mapping[str, str]] = field(default_factory=dict, hash=False)
    # [signup] mode = "wishes": the wish round before first come (excursions.wishes); None: none
    wish_round: WishRound | None = None
    unset: bool = False  # no event yet (first start): the organiser page walks through making one

    @property
    def window(self) -> Window:
        return Window(self.signup_opens, self.signup_closes, self.signup_keep_open)

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_da

    def sender(self, lang: str) -> str:
        """Whom a mail in this language comes from and is signed by."""
        return (self.sender_name_en if lang == "en" else "") or self.sender_name or self.name(lang)

    def tagline(self, lang: str) -> str:
        return self.tagline_en if lang == "en" else self.tagline_da

    def theme(self, theme_id: str, lang: str) -> str:
        """A theme as a participant reads it; the id itself where the event file has no label."""
        return (self.themes.get(theme_id) or {}).get(lang) or theme_id


NEVER = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def first_start_event() -> Event:
    """What an installation without an event serves: no name, sign-up closed, a venue in the
    middle of Denmark for the map to start from. Pages show the first-event walk-through."""
    return Event(
        name_da="",
        name_en="",
        tagline_da="",
        tagline_en="",
        start_date=NEVER.date(),
        end_date=NEVER.date(),
        timezone=ZoneInfo("Europe/Copenhagen"),
        default_language="da",
        public_url="",
        venue=Venue(name="", address="", lat=56.0, lon=10.5, area_radius_km=300.0),
        signup_opens=NEVER,
        signup_closes=NEVER,
        tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        attribution="© OpenStreetMap",
        unset=True,
    )


def _get(table: dict, key: str, where: str, path: str | Path, kind: type | tuple[type, ...] = str):
    if key not in table:
        raise EventFileError(f"{path}: [{where}] has no '{key}'. Add it and restart.")
    value = table[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise EventFileError(f"{path}: [{where}] {key} = {value!r} has the wrong type.")
    return value


def _aware(value: dt.datetime, key: str, path: str | Path) -> dt.datetime:
    if value.tzinfo is None:
        raise EventFileError(f"{path}: [signup] {key} needs a UTC offset, e.g. +02:00.")
    return value


def load_event(path: Path) -> Event:
    """Read and check the event file; raise EventFileError naming the file and field."""
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise EventFileError(
            f"{path}: event file not found. Set EXCURSIONS_EVENT_FILE to your event's TOML file."
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise EventFileError(f"{path}: not valid TOML ({exc}).") from exc
    return parse_event(data, path)


def event_from_text(text: str, where: str | Path) -> Event:
    """The event as TOML text says (the version saved in the browser, a bundle's file)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise EventFileError(f"{where}: not valid TOML ({exc}).") from exc
    return parse_event(data, where)


def parse_event(data: dict, path: str | Path) -> Event:
    """Check the event's tables (as tomllib reads them); `path` names where they came from."""
    ev, venue = data.get("event", {}), data.get("venue", {})
    signup, tiles = data.get("signup", {}), data.get("map", {})
    mail, privacy = data.get("mail", {}), data.get("privacy", {})
    tz_name = _get(ev, "timezone", "event", path)
    try:
        tz = ZoneInfo(tz_name)
    except ZoneInfoNotFoundError:
        raise EventFileError(f"{path}: [event] timezone {tz_name!r} is not known.") from None
    lang = ev.get("default_language", "da")
    if lang not in LANGUAGES:
        raise EventFileError(f"{path}: [event] default_language must be one of {LANGUAGES}.")
    number = (int, float)
    return Event(
        name_da=_get(ev, "name_da", "event", path),
        name_en=ev.get("name_en") or ev["name_da"],
        tagline_da=ev.get("tagline_da", ""),
        tagline_en=ev.get("tagline_en", ev.get("tagline_da", "")),
        start_date=_get(ev, "start_date", "event", path, dt.date),
        end_date=_get(ev, "end_date", "event", path, dt.date),
        timezone=tz,
        default_language=lang,
        public_url=_get(ev, "public_url", "event", path),
        venue=Venue(
            name=_get(venue, "name", "venue", path),
            address=venue.get("address", ""),
            lat=float(_get(venue, "lat", "venue", path, number)),
            lon=float(_get(venue, "lon", "venue", path, number)),
            area_radius_km=float(venue.get("area_radius_km", 40)),
        ),
        signup_opens=_aware(_get(signup, "opens", "signup", path, dt.datetime), "opens", path),
        signup_closes=_aware(_get(signup, "closes", "signup", path, dt.datetime), "closes", path),
        tiles=tiles.get("tiles", ""),
        attribution=tiles.get("attribution", ""),
        signup_keep_open=bool(signup.get("demo_keep_open", False)),
        sender_name=str(mail.get("sender_name", "")) or ev["name_da"],
        sender_name_en=str(mail.get("sender_name_en", "")),
        sender_address=_address(mail, "sender_address", path),
        contact_address=_address(mail, "contact_address", path),
        delete_personal_data_after=_get(privacy, "delete_personal_data_after", "privacy", path, dt.date)
        if "delete_personal_data_after" in privacy
        else None,
        climate=_climate(data.get("climate"), path),
        themes=_themes(data.get("themes", {}), path),
        wish_round=_wish_round(signup, path),
    )


def _wish_round(signup: dict, path: str | Path) -> WishRound | None:
    mode = signup.get("mode", SignupMode.FIRST_COME.value)
    if mode not in tuple(SignupMode):
        choices = " or ".join(f'"{m}"' for m in SignupMode)
        raise EventFileError(f"{path}: [signup] mode = {mode!r}: use {choices}.")
    if mode == SignupMode.FIRST_COME:
        return None
    closes = _aware(_get(signup, "wishes_close", "signup", path, dt.datetime), "wishes_close", path)
    opens, ends = signup["opens"], signup["closes"]
    if not opens < closes or (closes > ends and not signup.get("demo_keep_open", False)):
        raise EventFileError(
            f"{path}: [signup] wishes_close = {closes.isoformat()} must be after opens and "
            f"no later than closes ({opens.isoformat()} – {ends.isoformat()})."
        )
    count = signup.get("wishes", 3)
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= 10:
        raise EventFileError(f"{path}: [signup] wishes = {count!r}: a whole number from 1 to 10.")
    method = signup.get("draw", DRAW_AT_CLOSE[0])
    if method not in DRAW_AT_CLOSE:
        choices = ", ".join(f'"{m}"' for m in DRAW_AT_CLOSE)
        raise EventFileError(f"{path}: [signup] draw = {method!r}: use one of {choices}.")
    return WishRound(closes, count, method)


def _themes(table: dict, path: str | Path) -> dict[str, dict[str, str]]:
    out = {}
    for theme_id, labels in table.items():
        if not isinstance(labels, dict) or not all(isinstance(v, str) for v in labels.values()):
            raise EventFileError(
                f'{path}: [themes] "{theme_id}" must be a table like {{ da = "natur", en = "nature" }}.'
            )
        unknown = set(labels) - set(LANGUAGES)
        if unknown:
            raise EventFileError(
                f'{path}: [themes] "{theme_id}" has labels for unknown languages {sorted(unknown)}.'
            )
        out[str(theme_id)] = {k: v.strip() for k, v in labels.items()}
    return out


def _climate(table: dict | None, path: str | Path) -> Factors | None:
    if table is None:
        return None
    values = {}
    for key in ("car_kg_per_km", "car_occupancy", "bus_kg_per_km"):
        value = _get(table, key, "climate", path, (int, float))
        if value < 0 or (key == "car_occupancy" and value < 1):
            least = "1" if key == "car_occupancy" else "0"
            raise EventFileError(f"{path}: [climate] {key} must be at least {least}, got {value}.")
        values[key] = float(value)
    return Factors(**values)


def _address(table: dict, key: str, path: str | Path) -> str:
    value = str(table.get(key, "")).strip()
    if value and ("@" not in value or any(c in value for c in " <>\r\n,;")):
        raise EventFileError(f"{path}: [mail] {key} = {value!r} is not an e-mail address.")
    return value
