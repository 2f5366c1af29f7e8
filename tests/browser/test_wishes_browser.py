"""The wish round in Chromium (issue 29): on a phone, a participant ranks three excursions
from the map and the list, reorders them and sends; the personal link shows and edits
them; after the organiser's draw the link page and the mail name the excursion, with an
.ics. The projector and the organiser overview follow the demand live."""

from __future__ import annotations

import email
import email.policy
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, axe_serious, log_in, show_tab
from tests.conftest import EVENT_FILE
from tests.support.waiting import wait_until

PHONE = (390, 844)
DEMAND = re.compile(r" · (\d+) ønsker? til \d+ pladser?$")  # a list line's end in the round
FORESTS, HARBOUR, BIOGAS = "Nye skove i Odense", "Havnen og Byens Bro", "Biogas og landbrug ved Fangel"


def wish_event(folder: Path) -> str:
    """The shipped event with a wish round open until 2030, drawn by hand."""
    text = EVENT_FILE.read_text(encoding="utf-8").replace(
        "demo_keep_open = true",
        'demo_keep_open = true\nmode = "wishes"\nwishes_close = 2030-04-01T12:00:00+02:00\nwishes = 3\n'
        'draw = "manual"',
    )
    path = folder / "event-wishes.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def wish_app(servers, tmp_path_factory):
    from excursions.access import hash_password

    folder = tmp_path_factory.mktemp("wishes")
    return servers(
        "serve",
        EXCURSIONS_TILES="none",
        EXCURSIONS_EVENT_FILE=wish_event(folder),
        EXCURSIONS_ORGANISER_PASSWORD_HASH=hash_password(PASSWORD),
        EXCURSIONS_REFRESH_SECONDS="2",
        EXCURSIONS_TEST_TAG=f"wishes-{folder.name}",
    )


def rows(scope) -> list[str]:
    """The wish list as shown, best first: the titles."""
    texts = scope.locator(
        '[class*="st-key-wish_list_row_"], [class*="st-key-my_wish_list_row_"]'
    ).all_inner_texts()
    return [t.split(":", 1)[1].split("\n")[0].strip() for t in texts]


def wait_rows(scope, expected: list[str], timeout: float = 15) -> None:
    """Wait until the wish list shows `expected` (a tap reruns the dialog or the page)."""
    wait_until(lambda: rows(scope) == expected, timeout, f"the wish list showing {expected}")


def tap(v, scope, name: str) -> None:
    scope.get_by_role("button", name=name, exact=True).tap()
    v.wait_idle()


def test_a_phone_ranks_three_reorders_sends_edits_and_gets_the_draw(wish_app, visit, browser):
    v = visit(wish_app, viewport=PHONE, phone=True).open("/")
    page = v.page
    # 1st wish from the map: tap the line, then "Tilføj som 1. ønske"
    v.map.locator("path.route-id-skovrejsning").dispatch_event("click")
    page.get_by_role("heading", name=FORESTS).wait_for()
    expect(page.locator(".seat-pill")).to_have_text("0 ønsker til 45 pladser")  # demand, not seats
    tap(v, page, "Tilføj som 1. ønske")
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text("Ønskerunde: vælg op til 3 udflugter")).to_be_visible()
    wait_rows(dialog, [FORESTS])
    page.keyboard.press("Escape")  # back to the map and the list
    v.wait_idle()
    # 2nd from the list
    page.locator('[data-testid="stRadioOption"]').filter(has_text=BIOGAS).click()
    page.get_by_role("heading", name=BIOGAS).wait_for()
    tap(v, page, "Tilføj som 2. ønske")
    dialog = page.get_by_role("dialog")
    wait_rows(dialog, [FORESTS, BIOGAS])
    # 3rd from the form's own choice
    box = dialog.get_by_role("combobox", name="Udflugt")
    box.click()
    box.fill("Havnen")
    page.get_by_role("option").filter(has_text=HARBOUR).click()
    v.wait_idle()
    tap(v, dialog, "Tilføj som 3. ønske")
    wait_rows(dialog, [FORESTS, BIOGAS, HARBOUR])
    expect(dialog.get_by_text("Du har valgt 3 ønsker – det højeste antal.")).to_be_visible()
    # the harbour up one: 2nd
    dialog.locator(".st-key-wish_list_up_2").get_by_role("button", name="↑").tap()
    wait_rows(dialog, [FORESTS, HARBOUR, BIOGAS])
    dialog.get_by_role("textbox", name="Navn").fill("Søren Ærø")
    dialog.get_by_role("textbox", name="E-mail").fill("soeren@ærø.dk")
    dialog.get_by_role("textbox", name="Kommune eller organisation").fill("Ærø Kommune")
    dialog.get_by_text("Jeg accepterer").click()
    tap(v, dialog, "Send mine ønsker")
    answer = dialog.get_by_text(f"Tak! Dine ønsker er modtaget: 1. {FORESTS}, 2. {HARBOUR}, 3. {BIOGAS}")
    expect(answer).to_be_in_viewport()
    link = dialog.get_by_role("link", name="Åbn dit personlige link").get_attribute("href")
    assert "/signup?token=" in link

    # the personal link: the wishes, editable until the close
    page.goto(link)
    v.wait_idle()
    expect(page.get_by_text("Du kan ændre dine ønsker indtil 1. april 2030")).to_be_visible()
    wait_rows(page, [FORESTS, HARBOUR, BIOGAS])
    assert axe_serious(v) == []  # the list's ↑ ↓ ✕ have names a screen reader reads
    page.locator(".st-key-my_wish_list_down_0").get_by_role(
        "button", name="↓"
    ).tap()  # the forests down: the harbour first
    wait_rows(page, [HARBOUR, FORESTS, BIOGAS])
    tap(v, page, "Gem mine ønsker")
    expect(page.get_by_text(f"Dine ønsker er gemt: 1. {HARBOUR}, 2. {FORESTS}, 3. {BIOGAS}.")).to_be_visible()

    # the organiser's draw, on another browser
    organiser = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        o = organiser.new_page()
        from tests.browser.conftest import Visit

        ov = Visit(o, wish_app)
        log_in(ov)
        show_tab(ov, "Lodtrækning")
        o.get_by_role("button", name="Fordel pladser").click()
        ov.wait_idle()
        o.get_by_role("button", name="Ja, fordel pladserne").click()
        expect(o.get_by_text("Lodtrækning 1 er gennemført")).to_be_visible(timeout=15_000)
    finally:
        organiser.close()

    # the participant's link page and mail name the excursion, with the invite
    page.goto(link)
    v.wait_idle()
    expect(page.get_by_text(f"Du skal med: {HARBOUR}")).to_be_visible()
    mail = drawn_mail(Path(wish_app.data_dir), "soeren")
    assert mail["Subject"] == f"Din udflugt: {HARBOUR}"
    names = [part.get_filename() for part in mail.walk() if part.get_filename()]
    assert names == ["invitation.ics"]
    assert v.console_errors == []


