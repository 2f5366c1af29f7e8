"""The patches and tunings of serve mode (registry and rules: excursions.serve.patches).

Each was found in a py-spy profile of bench/rush.py; docs/performance.md lists what
each one is worth (the rush with it switched off alone) and what would retire it.
"""

from __future__ import annotations

import sys
import threading
from typing import Any

from excursions.serve.patch import HITS, Kind, Patch

STREAMLIT = {"streamlit": ">=1.67,<1.68"}
UVICORN = {"uvicorn": ">=0.54,<0.55", "websockets": ">=17,<18"}
FLUSH_DELAY = 0.002  # seconds a framed websocket message may wait for others to join it

# What build_app and run use when the corresponding patch is active.
ready: dict[str, Any] = {}


# --- busy_sessions -----------------------------------------------------------------------


def _busy_session_manager() -> type:
    """A session manager that tells Streamlit's message loop only the sessions with news.

    Streamlit's runtime loop wakes whenever any session enqueues a message and then
    flushes *every* connected session's queue. With a thousand phones connected most
    queues are empty, and that loop was about 15 % of the server's CPU in the rush
    profile. This subclass remembers which sessions enqueued something and hands only
    those to the loop (recognised by its function name, fingerprinted below). Every other
    caller (counts, shutdown, stats) still sees every session.
    """
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
            HITS["busy_sessions"] += 1
            active = self._active_session_info_by_id
            return [active[s] for s in busy if s in active]

        def list_sessions(self):
            return list(self._active_session_info_by_id.values()) + self._session_storage.list()

        def num_active_sessions(self) -> int:
            return len(self._active_session_info_by_id)

    return BusySessionManager


def _apply_busy_sessions() -> None:
    ready["session_manager"] = _busy_session_manager()


# --- coalesced_writes --------------------------------------------------------------------


def _coalescing_websocket_protocol() -> type:
    """uvicorn's websocket protocol, with the messages of one burst written together.

    Streamlit sends every delta of a run as a websocket message of its own, and uvicorn
    writes each one to the socket at once: a first page was some 35 small writes, each a
    system call and a loopback packet (10 % of the server's CPU in the rush profile).
    Here a message is framed at once and written FLUSH_DELAY later, together with every
    message framed meanwhile, in order. Anything else uvicorn writes (pings, close)
    flushes what is pending first, since it goes through the same frame buffer.
    """
    from uvicorn.protocols.utils import ClientDisconnected
    from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
    from websockets.exceptions import InvalidState

    class CoalescingWebSocketProtocol(WebSocketsSansIOProtocol):
        _flush_scheduled = False

        async def send(self, message: Any) -> None:
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
            HITS["coalesced_writes"] += 1
            if not self._flush_scheduled:
                self._flush_scheduled = True
                self.loop.call_later(FLUSH_DELAY, self._flush)

        def _flush(self) -> None:
            self._flush_scheduled = False
            output = self.conn.data_to_send()
            if output and not self.transport.is_closing():
                self.transport.write(b"".join(output))

    return CoalescingWebSocketProtocol


def _apply_coalesced_writes() -> None:
    ready["websocket_protocol"] = _coalescing_websocket_protocol()


# --- config_once -------------------------------------------------------------------------


def config_once_functions() -> tuple[Any, Any]:
    """Streamlit fills the config and six theme sections of its new-session message from
    scratch at every script run, live refreshes included, each theme section a scan of
    ~200 config options (together ~14 % of a live refresh's CPU). With no file watcher the
    options do not change, so each part is built once and merged into later messages;
    the per-session fields around them are still Streamlit's own."""
    from streamlit.proto.NewSession_pb2 import Config, CustomThemeConfig
    from streamlit.runtime import app_session

    build_config = app_session._populate_config_msg
    build_theme = app_session._populate_theme_msg
    built: dict[str, Any] = {}

    def populate_config(msg: Any) -> None:
        part = built.get("config")
        if part is None:
            part = built["config"] = Config()
            build_config(part)
        else:
            HITS["config_once"] += 1
        msg.MergeFrom(part)

    def populate_theme(msg: Any, section: str = "theme") -> None:
        part = built.get(section)
        if part is None:
            part = built[section] = CustomThemeConfig()
            build_theme(part, section)
        else:
            HITS["config_once"] += 1
        msg.MergeFrom(part)

    return populate_config, populate_theme


def _apply_config_once() -> None:
    from streamlit.runtime import app_session

    app_session._populate_config_msg, app_session._populate_theme_msg = config_once_functions()


