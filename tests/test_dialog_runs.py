"""A tap in the sign-up dialog that reaches Streamlit together with the list's timed
refresh, at the protocol level against `excursions serve` (the wish round's dialog).

Streamlit runs requests that arrive during a run together, in one run after it, and a
fragment's queued descendants only as part of it. The dialog used to be opened inside
the list's refreshing fragment: the tap's callback ran (the wish moved), but the dialog
was not drawn again, so the phone kept showing the old order and its person tapped again.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from pathlib import Path

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState

from tests.support.processes import Server
from tests.support.streamlit_client import FULL, LIST, Phone, Stats, list_heads, route_titles
from tests.test_wish_pages import event_file

pytestmark = [pytest.mark.slow, pytest.mark.serve]

FIRST, SECOND = "skovrejsning", "biogas-fangel"


@pytest.fixture(scope="module")
def wish_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dialog")
    env = {"EXCURSIONS_DATA_DIR": str(folder / "data"), "EXCURSIONS_TILES": "none"}
    server = Server({**env, "EXCURSIONS_EVENT_FILE": event_file(Path(folder))})
    yield server
    server.stop()


def run(coroutine):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:  # an event loop of its own (Playwright may hold this one)
        return pool.submit(asyncio.run, coroutine).result()


def button(phone: Phone, key: str):
    """The newest drawing of the button with this key (its id ends with the key)."""
    return next(
        el.button
        for el in reversed(phone.elements)
        if el.WhichOneof("type") == "button" and el.button.id.endswith(key)
    )


def shown_order(phone: Phone, since: int) -> list[str]:
    """The wish list as the runs after `since` last drew it: route ids, best first."""
    ids = {title: rid for rid, title in route_titles().items()}
    drawn = [
        el.markdown.body.replace("\\", "")
        for el in phone.elements[since:]
        if el.WhichOneof("type") == "markdown"
    ]
    rows = [body.removeprefix("**").split(":**", 1) for body in drawn if " ønske:**" in body]
    starts = [i for i, (rank, _) in enumerate(rows) if rank == "1. ønske"]
    last = rows[starts[-1] :] if starts else []
    return [ids.get(title.split("\n")[0].strip(), title) for _, title in last]


async def idle(phone: Phone, quiet: float) -> None:
    """Wait until no run ends for `quiet` seconds."""
    with contextlib.suppress(TimeoutError):
        while True:
            await phone._next_finished(quiet)


async def drawn(phone: Phone, since: int, expected: list[str], quiet: float = 10.0) -> list[str]:
    """What the runs after `since` last drew of the wish list, once it is `expected` (or
    once no run ended for `quiet` s: a busy CI machine may take a while for a run)."""
    while shown_order(phone, since) != expected:
        try:
            await phone._next_finished(quiet)
        except TimeoutError:
            break
    await idle(phone, 0.5)  # the rest of the burst's runs
    return shown_order(phone, since)


@contextlib.contextmanager
def server_paused(server):
    """The server stopped (SIGSTOP) meanwhile: what is sent waits for it in its socket."""
    os.kill(server.proc.pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(server.proc.pid, signal.SIGCONT)


async def tap_with_refresh(server) -> list[list[str]]:
    phone = Phone(0, server, [], Stats())
    stop = asyncio.Event()
    await phone.connect(stop, 0)
    phone.reader = asyncio.create_task(phone.read())
    try:
        await phone.rerun()
        await phone.wait_run(FULL, timeout=60)
        radio = phone.widget("radio", LIST)
        option = next(o for o in radio.options if o.startswith(list_heads()[FIRST]))
        await phone.press("radio", LIST, WidgetState(id=radio.id, string_value=option))
        area = phone.fragment_of("radio", LIST)
        add = "Tilføj som 1. ønske"
        await phone.press("button", add, WidgetState(id=phone.widget("button", add).id, trigger_value=True))
        box = phone.widget("selectbox", "Udflugt")
        choice = next(o for o in box.options if o.endswith(route_titles()[SECOND]))
        add = "Tilføj som 2. ønske"
        picked = WidgetState(id=box.id, string_value=choice)
        await phone.press_all(
            "button", add, [picked, WidgetState(id=phone.widget("button", add).id, trigger_value=True)]
        )
        assert shown_order(phone, 0) == [FIRST, SECOND]
        dialog = phone.fragment_of("button", add)
        up = WidgetState(id=button(phone, "wish_list_up_1").id, trigger_value=True)
        shown, order = [], [FIRST, SECOND]
        for _ in range(3):
            seen = len(phone.elements)
            with server_paused(server):  # the three arrive together, as at a busy server
                await phone.rerun(fragment=area, auto=True)  # the list's refresh,
                await phone.rerun(widgets=[up], fragment=dialog, auto=False)  # a tap in the dialog,
                await phone.rerun(fragment=area, auto=True)  # the next refresh
                await asyncio.sleep(0.05)  # the paused server cannot be asked; the bytes reach its socket
            order.reverse()
            shown.append(await drawn(phone, seen, order))
        return shown
    finally:
        await phone.ws.close()


def test_a_tap_in_the_dialog_that_comes_with_the_lists_refresh_is_drawn(wish_server):
    """Three times: a refresh, a tap on ↑ and a refresh arrive together. Each time the
    dialog is drawn with the move (before the fix, 5 of 6 such bursts drew no dialog)."""
    shown = run(tap_with_refresh(wish_server))
    assert shown == [[SECOND, FIRST], [FIRST, SECOND], [SECOND, FIRST]]
