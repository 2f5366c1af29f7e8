"""The event in the browser (issue 30, item 1): an organiser refuses nothing by accident
(closing before opening, a venue in the sea: each said at its field, nothing saved), then
changes the name, the dates, the QR code's address and the venue by a click on the map; a
second process shows the new name and the QR code's address within seconds, and the
ready-check speaks of the saved address."""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from excursions.access import hash_password
from excursions.store import open_store, sqlite_url
from tests.browser.conftest import PASSWORD, AppServer, log_in, show_tab
from tests.browser.test_routes_editor_browser import GPX, TITLE, fill, fill_the_rest, typed, upload
from tests.browser.test_signup_browser import fill_form
from tests.support.waiting import wait_until

NAME = "TM '23 – Ærø & Åbenrå <b>fed</b>"
URL = "https://tm23.example.dk/"
VENUE_MAP = 'iframe[title="streamlit_folium.st_folium"]'


@pytest.fixture
def two_processes(tmp_path):
    """Two app processes on one database (a SQLite file both open), as behind nginx."""
    url = sqlite_url(tmp_path / "shared")
    env = {
        "EXCURSIONS_TILES": "none",
        "EXCURSIONS_DATABASE_URL": url,
        "EXCURSIONS_ORGANISER_PASSWORD_HASH": hash_password(PASSWORD),
    }
    apps = []
    for name in "ab":
        (tmp_path / name).mkdir()
        apps.append(AppServer(env, tmp_path / name, mode="serve"))
    yield apps, open_store(url)
    for app in apps:
        app.stop()


def click_east_of_the_venue(page) -> None:
    """A click a little east of the venue map's middle, once its map is drawn; the map is
    built anew when the venue's fields change, so a click that met the old one is made again."""
    longitude = page.get_by_label("Længdegrad", exact=True)
    before = longitude.input_value()
    for _ in range(3):
        try:
            page.frame_locator(VENUE_MAP).first.locator(".leaflet-container").wait_for(timeout=20_000)
            venue_map = page.locator(VENUE_MAP).first
            venue_map.scroll_into_view_if_needed(timeout=10_000)
            box = venue_map.bounding_box()
            page.mouse.click(box["x"] + box["width"] / 2 + 25, box["y"] + box["height"] / 2)
            wait_until(lambda: longitude.input_value() != before, 10, "the map click in the venue's fields")
            return
        except (PlaywrightError, AssertionError):
            continue
    raise AssertionError("three clicks on the venue map did not move the venue")


def refused_at(page, label: str, says: str) -> None:
    """The problem is drawn right under its field, and the page says nothing was saved."""
    message = page.get_by_text(says, exact=True)
    message.wait_for(timeout=15_000)
    field = page.get_by_label(label, exact=True).bounding_box()
    shown = message.bounding_box()
    assert 0 <= shown["y"] - (field["y"] + field["height"]) < 120, f"{says!r} is not at {label!r}"
    page.get_by_text("Intet er gemt: 1 felt skal rettes (se ved feltet).", exact=True).wait_for()


def saved_or_why(page, says: str) -> None:
    """Wait for the saved message; if the page refused instead, fail with what it said at
    its fields (a field a loaded browser lost is then named, not a bare timeout)."""
    saved = page.get_by_text(says, exact=False)
    refused = page.get_by_text("Intet er gemt:", exact=False)
    saved.or_(refused).first.wait_for(timeout=30_000)
    if not saved.count():
        alerts = page.locator('[data-testid="stAlertContentError"]').all_inner_texts()
        values = page.locator("input").evaluate_all("xs => xs.map(x => [x.ariaLabel, x.value])")
        raise AssertionError(f"the page refused the event: {alerts}; its fields: {values}")


