"""Every organiser view in Danish, with data that makes each of them speak (a waiting list,
a refusal, an import with every kind of bad row, a broken file): no sentence from the
English catalogue on screen, and never "None". And axe-core on each of them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from excursions.i18n import STRINGS
from excursions.store import open_store, sqlite_url
from tests.browser.conftest import POLL, axe_serious, log_in, organiser_app, show_tab, wait_grid

TABS = (
    "Overblik",
    "Over tid",
    "Deltagere",
    "Import",
    "Eksport",
    "Check-in",
    "Udflugter",
    "Post",
    "Persondata",
)


def _forms(entry: str | dict) -> list[str]:
    return [v for k, v in entry.items() if k != "by"] if isinstance(entry, dict) else [entry]


def english_fragments() -> set[str]:
    """The literal parts of every English text (between its placeholders) that no Danish
    text has: what would give an English string away on a Danish page."""
    danish = "\n".join(form for entry in STRINGS.values() for form in _forms(entry["da"]))
    found = set()
    for entry in STRINGS.values():
        for form in _forms(entry.get("en", "")):
            for part in re.split(r"\{[^}]*\}", form):
                part = part.strip(" .,:;–-()'\"")
                if len(part) >= 8 and " " in part and part not in danish:
                    found.add(part)
    return found


# Streamlit's own English that shows on a Danish page unless the app words it (issue 27 item 19)
STREAMLIT_ENGLISH = {
    "Press Enter to submit form",
    "Choose or add options",
    "Choose options",
    "Choose an option",
}
ENGLISH = english_fragments() | STREAMLIT_ENGLISH


def test_the_english_fragments_are_enough_to_catch_a_sentence():
    assert "Pick a participant" in ENGLISH and "waiting list" in ENGLISH
    assert not any("Vælg" in f for f in ENGLISH)


def shown(page) -> str:
    """What the page shows: its text, and the cells of its tables (drawn on canvases)."""
    return page.evaluate(
        """() => document.body.innerText + '\\n' +
           [...document.querySelectorAll('table[role=grid]')].map(t => t.textContent).join('\\n')"""
    )


def check_danish(page, where: str) -> None:
    text = shown(page)
    english = sorted(f for f in ENGLISH if f in text)
    assert english == [], f"{where}: English on the Danish page: {english}"
    assert not re.search(r"\bNone\b|\bnan\b", text), f"{where}: 'None' on screen"


@pytest.fixture
def seeded(servers, visit, tmp_path):
    people = (
        ("ejby-moelle-renseanlaeg", "mads@example.dk", "Mads Jensen"),
        ("ejby-moelle-renseanlaeg", "ole@example.dk", "Ole Berg"),
        ("skovrejsning", "mette@example.dk", "Mette Hansen"),
    )
    server = organiser_app(servers, tmp_path / "data", people, full="ejby-moelle-renseanlaeg")
    store = open_store(sqlite_url(tmp_path / "data"))
    store.check_in("mette@example.dk", "skovrejsning", True, now=dt.datetime.now(dt.UTC))
    return server


def upload(page, v, path: Path) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    v.wait_idle()


def test_every_organiser_tab_on_a_phone_passes_axe(seeded, visit):
    """Issue 27, item 22: every page and tab at 390x844 too (a guide's or organiser's phone)."""
    v = visit(seeded, viewport=(390, 844), phone=True)
    page = log_in(v)
    page.get_by_text("Pladser taget").wait_for()
    for tab in TABS:
        show_tab(v, tab)
        assert axe_serious(v) == [], tab


def test_every_organiser_view_speaks_danish_and_passes_axe(seeded, visit, tmp_path):
    v = visit(seeded, viewport=(1400, 900))
    page = log_in(v)
    page.get_by_text("Pladser taget").wait_for()
    for tab in TABS:
        show_tab(v, tab)
        check_danish(page, tab)
        assert axe_serious(v) == [], tab

    # The excursion form, filled in from a shipped excursion.
    show_tab(v, "Udflugter")
    page.get_by_text("Ret en udflugt", exact=True).click()
    page.get_by_text("Linjen:").first.wait_for()
    check_danish(page, "Udflugter, editing")
    assert axe_serious(v) == [], "Udflugter, editing"

    # A refusal, and a question, on the participants tab.
    show_tab(v, "Deltagere")
    page.get_by_label("Kapacitet", exact=True).fill("1")
    page.get_by_label("Kapacitet", exact=True).press("Enter")
    v.wait_idle()
    page.get_by_role("button", name="Gem kapacitet").click()  # the first excursion has nobody: fine
    v.wait_idle()
    page.get_by_role("button", name="Afmeld deltageren").click()
    page.get_by_text("Afmeld Mads Jensen fra").wait_for()
    check_danish(page, "Deltagere, asking")

    # Every kind of bad row, then a file that is no table, then columns that do not fit.
    show_tab(v, "Import")
    bad = tmp_path / "fejl.csv"
    bad.write_text(
        "Navn;E-mail;Udflugt\n"
        ";ingen-navn@example.dk;skovrejsning\n"
        "Anna;ikke-en-adresse;skovrejsning\n"
        "Bo;bo@example.dk;Månen rundt\n"
        "Carl;carl@example.dk;skovrejsning\n"
        "Carl igen;carl@example.dk;skovrejsning\n"
        f"{'N' * 130};lang@example.dk;skovrejsning\n",
        encoding="utf-8",
    )
    upload(page, v, bad)
    page.get_by_text("Forhåndsvisning: 1 ny, 5 med fejl").wait_for()
    wait_grid(page, "Række", "rows.length === 6")
    text = shown(page)
    for problem in (
        "navnet mangler",
        "e-mailadressen er ikke gyldig",
        "udflugten 'Månen rundt' passer ikke til nogen udflugts id eller titel",
        "adressen står også i række 5",
        "navnet har 130 tegn; højst 120",
    ):
        assert problem in text
    check_danish(page, "Import with bad rows")
    assert axe_serious(v) == [], "Import with bad rows"
    broken = tmp_path / "ødelagt.csv"
    broken.write_bytes(b"\x00\x01\x02 not text")
    upload(page, v, broken)
    page.get_by_text("ødelagt.csv: filen er ikke i en tegnkodning").wait_for()
    check_danish(page, "Import of a broken file")
    odd = tmp_path / "andre-kolonner.csv"
    odd.write_text("Fornavn;Adresse\nAnna;anna@example.dk\n", encoding="utf-8")
    upload(page, v, odd)
    page.get_by_text("Vælg en kolonne for: navn, e-mail, udflugt.").wait_for()
    check_danish(page, "Import with columns that do not fit")


def test_the_guides_check_in_view_speaks_danish_and_passes_axe_on_a_phone(seeded, visit):
    v = visit(seeded, viewport=(390, 844), phone=True)
    page = log_in(v, "/organiser?checkin=skovrejsning")
    page.get_by_text("1 af 1 mødt").wait_for()
    check_danish(page, "check-in")
    assert axe_serious(v) == []


@pytest.mark.parametrize("size", [(390, 844), (1400, 900)])
def test_the_fill_up_charts_have_a_text_alternative(seeded, visit, size):
    """Issue 27 item 22: axe found the "Over tid" chart's SVG without one (svg-img-alt)."""
    v = visit(seeded, viewport=size, phone=size[0] < 500)
    page = log_in(v)
    show_tab(v, "Over tid")
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for()
    page.wait_for_function(  # both charts drawn before axe looks
        "() => [...document.querySelectorAll('[data-testid=stVegaLiteChart]')]"
        ".filter(c => c.querySelector('svg, canvas')).length === 2",
        polling=POLL,
    )
    assert axe_serious(v) == []


def test_typing_in_a_form_shows_no_streamlit_english(seeded, visit):
    """Issue 27 item 19: "Press Enter to submit form" under a Danish field while typing."""
    v = visit(seeded, viewport=(1400, 900))
    page = v.page
    page.goto(seeded.url + "/organiser")
    v.wait_idle()
    page.get_by_label("Adgangskode").fill("noget")
    check_danish(page, "the password form, typing")
    page.goto(seeded.url + "/signup?route=skovrejsning")
    v.wait_idle()
    page.get_by_role("textbox", name="Navn").fill("Anna Berg")
    page.get_by_role("textbox", name="E-mail").first.type("anna@")
    check_danish(page, "the sign-up form, typing")
