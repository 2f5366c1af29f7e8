"""Several events in one installation (excursions.editions, excursions.next_event): the next
event from this one moves its days and departures; it lives in its own database (a SQLite
file, a PostgreSQL schema); the installation's database says which is current; the old
one's numbers stay, its people do not come along."""

from __future__ import annotations

import datetime as dt
import tomllib
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from excursions import next_event
from excursions.editions import MAIN, Archive, edition_url, moved, moved_tables, slug
from excursions.event import load_event
from excursions.event_form import Code
from excursions.routes import load_routes
from excursions.signups import ParticipantInput, Window
from excursions.store import open_store
from tests.conftest import EVENT_FILE, SHIPPED_ROUTES

TZ = ZoneInfo("Europe/Copenhagen")
OPEN = Window(dt.datetime(2022, 1, 1, tzinfo=dt.UTC), dt.datetime(2022, 1, 2, tzinfo=dt.UTC), keep_open=True)
NOW = dt.datetime(2022, 4, 1, tzinfo=dt.UTC)
AARHUS = {
    "event.name_da": "TM '23 i Århus",
    "event.name_en": "TM '23 in Aarhus",
    "event.start_date": dt.date(2023, 4, 19),
    "event.end_date": dt.date(2023, 4, 20),
    "venue.name": "Aarhus Rådhus",
    "venue.address": "Rådhuspladsen 2, 8000 Aarhus C",
    "venue.lat": 56.1527,
    "venue.lon": 10.2039,
    "venue.area_radius_km": 150.0,
}
KEEP = ["skovrejsning", "biogas-fangel", "ejby-moelle-renseanlaeg", "cykelbyen-nord", "cykelsti-til-tarup"]


@pytest.mark.parametrize(
    ("name", "taken", "key"),
    [
        ("TM '23 i Århus", (), "tm-23-i-aarhus"),
        ("Ærø – Øst & Vest", (), "aeroe-oest-vest"),
        ("TM '23", ("tm-23",), "tm-23-2"),
        ("TM '23", ("tm-23", "tm-23-2"), "tm-23-3"),
        ("!!!", (), "event"),
    ],
)
def test_an_events_key_is_its_name_in_ascii_and_unique(name, taken, key):
    assert slug(name, taken) == key


@pytest.mark.parametrize(
    ("main", "location", "url"),
    [
        ("sqlite:////srv/data/excursions.sqlite3", MAIN, "sqlite:////srv/data/excursions.sqlite3"),
        ("sqlite:////srv/data/excursions.sqlite3", "tm-23", "sqlite:////srv/data/events/tm-23.sqlite3"),
        (
            "postgresql+psycopg://u:p@db/tm?sslmode=require",
            "tm-23",
            "postgresql+psycopg://u:p@db/tm?sslmode=require&excursions_schema=edition_tm_23",
        ),
    ],
)
def test_each_event_has_a_database_of_its_own(main, location, url):
    assert edition_url(main, location) == url


@pytest.mark.parametrize(
    ("when", "days", "local"),
    [
        # 20 April 2022 13:45 (summer time) -> 19 April 2023 13:45
        (dt.datetime(2022, 4, 20, 11, 45, tzinfo=dt.UTC), 364, dt.datetime(2023, 4, 19, 13, 45)),
        # 21 March 12:00 winter time, moved across the change to summer time: still 12:00
        (dt.datetime(2022, 3, 21, 11, 0, tzinfo=dt.UTC), 10, dt.datetime(2022, 3, 31, 12, 0)),
    ],
)
def test_a_moved_time_keeps_its_time_of_day_on_the_venues_clock(when, days, local):
    assert moved(when, dt.timedelta(days=days), TZ).replace(tzinfo=None) == local


