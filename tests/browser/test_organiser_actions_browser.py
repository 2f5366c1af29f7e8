"""Every organiser action in Chromium: it asks first where it moves or removes people,
says by name what it did right where it was done, and the tables show the new state
without a reload."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from excursions.passes import COOKIE
from excursions.store import open_store, sqlite_url
from tests.browser.conftest import choose, grid, log_in, organiser_app, show_tab, wait_grid
from tests.support.waiting import wait_until

SKOV, EJBY, FANGEL = (
    "Nye skove i Odense",
    "Ejby Mølle Renseanlæg: bioenergi fra spildevand",
    "Biogas og landbrug ved Fangel",
)


@pytest.fixture
def desk(servers, visit, tmp_path):
    """A running app with Mette on the forest walk; Mads on Ejby Mølle (1 seat), Ole and
    Sara waiting there; and an organiser's browser on the participants tab."""
    people = (
        ("skovrejsning", "mette@example.dk", "Mette Hansen"),
        ("ejby-moelle-renseanlaeg", "mads@example.dk", "Mads Jensen"),
        ("ejby-moelle-renseanlaeg", "ole@example.dk", "Ole Berg"),
        ("ejby-moelle-renseanlaeg", "sara@example.dk", "Sara Lund"),
    )
    server = organiser_app(
        servers,
        tmp_path / "data",
        people,
        full="ejby-moelle-renseanlaeg",
    )
    store = open_store(sqlite_url(tmp_path / "data"))
    v = visit(server, viewport=(1400, 900))
    page = log_in(v)
    show_tab(v, "Deltagere")
    page.evaluate("window.__probe = 'no reload'")
    # The browser trades its login for the organiser cookie in a request of its own: a test
    # that opens another organiser address waits for it, as a person's next page would have.
    wait_until(lambda: any(c["name"] == COOKIE for c in page.context.cookies()), 30, "the organiser cookie")
    return v, store


def row_of(rows: list[list[str]], name: str) -> list[str]:
    return next(r for r in rows if r[0] == name)


def said(page, text: str):
    """The message, once shown; it must be where the organiser is looking."""
    message = page.get_by_text(text, exact=True)
    message.wait_for(timeout=15_000)
    expect(message).to_be_in_viewport()
    return message


def answer(page, question: str, yes: str) -> None:
    """The question is asked next to the button; nothing happens before 'yes'."""
    asked = page.get_by_text(question, exact=True)
    asked.wait_for(timeout=15_000)
    expect(asked).to_be_in_viewport()
    page.get_by_role("button", name=yes, exact=True).click()


