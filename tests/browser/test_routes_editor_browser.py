"""Excursions added in the browser: an organiser uploads a GPX file, fills in the form,
sees the line with its length and saves; participants on this process and on a second
one (same PostgreSQL) see it and can sign up, without a restart. A file with problems
shows each of them and saves nothing."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from excursions.access import hash_password
from excursions.store import open_store, sqlite_url
from tests.browser.conftest import MAP_FRAME, PASSWORD, AppServer, log_in, show_tab
from tests.browser.test_signup_browser import fill_form
from tests.conftest import ROOT

GPX = ROOT / "tests" / "data" / "gpx"
ENV = {
    "EXCURSIONS_TILES": "none",
    "EXCURSIONS_REFRESH_SECONDS": "2",
    "EXCURSIONS_ORGANISER_PASSWORD_HASH": hash_password(PASSWORD),
}
TITLE = "Langs Odense Å"


@pytest.fixture
def two_processes(pg_url, tmp_path):
    store = open_store(pg_url, create=False)
    store.drop_schema()
    store.dispose()
    env = {**ENV, "EXCURSIONS_DATABASE_URL": pg_url}
    apps = []
    for name in "ab":
        (tmp_path / name).mkdir()
        apps.append(AppServer(env, tmp_path / name, mode="serve"))
    yield apps
    for app in apps:
        app.stop()


def open_tab(v, name: str = "Udflugter"):
    page = log_in(v)
    show_tab(v, name)
    return page


def upload(v, path: Path) -> None:
    v.page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(path))
    v.wait_idle()


def fill(page, label: str, value: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(value)
    box.press("Enter")


def typed(page, label: str, digits: str) -> None:
    """A date or time field (day, month, year or hour, minute segments): typed as a person
    types it, the field moving on from segment to segment. Typing waits until the field has
    the cursor: a click while the page below a finished run was still moving could land on
    the field above, and the digits went there (an event's area radius once read 0.00)."""
    from playwright.sync_api import expect

    first = page.get_by_label(label, exact=True).locator('[role="spinbutton"]').first
    for attempt in range(3):
        first.click()
        try:
            expect(first).to_be_focused(timeout=2_000)
            break
        except AssertionError:
            if attempt == 2:
                raise
    page.keyboard.type(digits)
    page.keyboard.press("Tab")


def fill_the_rest(organiser) -> None:
    """What the Odense river GPX does not say, filled in by hand."""
    page = organiser.page
    fill(page, "Titel (engelsk)", "Along the Odense river")
    page.get_by_text("Til fods", exact=True).click()
    fill(page, "Pladser", "20")
    typed(page, "Afgangsdato", "20042022")
    fill(page, "Mødested (dansk)", "Munke Mose, ved broen")
    typed(page, "Afgangstid", "1500")
    organiser.wait_idle()


def test_an_uploaded_gpx_route_is_saved_and_shows_on_both_processes(two_processes, visit, tmp_path):
    a, b = two_processes
    organiser = visit(a)
    page = open_tab(organiser)
    upload(organiser, GPX / "odense-aa.gpx")
    # The GPX's name became the title and the id; the rest is filled in by hand.
    expect(page.get_by_label("Titel (dansk)", exact=True)).to_have_value(TITLE)
    expect(page.get_by_label("Id", exact=True)).to_have_value("langs-odense-aa")
    fill_the_rest(organiser)
    # The preview: the line on a map, its length and estimated duration.
    page.get_by_text("Linjen: 2,4 km, anslået varighed 50 min.").wait_for()
    frame = page.frame_locator(MAP_FRAME).first
    frame.locator("path.excursion-route").first.wait_for(timeout=30_000)
    page.get_by_role("button", name="Gem udflugten").click()
    page.get_by_text(f"{TITLE} er gemt og vises for deltagerne inden for få sekunder.").wait_for()

    # A participant on this process: the new excursion, and a seat on it.
    participant = visit(a).open("/?route=langs-odense-aa")
    participant.page.get_by_role("button", name="Tilmeld dig denne udflugt").click()
    dialog = participant.page.get_by_role("dialog")
    fill_form(dialog, "Nye Deltager", "ny@example.dk")
    dialog.get_by_role("button", name="Tilmeld", exact=True).click()
    dialog.get_by_text(f"Du skal med på: {TITLE}").wait_for()

    # A participant on the other process sees it too, with its seat taken.
    other = visit(b).open("/")
    other.page.get_by_text(TITLE).first.wait_for(timeout=20_000)
    expect(other.map.locator("path.excursion-route")).to_have_count(25, timeout=20_000)

    # It cannot be hidden while someone is signed up.
    show_tab(organiser, "Overblik")
    show_tab(organiser, "Udflugter")
    pick = page.get_by_label("Udflugt", exact=True).last
    pick.click()
    pick.fill(TITLE)
    page.get_by_role("option", name=TITLE, exact=True).click()
    page.get_by_role("button", name="Skjul udflugten").click()
    page.get_by_text(
        f"{TITLE} kan ikke skjules: 1 er tilmeldt og 0 står på venteliste. Flyt eller afmeld dem først"
        " (fanen Deltagere)."
    ).wait_for()
    organiser.wait_idle()  # the run that said so has ended: its download button is the one shown

    # Every excursion as route files: `excursions validate` takes them as they are.
    with page.expect_download() as download:
        page.get_by_role("button", name="Hent alle udflugter som rutefiler (zip)").click()
    folder = tmp_path / "exported"
    with zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes())) as archive:
        archive.extractall(folder)
    assert len(list(folder.glob("*.geojson"))) == 25 and (folder / "langs-odense-aa.geojson").exists()
    checked = subprocess.run(
        [sys.executable, "-m", "excursions.cli", "validate"],
        cwd=ROOT,
        env={**a.env, "EXCURSIONS_ROUTES_DIR": str(folder)},
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "langs-odense-aa" in checked.stdout
    assert organiser.console_errors == [] and other.console_errors == []


BROKEN_XML = b'<?xml version="1.0"?><gpx version="1.1"><trk><trkseg><trkpt lat="55.39" lon="10.38">'
POLYGON = (
    b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": '
    b'{"type": "Polygon", "coordinates": '
    b"[[[10.38, 55.39], [10.39, 55.39], [10.39, 55.40], [10.38, 55.39]]]}}]}"
)


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("omraade.geojson", POLYGON, "omraade.geojson: filen indeholder et område (Polygon), ikke en linje."),
        ("korita-zbevnica.gpx", None, "Linjen ligger op til 1144 km fra konferencestedet, uden for eventens"),
        ("gpx_with_garmin_extension.gpx", None, "gpx_with_garmin_extension.gpx: filen har ingen linje"),
        ("i-stykker.gpx", BROKEN_XML, "i-stykker.gpx: filen kan ikke læses som GPX (XML'en er i stykker)."),
    ],
)
def test_a_file_with_a_problem_says_so_at_the_file_and_saves_nothing(
    servers, visit, tmp_path, name, data, says
):
    server = servers("serve", **ENV)
    path = tmp_path / name
    path.write_bytes(data if data is not None else (GPX / name).read_bytes())
    v = visit(server)
    page = open_tab(v)
    upload(v, path)
    message = page.get_by_text(says)
    message.wait_for()
    uploader = page.locator('[data-testid="stFileUploader"]').first.bounding_box()
    shown = message.bounding_box()
    assert 0 <= shown["y"] - (uploader["y"] + uploader["height"]) < 200, "the problem shows at the file"
    save = page.get_by_role("button", name="Gem udflugten")
    if save.count():
        save.click()
        v.wait_idle()
    store = open_store(sqlite_url(Path(server.env["EXCURSIONS_DATA_DIR"])))
    assert store.route_edits() == []
    assert v.console_errors == []