def drawn_mail(data_dir: Path, who: str, timeout: float = 20) -> email.message.EmailMessage:
    """The draw's mail to `who`, once the mail sender has written it (it sends in the background)."""

    def find() -> email.message.EmailMessage | None:
        for path in sorted((data_dir / "outbox").glob("*-drawn.eml")):
            msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if msg["To"].addresses[0].username == who:
                return msg
        return None

    wait_until(find, timeout, f"the draw's mail to {who}")
    return find()


def test_the_projector_and_the_overview_follow_a_cli_wish_without_a_reload(wish_app, visit):
    projector = visit(wish_app, viewport=(1920, 1080)).open("/kickoff")
    before = int(projector.page.locator("[data-seats-taken]").inner_text())
    expect(projector.page.get_by_text("har ønsket af 825 pladser")).to_be_visible()
    overview = visit(wish_app)
    log_in(overview)
    overview.page.locator('[data-seats-metric="wished"]').wait_for()
    assert int(overview.page.locator('[data-seats-metric="wished"]').inner_text()) == before
    projector.page.evaluate("window.__probe = 'same page'")
    overview.page.evaluate("window.__probe = 'same page'")

    wish_app.cli("simulate", "--wishes", "--participants", "1", "--seed", str(int(time.time())))
    expect(projector.page.locator("[data-seats-taken]")).to_have_text(str(before + 1), timeout=10_000)
    expect(overview.page.locator('[data-seats-metric="wished"]')).to_have_text(
        str(before + 1), timeout=10_000
    )
    assert projector.page.evaluate("window.__probe") == "same page"  # followed, not reloaded
    assert overview.page.evaluate("window.__probe") == "same page"


def test_each_list_line_shows_the_demand_once_while_the_feed_brings_new_wishes(wish_app, visit):
    """The list's lines follow the seat feed without a script run; each keeps one demand
    ("… · 13:45 · 1 ønske til 45 pladser"), poll after poll (they grew by a copy at each)."""
    page = visit(wish_app, viewport=PHONE, phone=True).open("/").page
    lines = page.locator('[data-testid="stRadioOption"]')
    expect(lines).to_have_count(24)
    wish_app.cli("simulate", "--wishes", "--participants", "2", "--seed", "7")

    def first_wishes() -> list[int]:
        return [int(m.group(1)) for m in map(DEMAND.search, lines.all_inner_texts()) if m]

    wait_until(lambda: sum(first_wishes()) == 2, 15, "the two new first wishes in the list")
    for _ in range(3):
        page.evaluate("window.excursionsSeats.apply()")  # as every poll does
    facts = [text.splitlines()[-1] for text in lines.all_inner_texts()]  # under the title
    assert len(first_wishes()) == 24 and sum(first_wishes()) == 2
    assert all(f.count("ønske") == 1 and f.count(" · ") == 4 for f in facts), facts
