"""?lang=en in Chromium: every text a participant reads is English, except proper names."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import MAP_FRAME

# Words only the Danish fields of the shipped routes and catalogue hold: meeting points,
# hosts, accessibility, stops, themes, and the page's own words. Proper names (Fruens Bøge,
# Stige Ø) are English too, so they are not on the list.
DANISH = [
    "busholdepladsen",
    "hovedindgangen",
    "cykelparkeringen",
    "foran",
    "Rådhus",
    "Kommune",
    "Forvaltningen",
    "Rundvisning",
    "udleveres",
    "hjelme",
    "fortov",
    "kørestol",
    "Ladestandere",
    "Ladehub",
    "firesporet",
    "Cykelbyen",
    "Grøn cykelrute",
    "bydel",
    "supersygehus",
    "Genbrugsstationen",
    "Sådan",
    "Regnvandsbassin",
    "Vådområde",
    "ved åen",
    "fjorden",
    "anlægget",
    "klimatilpasning",
    "byudvikling",
    "cirkulær",
    "mobilitet",
    "cykling",
    "Tilmeld",
    "udflugt",
    "ledige",
    "Mødested",
    "Afgang",
    "Varighed",
    "Længde",
]


def danish_in(text: str) -> list[str]:
    return [w for w in DANISH if re.search(rf"(?<!\w){re.escape(w)}", text)]


def page_text(v) -> str:
    """What the page and its map show (the map's own text is in its frame)."""
    text = v.page.locator("body").inner_text()
    if v.page.locator(MAP_FRAME).count():
        text += "\n" + v.map.locator("body").inner_text()
    return text


@pytest.mark.parametrize(
    "route",
    ["campus-odense-paa-cykel", "gaatur-40-procent-elbiler", "affald-og-genbrug", "letbanens-linje"],
)
def test_a_routes_details_in_english_hold_no_danish(servers, visit, route):
    v = visit(servers(EXCURSIONS_TILES="none")).open(f"/?route={route}&lang=en")
    v.page.locator(".st-key-route_details").get_by_text("Meeting point").wait_for()
    text = page_text(v)
    assert "Departure" in text and "Themes" in text and "What you see on the way" in text
    assert danish_in(text) == []


def test_the_explore_page_and_its_theme_filter_in_english_hold_no_danish(servers, visit):
    v = visit(servers(EXCURSIONS_TILES="none")).open("/?lang=en")
    assert danish_in(page_text(v)) == []
    # the stops on the map speak English too: every stop marker's tooltip, as a pointer shows it
    tips = v.map.locator(".excursion-marker--stop").evaluate_all(
        """els => els.map(el => {
            el.dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
            const tip = [...el.ownerDocument.querySelectorAll(".leaflet-tooltip")].pop();
            const text = tip ? tip.textContent : "";
            el.dispatchEvent(new MouseEvent("mouseout", {bubbles: true}));
            return text;
        })"""
    )
    assert len(tips) >= 40 and all(tips)
    assert "Recycling centre North (Waste and recycling: from rubbish to resource)" in tips
    assert danish_in("\n".join(tips)) == []
    v.page.get_by_role("button", name="Filter").click()
    v.page.locator(".stMultiSelect").get_by_role("combobox").click()  # the theme list opens
    options = v.page.get_by_role("option")
    options.first.wait_for()
    labels = options.all_inner_texts()
    themes = [label for label in labels if label != "Select all"]  # Streamlit's own option
    assert themes[:4] == ["biodiversity", "biogas", "buildings", "car sharing"]  # in English order
    assert danish_in("\n".join(labels)) == []


def test_signup_and_kickoff_in_english_hold_no_danish(servers, visit):
    server = servers(EXCURSIONS_TILES="none")
    v = visit(server).open("/kickoff?lang=en")
    v.map.locator(".kiosk-caption").wait_for()
    assert danish_in(page_text(v)) == []
    signup = visit(server)
    signup.page.goto(server.url + "/signup?lang=en&route=gaatur-40-procent-elbiler")
    signup.wait_idle()
    signup.page.get_by_text("Sign up", exact=False).first.wait_for()
    assert danish_in(signup.page.locator("body").inner_text()) == []
