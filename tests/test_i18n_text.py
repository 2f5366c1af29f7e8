"""Danish formatting, strings in both languages, and text made safe for Markdown."""

from __future__ import annotations

import datetime as dt
import re
import string
from zoneinfo import ZoneInfo

import pytest

from excursions.i18n import STRINGS, format_date, format_departure, format_duration, format_km, t
from excursions.text import escape_markdown, fold

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.mark.parametrize(
    ("lang", "metres", "text"), [("da", 12345, "12,3 km"), ("en", 12345, "12.3 km"), ("da", 2000, "2,0 km")]
)
def test_kilometres_use_the_language_decimal_mark(lang, metres, text):
    assert format_km(metres, lang) == text


@pytest.mark.parametrize(
    ("minutes", "lang", "text"),
    [(45, "da", "45 min"), (60, "da", "1 t"), (95, "da", "1 t 35 min"), (95, "en", "1 h 35 min")],
)
def test_durations(minutes, lang, text):
    assert format_duration(minutes, lang) == text


def test_dates_and_times_in_danish_and_english():
    when = dt.datetime(2022, 4, 20, 12, 0, tzinfo=dt.UTC)
    assert format_date(when.date(), "da") == "20. april 2022"
    assert format_date(when.date(), "en") == "20 April 2022"
    assert format_departure(when, "da", CPH) == "20. april 2022 kl. 14:00"


def test_every_string_exists_in_both_languages():
    missing = [key for key, entry in STRINGS.items() if not (entry.get("da") and entry.get("en"))]
    assert missing == []
    assert t("showing", "en", n=3, total=24) == "Showing 3 of 24 excursions"


@pytest.mark.parametrize(
    "hostile",
    [
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "${alert(1)} `code` $x^2$ :red[alarm]",
        "C:\\path\\2019 **bold** # heading",
    ],
)
def test_escaped_markdown_has_no_live_syntax_left(hostile):
    escaped = escape_markdown(hostile)
    unescaped = [c for i, c in enumerate(escaped) if c in "<[`*$:#(" and (i == 0 or escaped[i - 1] != "\\")]
    assert unescaped == []


@pytest.mark.parametrize(("a", "b"), [("Ejby Mølle", "ejby molle"), ("GÅTUR", "gatur"), ("Æble", "aeble")])
def test_search_folding_ignores_case_and_accents(a, b):
    assert fold(a) == fold(b)


@pytest.mark.parametrize(
    "text", ["http://evil.example/x", "HTTPS://a.dk", "www.evil.example", "mailto:a@b.dk"]
)
def test_escaped_text_has_no_bare_address_left_to_autolink(text):
    escaped = escape_markdown(text)
    assert not re.search(r"(?i)(https?|mailto)\\?:|www\\?\.", escaped)
    assert escaped.replace("\u2060", "").replace("\\", "") == text


# Nouns that follow a count, in the singular and the plural, per language.
NOUNS = {
    "da": (
        "udflugt plads sekund bus cykel række person mail tilmelding browser problem rutefil deltager",
        "udflugter pladser sekunder busser cykler rækker personer mails tilmeldinger browsere problemer "
        "rutefiler deltagere",
    ),
    "en": (
        "excursion seat second bus bike row person mail sign-up browser problem file participant character",
        "excursions seats seconds buses bikes rows people mails sign-ups browsers problems files "
        "participants characters",
    ),
}


# Placeholders that hold words, not counts.
TEXT_FIELDS = {"contact", "date", "email", "field", "id", "name", "names", "place", "previous", "source"}
TEXT_FIELDS |= {
    "summary",
    "time",
    "title",
    "when",
    "new",
    "old",
    "route",
    "wanted",
    "file",
    "next",
    "columns",
}
TEXT_FIELDS |= {"has", "fields", "who", "ids", "value", "detail", "url"}


def wrong_forms(text: str, n: int, lang: str) -> list[str]:
    singular, plural = (words.split() for words in NOUNS[lang])
    wrong = plural if n == 1 else singular
    found = [m.group(0) for m in re.finditer(rf"\b{n} ({'|'.join(wrong)})\b", text)]
    if lang == "en":
        found += re.findall(rf"\b{n} (?:\w+ )?{'are' if n == 1 else 'is'}\b", text)
    return found


@pytest.mark.parametrize("n", [0, 1, 2])
@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_count_in_the_catalogue_takes_the_right_plural_form(n, lang):
    """Every message with a number, with every number 0, 1 and 2: '1 udflugt er fuld',
    '2 udflugter er fulde', never '1 excursions are full'."""
    bad = {}
    for key, entry in STRINGS.items():
        text = entry[lang]
        forms = text.values() if isinstance(text, dict) else [text]
        fields = {f for form in forms for _, f, _, _ in string.Formatter().parse(form) if f} - {"by"}
        if not fields:
            continue
        words = dict.fromkeys(fields & TEXT_FIELDS, "Nyborg")
        shown = t(key, lang, **dict.fromkeys(fields - TEXT_FIELDS, n), **words)
        if wrong := wrong_forms(shown, n, lang):
            bad[key] = (shown, wrong)
    assert bad == {}


def test_the_projector_counts_full_excursions_in_both_languages():
    assert t("kick_full_routes", "da", n=1) == "1 udflugt er fuld"
    assert t("kick_full_routes", "en", n=1) == "1 excursion is full"
    assert t("kick_full_routes", "da", n=3) == "3 udflugter er fulde"
    assert t("showing", "en", n=1, total=1) == "Showing 1 of 1 excursion"