def test_an_organiser_moves_the_event_and_every_process_follows(two_processes, visit):
    (a, b), store = two_processes
    organiser = visit(a, viewport=(1400, 900))
    page = log_in(organiser)
    show_tab(organiser, "Begivenhed")
    expect(page.get_by_label("Navn (dansk)", exact=True)).to_have_value("TM '22 – Teknik & Miljø-konferencen")
    save = page.get_by_role("button", name="Gem begivenheden")

    # Closing before opening: said at the closing date; nothing saved.
    typed(page, "Tilmelding lukker (dato)", "01032022")
    organiser.wait_idle()
    save.click()
    refused_at(
        page,
        "Tilmelding lukker (dato)",
        "Tilmeldingen lukker, før den åbner. Vælg et tidspunkt efter åbningen.",
    )
    assert store.saved_event() is None
    typed(page, "Tilmelding lukker (dato)", "19042022")
    organiser.wait_idle()

    # A venue in the Kattegat: every excursion falls outside the area; nothing saved.
    fill(page, "Breddegrad", "56.30000")
    organiser.wait_idle()
    fill(page, "Længdegrad", "10.90000")
    organiser.wait_idle()
    save.click()
    outside = page.get_by_text("24 af 24 udflugter ligger uden for området: ")
    outside.wait_for(timeout=15_000)
    expect(outside).to_contain_text("Flyt stedet, eller gør radius mindst")
    assert store.saved_event() is None

    # Back near Odense by a click on the map, a little east of its middle (the fields follow).
    fill(page, "Breddegrad", "55.37905")
    organiser.wait_idle()
    fill(page, "Længdegrad", "10.42790")
    organiser.wait_idle()
    click_east_of_the_venue(page)
    organiser.wait_idle()
    lon = float(page.get_by_label("Længdegrad", exact=True).input_value())
    assert 10.43 < lon < 10.6  # east of the old venue, as clicked
    expect(page.get_by_text("24 af 24 udflugter ligger uden for området", exact=False)).to_have_count(0)

    # The name, the days and the QR code's address; saved.
    fill(page, "Navn (dansk)", NAME)
    typed(page, "Første dag", "21042022")
    typed(page, "Sidste dag", "22042022")
    fill(page, "Appens offentlige adresse (QR-koden peger her)", URL)
    organiser.wait_idle()
    page.get_by_text(f"{URL}signup", exact=True).wait_for()  # the QR code's target, previewed
    save.click()
    page.get_by_text(f"Begivenheden er gemt: {NAME}. Alle sider viser den inden for få sekunder.").wait_for()
    saved = store.saved_event()
    assert saved is not None and f'public_url = "{URL}"' in saved.toml and "2022-04-21" in saved.toml

    # The other process: the new name on the participants' page, the new address on the projector.
    participant = visit(b).open("/")
    expect(participant.page.get_by_role("heading", name=NAME)).to_be_visible(timeout=10_000)
    projector = visit(b)
    projector.page.goto(b.url + "/kickoff")
    projector.page.get_by_text("tm23.example.dk/signup", exact=True).wait_for(timeout=10_000)

    # The ready-check reads the saved event: it speaks of the new address.
    page.reload()
    organiser.wait_idle()
    page.get_by_text("Klar til dagen?", exact=False).first.click()
    # (Markdown would make the address a link: a word joiner after "https" keeps it text.)
    said = re.compile(r"QR-kodens adresse https\u2060?://tm23\.example\.dk/ svarer ikke herfra")
    expect(page.get_by_text(said)).to_be_visible(timeout=30_000)
    assert organiser.console_errors == [] and participant.console_errors == []


def test_an_empty_installation_walks_the_organiser_to_a_participant_page_that_works(tmp_path, visit):
    """`streamlit run dashboard.py` with no event file, no routes and no data: it opens on
    the organiser page, whose walk-through makes the event, then the first excursion; a
    participant signs up for it."""
    (tmp_path / "routes").mkdir()
    (tmp_path / "data").mkdir()
    env = {
        "EXCURSIONS_TILES": "none",
        "EXCURSIONS_EVENT_FILE": str(tmp_path / "nowhere" / "event.toml"),
        "EXCURSIONS_ROUTES_DIR": str(tmp_path / "routes"),
        "EXCURSIONS_ORGANISER_PASSWORD_HASH": hash_password(PASSWORD),
    }
    server = AppServer(env, tmp_path / "data", mode="streamlit")
    try:
        organiser = visit(server, viewport=(1400, 900))
        page = log_in(organiser, "/")  # the app's first page is the organiser's
        page.get_by_role("heading", name="Jeres første begivenhed").wait_for(timeout=30_000)
        save = page.get_by_role("button", name="Gem begivenheden")
        save.click()  # nothing filled in: each required field says so
        # name, days, address, venue name, latitude, longitude, opening and closing
        page.get_by_text("Intet er gemt: 9 felter skal rettes (se ved felterne).").wait_for()
        expect(page.get_by_text("Skal udfyldes.", exact=True)).to_have_count(9)

        today = dt.date.today()
        fill(page, "Navn (dansk)", "Vand og klima på Fyn")
        typed(page, "Første dag", (today + dt.timedelta(days=40)).strftime("%d%m%Y"))
        typed(page, "Sidste dag", (today + dt.timedelta(days=40)).strftime("%d%m%Y"))
        fill(page, "Appens offentlige adresse (QR-koden peger her)", server.url + "/")
        fill(page, "Stedets navn", "Odense Congress Center")
        fill(page, "Breddegrad", "55.37905")
        organiser.wait_idle()
        fill(page, "Længdegrad", "10.42790")
        organiser.wait_idle()
        typed(page, "Tilmelding åbner (dato)", (today - dt.timedelta(days=1)).strftime("%d%m%Y"))
        typed(page, "Tilmelding lukker (dato)", (today + dt.timedelta(days=30)).strftime("%d%m%Y"))
        organiser.wait_idle()
        save.click()
        saved_or_why(page, "Begivenheden er gemt: Vand og klima på Fyn.")
        page.get_by_text(
            "Næste skridt: tilføj den første udflugt på fanen Udflugter.", exact=False
        ).wait_for()

        show_tab(organiser, "Udflugter")
        upload(organiser, GPX / "odense-aa.gpx")
        fill_the_rest(organiser)
        page.get_by_role("button", name="Gem udflugten").click()
        page.get_by_text(f"{TITLE} er gemt og vises for deltagerne inden for få sekunder.").wait_for()

        participant = visit(server).open("/?route=langs-odense-aa")
        expect(participant.page.get_by_role("heading", name="Vand og klima på Fyn")).to_be_visible()
        participant.page.get_by_role("button", name="Tilmeld dig denne udflugt").click()
        dialog = participant.page.get_by_role("dialog")
        fill_form(dialog, "Åse Ærbø", "aase@example.dk")
        dialog.get_by_role("button", name="Tilmeld", exact=True).click()
        dialog.get_by_text(f"Du skal med på: {TITLE}").wait_for()
        assert organiser.console_errors == [] and participant.console_errors == []
    finally:
        server.stop()