def test_saving_after_mending_the_fields_says_saved_once_and_the_form_edits_the_saved_one(servers, visit):
    """Issue 27 item 3: save with fields missing (each named), fill them in, save again: the
    page once said "gemt" and, on the same screen, that the id was taken and nothing saved."""
    server = servers("serve", **ENV, EXCURSIONS_TEST_TAG="editor-save")
    organiser = visit(server)
    page = open_tab(organiser)
    upload(organiser, GPX / "odense-aa.gpx")
    page.get_by_text("Linjen: 2,4 km").wait_for()  # the upload's run has drawn the form
    organiser.wait_idle()
    page.get_by_role("button", name="Gem udflugten").click()
    organiser.wait_idle()
    page.get_by_text("Ret felterne markeret ovenfor; intet er gemt.").wait_for()
    fill_the_rest(organiser)
    page.get_by_role("button", name="Gem udflugten").click()
    organiser.wait_idle()
    page.get_by_text(f"{TITLE} er gemt og vises for deltagerne inden for få sekunder.").wait_for()
    alerts = page.locator('[data-testid="stAlert"]').all_inner_texts()
    assert [a for a in alerts if "gemt" in a] == [
        f"{TITLE} er gemt og vises for deltagerne inden for få sekunder."
    ]
    assert not [a for a in alerts if "bruges allerede" in a or "intet er gemt" in a], alerts
    # the form now edits the saved excursion: its id is fixed, saving again updates it
    expect(page.get_by_label("Id", exact=True)).to_have_value("langs-odense-aa")
    expect(page.get_by_label("Id", exact=True)).to_be_disabled()
    page.get_by_role("button", name="Gem udflugten").click()
    organiser.wait_idle()
    page.get_by_text(
        f"Ændringerne i {TITLE} er gemt og vises for deltagerne inden for få sekunder."
    ).wait_for()
    store = open_store(sqlite_url(Path(server.env["EXCURSIONS_DATA_DIR"])))
    assert [e.route_id for e in store.route_edits()] == ["langs-odense-aa"]
    assert organiser.console_errors == []
