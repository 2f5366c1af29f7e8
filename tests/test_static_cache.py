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


def get(
    app, path: str, query: bytes = b"", gzip_ok: bool = True, leaves: bool = False
) -> tuple[int, dict, bytes]:
    """A GET as uvicorn hands it over (ASGI 2.3); `leaves`: the browser goes away at once
    (a page left while its chunks load), so the next receive() says so."""
    sent: list[dict] = []
    asked = []

    async def send(message):
        sent.append(message)

    async def receive():
        asked.append(1)
        if len(asked) > 1 and leaves:
            return {"type": "http.disconnect"}
        if len(asked) > 1:
            await asyncio.Event().wait()  # uvicorn: nothing more until the client leaves
        return {"type": "http.request", "body": b"", "more_body": False}

    headers = [(b"accept-encoding", b"gzip")] if gzip_ok else []
    scope = {"type": "http", "method": "GET", "path": path, "query_string": query, "headers": headers}
    scope["asgi"] = {"version": "3.0", "spec_version": "2.3"}
    # In a thread of its own: Playwright's sync API may keep an event loop in this one.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return sent[0]["status"], dict(sent[0]["headers"]), body


@pytest.mark.parametrize("size", [666, 200_000])  # under MIN_SIZE (sent as is), and gzipped
def test_a_file_whose_browser_left_while_it_loaded_is_kept_whole_for_the_next(tmp_path, size):
    """CI: an organiser's table said "SyntaxError: The requested module
    './FileDownload.esm.CaE8WnNz.js' does not provide an export named 't'". A page left
    while its chunks loaded; Streamlit's file response (Starlette's) stops at the disconnect,
    and the empty 200 it had started was kept and sent to every browser after."""
    from starlette.responses import FileResponse

    chunk = tmp_path / "FileDownload.esm.js"
    chunk.write_bytes((b"export const t = 1;\n" * (size // 20 + 1))[:size])
    path = "/static/static/js/FileDownload.esm.js"
    app = CompressedStatic(lambda scope, receive, send: FileResponse(chunk)(scope, receive, send))
    get(app, path, leaves=True)
    for gzip_ok in (True, False):
        status, headers, body = get(app, path, gzip_ok=gzip_ok)
        if headers.get(b"content-encoding") == b"gzip":
            body = gzip.decompress(body)
        assert status == 200 and body == chunk.read_bytes()


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


@pytest.mark.serve
@pytest.mark.slow
def test_a_script_that_asks_for_every_file_and_hangs_up_leaves_them_whole_for_the_phones(tmp_path):
    """One laptop on the venue Wi-Fi asking for Streamlit's scripts and hanging up at once
    (or a phone leaving a page while it loads) made `excursions serve` keep empty answers:
    every later phone got 0 bytes for them, and the page broke for everyone until a restart."""
    import socket
    import urllib.request
    from pathlib import Path

    import streamlit

    folder = Path(streamlit.__file__).parent / "static" / "static" / "js"
    files = [
        next(folder.glob("FileDownload.esm.*.js")),
        max(folder.glob("*.js"), key=lambda p: p.stat().st_size),
    ]
    server = Server({"EXCURSIONS_DATA_DIR": str(tmp_path), "EXCURSIONS_TILES": "none"})
    try:
        for file in files:
            request = f"GET /static/js/{file.name} HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n"
            for _ in range(3):
                with socket.create_connection(("127.0.0.1", server.port)) as hang_up:
                    hang_up.sendall(request.encode())
        for file in files:
            ask = urllib.request.Request(
                f"{server.url}/static/js/{file.name}", headers={"Accept-Encoding": "gzip"}
            )
            with urllib.request.urlopen(ask, timeout=30) as answer:
                body = answer.read()
                if answer.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
            assert body == file.read_bytes(), f"{file.name}: {len(body)} of {file.stat().st_size} bytes"
    finally:
        server.stop()