FIVE = [
    "Nye skove i Odense",
    "Biogas og landbrug ved Fangel",
    "Ejby Mølle Renseanlæg: bioenergi fra spildevand",
    "Cykelbyen Odense mod nord",
    "Den nye cykelrute til Tarup",
]


def pick_many(page, label: str, options: list[str]) -> None:
    """Choose options of a Streamlit multiselect as a keyboard user does: type, then pick."""
    box = page.get_by_label(label, exact=True)
    for option in options:
        box.click()
        box.fill(option)
        page.get_by_role("option", name=option, exact=True).click()
    box.press("Escape")  # the list closes, as a person closes it
    expect(page.get_by_role("option", name="Select all")).to_have_count(0)  # Streamlit's English


def test_next_years_event_from_this_one_keeps_five_excursions_and_archives_the_old(servers, visit, tmp_path):
    server = servers(
        "serve",
        EXCURSIONS_TILES="none",
        EXCURSIONS_ORGANISER_PASSWORD_HASH=hash_password(PASSWORD),
        EXCURSIONS_TEST_TAG="next-event",
    )
    server.cli("simulate", "--participants", "300", "--rate", "0", "--seed", "23")
    titles = {r["route"]: r for r in json.loads(server.cli("counts", "--json").stdout)}
    assert sum(r["confirmed"] + r["waitlisted"] for r in titles.values()) == 300
    organiser = visit(server, viewport=(1400, 900))
    page = log_in(organiser)
    show_tab(organiser, "Begivenhed")
    page.get_by_text("Ny begivenhed ud fra denne").click()
    fill(page, "Den nye begivenheds navn (dansk)", "TM '23")
    typed(page, "Den nye begivenheds første dag", "19042023")
    fill(page, "Det nye steds navn", "Aarhus Rådhus")
    fill(page, "Det nye steds breddegrad", "56.15270")
    fill(page, "Det nye steds længdegrad", "10.20390")
    fill(page, "Det nye områdes radius (km)", "150")
    organiser.wait_idle()
    pick_many(page, "Udflugter, der kommer med", FIVE)
    organiser.wait_idle()
    page.get_by_role("button", name="Opret den nye begivenhed").click()
    question = "Opret TM '23 med 5 udflugter? Deltagersiderne og QR-koden skifter til TM '23 med det samme;"
    page.get_by_text(question, exact=False).wait_for()
    page.get_by_role("button", name="Ja, opret den").click()
    page.get_by_text("TM '23 er nu den aktuelle begivenhed.", exact=False).wait_for(timeout=30_000)

    # The new event: no sign-ups, five excursions, each departing on the new first day.
    counts = json.loads(server.cli("counts", "--json").stdout)
    assert len(counts) == 5 and all(c["confirmed"] == c["waitlisted"] == 0 for c in counts)
    participant = visit(server).open("/")
    expect(participant.page.get_by_role("heading", name="TM '23")).to_be_visible()
    expect(participant.map.locator("path.excursion-route")).to_have_count(5, timeout=20_000)
    participant.page.goto(server.url + "/?route=skovrejsning")
    participant.wait_idle()
    expect(participant.page.get_by_text("19. april 2023 kl. 13:45", exact=False).first).to_be_visible()

    # The old event's archive: its 300 sign-ups and its fill-up chart.
    show_tab(organiser, "Arkiv")
    expect(page.get_by_test_id("stMetric").filter(has_text="Tilmeldte")).to_contain_text("300")
    chart = page.locator('[data-testid="stVegaLiteChart"]')
    expect(chart).to_have_count(1)
    expect(page.locator('[aria-label*="nu 300 i alt"]')).to_have_count(1, timeout=15_000)

    # Its personal data deleted: the database holds no name or e-mail of it; the archive stays.
    events = json.loads(server.cli("events", "--json").stdout)
    old = next(e for e in events if not e["current"])
    assert old["signed_up"] == 300
    server.cli("purge-personal-data", "--event", old["key"], "--yes")
    database = (Path(server.env["EXCURSIONS_DATA_DIR"]) / "excursions.sqlite3").read_bytes()
    for n in (0, 1, 150, 299):
        assert f"sim-23-{n:05d}@example.invalid".encode() not in database
    assert b"@example.invalid" not in database
    page.reload()
    organiser.wait_idle()
    show_tab(organiser, "Arkiv")
    expect(page.get_by_test_id("stMetric").filter(has_text="Tilmeldte")).to_contain_text("300")
    assert organiser.console_errors == [] and participant.console_errors == []


