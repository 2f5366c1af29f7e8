"""A Streamlit client at the protocol level: what a phone's browser does, without a browser.

Used by bench/rush.py (a thousand of them at once) and by the two-process test.
It speaks /_stcore/stream: BackMsg rerun requests with widget states, ForwardMsg deltas
and script_finished answers, and the auto_rerun messages that drive live fragments.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import datetime as dt
import functools
import gzip
import json
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
ANOTHER = "Tilmeld en anden"  # /signup: brings the form back after a stored sign-up


FEED = "/_excursions/seats.json"  # excursions.snapshot.FEED_PATH
READ_AT = re.compile(r"""data-seats-read-at=["']([^"']+)["']""")


def zipped(headers: dict[str, str]) -> bool:
    return headers.get("content-encoding") == "gzip"


def epoch(stamp: str) -> float:
    """An ISO time with its zone (the feed's and the page's read-at) as epoch seconds."""
    return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


@functools.cache
def list_heads() -> dict[str, str]:
    """Route id -> how its line in the explore page's list begins (the shipped routes)."""
    from excursions.routes import load_routes
    from excursions.text import escape_markdown

    routes = load_routes(Path(__file__).resolve().parents[2] / "data" / "routes").routes
    return {r.id: f"**{escape_markdown(r.title('da'))}**" for r in routes}


@functools.cache
def route_titles() -> dict[str, str]:
    """Route id -> its Danish title (the shipped routes), as a select box shows it."""
    from excursions.routes import load_routes

    routes = load_routes(Path(__file__).resolve().parents[2] / "data" / "routes").routes
    return {r.id: r.title("da") for r in routes}


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, round(q / 100 * (len(values) - 1)))]


Answer = tuple[int, dict[str, str], bytes]  # status, headers (lower-case names), body


