"""Static files from memory, gzip-compressed once: the `static_gzip` tuning of serve mode."""

from __future__ import annotations

import asyncio
import gzip
import re

from excursions.serve.patch import HITS
from excursions.web.asgi import ASGIApp, Message, Receive, Scope, Send

COMPRESSIBLE = re.compile(rb"^(text/|application/(javascript|json|xml)|image/svg\+xml)")
MIN_SIZE = 1024


# Files that do not change while the server runs: Streamlit's own, components', the app's.
# Anything else (pages, /media downloads made for one session, API calls) is never kept.
STATIC_PREFIXES = ("/static/", "/component/", "/app/static/")
PASS_THROUGH = ("/media/", "/_excursions/")  # made for one session, or live
MAX_BYTES = 64 * 2**20  # all kept responses together


def _request_only() -> Receive:
    """receive() for a bodiless GET whose response is kept: the request, then nothing, so
    the app never hears of a disconnect (its wait for one ends with its response)."""
    asked = False

    async def receive() -> Message:
        nonlocal asked
        if not asked:
            asked = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()  # cancelled by the app once its response is complete
        raise AssertionError("unreachable")

    return receive


class CompressedStatic:
    """Static GET responses from memory, gzip-compressed once.

    On event day the files do not change, so after the first request for a static file its
    response (compressed when the client accepts gzip) is kept and sent from memory: a
    phone's 100+ files cost the server a few dictionary look-ups, not file reads and
    compression. Only known static paths are kept, keyed without the query string (which
    cannot change a static file), within MAX_BYTES; compression runs off the event loop.
    Everything else passes straight through.
    """

    def __init__(self, app: ASGIApp, level: int = 9, max_bytes: int = MAX_BYTES):
        self.app = app
        self.level = level
        self.max_bytes = max_bytes
        self._bytes = 0
        self._cache: dict[tuple[str, bool], tuple[int, list, bytes]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        live = "/_stcore/" in path or path.startswith(PASS_THROUGH)
        if scope["type"] != "http" or scope["method"] != "GET" or live:
            await self.app(scope, receive, send)
            return
        keep = path.startswith(STATIC_PREFIXES)  # pages are compressed but not kept
        accept = b""
        for name, value in scope.get("headers", []):
            if name == b"accept-encoding":
                accept = value
        gz = b"gzip" in accept
        key = (path, gz)
        hit = self._cache.get(key) if keep else None
        if hit is not None:
            HITS["static_gzip"] += 1
            await self._send(send, *hit)
            return

        start: dict = {}
        chunks: list[bytes] = []
        complete = False

        async def capture(message: Message) -> None:
            nonlocal complete
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                complete = not message.get("more_body", False)

        # A file to keep is read whole even if its browser leaves meanwhile (a page left
        # while its chunks load): Streamlit's file response stops at the disconnect, and
        # the empty 200 was kept and sent to everyone after ("does not provide an export").
        await self.app(scope, _request_only() if keep else receive, capture)
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
        if compressible and gz:  # once per file; off the loop, so health checks never wait on it
            body = await asyncio.to_thread(gzip.compress, body, self.level)
            headers = [*headers, (b"content-encoding", b"gzip"), (b"vary", b"Accept-Encoding")]
        headers.append((b"content-length", str(len(body)).encode()))
        if keep and status == 200 and complete and key not in self._cache and len(body) <= self.max_bytes:
            while self._cache and self._bytes + len(body) > self.max_bytes:
                self._bytes -= len(self._cache.pop(next(iter(self._cache)))[2])
            self._cache[key] = (status, headers, body)
            self._bytes += len(body)
        await self._send(send, status, headers, body)

    @staticmethod
    async def _send(send: Send, status: int, headers: list, body: bytes) -> None:
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
