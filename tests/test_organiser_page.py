"""The organiser page through AppTest: nothing personal without the password; with it,
the same numbers as the CLI, and actions that go through the rules."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from excursions.access import hash_password
from excursions.model import Registration
from excursions.signups import ParticipantInput, Status, Window
from excursions.store import open_store, sqlite_url
from excursions.ui.context import clear_counts
from tests.conftest import HOSTILE, ROOT
from tests.support.overview_table import OverviewReader

PASSWORD = "korrekt hest batteri"
HASH = hash_password(PASSWORD)
OPEN = Window(dt.datetime(2022, 1, 1, tzinfo=dt.UTC), dt.datetime(2022, 1, 2, tzinfo=dt.UTC), keep_open=True)
NOW = dt.datetime(2022, 4, 1, tzinfo=dt.UTC)
PEOPLE = [
    ("gitte.hansen@odense.dk", "Gitte Hansen", "Odense Kommune", "skovrejsning"),
    ("mads.jensen@vejle.dk", "Mads Jensen", "Vejle Kommune", "ejby-moelle-renseanlaeg"),
    ("hostile@x.dk", HOSTILE, HOSTILE, "ejby-moelle-renseanlaeg"),
]


@pytest.fixture
def organiser(app, tmp_path):
    """organiser(password, query, configured) -> AppTest on /organiser, with people in the store."""

    def make(
        password: str | None = None,
        query: dict | None = None,
        configured: bool = True,
        tab: str | None = None,
    ):
        env = {"organiser_password_hash": HASH} if configured else {"organiser_password_hash": ""}
        at = app(None, **env)  # syncs the routes into a fresh database
        store = open_store(sqlite_url(Path(tmp_path) / "data"))
        if not store.people():
            store.set_capacity("ejby-moelle-renseanlaeg", 1, now=NOW)
            for email, name, org, route in PEOPLE:
                store.signup(ParticipantInput(email, name, org), route, now=NOW, window=OPEN)
        clear_counts()  # counts were cached before the people above signed up
        for key, value in (query or {}).items():
            at.query_params[key] = value
        at.switch_page("app_pages/organiser.py")
        at.run()
        if password is not None:
            at.text_input(key="org_password").set_value(password)
            at.button(key="FormSubmitter:login-Log ind").click().run()
        if tab:  # the tabs are lazy: only the open one is drawn
            at.session_state["org_tab"] = tab
            at.run()
        return at

    return make


def rendered(at) -> str:
    """Every text the page shows, tables included."""
    parts = []
    for element in at.main:
        proto = getattr(element, "proto", None)
        parts.append(str(proto) if proto is not None else str(getattr(element, "value", "")))
    return "\n".join(parts)


@pytest.mark.parametrize(("configured", "password"), [(False, None), (True, None), (True, "forkert")])
def test_no_personal_data_without_the_password(organiser, configured, password):
    at = organiser(password, configured=configured)
    text = rendered(at)
    for email, name, org, _ in PEOPLE:
        assert email not in text and name not in text and org not in text
    assert "@" not in text  # no e-mail address of anyone
    if not configured:
        assert "excursions hash-password" in at.warning[0].body
    if password:
        assert "Forkert adgangskode" in at.error[0].body


def overview_of(at) -> OverviewReader:
    (body,) = [e.proto.body for e in at.get("html") if "data-testid='org-overview'" in e.proto.body]
    return OverviewReader(body)


def test_overview_shows_the_same_numbers_as_the_cli(organiser, tmp_path):
    at = organiser(PASSWORD)
    assert not at.exception
    shown = overview_of(at)
    metrics, table = shown.metrics, shown.rows  # one row per excursion, by id
    cli = subprocess.run(
        [sys.executable, "-m", "excursions.cli", "counts", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "EXCURSIONS_DATA_DIR": str(Path(tmp_path) / "data")},
        check=True,
    )
    counts = json.loads(cli.stdout)
    assert len(counts) == len(table) == 24
    for c in counts:
        row = table[c["route"]]
        assert (row["Tilmeldt"], row["Venteliste"], row["Ledige"], row["Kapacitet"]) == (
            str(c["confirmed"]),
            str(c["waitlisted"]),
            str(c["free"]),
            str(c["capacity"]),
        )
    taken = sum(c["confirmed"] for c in counts)
    assert metrics["taken"].endswith(f"{taken} / {sum(c['capacity'] for c in counts)}")
    ejby = table["ejby-moelle-renseanlaeg"]
    assert ejby["Bemærk"] == "⛔ fuld – 1 venter"  # capacity 1, two signed up
    assert ejby["Skal bestilles"] == "1 bus"
    assert ejby["Fyldt"] == "100 %"
    assert shown.sort_keys["ejby-moelle-renseanlaeg"]["Fyldt"] == "100"  # sorts as a number
    # the numbers and notes follow the seat feed; a walk has no transport to order
    assert shown.live["ejby-moelle-renseanlaeg"] >= {"Tilmeldt", "Ledige", "Bemærk", "Skal bestilles"}
    assert "Skal bestilles" not in shown.live["havnen-byens-bro"] | shown.live["cykelsti-til-tarup"]
    assert "None" not in str(table) and shown.updated.startswith("Sidst opdateret ")


def test_participants_are_listed_with_the_password_and_shown_as_text(organiser):
    overview = organiser(PASSWORD)
    assert not overview.dataframe  # only the open tab (the overview) is drawn
    assert "E-mail" not in overview_of(overview).headings
    at = organiser(PASSWORD, tab="Deltagere")
    people = at.dataframe[0].value
    assert set(people["E-mail"]) == {p[0] for p in PEOPLE}
    assert HOSTILE in set(people["Navn"])  # a table cell is text, never HTML
    # empty where there is nothing to say, never "None": one waits (capacity 1), none came yet
    assert sorted(people["Nr. på venteliste"]) == ["", "", "1"]
    assert list(people["Mødt"]) == ["", "", ""]
    assert "None" not in rendered(at) and "nan" not in set(people.astype(str).stack())
    at.text_input(key="people_query").set_value("vejle").run()
    assert list(at.dataframe[0].value["Navn"]) == ["Mads Jensen"]


EJBY, SKOV, FANGEL = (
    "Ejby Mølle Renseanlæg: bioenergi fra spildevand",
    "Nye skove i Odense",
    "Biogas og landbrug ved Fangel",
)


def plain(markdown: str) -> str:
    """A message as the reader sees it: Markdown's escapes taken out."""
    return re.sub(r"\\(.)", r"\1", markdown)


