"""The small ASGI plumbing the app's endpoints share: Starlette's types, the query string
and request headers read one way, and a whole response sent one way (its length counted,
never sniffed as HTML)."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["ASGIApp", "Message", "Receive", "Scope", "Send", "answer", "query", "request_header"]

Headers = Iterable[tuple[bytes, bytes]]


def query(scope: Scope) -> dict[str, list[str]]:
    """The request's query string as parse_qs reads it."""
    return parse_qs(scope.get("query_string", b"").decode("latin-1"))


def request_header(scope: Scope, name: bytes) -> bytes | None:
    """One request header (lower-case name), or None."""
    return dict(scope.get("headers") or []).get(name)


async def answer(
    send: Send, status: int, body: bytes = b"", headers: Headers = (), *, content_type: bytes | None = None
) -> None:
    """Send a whole response: the given headers, its content type (marked nosniff: a name
    someone typed is never read as HTML) and its length."""
    out = list(headers)
    if content_type is not None:
        out = [(b"content-type", content_type), (b"x-content-type-options", b"nosniff"), *out]
    out.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": out})
    await send({"type": "http.response.body", "body": body})
