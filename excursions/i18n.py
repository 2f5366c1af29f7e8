"""Danish and English strings, and Danish-style numbers, dates and times (via Babel)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal

from excursions.routes import Mode

LANGS = ("da", "en")
LOCALES = {"da": "da_DK", "en": "en_GB"}

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {"da": "Udflugter", "en": "Excursions"},
    "nav_explore": {"da": "Udflugter", "en": "Excursions"},
    "language": {"da": "Sprog", "en": "Language"},
    "filters": {"da": "Filtrér", "en": "Filter"},
    "filter_mode": {"da": "Transport", "en": "Transport"},
    "filter_themes": {"da": "Temaer", "en": "Themes"},
    "filter_themes_all": {"da": "Alle temaer", "en": "All themes"},
    "filter_duration": {"da": "Højst varighed (timer)", "en": "Longest duration (hours)"},
    "filter_search": {"da": "Søg", "en": "Search"},
    "filter_search_help": {
        "da": "Søg i titel, beskrivelse, stop og temaer",
        "en": "Search titles, descriptions, stops and themes",
    },
    "showing": {"da": "Viser {n} af {total} udflugter", "en": "Showing {n} of {total} excursions"},
    "no_match": {
        "da": "Ingen udflugter passer til filtrene. Fjern et filter for at se flere.",
        "en": "No excursion matches the filters. Remove a filter to see more.",
    },
    "list_heading": {"da": "Alle udflugter", "en": "All excursions"},
    "list_hint": {
        "da": "Vælg en udflugt i listen eller klik på en rute på kortet.",
        "en": "Pick an excursion in the list or click a route on the map.",
    },
    "col_title": {"da": "Udflugt", "en": "Excursion"},
    "col_mode": {"da": "Transport", "en": "Transport"},
    "col_km": {"da": "Længde", "en": "Length"},
    "col_duration": {"da": "Varighed", "en": "Duration"},
    "col_departure": {"da": "Afgang", "en": "Departure"},
    "mode_walk": {"da": "Til fods", "en": "On foot"},
    "mode_bike": {"da": "Cykel", "en": "Bike"},
    "mode_bus": {"da": "Bus", "en": "Bus"},
    "length": {"da": "Længde", "en": "Length"},
    "duration": {"da": "Varighed", "en": "Duration"},
    "departure": {"da": "Afgang", "en": "Departure"},
    "meeting_point": {"da": "Mødested", "en": "Meeting point"},
    "host": {"da": "Vært", "en": "Host"},
    "accessibility": {"da": "Tilgængelighed", "en": "Accessibility"},
    "themes": {"da": "Temaer", "en": "Themes"},
    "capacity": {"da": "Pladser i alt", "en": "Seats in total"},
    "stops": {"da": "Det ser du på vejen", "en": "What you see on the way"},
    "illustrative": {
        "da": "Illustrativ udflugt: rute og tekst er eksempler, som arrangøren udskifter.",
        "en": "Illustrative excursion: route and text are examples the organiser will replace.",
    },
    "download_gpx": {"da": "Hent ruten som GPX", "en": "Download the route as GPX"},
    "close_details": {"da": "Luk", "en": "Close"},
    "legend": {"da": "Transport", "en": "Transport"},
    "venue": {"da": "Konferencested", "en": "Conference venue"},
    "start": {"da": "Start", "en": "Start"},
    "tiles_unavailable": {
        "da": "Baggrundskortet kan ikke hentes lige nu; ruterne vises stadig.",
        "en": "The background map cannot be loaded right now; routes are still shown.",
    },
    "tiles_off": {"da": "Baggrundskort slået fra", "en": "Background map switched off"},
    "bad_files": {
        "da": "{n} rutefil(er) kunne ikke læses og vises ikke:",
        "en": "{n} route file(s) could not be read and are not shown:",
    },
    "unknown_route": {
        "da": "Udflugten '{id}' findes ikke. Vælg en anden i listen.",
        "en": "There is no excursion '{id}'. Pick another from the list.",
    },
    "duration_estimated": {
        "da": "anslået ud fra længde og stop",
        "en": "estimated from length and stops",
    },
    "map_label": {"da": "Kort over alle udflugter", "en": "Map of all excursions"},
}


def t(key: str, lang: str, **values: object) -> str:
    """The string for key in lang (Danish if the language has none)."""
    entry = STRINGS[key]
    text = entry.get(lang) or entry["da"]
    return text.format(**values) if values else text


def mode_label(mode: Mode, lang: str) -> str:
    return t(f"mode_{mode.value}", lang)


def format_km(metres: float, lang: str) -> str:
    return f"{format_decimal(metres / 1000, format='#,##0.0', locale=LOCALES[lang])} km"


def format_duration(minutes: int, lang: str) -> str:
    hours, rest = divmod(int(minutes), 60)
    h = "t" if lang == "da" else "h"
    if not hours:
        return f"{rest} min"
    return f"{hours} {h}" if not rest else f"{hours} {h} {rest} min"


def format_date(day: dt.date | dt.datetime, lang: str) -> str:
    """'20. april 2022' in Danish, '20 April 2022' in English."""
    if isinstance(day, dt.datetime):
        day = day.date()
    return _babel_date(day, format="long", locale=LOCALES[lang])


def format_time(when: dt.datetime, tz: ZoneInfo | None = None) -> str:
    """24-hour clock in the event's time zone: '14:00'."""
    local = when.astimezone(tz) if tz else when
    return local.strftime("%H:%M")


def format_departure(when: dt.datetime, lang: str, tz: ZoneInfo | None = None) -> str:
    local = when.astimezone(tz) if tz else when
    sep = " kl. " if lang == "da" else ", "
    return f"{format_date(local, lang)}{sep}{format_time(local)}"