def said(at) -> list[str]:
    """Every message the page shows (success, info, warning, error), as the reader sees it."""
    return [plain(m.value) for kind in (at.success, at.info, at.warning, at.error) for m in kind]


def asked(at) -> list[str]:
    return [plain(w.value) for w in at.warning]


@pytest.mark.slow  # over 5 s: the second stage (docs/development.md)
def test_actions_that_move_people_ask_first_and_then_say_whom_they_moved(organiser, tmp_path):
    store = open_store(sqlite_url(Path(tmp_path) / "data"))
    at = organiser(PASSWORD, tab="Deltagere")
    # Promote by hand: asked first, naming the person and the capacity it raises.
    at.selectbox(key="people_pick").set_value("hostile@x.dk").run()
    at.button(key="promote_button").click().run()
    assert store.status_of("hostile@x.dk")[1].value == "waitlisted"  # nothing yet
    assert f"Giv {HOSTILE} en ekstra plads på {EJBY}? Kapaciteten hæves fra 1 til 2." in asked(at)
    at.button(key="person_yes").click().run()
    assert store.status_of("hostile@x.dk")[1].value == "confirmed"
    assert {c.route_id: c for c in store.counts()}["ejby-moelle-renseanlaeg"].capacity == 2
    assert f"{HOSTILE} har fået plads på {EJBY} (plads 2 af 2; kapaciteten er hævet til 2)." in said(at)
    # Cancel, then "Fortryd": nothing happens.
    at.selectbox(key="people_pick").set_value("mads.jensen@vejle.dk").run()
    at.button(key="cancel_person").click().run()
    assert f"Afmeld Mads Jensen fra {EJBY}?" in asked(at)
    at.button(key="person_no").click().run()
    assert store.status_of("mads.jensen@vejle.dk")[0] == "ejby-moelle-renseanlaeg"
    assert not any("Afmeld" in w for w in asked(at))
    # Move to a full excursion: the question says she will wait, the answer says where.
    at.selectbox(key="people_pick").set_value("gitte.hansen@odense.dk").run()
    at.selectbox(key="move_target").set_value("ejby-moelle-renseanlaeg").run()
    at.button(key="move_button").click().run()
    assert (
        f"Flyt Gitte Hansen fra {SKOV} til {EJBY}? {EJBY} er fuld: Gitte Hansen kommer på ventelisten "
        "som nr. 1." in asked(at)
    )
    at.button(key="person_yes").click().run()
    assert f"Gitte Hansen er flyttet fra {SKOV} til ventelisten på {EJBY} (nr. 1)." in said(at)
    # Below the picker: where she is now.
    assert f"Gitte Hansen er nr. 1 på ventelisten til {EJBY}." in [c.value for c in at.caption]
    # Capacity down below the confirmed: refused with the numbers.
    at.selectbox(key="cap_route").set_value("ejby-moelle-renseanlaeg").run()
    at.number_input(key="cap_value_ejby-moelle-renseanlaeg").set_value(1).run()
    at.button(key="cap_save").click().run()
    assert "flyt eller afmeld 1, før kapaciteten kan sænkes til 1" in at.error[0].body
    assert {c.route_id: c for c in store.counts()}["ejby-moelle-renseanlaeg"].capacity == 2
    # Capacity up: asked first, naming who gets the seat; then told so.
    at.number_input(key="cap_value_ejby-moelle-renseanlaeg").set_value(3).run()
    at.button(key="cap_save").click().run()
    assert f"Hæv kapaciteten på {EJBY} fra 2 til 3? Gitte Hansen får plads fra ventelisten." in asked(at)
    at.button(key="capacity_yes").click().run()
    assert f"Kapaciteten på {EJBY} er nu 3. Gitte Hansen har fået plads fra ventelisten på {EJBY}." in said(
        at
    )
    assert store.status_of("gitte.hansen@odense.dk") == ("ejby-moelle-renseanlaeg", Status.CONFIRMED)
    # Cancel with someone to move up is not asked here (nobody waits); the answer names her.
    at.selectbox(key="people_pick").set_value("gitte.hansen@odense.dk").run()
    at.button(key="cancel_person").click().run()
    at.button(key="person_yes").click().run()
    assert f"Gitte Hansen er afmeldt {EJBY}." in said(at)
    assert "Gitte Hansen <gitte.hansen@odense.dk>" not in at.selectbox(key="people_pick").options
    # Moving someone off a full excursion with a waiting list names who gets the seat.
    store.set_capacity("ejby-moelle-renseanlaeg", 2, now=NOW)
    store.signup(ParticipantInput("ole@x.dk", "Ole Berg"), "ejby-moelle-renseanlaeg", now=NOW, window=OPEN)
    clear_counts()
    at.run()
    at.selectbox(key="people_pick").set_value("mads.jensen@vejle.dk").run()
    at.selectbox(key="move_target").set_value("biogas-fangel").run()
    at.button(key="move_button").click().run()
    assert (
        f"Flyt Mads Jensen fra {EJBY} til {FANGEL}? Mads Jensen får plads 1 af 45 på {FANGEL}. Pladsen på "
        f"{EJBY} går til Ole Berg, som står først på ventelisten." in asked(at)
    )
    at.button(key="person_yes").click().run()
    assert (
        f"Mads Jensen er flyttet fra {EJBY} til {FANGEL} (plads 1 af 45). Ole Berg har fået plads fra "
        f"ventelisten på {EJBY}." in said(at)
    )


