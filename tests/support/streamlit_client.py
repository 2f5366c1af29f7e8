"""A Streamlit client at the protocol level: what a phone's browser does, without a browser.

Used by bench/rush.py (a thousand of them at once) and by the two-process test.
It speaks /_stcore/stream: BackMsg rerun requests with widget states, ForwardMsg deltas
and script_finished answers, and the auto_rerun messages that drive live fragments.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

FULL, FRAGMENT = 0, 3  # script_finished: full run, fragment run
LIST = "Vælg en udflugt i listen eller klik på en rute på kortet."  # the explore page's list
CTA = "Tilmeld dig denne udflugt"  # its sign-up button, which opens the form in a dialog


@functools.cache
def list_heads() -> dict[str, str]:
    """Route id -> how its line in the explore page's list begins (the shipped routes)."""
    from excursions.routes import load_routes
    from excursions.text import escape_markdown

    routes = load_routes(Path(__file__).resolve().parents[2] / "data" / "routes").routes
    return {r.id: f"**{escape_markdown(r.title('da'))}**" for r in routes}


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, round(q / 100 * (len(values) - 1)))]


async def http_get_all(host: str, port: int, paths: list[str]) -> int:
    """Fetch paths over one keep-alive HTTP/1.1 connection; returns bytes received."""
    reader, writer = await asyncio.open_connection(host, port)
    total = 0
    try:
        for path in paths:
            writer.write(
                f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept-Encoding: gzip, br\r\n"
                f"User-Agent: rush\r\nConnection: keep-alive\r\n\r\n".encode()
            )
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            if status != 200:
                raise RuntimeError(f"GET {path}: HTTP {status}")
            length = re.search(rb"(?i)content-length:\s*(\d+)", head)
            if length:
                body = await reader.readexactly(int(length.group(1)))
            else:  # chunked
                body = b""
                while True:
                    size = int((await reader.readuntil(b"\r\n")).strip(), 16)
                    chunk = await reader.readexactly(size + 2)
                    if size == 0:
                        break
                    body += chunk[:-2]
            total += len(head) + len(body)
    finally:
        writer.close()
    return total


@dataclass
class Stats:
    static: list[float] = field(default_factory=list)
    first_page: list[float] = field(default_factory=list)
    refresh: list[float] = field(default_factory=list)
    signup: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    runs: int = 0
    bytes: list[int] = field(default_factory=list)
    last_refresh: dict[int, float] = field(default_factory=dict)
    refresh_interval: dict[int, float] = field(default_factory=dict)
    acks: dict[str, str] = field(default_factory=dict)


