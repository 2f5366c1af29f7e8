"""How fast one connection may ask for script runs, enforced before Streamlit sees it.

Every rerun request a browser sends over /_stcore/stream costs Streamlit work on the
event loop, and a run costs a core. A person taps: a few requests a second at most, in
short bursts. A script floods: 2,000 requests over ten connections in a tenth of a second
stalled the server for seconds. So each connection gets a bucket of BURST requests that
refills at RATE a second; a request beyond it is not passed on yet but held, and a newer
one replaces it (each request carries the page's whole widget state, so the newest says
everything; a full-page run is never replaced by a fragment's). The held request goes to
Streamlit as soon as the bucket allows. Nothing a person does is lost, and a flood costs
one run per 1/RATE seconds per connection.

ASGI middleware around st.App: a public interface, nothing of Streamlit's is changed.
"""

from __future__ import annotations

import asyncio
import time

from streamlit.proto.BackMsg_pb2 import BackMsg

from excursions.limits import RUN_BURST as BURST
from excursions.limits import RUN_RATE as RATE
from excursions.limits import Bucket
from excursions.serve.static import ASGIApp, Message, Receive, Scope, Send

STREAM_PATH = "/_stcore/stream"


def rerun_kind(message: Message) -> str | None:
    """'page' or 'fragment' for a rerun request, None for anything else."""
    data = message.get("bytes")
    if message.get("type") != "websocket.receive" or not data:
        return None
    try:
        back = BackMsg.FromString(data)
    except Exception:  # not ours to judge: Streamlit answers malformed messages itself
        return None
    if back.WhichOneof("type") != "rerun_script":
        return None
    return "fragment" if back.rerun_script.fragment_id else "page"


class RerunLimit:
    def __init__(self, app: ASGIApp, burst: float = BURST, rate: float = RATE):
        self.app, self.burst, self.rate = app, burst, rate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket" or not scope["path"].endswith(STREAM_PATH):
            return await self.app(scope, receive, send)
        await self.app(scope, _Limited(receive, Bucket(self.burst, self.rate, self.burst)), send)


class _Limited:
    """One connection's receive(), with its rerun requests paced by a bucket."""

    def __init__(self, receive: Receive, bucket: Bucket):
        self.receive, self.bucket = receive, bucket
        self.held: tuple[Message, str] | None = None
        self.next: asyncio.Future | None = None  # a receive() started while a request was held

    async def _incoming(self, timeout: float | None) -> Message | None:
        if self.next is None:
            self.next = asyncio.ensure_future(self.receive())
        done, _ = await asyncio.wait({self.next}, timeout=timeout)
        if not done:
            return None
        message, self.next = self.next.result(), None
        return message

    async def __call__(self) -> Message:
        while True:
            if self.held is not None:
                message = await self._incoming(self.bucket.wait(time.monotonic()))
                if message is None:  # the bucket allows one now: the newest request goes
                    if self.bucket.take(time.monotonic()):
                        (held, _), self.held = self.held, None
                        return held
                    continue
            else:
                message = await self._incoming(None)
                assert message is not None
            kind = rerun_kind(message)
            if kind is None:
                if message.get("type") == "websocket.disconnect":
                    self.held = None
                return message
            if self.held is None and self.bucket.take(time.monotonic()):
                return message
            if self.held is None or not (self.held[1] == "page" and kind == "fragment"):
                self.held = (message, kind)  # the newest request replaces the one held
