"""The event as a form (excursions.event_form): each problem at its field, in both languages;
a saved event wins over the file on every process (excursions.sources); the organiser's
"Begivenhed" tab saves only what the file could hold."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from excursions.event import load_event
from excursions.event_form import Code, FieldProblem, build, check, tables, themes_of, values_of
from excursions.i18n import t
from excursions.routes import load_routes
from excursions.sources import current_event, event_text, forget_edits_signature
from excursions.store import open_store, sqlite_url
from tests.conftest import ROOT

EVENT_FILE = ROOT / "data" / "event.toml"
TZ = ZoneInfo("Europe/Copenhagen")
BASE = tomllib.loads(EVENT_FILE.read_text(encoding="utf-8"))
ROUTES = load_routes(ROOT / "data" / "routes").routes


def shipped() -> dict:
    return values_of(BASE, TZ)


def test_the_form_writes_back_the_shipped_event_field_for_field():
    values, themes = shipped(), themes_of(BASE)
    assert check(values, themes, ROUTES) == []
    text, event = build(values, themes, BASE, ROUTES)
    assert event == load_event(EVENT_FILE)
    assert tomllib.loads(text)["signup"]["opens"] == BASE["signup"]["opens"]  # the venue's offset kept


def test_an_instant_takes_the_venues_offset_on_its_own_day():
    """Opening in winter (+01:00) and closing in summer (+02:00), as on the venue's clock."""
    values = shipped() | {
        "signup.opens": dt.datetime(2023, 1, 10, 9, 0),
        "signup.closes": dt.datetime(2023, 6, 1, 12),
    }
    data = tables(values, themes_of(BASE), BASE)
    assert data["signup"]["opens"].isoformat() == "2023-01-10T09:00:00+01:00"
    assert data["signup"]["closes"].isoformat() == "2023-06-01T12:00:00+02:00"


AARHUS_SEA = {"venue.lat": 56.30, "venue.lon": 10.90}  # the Kattegat, 120 km from Odense


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"event.name_da": "  "}, "event.name_da", Code.REQUIRED),
        ({"event.end_date": dt.date(2022, 4, 19)}, "event.end_date", Code.END_BEFORE_START),
        ({"signup.closes": dt.datetime(2022, 3, 1, 12)}, "signup.closes", Code.CLOSES_BEFORE_OPENS),
        ({"event.public_url": "udflugter.dk"}, "event.public_url", Code.URL),
        ({"event.public_url": "javascript:alert(1)"}, "event.public_url", Code.URL),
        ({"mail.sender_address": "udflugter æ tm.dk"}, "mail.sender_address", Code.EMAIL),
        ({"mail.contact_address": "a@b.dk, c@d.dk"}, "mail.contact_address", Code.EMAIL),
        ({"venue.lat": 95.0}, "venue.lat", Code.RANGE),
        ({"venue.area_radius_km": 0.0}, "venue.area_radius_km", Code.RANGE),
        (AARHUS_SEA, "venue.area_radius_km", Code.ROUTES_OUTSIDE),
        ({"venue.area_radius_km": 5.0}, "venue.area_radius_km", Code.ROUTES_OUTSIDE),
        ({"map.tiles": "https://tiles.example/{z}/{x}.png"}, "map.tiles", Code.TILES),
        (
            {"privacy.delete_personal_data_after": dt.date(2022, 4, 21)},
            "privacy.delete_personal_data_after",
            Code.DELETE_BEFORE_END,
        ),
        ({"event.timezone": "Europe/Odense"}, "event.timezone", Code.TIMEZONE),
        ({"signup.mode": "wishes", "signup.wishes_close": None}, "signup.wishes_close", Code.REQUIRED),
        (
            {
                "signup.mode": "wishes",
                "signup.wishes_close": dt.datetime(2022, 3, 1, 12),
                "signup.demo_keep_open": False,
            },
            "signup.wishes_close",
            Code.WISHES_CLOSE_OUTSIDE,
        ),
        ({"climate.bus_kg_per_km": None}, "climate.bus_kg_per_km", Code.REQUIRED),
    ],
)
def test_a_bad_value_is_refused_at_its_field_and_worded_in_both_languages(change, field, code):
    problems = check(shipped() | change, themes_of(BASE), ROUTES)
    assert [(p.field, p.code) for p in problems] == [(field, code)]
    result = build(shipped() | change, themes_of(BASE), BASE, ROUTES)
    assert result == problems  # nothing to save
    for lang in ("da", "en"):
        text = t(f"event_problem_{code}", lang, **dict(problems[0].values))
        assert text and "None" not in text and ("{" not in text or code is Code.TILES)  # {z}: meant