def test_checkin_view_marks_people_present(organiser, tmp_path):
    at = organiser(PASSWORD, query={"checkin": "skovrejsning"})
    assert "0 af 1 mødt" in at.metric[0].value
    (box,) = at.checkbox
    box.check().run()
    store = open_store(sqlite_url(Path(tmp_path) / "data"))
    assert [p.present for p in store.people("skovrejsning")] == [True]
    assert "1 af 1 mødt" in at.metric[0].value
    answer = f"Gitte Hansen er mødt op til {SKOV}."
    assert answer in said(at)
    at.run()  # the list refreshes by itself every few seconds: the answer to the tap stays
    assert answer in said(at) and "1 af 1 mødt" in at.metric[0].value
    (box,) = at.checkbox
    box.uncheck().run()  # the next tap replaces it
    assert answer not in said(at)
    assert f"Gitte Hansen er ikke længere markeret som mødt til {SKOV}." in said(at)


def test_the_mail_tab_lists_every_mail_with_its_status(organiser):
    at = organiser(PASSWORD, tab="Post")
    text = rendered(at).replace("\\", "")
    assert "venter" in text or "sendt" in text  # the tally line
    (table,) = at.dataframe
    frame = table.value
    assert set(frame["Til"]) >= {
        "Gitte Hansen <gitte.hansen@odense.dk>",
        "Mads Jensen <mads.jensen@vejle.dk>",
    }
    assert set(frame["Slags"]) <= {"tilmeldt", "venteliste"} and "None" not in text