def test_the_window_and_the_deletion_date_move_with_the_days_and_the_demo_flag_does_not_come():
    base = tomllib.loads(EVENT_FILE.read_text(encoding="utf-8"))
    data = moved_tables(base, dt.timedelta(days=364), TZ)
    assert data["signup"]["opens"].isoformat() == "2023-03-20T12:00:00+01:00"
    assert data["signup"]["closes"].isoformat() == "2023-04-18T12:00:00+02:00"
    assert data["privacy"]["delete_personal_data_after"] == dt.date(2023, 5, 20)
    assert "demo_keep_open" not in data["signup"]
    assert base["signup"]["demo_keep_open"] is True  # the current event's tables are not touched


def shipped():
    routes = load_routes(SHIPPED_ROUTES)
    return tomllib.loads(EVENT_FILE.read_text(encoding="utf-8")), load_event(EVENT_FILE), routes


def test_the_plan_moves_the_kept_departures_and_drops_the_rest():
    base, event, routes = shipped()
    made = next_event.plan(base, event, routes.routes, routes.hidden, AARHUS, KEEP)
    assert isinstance(made, next_event.Plan)
    assert made.event.name_da == "TM '23 i Århus" and made.event.venue.name == "Aarhus Rådhus"
    assert sorted(made.files) == sorted(KEEP) and len(made.dropped) == 19
    assert made.event.signup_keep_open is False


def test_kept_excursions_outside_the_new_area_are_refused_at_the_radius():
    base, event, routes = shipped()
    made = next_event.plan(
        base, event, routes.routes, routes.hidden, AARHUS | {"venue.area_radius_km": 40.0}, KEEP
    )
    assert [(p.field, p.code, p.values["n"]) for p in made] == [
        ("venue.area_radius_km", Code.ROUTES_OUTSIDE, 5)
    ]


def test_the_archive_keeps_numbers_and_no_one(tmp_path):
    archive = Archive("TM '22", "TM '22", dt.date(2022, 4, 20), dt.date(2022, 4, 21), (), ((NOW, 3),))
    assert Archive.from_json(archive.to_json()) == archive


@pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)
def test_the_next_event_starts_empty_in_its_own_database_and_the_old_one_is_archived(db_url, tmp_path):
    base, event, routes = shipped()
    main = open_store(db_url)
    main.sync_routes(routes.routes, NOW)
    people = [
        ("åse@ærø.dk", "Åse Ærbø"),
        ("oeystein@example.dk", "Øystein Ås"),
        ("mette@example.dk", "Mette"),
    ]
    for email, name in people:
        main.signup(ParticipantInput(email, name, "Odense Kommune"), "skovrejsning", now=NOW, window=OPEN)
    main.check_in("mette@example.dk", "skovrejsning", True, now=NOW)
    made = next_event.plan(base, event, routes.routes, routes.hidden, AARHUS, KEEP)
    opened: list = []

    def open_new(key: str):
        opened.append(open_store(edition_url(db_url, key)))
        return opened[-1]

    try:
        key = next_event.start(
            made,
            installation=main,
            current=main,
            open_new=open_new,
            event=event,
            routes=routes.routes,
            now=NOW,
        )
        new = opened[0]
        assert key == "tm-23-i-aarhus" and main.current_location() == key
        assert new.people() == [] and new.saved_event() is not None
        assert {e.route_id for e in new.route_edits() if e.hidden} == set(made.dropped)
        editions = {e.key: e for e in main.editions()}
        old = editions["tm-22-teknik-miljoe-konferencen"]
        assert old.location == MAIN and not old.current and editions[key].current
        assert old.archive.signed_up == 3 and old.archive.present == 1
        assert [(r.id, r.confirmed, r.present) for r in old.archive.routes if r.id == "skovrejsning"] == [
            ("skovrejsning", 3, 1)
        ]
        assert old.archive.total[-1][1] == 3
        assert "Åse" not in old.archive.to_json() and "@" not in old.archive.to_json()
        assert len(main.people()) == 3  # the old event's people stay with it, until its purge
    finally:
        for store in opened:
            if db_url.startswith("postgresql"):
                with store.engine.begin() as conn:
                    conn.execute(text("DROP SCHEMA IF EXISTS edition_tm_23_i_aarhus CASCADE"))
            store.dispose()
        main.dispose()