def test_move_promote_capacity_and_cancel_ask_first_and_say_whom_they_moved(desk):
    v, store = desk
    page = v.page
    rows = wait_grid(page, "Navn", "rows.length === 4")
    assert row_of(rows, "Sara Lund")[4:6] == ["venteliste", "2"]

    # Move: asked, with the seat she will get; then told, and the table and picker follow.
    choose(page, "Vælg en deltager", "Mette Hansen <mette@example.dk>")
    choose(page, "Flyt til", f"45 af 45 ledige · {FANGEL}")  # item 8: the seats left, first
    page.get_by_role("button", name="Flyt", exact=True).click()
    answer(
        page,
        f"Flyt Mette Hansen fra {SKOV} til {FANGEL}? Mette Hansen får plads 1 af 45 på {FANGEL}.",
        "Ja, flyt Mette Hansen",
    )
    said(page, f"Mette Hansen er flyttet fra {SKOV} til {FANGEL} (plads 1 af 45).")
    rows = wait_grid(page, "Navn", f"rows.some(r => r[0] === 'Mette Hansen' && r[3] === '{FANGEL}')")
    page.get_by_text(f"Mette Hansen er tilmeldt {FANGEL}.", exact=True).wait_for()
    assert store.status_of("mette@example.dk")[0] == "biogas-fangel"

    # Promote by hand: one more seat, for her; Ole moves up to first in line.
    choose(page, "Vælg en deltager", "Sara Lund <sara@example.dk>")
    page.get_by_text(f"Sara Lund er nr. 2 på ventelisten til {EJBY}.", exact=True).wait_for()
    page.get_by_role("button", name="Giv plads nu (+1 plads)").click()
    answer(
        page,
        f"Giv Sara Lund en ekstra plads på {EJBY}? Kapaciteten hæves fra 1 til 2.",
        "Ja, giv Sara Lund plads",
    )
    said(page, f"Sara Lund har fået plads på {EJBY} (plads 2 af 2; kapaciteten er hævet til 2).")
    rows = wait_grid(page, "Navn", "rows.some(r => r[0] === 'Sara Lund' && r[4] === 'tilmeldt')")
    assert row_of(rows, "Sara Lund")[5] == "" and row_of(rows, "Ole Berg")[4:6] == ["venteliste", "1"]

    # Capacity up: asked, naming who gets the seat; told so; the table follows.
    choose(page, "Udflugt", EJBY)
    # Each excursion has a capacity field of its own: wait until Ejby Mølle's is drawn.
    expect(page.get_by_label("Kapacitet", exact=True)).to_have_value("2")
    page.get_by_label("Kapacitet", exact=True).fill("3")
    page.get_by_label("Kapacitet", exact=True).press("Enter")
    v.wait_idle()
    page.get_by_role("button", name="Gem kapacitet").click()
    answer(
        page,
        f"Hæv kapaciteten på {EJBY} fra 2 til 3? Ole Berg får plads fra ventelisten.",
        "Ja, gem 3 pladser",
    )
    said(page, f"Kapaciteten på {EJBY} er nu 3. Ole Berg har fået plads fra ventelisten på {EJBY}.")
    rows = wait_grid(page, "Navn", "rows.some(r => r[0] === 'Ole Berg' && r[4] === 'tilmeldt')")

    # Capacity down below the confirmed: nothing to ask, refused with the numbers.
    page.get_by_label("Kapacitet", exact=True).fill("1")
    page.get_by_label("Kapacitet", exact=True).press("Enter")
    v.wait_idle()
    page.get_by_role("button", name="Gem kapacitet").click()
    said(page, "3 er tilmeldt; flyt eller afmeld 2, før kapaciteten kan sænkes til 1.")
    assert {c.route_id: c.capacity for c in store.counts()}["ejby-moelle-renseanlaeg"] == 3

    # Capacity down where it fits: nobody moves, nothing to ask.
    page.get_by_label("Kapacitet", exact=True).fill("4")
    page.get_by_label("Kapacitet", exact=True).press("Enter")
    v.wait_idle()
    page.get_by_role("button", name="Gem kapacitet").click()
    said(page, f"Kapaciteten på {EJBY} er nu 4.")

    # Cancel: asked; "Fortryd" leaves her be; yes cancels and the row goes.
    choose(page, "Vælg en deltager", "Mads Jensen <mads@example.dk>")
    page.get_by_role("button", name="Afmeld deltageren").click()
    answer(page, f"Afmeld Mads Jensen fra {EJBY}?", "Fortryd")
    expect(page.get_by_text(f"Afmeld Mads Jensen fra {EJBY}?")).to_have_count(0)
    assert store.status_of("mads@example.dk")[0] == "ejby-moelle-renseanlaeg"
    page.get_by_role("button", name="Afmeld deltageren").click()
    answer(page, f"Afmeld Mads Jensen fra {EJBY}?", "Ja, afmeld Mads Jensen")
    said(page, f"Mads Jensen er afmeldt {EJBY}.")
    rows = wait_grid(page, "Navn", "rows.length === 3")
    assert "Mads Jensen" not in [r[0] for r in rows]

    # The overview shows the new numbers too.
    show_tab(v, "Overblik")
    rows = wait_grid(page, "Udflugt", f"rows.some(r => r[0] === {EJBY!r})")
    assert row_of(rows, EJBY)[3:7] == ["2", "0", "2", "4"]  # confirmed, waiting, free, capacity
    assert page.evaluate("window.__probe") == "no reload"
    assert v.console_errors == []