def test_the_mail_tab_shows_why_a_mail_failed_and_the_rest_were_sent(organiser, tmp_path):
    """An address stored before the address rule (a Danish letter before the @) to a server
    without SMTPUTF8: that row fails with its reason; the others go in the same round."""
    from excursions.event import load_event
    from excursions.mail.transport import transport_from_url
    from excursions.mail.worker import MailWorker
    from excursions.routes import Area, load_routes
    from tests.conftest import EVENT_FILE, SHIPPED_ROUTES
    from tests.support.smtp_sink import SmtpServer

    at = organiser(PASSWORD)
    store = open_store(sqlite_url(Path(tmp_path) / "data"))
    store.signup(ParticipantInput("søren@odense.dk", "Søren Ærø"), "skovrejsning", now=NOW, window=OPEN)
    with SmtpServer("plain", smtputf8=False) as server:
        transport = transport_from_url(f"smtp+plain://127.0.0.1:{server.port}", Path("/x"))
        event = load_event(EVENT_FILE)
        area = Area(event.venue.lat, event.venue.lon, event.venue.area_radius_km)
        routes = load_routes(SHIPPED_ROUTES, area).by_id()
        done = MailWorker(store, transport, lambda: (event, routes)).run_once()
    assert (done.sent, done.failed) == (3, 1)
    at.session_state["org_tab"] = "Post"
    at.run()
    frame = at.dataframe[0].value
    row = frame[frame["Til"] == "Søren Ærø <søren@odense.dk>"].iloc[0]
    assert row["Status"] == "fejlet" and "SMTPUTF8" in row["Sidste fejl"]
    assert set(frame[frame["Til"] != "Søren Ærø <søren@odense.dk>"]["Status"]) == {"sendt"}
    assert "1 fejlet" in rendered(at)


def test_deleting_personal_data_needs_the_tick_and_keeps_the_counts(organiser, tmp_path):
    at = organiser(PASSWORD, tab="Persondata")
    assert "Planlagt sletning: efter 21. maj 2022." in [m.value for m in at.markdown]
    assert at.button(key="purge_button").disabled
    store = open_store(sqlite_url(Path(tmp_path) / "data"))
    before = [(c.route_id, c.confirmed, c.waitlisted) for c in store.counts()]
    at.checkbox(key="purge_sure").check().run()
    at.button(key="purge_button").click().run()
    assert "3 personer er anonymiseret." in [s.value for s in at.success]
    assert all(p.name == "" for p in store.people())
    assert [(c.route_id, c.confirmed, c.waitlisted) for c in store.counts()] == before


def test_after_the_date_the_organiser_is_reminded_to_delete_personal_data(organiser, tmp_path):
    at = organiser(PASSWORD)  # today (2026) is long after the shipped event's date
    assert any("Persondata skulle slettes efter 21. maj 2022" in w.value for w in at.warning)
    open_store(sqlite_url(Path(tmp_path) / "data")).purge_personal_data(now=dt.datetime.now(dt.UTC))
    at.run()
    assert not any("Persondata skulle slettes" in w.value for w in at.warning)


def test_wrong_passwords_make_this_browser_wait_and_say_how_long(organiser):
    at = organiser("forkert")
    for _ in range(4):
        at.text_input(key="org_password").set_value("forkert")
        at.button(key="FormSubmitter:login-Log ind").click().run()
    assert "Forkert adgangskode" in at.error[0].body
    at.text_input(key="org_password").set_value(PASSWORD)
    at.button(key="FormSubmitter:login-Log ind").click().run()
    assert re.fullmatch(r"For mange forkerte forsøg\. Prøv igen om (29\d|300) sekunder\.", at.error[0].body)
    assert "@" not in rendered(at)


