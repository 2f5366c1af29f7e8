"""A guesser on a shared address cannot lock organisers out (issue 26 item 6), at the protocol
level against `excursions serve`: six browsers on the venue address send thirty wrong
passwords, then a colleague's browser on the same address logs in with the right one."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from excursions.access import hash_password
from tests.support.processes import Server
from tests.support.streamlit_client import Phone, Stats

pytestmark = [pytest.mark.slow, pytest.mark.serve]

VENUE = "127.0.4.1"  # a network address Streamlit reports (not 127.0.0.1)
PASSWORD = "korrekt hest batteri"


async def browser(server, i: int) -> Phone:
    """A browser: the organiser page loaded (its cookie kept), its websocket open."""
    phone = Phone(i, server, [], Stats(), page="organiser", source=VENUE)
    await phone.http.get("/organiser")
    assert "excursions_browser" in phone.http.cookies
    await phone.open_socket(asyncio.Event())
    return phone


async def answer(phone: Phone, password: str) -> str:
    phone.password = password
    await phone.log_in()  # a whole page run: its elements are all the page shows
    shown = phone.elements
    alerts = [el.alert.body for el in shown if el.WhichOneof("type") == "alert"]
    buttons = [el.button.label for el in shown if el.WhichOneof("type") == "button"]
    if "Log ud" in buttons:  # behind the password
        return "in"
    return next((a for a in alerts if "adgangskode" in a or "forsøg" in a), f"?{alerts}")


async def scene(server) -> tuple[list[str], str, str]:
    answers = []
    for b in range(6):
        phone = await browser(server, b)
        for _ in range(5):
            answers.append(await answer(phone, "forkert"))
        answers.append(await answer(phone, PASSWORD))  # the guesser's own browser now waits
        await phone.close_socket()
    colleague = await browser(server, 99)
    result = await answer(colleague, PASSWORD)
    return answers, result, answers[-1]


def test_thirty_wrong_passwords_on_one_address_leave_a_colleague_in_another_browser_logged_in(tmp_path):
    env = {
        "EXCURSIONS_DATA_DIR": str(tmp_path),
        "EXCURSIONS_TILES": "none",
        "EXCURSIONS_ORGANISER_PASSWORD_HASH": hash_password(PASSWORD),
    }
    server = Server(env)
    try:
        with ThreadPoolExecutor(1) as pool:
            answers, colleague, guesser_right = pool.submit(asyncio.run, scene(server)).result(300)
    finally:
        server.stop()
    wrong = [a for a in answers if a == "Forkert adgangskode."]
    assert len(wrong) == 30  # every wrong password was checked and counted
    assert guesser_right.startswith("For mange forkerte forsøg")  # a guessing browser waits, even when right
    assert colleague == "in"