class Phone:
    def __init__(
        self,
        i: int,
        server,  # anything with .port: the app on 127.0.0.1
        static: list[str],
        stats: Stats,
        page: str = "",
        query: str = "",
        signup_route: str | None = None,
        password: str | None = None,
    ):
        self.i, self.server, self.static, self.stats = i, server, static, stats
        self.page, self.query, self.signup_route, self.password = page, query, signup_route, password
        self.ws = None
        self.bytes = 0
        self.elements: list = []
        self.fragment_ids: list[str] = []  # the fragment each element was drawn in ("" if none)
        self.finished: asyncio.Queue = asyncio.Queue()
        self.auto: dict[str, float] = {}  # fragment id -> interval
        self.new_sessions: list = []  # each run's new-session message, in order
        # One request in flight per phone: Streamlit runs two fragment reruns that arrive
        # together as one run with one answer, and the second timer then waited a whole
        # interval for an answer of its own (the projector page has two 5-s fragments).
        self.busy = asyncio.Lock()

    async def run(self, stop: asyncio.Event) -> None:
        t0 = time.perf_counter()
        try:
            self.bytes += await http_get_all("127.0.0.1", self.server.port, self.static)
            self.stats.static.append(time.perf_counter() - t0)
            async with websockets.connect(
                f"ws://127.0.0.1:{self.server.port}/_stcore/stream",
                subprotocols=["streamlit"],
                max_size=None,
                open_timeout=60,
                ping_interval=None,
            ) as ws:
                self.ws = ws
                reader = asyncio.create_task(self.read())
                await self.rerun(page=self.page, query=self.query)
                await self.wait_run(FULL, timeout=120)
                self.stats.first_page.append(time.perf_counter() - t0)
                self.stats.last_refresh[self.i] = time.monotonic()  # fresh as of its first page
                if self.password:
                    await self.log_in()
                if self.signup_route:
                    await self.sign_up()
                timers = [
                    asyncio.create_task(self.keep_refreshing(fid, every, stop))
                    for fid, every in self.auto.items()
                ]
                await stop.wait()
                for t in timers:
                    t.cancel()
                reader.cancel()
        except Exception as exc:  # a load test counts failures instead of stopping at the first
            self.stats.errors.append(f"phone {self.i}: {type(exc).__name__}: {exc}"[:300])
        finally:
            self.stats.bytes.append(self.bytes)

    async def read(self) -> None:
        async for data in self.ws:
            self.bytes += len(data)
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                self.elements.append(msg.delta.new_element)
                self.fragment_ids.append(msg.delta.fragment_id)
            elif kind == "new_session":
                self.new_sessions.append(msg)
            elif kind == "auto_rerun":
                self.auto[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
            elif kind == "script_finished":
                self.stats.runs += 1
                await self.finished.put(msg.script_finished)

    async def rerun(
        self, *, page: str = "", query: str = "", fragment: str = "", widgets=(), auto: bool = True
    ) -> None:
        """A rerun request as the browser sends it: a timer's (auto) or a widget's in a
        fragment reruns only that fragment; anything else reruns the page."""
        back = BackMsg()
        state = back.rerun_script
        state.page_name = page
        state.query_string = query
        if fragment:
            state.fragment_id = fragment
            state.is_auto_rerun = auto
        for w in widgets:
            state.widget_states.widgets.append(w)
        if not fragment:
            self.elements = []
            self.fragment_ids = []
        await self.ws.send(back.SerializeToString())

    async def wait_run(self, want: int, timeout: float) -> None:
        while True:
            status = await asyncio.wait_for(self.finished.get(), timeout)
            if status == want:
                return
            if status not in (2, FULL, FRAGMENT):  # 2: superseded by a newer run, keep waiting
                raise RuntimeError(f"script finished with status {status}")

    def widget(self, kind: str, label: str):
        return getattr(self._element(kind, label), kind)

    def _element(self, kind: str, label: str):
        for el in reversed(self.elements):  # the latest: fragment runs add to the page
            if el.WhichOneof("type") == kind and getattr(el, kind).label == label:
                return el
        raise RuntimeError(f"no {kind} labelled {label!r} on the page")

    def fragment_of(self, kind: str, label: str) -> str:
        """The fragment a widget was drawn in: its changes rerun only that ("" = the page)."""
        el = self._element(kind, label)
        return next(f for e, f in zip(self.elements, self.fragment_ids, strict=True) if e is el)

    async def log_in(self) -> None:
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        pw = WidgetState(id=self.widget("text_input", "Adgangskode").id, string_value=self.password)
        button = WidgetState(id=self.widget("button", "Log ind").id, trigger_value=True)
        self.auto = {}  # the run that logs in draws the organiser page and its timers
        await self.rerun(page=self.page, widgets=[pw, button])
        await self.wait_run(FULL, timeout=120)

    async def press(self, kind: str, label: str, state) -> None:
        """Send one widget's new state the way the browser does: a rerun of its fragment."""
        fragment = self.fragment_of(kind, label)
        await self.rerun(page=self.page, query=self.query, widgets=[state], fragment=fragment, auto=False)
        await self.wait_run(FRAGMENT if fragment else FULL, timeout=120)

    async def sign_up(self) -> None:
        """Pick the route in the list, press its sign-up button, fill the dialog's form."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        radio = self.widget("radio", LIST)
        head = list_heads()[self.signup_route]
        option = next(o for o in radio.options if o.startswith(head))
        await self.press("radio", LIST, WidgetState(id=radio.id, string_value=option))
        await self.press("button", CTA, WidgetState(id=self.widget("button", CTA).id, trigger_value=True))
        email = f"rush-{self.i:05d}@example.invalid"
        fields = [
            WidgetState(id=self.widget("text_input", "Navn").id, string_value=f"Rush deltager {self.i}"),
            WidgetState(id=self.widget("text_input", "E-mail").id, string_value=email),
            WidgetState(id=self.widget("text_input", "Kommune eller organisation").id, string_value="Rush"),
            WidgetState(
                id=next(el.checkbox.id for el in self.elements if el.WhichOneof("type") == "checkbox"),
                bool_value=True,
            ),
            WidgetState(id=self.widget("button", "Tilmeld").id, trigger_value=True),
        ]
        form = self.fragment_of("button", "Tilmeld")
        seen = len(self.elements)
        t0 = time.perf_counter()
        await self.rerun(page=self.page, query=self.query, widgets=fields, fragment=form, auto=False)
        await self.wait_run(FRAGMENT if form else FULL, timeout=120)
        self.stats.signup.append(time.perf_counter() - t0)
        answers = [el.alert.body for el in self.elements[seen:] if el.WhichOneof("type") == "alert"]
        if not any("Du skal med på" in a or "ventelisten" in a for a in answers):
            raise RuntimeError(f"sign-up not acknowledged: {answers}")
        self.stats.acks[email] = self.signup_route

    async def keep_refreshing(self, fragment: str, every: float, stop: asyncio.Event) -> None:
        self.stats.refresh_interval[self.i] = every
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), every)
            if stop.is_set():
                return
            async with self.busy:
                t0 = time.perf_counter()
                await self.rerun(page=self.page, query=self.query, fragment=fragment)
                await self.wait_run(FRAGMENT, timeout=120)
                self.stats.refresh.append(time.perf_counter() - t0)
            self.stats.last_refresh[self.i] = time.monotonic()


@dataclass(frozen=True)
class At:
    """Where an app listens on 127.0.0.1 (what Phone needs of a server)."""

    port: int


async def open_page(port: int, timeout: float = 120) -> tuple[float, list[str]]:
    """A phone opens the default page once: (seconds to its first page, or inf; its errors)."""
    stats, stop = Stats(), asyncio.Event()
    task = asyncio.create_task(Phone(0, At(port), [], stats).run(stop))
    deadline = time.monotonic() + timeout
    while not stats.first_page and not stats.errors and time.monotonic() < deadline:
        await asyncio.sleep(0.005)  # the client's own progress, not the app's
    stop.set()
    await task
    return (stats.first_page[0] if stats.first_page else float("inf")), list(stats.errors)