def test_an_import_that_stopped_part_way_is_shown_on_the_import_tab(organiser, tmp_path):
    at = organiser(None)
    store = open_store(sqlite_url(Path(tmp_path) / "data"))
    rows = [Registration(ParticipantInput(f"i{i}@x.dk", f"I {i}"), "skovrejsning") for i in range(3)]

    def dies(n, total):
        raise KeyboardInterrupt  # the process stopped after the first row

    with pytest.raises(KeyboardInterrupt):
        store.import_registrations(rows, now=NOW, source="deltagere.xlsx", batch_seconds=0, progress=dies)
    at = organiser(PASSWORD, tab="Import")
    (warning,) = [w.body for w in at.warning if "deltagere.xlsx" in w.body]
    assert warning.startswith("Importen af deltagere.xlsx (1. april 2022 kl. ")
    assert "stoppede efter 1 af 3 rækker. Importér den samme fil igen" in warning


def test_the_ready_check_heads_the_organiser_page_until_everything_is_green(organiser):
    at = organiser(PASSWORD)
    (panel,) = [e for e in at.expander if "Klar til dagen?" in e.label]
    # Issue 27, item 14: closed, its title saying how much there is to look at.
    assert not panel.proto.expanded
    todo = sum(line.startswith(("⛔", "⚠️")) for line in panel.markdown[0].value.split("  \n"))
    assert todo >= 1 and panel.label.endswith(
        f"Klar til dagen? {todo} punkt{'er' if todo > 1 else ''} skal ses på"
    )
    text = panel.markdown[0].value.replace("\\", "").replace("\u2060", "")
    assert "⛔ QR-koden peger på http://localhost:8501/" in text
    assert "✅ Arrangørsiden har en adgangskode." in text
    assert "Alle 24 rutefiler er i orden." in text


def test_the_fill_up_charts_read_24_hour_times_in_the_events_time_zone(organiser):
    import pyarrow as pa

    at = organiser(PASSWORD, tab="Over tid")
    assert not at.exception
    charts = at.get("vega_lite_chart")
    assert len(charts) == 2
    for chart in charts:
        spec = json.loads(chart.proto.spec)
        layers = spec.get("layer", [spec])
        assert layers[0]["encoding"]["x"]["axis"]["format"] == "%-d.%-m. %H:%M"  # 24-hour, day first
    (data,) = charts[0].proto.datasets
    frame = pa.ipc.open_stream(data.data.data).read_all().to_pandas()
    # everyone signed up at 00:00 UTC on 1 April: 02:00 on the event's (Danish summer) clock;
    # the line then goes on to now (item 18)
    times = [t.strftime("%Y-%m-%d %H:%M") for t in frame["at"]]
    assert set(times[:-1]) == {"2022-04-01 02:00"} and times[-1] > "2026"
    assert frame["at"].dt.tz is None  # wall-clock time: the browser's own zone cannot move it
    # Issue 27, item 18: in English, "Apr 1, 02:00", not "1.4. 02:00"; the legend never cut
    at.segmented_control(key="lang_switch").set_value("en").run()
    at.session_state["org_tab"] = "Over time"
    at.run()
    assert len(at.get("vega_lite_chart")) == 2, [e.value for e in at.error]
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        assert spec.get("layer", [spec])[0]["encoding"]["x"]["axis"]["format"] == "%b %-d, %H:%M"
    spec = json.loads(at.get("vega_lite_chart")[1].proto.spec)
    legend = spec["layer"][0]["encoding"]["color"]["legend"]
    assert legend["orient"] == "bottom" and legend["labelLimit"] == 0


