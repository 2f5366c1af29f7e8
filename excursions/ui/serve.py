"""Event-day run mode: Streamlit as an ASGI app under uvicorn, tuned for a rush of phones.

What it changes against `streamlit run`, and why (measured in bench/rush.py):

- uvicorn binds the socket itself, so TCP_NODELAY is set (no ~40 ms Nagle delay per
  round trip, uvicorn#3149).
- Static files (Streamlit's own ~2.8 MB of JS/CSS, the map component, Leaflet) go out
  gzip-compressed; each file is compressed once and kept, so a phone costs the server a
  copy, not a compression. Streamlit leaves this to a proxy; at a venue there may be none.
- ``runner.postScriptGC`` is off: a full garbage collection after every script run
  costs most of the server's CPU under load, and bench/rush.py's three-wave soak shows
  memory stays flat without it.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

FLUSH_DELAY = 0.002  # seconds a framed websocket message may wait for others to join it
COMPRESSIBLE = re.compile(rb"^(text/|application/(javascript|json|xml)|image/svg\+xml)")
MIN_SIZE = 1024


class CompressedStatic:
    """Static GET responses from memory, gzip-compressed once.

    On event day the files do not change, so after the first request for a path its
    response (compressed when the client accepts gzip) is kept and sent from memory: a
    phone's 100+ files cost the server a few dictionary look-ups, not file reads and
    compression. Websockets, API calls and other methods pass straight through.
    """

    def __init__(self, app: ASGIApp, level: int = 9, max_entries: int = 4000):
        self.app = app
        self.level = level
        self.max_entries = max_entries
        self._cache: dict[tuple[str, bytes, bool], tuple[int, list, bytes]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or "/_stcore/" in scope["path"]:
            await self.app(scope, receive, send)
            return
        accept = b""
        for name, value in scope.get("headers", []):
            if name == b"accept-encoding":
                accept = value
        gz = b"gzip" in accept
        key = (scope["path"], scope.get("query_string", b""), gz)
        hit = self._cache.get(key)
        if hit is not None:
            await self._send(send, *hit)
            return

        start: dict = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, capture)
        status = start.get("status", 500)
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        names = {k.lower(): v for k, v in headers}
        body = b"".join(chunks)
        compressible = (
            status == 200
            and b"content-encoding" not in names
            and COMPRESSIBLE.match(names.get(b"content-type", b""))
            and len(body) >= MIN_SIZE
        )
        if compressible and gz:
            body = gzip.compress(body, self.level)
            headers = [*headers, (b"content-encoding", b"gzip"), (b"vary", b"Accept-Encoding")]
        headers.append((b"content-length", str(len(body)).encode()))
        if status == 200:
            if len(self._cache) >= self.max_entries:
                self._cache.pop(next(iter(self._cache)))
            self._cache[key] = (status, headers, body)
        await self._send(send, status, headers, body)

    @staticmethod
    async def _send(send: Send, status: int, headers: list, body: bytes) -> None:
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _busy_session_manager():
    """A session manager that tells Streamlit's message loop only the sessions with news.

    Streamlit's runtime loop wakes whenever any session enqueues a message and then
    flushes *every* connected session's queue. With a thousand phones connected most
    queues are empty, and that loop was about 15 % of the server's CPU in the rush
    profile (py-spy). This subclass remembers which sessions enqueued something and
    hands only those to the loop. Every other caller (counts, shutdown, stats) still
    sees every session; if Streamlit renames its loop, the loop gets every session
    again, which is Streamlit's own behaviour, only slower.
    """
    import sys
    import threading

    from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

    class BusySessionManager(WebsocketSessionManager):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._busy: set[str] = set()
            self._busy_lock = threading.Lock()
            self._loop_takes_busy = False  # until the loop has taken a set of busy sessions

        def _mark(self, session_id: str) -> bool:
            """Remember the session; False when the loop already knows it has news."""
            with self._busy_lock:
                if session_id in self._busy and self._loop_takes_busy:
                    return False
                self._busy.add(session_id)
                return True

        def connect_session(self, *args: Any, **kwargs: Any) -> str:
            notify = self._message_enqueued_callback
            holder: list[str] = []

            def enqueued() -> None:  # runs on any thread, like Streamlit's own callback
                # A run enqueues a message per element: wake the loop for the first one
                # only; the loop takes the session's whole queue when it gets to it.
                if holder and not self._mark(holder[0]):
                    return
                notify()

            self._message_enqueued_callback = enqueued  # read once, by the new AppSession
            try:
                session_id = super().connect_session(*args, **kwargs)
            finally:
                self._message_enqueued_callback = notify
            holder.append(session_id)
            self._mark(session_id)  # whatever it enqueued while being built
            notify()
            return session_id

        def list_active_sessions(self):
            everyone = list(self._active_session_info_by_id.values())
            if sys._getframe(1).f_code.co_name != "_loop_coroutine":
                return everyone
            with self._busy_lock:
                busy, self._busy = self._busy, set()
                self._loop_takes_busy = True
            active = self._active_session_info_by_id
            return [active[s] for s in busy if s in active]

        def list_sessions(self):
            return list(self._active_session_info_by_id.values()) + self._session_storage.list()

        def num_active_sessions(self) -> int:
            return len(self._active_session_info_by_id)

    return BusySessionManager


def event_day_app(script: str) -> ASGIApp:
    """st.App whose runtime uses the busy-session manager (see _busy_session_manager)."""
    import functools

    import streamlit as st
    import streamlit.runtime as runtime

    manager = _busy_session_manager()

    class App(st.App):
        def _create_runtime(self):
            # st.App builds its RuntimeConfig inside this method; give it our manager.
            original = runtime.RuntimeConfig
            runtime.RuntimeConfig = functools.partial(original, session_manager_class=manager)
            try:
                return super()._create_runtime()
            finally:
                runtime.RuntimeConfig = original

    return App(script)


def coalescing_websocket_protocol() -> type:
    """uvicorn's websocket protocol, with the messages of one burst written together.

    Streamlit sends every delta of a run as a websocket message of its own, and uvicorn
    writes each one to the socket at once: a first page of this app was some 35 small
    writes, each a system call and a loopback packet (in the rush profile, 10 % of the
    server's CPU sat in those writes). Here a message is framed at once and written
    FLUSH_DELAY later, together with every message framed meanwhile, in order. (Streamlit's
    message loop yields after every message, so flushing on the next loop turn would still
    write them one by one.) Anything else uvicorn writes (pings, close) flushes what is
    pending first, since it goes through the same frame buffer.
    """
    from uvicorn.protocols.utils import ClientDisconnected
    from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
    from websockets.exceptions import InvalidState

    class CoalescingWebSocketProtocol(WebSocketsSansIOProtocol):
        _flush_scheduled = False

        async def send(self, message: Message) -> None:
            data = message.get("bytes") if message["type"] == "websocket.send" else None
            if data is None or not self.handshake_complete or self.close_sent or self.initial_response:
                await super().send(message)
                return
            await self.writable.wait()
            if self.disconnected:
                raise ClientDisconnected()
            try:
                self.conn.send_binary(data)
            except InvalidState:
                raise ClientDisconnected() from None
            if not self._flush_scheduled:
                self._flush_scheduled = True
                self.loop.call_later(FLUSH_DELAY, self._flush)

        def _flush(self) -> None:
            self._flush_scheduled = False
            output = self.conn.data_to_send()
            if output and not self.transport.is_closing():
                self.transport.write(b"".join(output))

    return CoalescingWebSocketProtocol


def _reuse_new_session_messages() -> None:
    """Build Streamlit's new-session message once per page and copy it for each run.

    Streamlit sends a new-session message at the start of every script run, live
    refreshes and fragment runs included, and builds it from scratch each time: pages,
    ~20 config options, six theme sections, environment and install ids (6 % of a live
    refresh's CPU in the rush profile). On event day none of that changes between runs,
    so the message is built once per page (and page list) and copied; what does change
    per run and session (session id, run state, run identity) is set on the copy.
    """
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from streamlit.runtime.app_session import AppSession, AppSessionState

    build = AppSession._create_new_session_message
    built: dict[tuple, ForwardMsg] = {}

    def create(self: AppSession, page_script_hash: str, run_descriptor: Any, pages: Any = None) -> ForwardMsg:
        pages = pages or self._pages_manager.get_pages()
        key = (page_script_hash, tuple((h, p.get("page_name"), p.get("icon")) for h, p in pages.items()))
        template = built.get(key)
        if template is None:
            template = built[key] = build(self, page_script_hash, run_descriptor, pages)
        msg = ForwardMsg()
        msg.CopyFrom(template)
        msg.metadata.run.script_run_id = run_descriptor.script_run_id
        del msg.metadata.run.fragment_ids[:]
        msg.metadata.run.fragment_ids.extend(run_descriptor.fragment_ids)
        init = msg.new_session.initialize
        init.session_id = self.id
        init.session_status.run_on_save = self._run_on_save
        init.session_status.script_is_running = self._state == AppSessionState.APP_IS_RUNNING
        return msg

    AppSession._create_new_session_message = create


def _copy_shared_parents_once() -> None:
    """Deep copies of Streamlit's DeltaGenerators that copy a shared parent once.

    Streamlit snapshots the container stack whenever a fragment is declared or rerun
    (the live list on every refresh, the sign-up button on every details view), and a
    DeltaGenerator's deep copy copies its parent without the copy memo: every container
    in the stack copies the whole chain above it again (~360 us for a stack four deep,
    about a tenth of a details view's CPU). With the memo each container is copied once
    and the copies point at each other as the originals do.
    """
    from copy import deepcopy

    from streamlit.delta_generator import DeltaGenerator

    def __deepcopy__(self: DeltaGenerator, memo: dict) -> DeltaGenerator:
        dg = DeltaGenerator(
            root_container=self._root_container,
            cursor=deepcopy(self._cursor, memo),
            parent=deepcopy(self._parent, memo),
            block_type=self._block_type,
        )
        dg._form_data = deepcopy(self._form_data, memo)
        dg._creating_fragment_id = self._creating_fragment_id
        memo[id(self)] = dg
        return dg

    DeltaGenerator.__deepcopy__ = __deepcopy__


def _remember_theme_options() -> None:
    """Streamlit rebuilds the theme part of its new-session message on every run, each time
    scanning all ~200 config options per theme section (8 % of a live refresh's CPU). On
    event day the theme does not change (no file watcher), so each section is read once."""
    from streamlit import config

    read = config.get_options_for_section
    seen: dict[str, dict[str, Any]] = {}

    def options_for_section(section: str) -> dict[str, Any]:
        if not section.startswith("theme"):
            return read(section)
        if section not in seen:
            seen[section] = read(section)
        return dict(seen[section])

    config.get_options_for_section = options_for_section


def tune_streamlit(gc_after_runs: bool = False) -> None:
    """Streamlit options that matter on event day (set before the app is built)."""
    from streamlit import config

    config.set_option("runner.postScriptGC", gc_after_runs)
    config.set_option("server.enableStaticServing", True)
    config.set_option("server.headless", True)
    config.set_option("browser.gatherUsageStats", False)
    config.set_option("server.fileWatcherType", "none")  # nothing is edited on event day
    _remember_theme_options()
    _reuse_new_session_messages()
    _copy_shared_parents_once()


def build_app(script: Path, gc_after_runs: bool = False) -> ASGIApp:
    """The ASGI app: Streamlit's own (st.App) behind the compressing static layer."""

    tune_streamlit(gc_after_runs)
    return CompressedStatic(event_day_app(str(script)))


def settle_memory() -> None:
    """Import what the pages use, then move everything alive so far out of the collector's way.

    With post-run GC off, Python's own generational GC still runs; its full collections
    walk every object, and most of them are modules loaded once (Streamlit, pandas,
    folium). gc.freeze() keeps those out of every later collection, and a larger first
    threshold makes collections rarer while a rush allocates. In the rush profile the
    full collections were about 5 % of the server's CPU.
    """
    import gc

    import altair  # noqa: F401
    import folium  # noqa: F401
    import pandas  # noqa: F401

    import excursions.cli  # noqa: F401  (pulls in the library the pages use)

    # Not streamlit_folium: it registers its component on import, which must happen
    # inside the running app (a registration made before it is lost: HTTP 404).

    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)


def run(script: Path, host: str, port: int, gc_after_runs: bool = False) -> None:
    import uvicorn

    from excursions.ui.context import start_mail_sender

    app = build_app(script, gc_after_runs)
    start_mail_sender()
    settle_memory()
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        ws_max_size=64 * 2**20,
        # Streamlit's own server does not deflate websocket messages either; deflating
        # every delta was 7 % of the server's CPU in a rush profile, for a local network.
        ws_per_message_deflate=False,
        ws=coalescing_websocket_protocol(),
        access_log=False,
        timeout_keep_alive=30,
    )
