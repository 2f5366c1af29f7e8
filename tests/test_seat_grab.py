"""Seats a script cannot grab (issue 26 item 2), at the protocol level against `excursions serve`.

On one venue network address (a loopback address Streamlit reports, standing for a venue's
Wi-Fi): a laptop that opens a new websocket every five sign-ups, one that sends from twenty
websockets at once, and one that throws its cookie away, while 200 phones sign up the way a
browser does. The laptops get at most the per-browser limit each; every phone gets its
answer; the organiser's alarm names the laptops and its undo cancels exactly their people.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from excursions.limits import LIMITS, Attempt
from excursions.store import open_store, sqlite_url
from tests.support.processes import Server
from tests.support.streamlit_client import Phone, Stats, list_heads

pytestmark = [pytest.mark.slow, pytest.mark.serve]

VENUE = "127.0.3.1"  # not 127.0.0.1: Streamlit reports this one as the client's address
PER_BROWSER = LIMITS[Attempt.SIGNUP].per_session.count
TOOK = "Du skal med på"
WAITS = "ventelisten"
REFUSED = "Der er kommet mange tilmeldinger fra denne browser"


@pytest.fixture(scope="module")
def venue(tmp_path_factory):
    data = tmp_path_factory.mktemp("grab")
    server = Server({"EXCURSIONS_DATA_DIR": str(data), "EXCURSIONS_TILES": "none"})
    yield server, data
    server.stop()


def run(coroutine):
    with ThreadPoolExecutor(1) as pool:  # an event loop of its own (Playwright may hold this one)
        return pool.submit(asyncio.run, coroutine).result()


class Laptop:
    """A script on the venue Wi-Fi signing up made-up people through /signup's form."""

    def __init__(self, name: str, server, stats: Stats):
        self.name, self.server, self.stats = name, server, stats
        self.took: list[str] = []
        self.refused = 0
        self.n = itertools.count()

    def socket(self, cookies: dict[str, str] | None = None) -> Phone:
        phone = Phone(0, self.server, [], self.stats, page="signup", query="route=skovrejsning", source=VENUE)
        if cookies:
            phone.http.cookies.update(cookies)
        return phone

    async def page_cookies(self) -> dict[str, str]:
        """What a browser gets with the page (the app's browser id)."""
        phone = self.socket()
        await phone.http.get("/signup?route=skovrejsning")
        phone.http.close()
        return dict(phone.http.cookies)

    async def sign_ups(self, phone: Phone, count: int, stop: asyncio.Event) -> None:
        for _ in range(count):
            email = f"{self.name}-{next(self.n)}@example.invalid"
            answers = await phone.send_form(f"Fake {self.name}", email)
            if any(TOOK in a or WAITS in a for a in answers):
                self.took.append(email)
            elif any(REFUSED in a for a in answers):
                self.refused += 1
            else:
                raise AssertionError(f"{self.name}: unexpected answer {answers}")

    async def new_socket_every_five(self, tries: int, stop: asyncio.Event, keep_cookie: bool) -> None:
        cookies = await self.page_cookies() if keep_cookie else None
        for _ in range(tries // 5):
            phone = self.socket(cookies)
            await phone.open_socket(stop)
            await self.sign_ups(phone, 5, stop)
            await phone.close_socket()

    async def parallel(self, sockets: int, each: int, stop: asyncio.Event) -> None:
        cookies = await self.page_cookies()
        phones = [self.socket(cookies) for _ in range(sockets)]
        await asyncio.gather(*(p.open_socket(stop) for p in phones))
        await asyncio.gather(*(self.sign_ups(p, each, stop) for p in phones))
        await asyncio.gather(*(p.close_socket() for p in phones))


async def kickoff(server, phones: int) -> tuple[dict[str, Laptop], Stats, float]:
    stats, stop = Stats(), asyncio.Event()
    laptops = {name: Laptop(name, server, Stats()) for name in ("renewer", "parallel", "cookieless")}
    routes = list(list_heads())
    crowd = [
        Phone(i, server, ["/"], stats, signup_route=routes[i % len(routes)], source=VENUE)
        for i in range(phones)
    ]
    t0 = time.monotonic()
    tasks = [asyncio.create_task(p.run(stop)) for p in crowd]
    await asyncio.gather(
        laptops["renewer"].new_socket_every_five(30, stop, keep_cookie=True),
        laptops["parallel"].parallel(20, 2, stop),
        laptops["cookieless"].new_socket_every_five(20, stop, keep_cookie=False),
    )
    while len(stats.acks) + len(stats.errors) < phones and time.monotonic() - t0 < 120:
        await asyncio.sleep(0.2)
    took = time.monotonic() - t0
    stop.set()
    await asyncio.gather(*tasks)
    return laptops, stats, took


def test_laptops_get_five_seats_each_while_two_hundred_phones_on_their_address_all_sign_up(venue, app):
    server, data = venue
    laptops, stats, took = run(kickoff(server, phones=200))
    print(f"\n{took:.1f} s; laptops took {[len(lp.took) for lp in laptops.values()]}")
    assert took < 120, "the kickoff took more than two minutes"
    assert stats.errors == []
    assert len(stats.acks) == 200  # every phone on the venue address signed up: 0 refused
    for laptop in laptops.values():
        assert len(laptop.took) <= PER_BROWSER, (laptop.name, len(laptop.took))
        assert laptop.took and laptop.refused  # it did get some, then was stopped
    assert sum(len(lp.took) for lp in laptops.values()) <= 3 * PER_BROWSER

    store = open_store(sqlite_url(Path(data)))
    stored = {p.email for p in store.people()}
    assert set(stats.acks) <= stored
    grabbed = {e for lp in laptops.values() for e in lp.took}
    assert {e for e in stored if e.split("-")[0] in laptops} == grabbed

    # The organiser sees each laptop named with its count, and undoes one of them.
    at = organiser_page(app, data)
    alarms = [w.body.replace("\\", "") for w in at.warning]
    for_browsers = [a for a in alarms if f"tilmeldinger fra én browser (netværksadresse {VENUE})" in a]
    assert len(for_browsers) == 2 and all(a.startswith(f"{PER_BROWSER} tilmeldinger") for a in for_browsers)
    assert any(
        a.startswith(f"{PER_BROWSER} tilmeldinger uden browser-cookie fra netværksadressen {VENUE}")
        for a in alarms
    )
    crowd = 200 + len(grabbed)
    assert any(
        a.startswith(f"{crowd} tilmeldinger fra netværksadressen {VENUE}") for a in alarms
    )  # the Wi-Fi
    import datetime as dt

    sources = store.busy_sources(now=dt.datetime.now(dt.UTC))  # in the page's order
    first = next(i for i, source in enumerate(sources) if source.browser.startswith("b:"))
    at.button(key=f"alarm_show_{first}").click().run()
    shown = set(at.dataframe[0].value["E-mail"])
    (laptop,) = {e.split("-")[0] for e in shown}  # one laptop's made-up people, nobody else
    assert shown == set(laptops[laptop].took)
    assert any(f"Meld {PER_BROWSER} personer fra?" in w.body for w in at.warning)
    at.button(key=f"alarm_undo_{first}").click().run()
    assert f"{PER_BROWSER} personer er meldt fra." in [s.body.replace("\\", "") for s in at.success]
    after = {p.email for p in store.people()}
    assert after == stored - shown  # exactly those, counted
    assert set(stats.acks) <= after


def organiser_page(app, data):
    from excursions.access import hash_password

    at = app(None, data_dir=str(data), organiser_password_hash=hash_password("hest"))
    at.switch_page("app_pages/organiser.py")
    at.run()
    at.text_input(key="org_password").set_value("hest")
    at.button(key="FormSubmitter:login-Log ind").click().run()
    return at