# --- deepcopy_memo -----------------------------------------------------------------------


def deepcopy_with_memo() -> Any:
    """Streamlit snapshots the container stack whenever a fragment is declared or rerun,
    and a DeltaGenerator's deep copy copies its parent without the copy memo: every
    container copies the whole chain above it again (~360 us for a stack four deep, a
    tenth of a details view's CPU). With the memo each container is copied once. The
    body is Streamlit 1.67's with the memo passed on; the fingerprint keeps it from
    running on a release that copies more fields."""
    from copy import deepcopy

    from streamlit.delta_generator import DeltaGenerator

    def __deepcopy__(self: DeltaGenerator, memo: dict) -> DeltaGenerator:
        HITS["deepcopy_memo"] += 1
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

    return __deepcopy__


def _apply_deepcopy_memo() -> None:
    from streamlit.delta_generator import DeltaGenerator

    DeltaGenerator.__deepcopy__ = deepcopy_with_memo()


# --- public tunings ----------------------------------------------------------------------


def _apply_post_run_gc_off() -> None:
    from streamlit import config

    config.set_option("runner.postScriptGC", False)


def _flag(name: str):
    def apply() -> None:
        ready[name] = True

    return apply


def freeze_memory() -> None:
    """gc_freeze: see excursions.serve.app.settle_memory (called once the app is built)."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)
    HITS["gc_freeze"] = gc.get_freeze_count()  # objects kept out of every later collection


PATCHES: tuple[Patch, ...] = (
    Patch(
        "busy_sessions",
        "Streamlit's message loop visits only the sessions that have messages.",
        Kind.PRIVATE,
        _apply_busy_sessions,
        retire="Runtime's loop flushing only sessions with queued messages, or st.App taking a "
        "session manager class.",
        requires=STREAMLIT,
        targets={
            "streamlit.web.server.starlette.starlette_app:App._create_runtime": "ac8a2ef86868678d",
            "streamlit.runtime.runtime:Runtime.__init__": "e5a5fb5dd960c87c",
            "streamlit.runtime.runtime:Runtime._loop_coroutine": "f2bf0cf6b7bd78b7",
            "streamlit.runtime.websocket_session_manager:WebsocketSessionManager": "40daad0f8d48a4fb",
        },
    ),
    Patch(
        "coalesced_writes",
        "The websocket messages of one burst go out in one write.",
        Kind.PRIVATE,
        _apply_coalesced_writes,
        retire="uvicorn buffering websocket writes per event-loop turn, or Streamlit sending a "
        "run's deltas in fewer messages.",
        requires=UVICORN,
        targets={
            "uvicorn.protocols.websockets.websockets_sansio_impl:WebSocketsSansIOProtocol": (
                "0bbcec98938432f7"
            ),
        },
    ),
    Patch(
        "config_once",
        "The config and theme parts of the new-session message are built once.",
        Kind.PRIVATE,
        _apply_config_once,
        retire="Streamlit caching the config and theme messages between runs (they only change "
        "when the config file does).",
        requires=STREAMLIT,
        targets={
            "streamlit.runtime.app_session:_populate_config_msg": "966feb0217b18856",
            "streamlit.runtime.app_session:_populate_theme_msg": "844b9eb40d0f7d97",
            "streamlit.runtime.app_session:AppSession._create_new_session_message": "c90cb1120c020cbb",
        },
    ),
    Patch(
        "deepcopy_memo",
        "A fragment's container stack is deep-copied once, not once per level.",
        Kind.PRIVATE,
        _apply_deepcopy_memo,
        retire="DeltaGenerator.__deepcopy__ passing its memo on (a one-line upstream fix).",
        requires=STREAMLIT,
        targets={"streamlit.delta_generator:DeltaGenerator.__deepcopy__": "99db32064af3fb48"},
    ),
    Patch(
        "post_run_gc_off",
        "No full garbage collection after every script run (runner.postScriptGC).",
        Kind.PUBLIC,
        _apply_post_run_gc_off,
        retire="Public option; stays.",
        counted=False,
    ),
    Patch(
        "gc_freeze",
        "Modules loaded at start are frozen out of the collector (gc.freeze).",
        Kind.PUBLIC,
        _flag("gc_freeze"),
        retire="Public interface; stays.",
    ),
    Patch(
        "static_gzip",
        "Static files go out gzip-compressed from memory (ASGI middleware).",
        Kind.PUBLIC,
        _flag("static_gzip"),
        retire="A reverse proxy that compresses and caches, or Streamlit compressing its own static files.",
    ),
)
