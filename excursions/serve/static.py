"""Static files from memory, gzip-compressed once: the `static_gzip` tuning of serve mode."""

from __future__ import annotations

import gzip
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from excursions.serve.patches import HITS

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

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
            HITS["static_gzip"] += 1
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
