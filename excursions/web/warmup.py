"""Ready in a second: the first visitor after a start gets the page as fast as the hundredth.

The first page run of a process imports the pages' modules, reads the routes, syncs them
into the database and renders the map (12–14 s on the test machine); every later run
reuses all of it. So the app runs the explore page itself, over its own
websocket, as soon as it listens, and `/_stcore/health` answers 503 "warming up" until
that run has finished: a load balancer or a ready-check sends nobody to a cold process.
`streamlit run dashboard.py` does the same (dashboard.py builds the app with it).

ASGI middleware around st.App and a client of Streamlit's public protocol (BackMsg,
ForwardMsg): nothing of Streamlit's is changed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import threading
import time
from collections.abc import AsyncIterator

from excursions.web.asgi import ASGIApp, Receive, Scope, Send

log = logging.getLogger("excursions")
HEALTH = "/_stcore/health"
WARM_RUNS = 2  # the second session's run still met a few first-time costs
TIMEOUT = 120.0  # seconds: a start that takes longer reports healthy anyway (and says so)


class Warmth:
    """Whether this process has run its first page, and the thread that runs it."""

    def __init__(self) -> None:
        self.warm = threading.Event()

    def start(self, host: str, port: int) -> threading.Thread:
        """Warm up from a thread of its own once the server listens."""
        target = "127.0.0.1" if host in ("0.0.0.0", "", "::") else host
        thread = threading.Thread(target=self._run, args=(target, port), name="warm-up", daemon=True)
        thread.start()
        return thread

    def _run(self, host: str, port: int) -> None:
        began = time.monotonic()
        try:
            _wait_listening(host, port, began + TIMEOUT)
            for _ in range(WARM_RUNS):
                asyncio.run(asyncio.wait_for(first_page(host, port), TIMEOUT))
            log.info("warm-up: first page ran in %.1f s", time.monotonic() - began)
        except Exception as exc:  # never keep the server unhealthy for good
            log.warning("warm-up did not finish (%s); reporting healthy anyway", exc)
        finally:
            self.warm.set()


class WarmUp:
    """ASGI middleware: health answers 503 "warming up" until the first page has run; every
    other request is served meanwhile. `streamlit run` builds it as st.App middleware
    (dashboard.py, with the Warmth shared with its lifespan), serve mode wraps its app."""

    def __init__(self, app: ASGIApp, warmth: Warmth | None = None):
        self.app = app
        self.warmth = warmth or Warmth()
        self.warm = self.warmth.warm

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].endswith(HEALTH) and not self.warm.is_set():
            await send(
                {"type": "http.response.start", "status": 503, "headers": [(b"content-type", b"text/plain")]}
            )
            await send({"type": "http.response.body", "body": b"warming up"})
            return
        await self.app(scope, receive, send)

    def start(self, host: str, port: int) -> threading.Thread:
        return self.warmth.start(host, port)


def warm_up_on_start(warmth: Warmth):
    """An st.App lifespan that starts the warm-up on the address Streamlit's options name
    (the port as finally bound: Streamlit sets the option when it moves to a free one)."""

    @contextlib.asynccontextmanager
    async def lifespan(_app) -> AsyncIterator[None]:
        from streamlit import config

        warmth.start(config.get_option("server.address") or "127.0.0.1", config.get_option("server.port"))
        yield

    return lifespan


def _wait_listening(host: str, port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"{host}:{port} did not listen")


async def first_page(host: str, port: int) -> None:
    """Open the default page as a browser does and wait until its run has finished."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    async with websockets.connect(
        f"ws://{host}:{port}/_stcore/stream", subprotocols=["streamlit"], max_size=None
    ) as ws:
        back = BackMsg()
        back.rerun_script.query_string = ""
        back.rerun_script.page_name = ""
        await ws.send(back.SerializeToString())
        async for data in ws:
            msg = ForwardMsg.FromString(data)
            if msg.WhichOneof("type") == "script_finished":
                return