@pytest.mark.slow  # over 5 s: the second stage (docs/development.md)
def test_an_excursion_is_edited_hidden_and_shown_again_on_the_udflugter_tab(organiser, tmp_path):
    store = open_store(sqlite_url(Path(tmp_path) / "data"))
    at = organiser(PASSWORD, tab="Udflugter")
    at.radio(key="edit_start").set_value("edit").run()
    at.selectbox(key="edit_pick").set_value("biogas-fangel").run()
    key = next(w.key for w in at.text_input if w.key and w.key.endswith("-title_en"))
    prefix = key.removesuffix("-title_en")
    assert at.text_input(key=f"{prefix}-title_da").value == FANGEL  # filled in from the excursion
    # each text stops where the route format (data/route.schema.json) does
    assert at.text_input(key=f"{prefix}-title_da").proto.max_chars == 200
    assert at.text_input(key=f"{prefix}-meet").proto.max_chars == 300
    assert at.text_area(key=f"{prefix}-desc").proto.max_chars == 4000
    assert any(c.value.startswith("Linjen: ") for c in at.caption)  # the preview's length and time
    at.text_input(key=f"{prefix}-title_da").set_value("Biogas ved Fangel").run()
    at.text_input(key=f"{prefix}-meet").set_value("").run()
    at.button(key=f"{prefix}-save").click().run()
    assert "Skal udfyldes." in [e.value for e in at.error]  # at the meeting point, nothing saved
    assert store.route_edits() == []
    at.text_input(key=f"{prefix}-meet").set_value("Ved bussen").run()
    at.button(key=f"{prefix}-save").click().run()
    assert "Ændringerne i Biogas ved Fangel er gemt og vises for deltagerne inden for få sekunder." in said(
        at
    )
    (edit,) = store.route_edits()
    assert edit.route_id == "biogas-fangel" and "Ved bussen" in edit.raw.decode()
    # Hidden, and refused for an excursion with people on it.
    at.selectbox(key="hide_pick").set_value("skovrejsning").run()
    at.button(key="hide_button").click().run()
    assert (
        "Nye skove i Odense kan ikke skjules: 1 er tilmeldt og 0 står på venteliste. Flyt eller afmeld dem "
        "først (fanen Deltagere)." in said(at)
    )
    at.selectbox(key="hide_pick").set_value("biogas-fangel").run()
    at.button(key="hide_button").click().run()
    assert "Biogas ved Fangel er skjult: deltagerne ser den ikke længere." in said(at)
    assert "Biogas ved Fangel" not in at.selectbox(key="hide_pick").options
    assert "Skjult: Biogas ved Fangel" in [plain(m.value) for m in at.markdown]
    at.button(key="show_biogas-fangel").click().run()
    assert "Biogas ved Fangel vises igen for deltagerne." in said(at)
    assert "Biogas ved Fangel" in at.selectbox(key="hide_pick").options


@pytest.mark.slow  # 3-5 s: runs after the quick layer in CI
def test_a_new_excursion_starts_from_an_existing_one_under_an_id_of_its_own(organiser, tmp_path):
    store = open_store(sqlite_url(Path(tmp_path) / "data"))
    at = organiser(PASSWORD, tab="Udflugter")
    at.radio(key="edit_start").set_value("edit").run()
    at.selectbox(key="edit_pick").set_value("biogas-fangel").run()
    at.checkbox(key="edit_as_new_biogas-fangel").check().run()
    key = next(w.key for w in at.text_input if w.key and w.key.endswith("-title_da"))
    prefix = key.removesuffix("-title_da")
    assert (
        at.text_input(key=f"{prefix}-id").value == "biogas-fangel-2"
        and not at.text_input(key=f"{prefix}-id").disabled
    )
    at.text_input(key=f"{prefix}-id").set_value("biogas-fangel").run()
    at.button(key=f"{prefix}-save").click().run()
    assert "Id'et 'biogas-fangel' bruges allerede af en anden udflugt." in [e.value for e in at.error]
    at.text_input(key=f"{prefix}-id").set_value("biogas-fangel-2").run()
    at.text_input(key=f"{prefix}-title_da").set_value("Biogas, anden tur").run()
    at.button(key=f"{prefix}-save").click().run()
    assert "Biogas, anden tur er gemt og vises for deltagerne inden for få sekunder." in said(at)
    assert [e.route_id for e in store.route_edits()] == ["biogas-fangel-2"]
    at.run()
    assert "Biogas, anden tur" in at.selectbox(key="hide_pick").options
    assert FANGEL in at.selectbox(key="hide_pick").options  # the original stays as it was
