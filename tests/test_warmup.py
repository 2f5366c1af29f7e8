"""Serve mode reports healthy only once it has run the first page itself."""

from __future__ import annotations

import asyncio
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from excursions.web.warmup import WarmUp
from tests.support.processes import Server


def ask(app, path: str) -> tuple[int, bytes]:
    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    async def run():
        await app({"type": "http", "method": "GET", "path": path, "headers": []}, None, send)

    with ThreadPoolExecutor(1) as pool:  # an event loop of its own
        pool.submit(asyncio.run, run()).result(10)
    return sent[0].get("status", 0), b"".join(m.get("body", b"") for m in sent[1:])


async def streamlit(scope, receive, send):
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


def test_health_says_warming_up_until_the_first_page_has_run_and_nothing_else_waits():
    app = WarmUp(streamlit)
    assert ask(app, "/_stcore/health") == (503, b"warming up")
    assert ask(app, "/") == (200, b"ok")  # pages are served meanwhile
    app.warm.set()
    assert ask(app, "/_stcore/health") == (200, b"ok")


@pytest.mark.serve
def test_a_started_server_is_healthy_only_after_its_warm_up_ran_the_page(tmp_path):
    server = Server({"EXCURSIONS_DATA_DIR": str(tmp_path), "EXCURSIONS_TILES": "none"})
    try:
        with urllib.request.urlopen(server.url + "/_stcore/health", timeout=5) as r:
            assert r.status == 200
        # the warm-up's own run synced the routes into the database before health said ok
        from excursions.store import open_store, sqlite_url

        assert len(open_store(sqlite_url(tmp_path)).counts()) == 24
    finally:
        server.stop()
