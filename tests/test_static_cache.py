"""Serve mode's static layer: only static files are kept, once each, within a byte bound;
session-made files (/media) and live endpoints always go to Streamlit."""

from __future__ import annotations

import asyncio
import gzip
from concurrent.futures import ThreadPoolExecutor

import pytest

from excursions.serve.static import CompressedStatic
from tests.support.processes import Server

BODY = b"console.log('x');" * 400  # 6.8 kB of JavaScript


class Files:
    """A stand-in for Streamlit's static handler that counts what reaches it."""

    def __init__(self):
        self.calls: list[str] = []

    async def __call__(self, scope, receive, send):
        self.calls.append(scope["path"] + "?" + scope.get("query_string", b"").decode())
        await send(
            {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/javascript")]}
        )
        await send({"type": "http.response.body", "body": BODY})


def get(app, path: str, query: bytes = b"", gzip_ok: bool = True) -> tuple[int, dict, bytes]:
    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request"}

    headers = [(b"accept-encoding", b"gzip")] if gzip_ok else []
    scope = {"type": "http", "method": "GET", "path": path, "query_string": query, "headers": headers}
    # In a thread of its own: Playwright's sync API may keep an event loop in this one.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    return sent[0]["status"], dict(sent[0]["headers"]), sent[1]["body"]


def test_a_static_file_is_read_once_whatever_its_query_string():
    files = Files()
    app = CompressedStatic(files)
    for n in range(300):
        status, headers, body = get(app, "/static/js/main.js", f"x={n}".encode())
        assert status == 200 and headers[b"content-encoding"] == b"gzip" and gzip.decompress(body) == BODY
    assert len(files.calls) == 1
    assert app._bytes == len(body)  # one copy kept, not 300


def test_media_and_pages_are_never_kept():
    files = Files()
    app = CompressedStatic(files)
    for _ in range(2):
        get(app, "/media/abc123.csv")
        _, headers, _ = get(app, "/signup")
        assert headers[b"content-encoding"] == b"gzip"  # pages still go out compressed
    assert files.calls == ["/media/abc123.csv?", "/signup?"] * 2
    assert app._cache == {}


def test_the_kept_bytes_stay_within_the_bound():
    files = Files()
    app = CompressedStatic(files, max_bytes=3 * len(gzip.compress(BODY, 9)))
    for n in range(10):
        get(app, f"/static/js/chunk-{n}.js")
    assert app._bytes <= app.max_bytes and len(app._cache) == 3
    get(app, "/static/js/chunk-9.js")  # the newest is still kept
    assert files.calls.count("/static/js/chunk-9.js?") == 1


def biggest_script() -> str:
    """The largest script Streamlit serves (a 4.7 MB chart bundle), as a URL path."""
    from pathlib import Path

    import streamlit

    folder = Path(streamlit.__file__).parent / "static" / "static" / "js"
    biggest = max(folder.glob("*.js"), key=lambda p: p.stat().st_size)
    return f"static/js/{biggest.name}"


@pytest.mark.serve
@pytest.mark.slow
def test_300_requests_with_new_query_strings_do_not_grow_the_server(tmp_path):
    """A running `excursions serve`: the script is kept once, not once per query string."""
    import http.client

    server = Server({"EXCURSIONS_DATA_DIR": str(tmp_path), "EXCURSIONS_TILES": "none"})
    try:
        path = biggest_script()
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        size = 0

        def fetch(query: str) -> int:
            conn.request("GET", f"/{path}?{query}", headers={"Accept-Encoding": "identity"})
            response = conn.getresponse()
            body = response.read()
            assert response.status == 200
            return len(body)

        size = fetch("plain=warm")
        before = server.rss_mb()
        assert sum(fetch(f"plain={i}") for i in range(300)) == 300 * size  # every answer whole
        after = server.rss_mb()
        conn.close()
    finally:
        server.stop()
    assert size > 1_000_000  # a file worth keeping an eye on (Streamlit's bundle)
    assert after - before < 50, f"RSS grew from {before:.0f} MB to {after:.0f} MB"
