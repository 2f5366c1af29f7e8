"""The guide's check-in on a phone (issue 27 item 2): ten ticks in a row and no name moves
under the thumb; the answer to the last tick stays through the list's refreshes; the list is
alphabetical and can be searched."""

from __future__ import annotations

import datetime

from playwright.sync_api import expect

from excursions.store import open_store, sqlite_url
from tests.browser.conftest import log_in, organiser_app

ROUTE = "skovrejsning"
# Signed up in this order; shown alphabetically, æ, ø, å last as in Danish.
NAMES = [
    "Øjvind Ørsted",
    "Bo Berg",
    "Åse Åkjær",
    "Anna Andersen",
    "Mette Hansen",
    "Ib Ibsen",
    "Æsa Æbelø",
    "Carl Clausen",
    "Dorte Dahl",
    "Erik Eriksen",
    "Frida Friis",
    "Gitte Gram",
    "Hans Holm",
    "Jens Juhl",
]
ALPHABETICAL = sorted(NAMES, key=lambda n: n.casefold().translate(str.maketrans("æøå", "{|}")))


def rows(page):
    return page.locator('[data-testid="stCheckbox"]')


def boxes(page) -> dict[str, tuple[float, float]]:
    """Each row's place on the page, measured from the list's heading (a tap may scroll the
    page; what must not happen is a row moving within it)."""
    top = page.get_by_role("heading", name="Check-in: Nye skove i Odense").bounding_box()["y"]
    out = {}
    for i in range(rows(page).count()):
        row = rows(page).nth(i)
        box = row.bounding_box()
        out[row.inner_text().replace("\u2060", "").strip()] = (round(box["x"]), round(box["y"] - top))
    return out


def test_ticking_ten_names_in_a_row_moves_no_row_and_the_list_is_alphabetical(servers, visit, tmp_path):
    people = [(ROUTE, f"p{i}@example.dk", name) for i, name in enumerate(NAMES)]
    server = organiser_app(servers, tmp_path / "data", people)
    v = visit(server, viewport=(390, 844), phone=True)
    page = log_in(v, f"/organiser?checkin={ROUTE}")
    rows(page).first.wait_for()
    v.wait_idle()
    assert list(boxes(page)) == ALPHABETICAL
    assert ALPHABETICAL[-3:] == ["Æsa Æbelø", "Øjvind Ørsted", "Åse Åkjær"]
    before = boxes(page)
    for i, name in enumerate(ALPHABETICAL[:10]):
        page.get_by_text(name, exact=True).tap()
        page.get_by_text(f"{name} er mødt op til Nye skove i Odense.").wait_for()
        v.wait_idle()
        assert boxes(page) == before, f"a row moved after tap {i + 1} ({name})"
        page.get_by_text(f"{i + 1} af {len(NAMES)} mødt").wait_for()
    # A second guide ticks someone: it shows through the list's own refresh, and this guide's
    # answer to their last tick is still there.
    store = open_store(sqlite_url(tmp_path / "data"))
    other = NAMES.index(ALPHABETICAL[10])
    store.check_in(f"p{other}@example.dk", ROUTE, True, now=datetime.datetime.now(datetime.UTC))
    store.dispose()
    page.get_by_text(f"11 af {len(NAMES)} mødt").wait_for()
    expect(page.get_by_text(f"{ALPHABETICAL[9]} er mødt op til Nye skove i Odense.")).to_be_visible()
    # a name is found by part of it, accents or not
    page.get_by_role("textbox", name="Find et navn").fill("orsted")
    page.keyboard.press("Enter")
    v.wait_idle()
    expect(rows(page)).to_have_count(1)
    assert list(boxes(page)) == ["Øjvind Ørsted"]
    assert v.console_errors == []
