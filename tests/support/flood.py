"""A rerun flood as a script sends it, and what the server looks like meanwhile.

`connections` websockets each open the explore page, wait for its first run, and then
all send their share of `messages` rerun requests at once (a tenth of a second for 2,000
over 10). A prober asks /_stcore/health every 50 ms from the start of the flood until
`watch` seconds after, and a normal phone opens the page in the middle of it. Used by
bench/flood.py and tests/test_flood.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.support.streamlit_client import FULL, open_page


@dataclass
class FloodReport:
    sent: int = 0
    runs_finished: int = 0  # script_finished messages the flooding connections received
    health: list[float] = field(default_factory=list)  # seconds per probe (timeouts: 5.0)
    health_failures: int = 0
    phone_page: float = float("nan")  # seconds until a normal phone's first page
    phone_pages: list[float] = field(default_factory=list)  # each new phone's, in turn
    phone_errors: list[str] = field(default_factory=list)


def _rerun(page: str = "") -> bytes:
    back = BackMsg()
    back.rerun_script.page_name = page
    back.rerun_script.query_string = ""
    return back.SerializeToString()


async def probe_health(port: int, report: FloodReport, stop: asyncio.Event) -> None:
    while not stop.is_set():
        began = time.perf_counter()
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 5)
            request = f"GET /_stcore/health HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
            writer.write(request.encode())
            await asyncio.wait_for(reader.read(), 5)
            writer.close()
            report.health.append(time.perf_counter() - began)
        except (OSError, TimeoutError):
            report.health_failures += 1
            report.health.append(5.0)
        await asyncio.sleep(0.05)


async def _flooder(
    port: int,
    count: int,
    go: asyncio.Event,
    ready: list,
    report: FloodReport,
    watch: float,
    source: str = "",
) -> None:
    """source: connect from this local address, and do not wait for the first page before
    flooding (a script from one address is paced as one: its first pages take a while)."""
    local = {"local_addr": (source, 0)} if source else {}
    async with websockets.connect(
        f"ws://127.0.0.1:{port}/_stcore/stream",
        subprotocols=["streamlit"],
        max_size=None,
        ping_interval=None,
        open_timeout=60,
        **local,
    ) as ws:
        await ws.send(_rerun())
        if not source:
            async for data in ws:  # until the first page is drawn
                msg = ForwardMsg()
                msg.ParseFromString(data)
                if msg.WhichOneof("type") == "script_finished" and msg.script_finished == FULL:
                    break
        ready.append(1)
        await go.wait()
        message = _rerun()
        for _ in range(count):
            await ws.send(message)
            report.sent += 1

        async def drain() -> None:
            async for data in ws:
                msg = ForwardMsg()
                msg.ParseFromString(data)
                if msg.WhichOneof("type") == "script_finished":
                    report.runs_finished += 1

        with contextlib.suppress(TimeoutError):  # the watch is over
            await asyncio.wait_for(drain(), timeout=watch)


async def flood(
    port: int,
    connections: int = 10,
    messages: int = 2000,
    watch: float = 10.0,
    source: str = "",
    phones: int = 1,
) -> FloodReport:
    """source: the flooders' local address (see _flooder); phones: how many new phones open
    the page one after another during the flood, each as a browser does (page, cookie,
    websocket) from the same address (report.phone_pages)."""
    report = FloodReport()
    go, stop = asyncio.Event(), asyncio.Event()
    ready: list = []
    tasks = [
        asyncio.create_task(_flooder(port, messages // connections, go, ready, report, watch, source))
        for _ in range(connections)
    ]
    while len(ready) < connections:
        await asyncio.sleep(0.05)
        for t in tasks:
            if t.done() and t.exception():
                raise t.exception()
    prober = asyncio.create_task(probe_health(port, report, stop))
    go.set()
    await asyncio.sleep(1.0)  # the flood is in: now a person opens the page

    for _ in range(phones):
        page, errors = await open_page(port, source=source)
        report.phone_pages.append(page)
        report.phone_errors += errors
    report.phone_page = report.phone_pages[0]
    await asyncio.gather(*tasks, return_exceptions=True)
    stop.set()
    await prober
    return report