def test_an_empty_installation_starts_from_last_years_file_and_hands_its_own_on(tmp_path, visit):
    """The walk-through's other way: the zip another installation exported. A zip with a
    name outside the event is refused, naming it; last year's becomes the event, with its
    excursions on the map; and the event downloads again as a file `import-event` takes."""
    from excursions.bundle import read_bundle, write_bundle
    from excursions.routes import load_routes
    from tests.conftest import EVENT_FILE, SHIPPED_ROUTES

    exported = write_bundle(EVENT_FILE.read_bytes(), load_routes(SHIPPED_ROUTES).routes)
    (tmp_path / "tm22.zip").write_bytes(exported)
    with zipfile.ZipFile(tmp_path / "bad.zip", "w") as zf:
        zf.writestr("event.toml", EVENT_FILE.read_bytes())
        zf.writestr("../x.geojson", b"{}")
    (tmp_path / "routes").mkdir()
    (tmp_path / "data").mkdir()
    env = {
        "EXCURSIONS_TILES": "none",
        "EXCURSIONS_EVENT_FILE": str(tmp_path / "nowhere" / "event.toml"),
        "EXCURSIONS_ROUTES_DIR": str(tmp_path / "routes"),
        "EXCURSIONS_ORGANISER_PASSWORD_HASH": hash_password(PASSWORD),
    }
    server = AppServer(env, tmp_path / "data", mode="serve")
    try:
        organiser = visit(server, viewport=(1400, 900))
        page = log_in(organiser, "/")
        page.get_by_role("heading", name="Jeres første begivenhed").wait_for(timeout=30_000)
        upload(organiser, tmp_path / "bad.zip")
        page.get_by_text("bad.zip: «../x.geojson» hører ikke hjemme i filen", exact=False).wait_for()
        upload(organiser, tmp_path / "tm22.zip")
        page.get_by_text("Filen indeholder TM '22 – Teknik & Miljø-konferencen med 24 udflugter.").wait_for()
        page.get_by_role("button", name="Brug begivenheden fra filen").click()
        page.get_by_text(
            "TM '22 – Teknik & Miljø-konferencen er nu begivenheden, med 24 udflugter."
        ).wait_for(timeout=30_000)
        participant = visit(server).open("/")
        expect(participant.map.locator("path.excursion-route")).to_have_count(24, timeout=20_000)

        show_tab(organiser, "Begivenhed")
        page.get_by_text("Begivenheden som fil").click()
        with page.expect_download() as download:
            page.get_by_role(
                "button", name="Hent begivenheden og udflugterne som fil (zip, uden persondata)"
            ).click()
        again = read_bundle(Path(download.value.path()).read_bytes(), "event.zip")
        assert again.event == read_bundle(exported).event and len(again.parsed) == 24
        assert organiser.console_errors == [] and participant.console_errors == []
    finally:
        server.stop()