def test_a_venue_in_the_sea_names_how_many_excursions_fall_out_and_the_radius_that_would_hold_them():
    (problem,) = check(shipped() | AARHUS_SEA, themes_of(BASE), ROUTES)
    assert problem.values["n"] == problem.values["total"] == 24
    assert problem.values["km"] > 100
    text = t("event_problem_routes_outside", "da", **problem.values)
    assert text.startswith("24 af 24 udflugter ligger uden for området: ")
    assert f"radius mindst {problem.values['km']} km" in text


def test_themes_need_an_id_once_each():
    themes = [{"id": "skov", "da": "skov", "en": "forest"}, {"id": "skov", "da": "skov 2", "en": ""}]
    assert check(shipped(), themes, ROUTES) == [FieldProblem("themes", Code.THEME, {"id": "skov"})]
    assert check(shipped(), [{"id": "", "da": "sø", "en": "lake"}], ROUTES)[0].code is Code.THEME
    _, event = build(shipped(), [{"id": "vand", "da": "vand", "en": "water"}], BASE, ROUTES)
    assert event.themes == {"vand": {"da": "vand", "en": "water"}}


def test_a_danish_name_with_quotes_survives_the_file_it_is_written_to():
    name = 'TM \'23 – "Æblegrød" & <b>Ørsted</b> i Århus'
    text, event = build(shipped() | {"event.name_da": name}, themes_of(BASE), BASE, ROUTES)
    assert event.name_da == name
    assert tomllib.loads(text)["event"]["name_da"] == name


@pytest.fixture
def installation(tmp_path, monkeypatch):
    """Settings with the shipped event file and a fresh SQLite database."""
    from excursions import settings as settings_mod

    monkeypatch.setenv("EXCURSIONS_DATA_DIR", str(tmp_path / "data"))
    cfg = settings_mod.load()
    forget_edits_signature()
    yield cfg, open_store(sqlite_url(tmp_path / "data"))
    forget_edits_signature()


def test_a_saved_event_wins_over_the_file_and_a_broken_one_falls_back_to_it(installation):
    cfg, store = installation
    assert current_event(cfg).name_da == load_event(EVENT_FILE).name_da
    text, _ = build(shipped() | {"event.name_da": "TM '23 i Aarhus"}, themes_of(BASE), BASE, ROUTES)
    store.save_event(text, by="organiser", now=dt.datetime(2022, 4, 1, tzinfo=dt.UTC))
    forget_edits_signature()  # another process sees it within SIGNATURE_SECONDS
    assert current_event(cfg).name_da == "TM '23 i Aarhus"
    assert event_text(cfg).decode() == text  # what export-event writes
    store.save_event("[event]\nname_da = 1\n", by="organiser", now=dt.datetime(2022, 4, 2, tzinfo=dt.UTC))
    forget_edits_signature()
    assert current_event(cfg).name_da == load_event(EVENT_FILE).name_da
    assert Path(cfg.event_file).read_bytes() == EVENT_FILE.read_bytes()  # the file is never written


@pytest.fixture
def event_tab(app, tmp_path):
    """The organiser's "Begivenhed" tab through AppTest, logged in, on a fresh database."""
    from tests.test_organiser_page import HASH, PASSWORD

    at = app(None, organiser_password_hash=HASH)
    at.switch_page("app_pages/organiser.py").run()
    at.text_input(key="org_password").set_value(PASSWORD)
    at.button(key="FormSubmitter:login-Log ind").click().run()
    at.session_state["org_tab"] = "Begivenhed"
    at.run()
    assert not at.exception
    return at, open_store(sqlite_url(tmp_path / "data"))


def test_the_tab_saves_a_new_name_and_the_participant_page_shows_it(event_tab):
    at, store = event_tab
    assert at.text_input(key="ev:event.name_da").value == load_event(EVENT_FILE).name_da
    at.text_input(key="ev:event.name_da").set_value("TM '23 – Aarhus <script>x</script>")
    at.button(key="ev_save").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        "Begivenheden er gemt\\: TM '23 – Aarhus \\<script\\>x\\</script\\>\\. "
        "Alle sider viser den inden for få sekunder\\."
    ]
    saved = store.saved_event()
    assert (
        saved is not None
        and tomllib.loads(saved.toml)["event"]["name_da"] == "TM '23 – Aarhus <script>x</script>"
    )
    assert any("Nu gælder versionen gemt her" in i.value for i in at.info)
    at.switch_page("app_pages/explore.py").run()
    assert not at.exception
    assert [h.value for h in at.header] == ["TM '23 – Aarhus \\<script\\>x\\</script\\>"]


def test_closing_before_opening_is_said_at_its_field_and_nothing_is_saved(event_tab):
    at, store = event_tab
    at.date_input(key="ev:signup.closes:date").set_value(dt.date(2022, 3, 1))
    at.button(key="ev_save").click().run()
    errors = [e.value for e in at.error]
    assert "Tilmeldingen lukker, før den åbner. Vælg et tidspunkt efter åbningen." in errors
    assert "Intet er gemt: 1 felt skal rettes (se ved feltet)." in errors
    assert store.saved_event() is None