class Http:
    """One keep-alive HTTP/1.1 connection, as a browser holds it: it keeps the cookies it is
    given (the load balancer's, deploy/: nginx makes browsers sticky with it; the app's
    browser id, excursions.browsers) and sends them back, and notes which process answered
    (nginx's X-Excursions-Upstream header). source: the local address to connect from (a
    loopback address other than 127.0.0.1 stands for a phone on a venue's network)."""

    def __init__(self, host: str, port: int, source: str = ""):
        self.host, self.port, self.source = host, port, source
        self.reader = self.writer = None
        self.cookies: dict[str, str] = {}
        self.upstream = ""

    @property
    def cookie(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def forget_cookies(self) -> None:
        self.cookies.clear()

    async def get(self, path: str, headers: dict[str, str] | None = None) -> Answer:
        for attempt in (1, 2):  # a kept-alive connection the server closed meanwhile: once more
            if self.writer is None:
                local = {"local_addr": (self.source, 0)} if self.source else {}
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port, **local)
            try:
                return await self._get(path, headers or {})
            except (ConnectionError, asyncio.IncompleteReadError):
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _get(self, path: str, headers: dict[str, str]) -> Answer:
        extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        cookie = f"Cookie: {self.cookie}\r\n" if self.cookie else ""
        self.writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nAccept-Encoding: gzip, br\r\n"
            f"User-Agent: rush\r\nConnection: keep-alive\r\n{cookie}{extra}\r\n".encode()
        )
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        answer = {}
        for line in head.decode("latin-1").split("\r\n")[1:]:
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            answer[name] = value
            if name == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        length = answer.get("content-length")
        if length is not None:
            body = await self.reader.readexactly(int(length))
        elif answer.get("transfer-encoding") == "chunked":
            body = b""
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip(), 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                body += chunk[:-2]
        else:
            body = b""
        if answer.get("x-excursions-upstream"):
            self.upstream = answer["x-excursions-upstream"]
        if answer.get("connection", "").lower() == "close":
            self.close()
        return status, answer, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def http_get_all(http: Http, paths: list[str]) -> int:
    """Fetch paths over one keep-alive connection; returns bytes received."""
    total = 0
    for path in paths:
        status, headers, body = await http.get(path)
        if status != 200:
            raise RuntimeError(f"GET {path}: HTTP {status}")
        total += sum(len(k) + len(v) + 4 for k, v in headers.items()) + len(body)
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
    # The age of the seat counts each phone shows, sampled every second, per page ("" the
    # explore page): seconds since the counts on its screen were read from the store.
    ages: dict[str, list[float]] = field(default_factory=dict)
    aged: set[int] = field(default_factory=set)  # the phones that were sampled
    feed_polls: int = 0
    feed_errors: list[str] = field(default_factory=list)
    drops: int = 0  # websockets that closed under a phone (its process died)
    moves: dict[int, tuple[str, str, float]] = field(default_factory=dict)  # i -> (from, to, seconds)


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
        seats: float | None = None,
        host: str = "127.0.0.1",
        feed: str = "lang=da",
        source: str = "",
        wish_routes: list[str] | None = None,
    ):
        self.i, self.server, self.static, self.stats = i, server, static, stats
        self.wish_routes = wish_routes  # the wish round: rank these (from the list), then send
        self.page, self.query, self.signup_route, self.password = page, query, signup_route, password
        self.seats = seats  # the page's seat follower: poll the feed every `seats` s (None: off)
        self.feed = feed  # its query (the organiser overview adds view=overview)
        self.http = Http(host, server.port, source)
        self.shown = 0.0  # when the counts on the screen were read (epoch seconds), 0: none
        self.counts: dict[str, dict] = {}  # the feed's last document: route -> seats
        self.upstream = ""  # the process the websocket reached (through nginx)
        self.ws = None
        self.reader: asyncio.Task | None = None
        self.bytes = 0
        self.elements: list = []
        self.fragment_ids: list[str] = []  # the fragment each element was drawn in ("" if none)
        self.finished: asyncio.Queue = asyncio.Queue()
        self.auto: dict[str, float] = {}  # fragment id -> interval
        self.new_sessions: list = []  # each run's new-session message, in order
        self.ended: list[int] = []  # each run's end status, in order (for failure messages)
        # One request in flight per phone: Streamlit runs two fragment reruns that arrive
        # together as one run with one answer, and the second timer then waited a whole
        # interval for an answer of its own (the projector page has two 5-s fragments).
        self.busy = asyncio.Lock()

    async def run(self, stop: asyncio.Event) -> None:
        t0 = time.perf_counter()
        tasks: list[asyncio.Task] = []
        try:
            self.bytes += await http_get_all(self.http, self.static)
            self.stats.static.append(time.perf_counter() - t0)
            dropped, moved_from = 0.0, ""
            while not stop.is_set():
                await self.connect(stop, dropped)
                self.auto = {}  # the page run says which timers it has
                self.finished = asyncio.Queue()
                reader = self.reader = asyncio.create_task(self.read())
                await self.rerun(page=self.page, query=self.query)
                await self.wait_run(FULL, timeout=120)
                if not dropped:
                    self.stats.first_page.append(time.perf_counter() - t0)
                    self.stats.last_refresh[self.i] = time.monotonic()  # fresh as of its first page
                    if self.password:
                        await self.log_in()
                    if self.wish_routes:
                        await self.send_wishes()
                    elif self.signup_route:
                        await self.sign_up()
                    tasks.append(asyncio.create_task(self.follow_seats(stop)))
                else:  # running the page again on another process, as the browser does
                    self.stats.moves[self.i] = (moved_from, self.upstream, time.monotonic() - dropped)
                timers = [
                    asyncio.create_task(self.keep_refreshing(fid, every, stop))
                    for fid, every in self.auto.items()
                ]
                ending = asyncio.create_task(stop.wait())
                await asyncio.wait({ending, reader}, return_when=asyncio.FIRST_COMPLETED)
                ending.cancel()
                for t in (*timers, reader):
                    t.cancel()
                if reader.done() and not reader.cancelled():
                    reader.exception()  # a connection that broke: seen, handled below
                if not stop.is_set():  # the websocket closed under the phone: its process is gone
                    self.stats.drops += 1
                    dropped, moved_from = time.monotonic(), self.upstream
        except Exception as exc:  # a load test counts failures instead of stopping at the first
            self.stats.errors.append(f"phone {self.i}: {type(exc).__name__}: {exc}"[:300])
        finally:
            for t in tasks:
                t.cancel()
            if self.ws is not None:
                await self.ws.close()
            self.http.close()
            self.stats.bytes.append(self.bytes)

    async def connect(self, stop: asyncio.Event, dropped: float) -> None:
        """Open the websocket (with the load balancer's cookie); after a drop, try again
        every half second for 30 s, as Streamlit's page does."""
        headers = {"Cookie": self.http.cookie} if self.http.cookie else {}
        while True:
            try:
                self.ws = await websockets.connect(
                    f"ws://{self.http.host}:{self.server.port}/_stcore/stream",
                    subprotocols=["streamlit"],
                    additional_headers=headers,
                    max_size=None,
                    **({"local_addr": (self.http.source, 0)} if self.http.source else {}),
                    open_timeout=60,
                    ping_interval=None,
                )
                self.upstream = self.ws.response.headers.get("x-excursions-upstream", "")
                return
            except (OSError, websockets.InvalidStatus, websockets.InvalidHandshake):
                if not dropped or time.monotonic() - dropped > 30 or stop.is_set():
                    raise
                await asyncio.sleep(0.5)  # the page's reconnect pace

    async def follow_seats(self, stop: asyncio.Event) -> None:
        """What the page's seat follower (excursions/map_assets/seats.js) does, if the page
        has one: ask the feed every `seats` seconds, revalidating its copy; and, each
        second, note how old the counts on the screen are (page runs count too)."""
        etag, tick = "", 0
        ages = self.stats.ages.setdefault(self.page, [])
        while not stop.is_set():
            if self.seats and tick % round(self.seats) == 0:
                try:
                    status, headers, body = await self.http.get(
                        f"{FEED}?{self.feed}", {"If-None-Match": etag} if etag else {}
                    )
                    self.stats.feed_polls += 1
                    if status == 200:  # a 304 keeps what the page shows
                        self.counts = json.loads(gzip.decompress(body) if zipped(headers) else body)["routes"]
                    if status in (200, 304):
                        etag = headers.get("etag", etag)
                        self.shown = max(self.shown, epoch(headers["x-excursions-read-at"]))
                    else:
                        self.stats.feed_errors.append(f"phone {self.i}: feed HTTP {status}")
                except (OSError, asyncio.IncompleteReadError) as exc:
                    self.stats.feed_errors.append(f"phone {self.i}: feed {type(exc).__name__}")
            if self.shown:
                ages.append(time.time() - self.shown)
                self.stats.aged.add(self.i)
            tick += 1
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 1)

    async def read(self) -> None:
        async for data in self.ws:
            self.bytes += len(data)
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                self.elements.append(element)
                self.fragment_ids.append(msg.delta.fragment_id)
                if element.WhichOneof("type") == "html" and "data-seats-read-at" in element.html.body:
                    stamp = READ_AT.search(element.html.body)
                    self.shown = max(self.shown, epoch(stamp.group(1)) if stamp else 0.0)
            elif kind == "new_session":
                self.new_sessions.append(msg)
            elif kind == "auto_rerun":
                self.auto[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
            elif kind == "script_finished":
                self.stats.runs += 1
                self.ended.append(msg.script_finished)
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
            status = await self._next_finished(timeout)
            if status == want:
                return
            if status not in (2, FULL, FRAGMENT):  # 2: superseded by a newer run, keep waiting
                raise RuntimeError(f"script finished with status {status}")

    async def _next_finished(self, timeout: float) -> int:
        """The next run's end, or ConnectionError as soon as the websocket closes."""
        if not self.finished.empty() or self.reader is None:
            return await asyncio.wait_for(self.finished.get(), timeout)
        getting = asyncio.create_task(self.finished.get())
        done, _ = await asyncio.wait({getting, self.reader}, timeout=timeout, return_when="FIRST_COMPLETED")
        if getting in done:
            return getting.result()
        getting.cancel()
        if self.reader in done:
            raise ConnectionError("the websocket closed before the run ended")
        raise TimeoutError(f"no run ended within {timeout} s")

    def drawn_since(self, seen: int) -> str:
        """What the last runs drew, for a failure's message: element kinds and any exception."""
        new = self.elements[seen:]
        kinds = collections.Counter(el.WhichOneof("type") for el in new)
        errors = [f"{e.exception.type}: {e.exception.message}" for e in new if e.HasField("exception")]
        return f"drew {dict(kinds)} {errors}; runs ended {self.ended[-6:]}"

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

    async def press_all(self, kind: str, label: str, states: list) -> None:
        """Send several widgets' states in one rerun of the fragment `label` is in (a choice
        that does not rerun on its own goes along with the button pressed after it)."""
        fragment = self.fragment_of(kind, label)
        await self.rerun(page=self.page, query=self.query, widgets=states, fragment=fragment, auto=False)
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
            raise RuntimeError(f"sign-up not acknowledged: {answers}; {self.drawn_since(seen)}")
        self.stats.acks[email] = self.signup_route

    async def send_wishes(self) -> None:
        """The wish round's form as a phone fills it: each excursion picked in the list and
        added as the next wish (its button opens the dialog with the list so far), then the
        form's fields and "Send mine ønsker"; times the sending, as sign_up does."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        routes = list(self.wish_routes or ())
        radio = self.widget("radio", LIST)  # the first from the list: its button opens the form
        option = next(o for o in radio.options if o.startswith(list_heads()[routes[0]]))
        await self.press("radio", LIST, WidgetState(id=radio.id, string_value=option))
        add = "Tilføj som 1. ønske"
        await self.press("button", add, WidgetState(id=self.widget("button", add).id, trigger_value=True))
        titles = route_titles()
        for rank, route in enumerate(routes[1:], start=2):  # the others in the form itself
            box = self.widget("selectbox", "Udflugt")  # picking sends nothing (on_change="ignore"):
            choice = next(o for o in box.options if o.endswith(titles[route]))  # the button takes it
            add = f"Tilføj som {rank}. ønske"
            picked = WidgetState(id=box.id, string_value=choice)
            pressed = WidgetState(id=self.widget("button", add).id, trigger_value=True)
            await self.press_all("button", add, [picked, pressed])
        email = f"rush-{self.i:05d}@example.invalid"
        send = "Send mine ønsker"
        fields = [
            WidgetState(id=self.widget("text_input", "Navn").id, string_value=f"Rush deltager {self.i}"),
            WidgetState(id=self.widget("text_input", "E-mail").id, string_value=email),
            WidgetState(id=self.widget("text_input", "Kommune eller organisation").id, string_value="Rush"),
            WidgetState(
                id=next(
                    el.checkbox.id for el in reversed(self.elements) if el.WhichOneof("type") == "checkbox"
                ),
                bool_value=True,
            ),
            WidgetState(id=self.widget("button", send).id, trigger_value=True),
        ]
        form = self.fragment_of("button", send)
        seen = len(self.elements)
        t0 = time.perf_counter()
        await self.rerun(page=self.page, query=self.query, widgets=fields, fragment=form, auto=False)
        await self.wait_run(FRAGMENT if form else FULL, timeout=120)
        self.stats.signup.append(time.perf_counter() - t0)
        answers = [el.alert.body for el in self.elements[seen:] if el.WhichOneof("type") == "alert"]
        if not any("Tak! Dine ønsker er modtaget" in a.replace("\\", "") for a in answers):
            raise RuntimeError(f"wishes not acknowledged: {answers}; {self.drawn_since(seen)}")
        self.stats.acks[email] = ",".join(self.wish_routes or ())

    async def open_socket(self, stop: asyncio.Event) -> None:
        """A new websocket and the page's first run on it (as a script does, without the
        phone's static files; the cookies it was given are sent along)."""
        self.elements, self.fragment_ids, self.auto = [], [], {}
        self.finished = asyncio.Queue()
        await self.connect(stop, 0)
        self.reader = asyncio.create_task(self.read())
        await self.rerun(page=self.page, query=self.query)
        await self.wait_run(FULL, timeout=120)

    async def close_socket(self) -> None:
        if self.reader is not None:
            self.reader.cancel()
        if self.ws is not None:
            await self.ws.close()
        self.ws = self.reader = None

    async def send_form(self, name: str, email: str) -> list[str]:
        """Fill and send the sign-up form of the page open on the websocket (/signup: its
        excursion chosen by ?route=); the answers it shows."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        def first(kind: str, label: str):  # the form's, not the lost-link box's below it
            return next(
                getattr(el, kind)
                for el in self.elements
                if el.WhichOneof("type") == kind and getattr(el, kind).label == label
            )

        fields = [
            WidgetState(id=first("text_input", "Navn").id, string_value=name),
            WidgetState(id=first("text_input", "E-mail").id, string_value=email),
            WidgetState(id=self.widget("text_input", "Kommune eller organisation").id, string_value="X"),
            WidgetState(
                id=next(
                    el.checkbox.id for el in reversed(self.elements) if el.WhichOneof("type") == "checkbox"
                ),
                bool_value=True,
            ),
            WidgetState(id=self.widget("button", "Tilmeld").id, trigger_value=True),
        ]
        form = self.fragment_of("button", "Tilmeld")
        seen = len(self.elements)
        await self.rerun(page=self.page, query=self.query, widgets=fields, fragment=form, auto=False)
        await self.wait_run(FRAGMENT if form else FULL, timeout=120)
        answers = [el.alert.body for el in self.elements[seen:] if el.WhichOneof("type") == "alert"]
        shown = self.elements[seen:]
        if any(el.WhichOneof("type") == "button" and el.button.label == ANOTHER for el in shown):
            # the answer stands in the form's place: ask for the form again, as a person does
            await self.press(
                "button", ANOTHER, WidgetState(id=self.widget("button", ANOTHER).id, trigger_value=True)
            )
        return answers

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


async def open_page(port: int, timeout: float = 120, source: str = "") -> tuple[float, list[str]]:
    """A phone opens the default page once: (seconds to its first page, or inf; its errors).
    From a source address it loads the page's HTML first, as a browser does (its cookie)."""
    stats, stop = Stats(), asyncio.Event()
    task = asyncio.create_task(Phone(0, At(port), ["/"] if source else [], stats, source=source).run(stop))
    deadline = time.monotonic() + timeout
    while not stats.first_page and not stats.errors and time.monotonic() < deadline:
        await asyncio.sleep(0.005)  # the client's own progress, not the app's
    stop.set()
    await task
    return (stats.first_page[0] if stats.first_page else float("inf")), list(stats.errors)
