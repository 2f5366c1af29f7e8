"""Asking one of the app's ASGI middlewares a question in process, with Streamlit's part
stood in by an app that answers "streamlit" (so a test sees which paths pass through)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor


async def streamlit_stand_in(scope, receive, send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"streamlit"})


def ask(
    middleware: Callable, path: str, query: bytes = b"", headers=()
) -> tuple[int, dict[bytes, bytes], bytes]:
    """(status, headers, body) of one GET, on an event loop of its own in a thread."""
    sent = []

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "path": path, "query_string": query, "headers": list(headers)}
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, middleware(streamlit_stand_in)(scope, None, send)).result(10)
    return sent[0]["status"], dict(sent[0]["headers"]), sent[1]["body"]