def test_check_in_import_and_export_say_what_they_did(desk, tmp_path):
    v, store = desk
    page = v.page
    # Check-in on the guide's view: who was ticked, and the count.
    page.goto(v.server.url + "/organiser?checkin=skovrejsning")
    v.wait_idle()
    page.get_by_text("0 af 1 mødt").wait_for(timeout=60_000)
    mette = page.locator('[data-testid="stCheckbox"]').filter(has_text="Mette Hansen")
    mette.click()
    said(page, f"Mette Hansen er mødt op til {SKOV}.")
    page.get_by_text("1 af 1 mødt").wait_for()
    expect(page.get_by_label("Mette Hansen")).to_be_checked()
    mette.click()
    said(page, f"Mette Hansen er ikke længere markeret som mødt til {SKOV}.")

    # Import: a new person and a move; the preview and the answer say which.
    page.goto(v.server.url + "/organiser")
    v.wait_idle()
    show_tab(v, "Import")
    csv = tmp_path / "tilmeldinger.csv"
    csv.write_text(
        f"Navn;E-mail;Udflugt\nKaren Holm;karen@example.dk;{FANGEL}\n"
        f"Mette Hansen;mette@example.dk;{FANGEL}\n",
        encoding="utf-8-sig",
    )
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(csv))
    page.get_by_text("Forhåndsvisning: 1 ny, 1 flyttes, 0 med fejl").wait_for()
    rows = wait_grid(page, "Række", "rows.length === 2")
    titles = {"skovrejsning": SKOV, "ejby-moelle-renseanlaeg": EJBY, "biogas-fangel": FANGEL}
    where = titles[store.status_of("mette@example.dk")[0]]  # item 16: the preview says where from
    assert [r[:2] for r in rows] == [["2", "ny"], ["3", f"flyttes fra {where}"]]
    page.get_by_role("button", name="Importér alle rækker").click()
    said(page, "Importeret fra tilmeldinger.csv: 1 ny, 1 flyttet, 0 med fejl.")  # what happened
    assert store.status_of("karen@example.dk")[0] == "biogas-fangel"
    assert store.status_of("mette@example.dk")[0] == "biogas-fangel"
    # The same file again: the preview says nothing will change, and so does the answer.
    page.get_by_text("Forhåndsvisning: 2 uændret, 0 med fejl").wait_for()
    page.get_by_role("button", name="Importér alle rækker").click()
    said(page, "Intet er ændret: alle 2 rækker var allerede importeret.")

    # Export: the list of an excursion holds the people just imported.
    show_tab(v, "Eksport")
    choose(page, "Udflugt", FANGEL)
    page.get_by_role("button", name="Udskrivbar liste til guiden").wait_for()  # one excursion's lists
    with page.expect_download() as download:
        page.get_by_role("button", name="Deltagerliste (CSV til Excel)").click()
    assert download.value.suggested_filename == "biogas-fangel.csv"
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "Karen Holm" in text and "Mette Hansen" in text
    assert v.console_errors == []


def test_the_participants_table_is_read_from_the_grid(desk):
    """The helper above reads what the canvas draws: check it against the store once."""
    v, store = desk
    rows = wait_grid(v.page, "Navn", "rows.length === 4")
    assert sorted(r[1] for r in rows) == sorted(p.email for p in store.people())
    assert grid(v.page, "Ingen sådan kolonne") == []


def test_the_import_maps_a_kommune_organisation_header_shows_it_and_says_who_is_mailed(desk, tmp_path):
    """Issue 27 item 5: "Kommune/organisation" was not mapped, the preview had no
    organisation, and nothing before the button said that everyone imported gets a mail."""
    v, store = desk
    page = v.page
    show_tab(v, "Import")
    csv = tmp_path / "registreringer.csv"
    csv.write_text(
        "Navn;E-mail;Kommune/organisation;Udflugt\n"
        f"Karen Holm;karen@example.dk;Vejle Kommune;{FANGEL}\n"
        f"Jens Juul;jens@example.dk;Aarhus Kommune;{FANGEL}\n"
        f"Mette Hansen;mette@example.dk;Odense Kommune;{SKOV}\n",
        encoding="utf-8-sig",
    )
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(csv))
    page.get_by_text("Forhåndsvisning: 2 nye, 1 uændret, 0 med fejl").wait_for()
    expect(page.get_by_label("Kolonne for organisation", exact=True)).to_have_value("Kommune/organisation")
    rows = wait_grid(page, "Række", "rows.length === 3")
    for row, organisation in zip(rows, ["Vejle Kommune", "Aarhus Kommune", "Odense Kommune"], strict=True):
        assert organisation in row, row  # the preview shows each row's organisation
    warning = page.get_by_text("2 personer får hver en mail med deres udflugt og kalenderinvitation")
    expect(warning).to_be_visible()
    button = page.get_by_role("button", name="Importér alle rækker").bounding_box()
    assert warning.bounding_box()["y"] < button["y"]  # said before the button, not after
    page.get_by_role("button", name="Importér alle rækker").click()
    said(page, "Importeret fra registreringer.csv: 2 nye, 1 uændret, 0 med fejl.")
    assert {p.email: p.organisation for p in store.people()}["karen@example.dk"] == "Vejle Kommune"
