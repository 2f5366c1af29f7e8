"""Rerun requests paced per connection: the token bucket, the middleware in front of
Streamlit (serve mode), and a real flood against a running server."""

from __future__ import annotations

import asyncio
import tempfile
from concurrent.futures import ThreadPoolExecutor

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg

from excursions.limits import RUN_BURST, Bucket
from excursions.serve.reruns import RerunLimit, rerun_kind
from tests.support.flood import flood
from tests.support.processes import Server


@pytest.mark.parametrize(
    ("taken_at", "now", "expect"),
    [
        ([0.0] * 10, 0.0, False),  # a burst of ten empties it
        ([0.0] * 9, 0.0, True),
        ([0.0] * 10, 1.0, True),  # one a second comes back
        ([0.0] * 10, 0.5, False),
        ([0.0] * 10, 60.0, True),
    ],
)
def test_bucket(taken_at, now, expect):
    bucket = Bucket(burst=10, rate=1.0, tokens=10)
    for t in taken_at:
        assert bucket.take(t)
    assert bucket.take(now) is expect


def test_a_full_bucket_says_how_long_to_wait():
    bucket = Bucket(burst=2, rate=4.0, tokens=0, at=10.0)
    assert bucket.wait(10.0) == pytest.approx(0.25)
    assert bucket.wait(10.25) == pytest.approx(0.0)


def rerun(fragment: str = "", query: str = "") -> dict:
    back = BackMsg()
    back.rerun_script.query_string = query
    if fragment:
        back.rerun_script.fragment_id = fragment
    return {"type": "websocket.receive", "bytes": back.SerializeToString()}


def heartbeat() -> dict:
    back = BackMsg()
    back.app_heartbeat = True
    return {"type": "websocket.receive", "bytes": back.SerializeToString()}


def query_of(message: dict) -> str:
    return BackMsg.FromString(message["bytes"]).rerun_script.query_string


def through_middleware(messages: list[dict], rate: float = 0.01) -> list[dict]:
    """What Streamlit's websocket endpoint receives when the browser sent `messages`."""
    got: list[dict] = []

    async def endpoint(scope, receive, send):
        while True:
            message = await receive()
            got.append(message)
            if message["type"] == "websocket.disconnect":
                return

    async def run():
        queue: asyncio.Queue = asyncio.Queue()
        for m in messages:
            queue.put_nowait(m)
        await RerunLimit(endpoint, burst=RUN_BURST, rate=rate)(
            {"type": "websocket", "path": "/_stcore/stream"}, queue.get, None
        )

    with ThreadPoolExecutor(1) as pool:  # an event loop of its own (Playwright keeps one in this thread)
        pool.submit(asyncio.run, run()).result(30)
    return got


def test_a_flood_is_cut_to_the_burst_and_then_the_newest_request():
    flood_ = [rerun(query=f"n={i}") for i in range(200)]
    got = through_middleware([*flood_, {"type": "websocket.disconnect"}])
    reruns = [m for m in got if rerun_kind(m)]
    assert len(reruns) == RUN_BURST  # the rest came while the bucket was empty ...
    assert got[-1]["type"] == "websocket.disconnect"  # ... and the disconnect drops them


def first_received(messages: list[dict], count: int, rate: float = 20.0) -> list[dict]:
    """The first `count` messages Streamlit receives when the browser sent `messages` and
    then kept the connection open."""
    got: list[dict] = []

    async def endpoint(scope, receive, send):
        while len(got) < count:
            got.append(await receive())

    async def run():
        pending = list(messages)

        async def receive():
            if pending:
                return pending.pop(0)
            await asyncio.Event().wait()  # the browser sends nothing more

        limit = RerunLimit(endpoint, burst=RUN_BURST, rate=rate)
        await asyncio.wait_for(limit({"type": "websocket", "path": "/_stcore/stream"}, receive, None), 30)

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, run()).result(60)
    return got


def test_the_newest_held_request_goes_once_the_bucket_allows():
    got = first_received([*(rerun(query=f"n={i}") for i in range(100)), heartbeat()], RUN_BURST + 2)
    assert [query_of(m) for m in got[:RUN_BURST]] == [f"n={i}" for i in range(RUN_BURST)]
    assert rerun_kind(got[RUN_BURST]) is None  # the heartbeat is not held up
    assert query_of(got[RUN_BURST + 1]) == "n=99"  # only the newest of the held requests runs


def test_a_fragment_request_never_replaces_a_held_page_request():
    burst = [rerun(query=f"n={i}") for i in range(RUN_BURST)]
    got = first_received([*burst, rerun(query="page"), rerun(fragment="f1")], RUN_BURST + 1)
    assert query_of(got[-1]) == "page"


def test_other_connections_and_requests_pass_untouched():
    seen = []

    async def app(scope, receive, send):
        seen.append(scope["path"])

    async def run():
        await RerunLimit(app)({"type": "http", "path": "/_stcore/health"}, None, None)
        await RerunLimit(app)({"type": "websocket", "path": "/other"}, None, None)

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, run()).result(10)
    assert seen == ["/_stcore/health", "/other"]


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["streamlit", "serve"])
def test_a_flood_of_2000_reruns_runs_the_page_a_few_times_and_a_phone_still_gets_its_page(mode):
    """Both run modes (the middleware stands in front of Streamlit's websocket in each):
    2,000 rerun requests over 10 connections reach Streamlit as at most a burst and then
    one a second per connection; health never stops answering. The times: bench/flood.py."""
    env = {"EXCURSIONS_DATA_DIR": tempfile.mkdtemp(), "EXCURSIONS_TILES": "none"}
    server = Server(env, mode=mode)
    try:
        with ThreadPoolExecutor(1) as pool:
            report = pool.submit(asyncio.run, flood(server.port, watch=8.0)).result(300)
    finally:
        server.stop()
    assert report.sent == 2000
    assert report.runs_finished <= 10 * (RUN_BURST + 10)  # not 2,000 runs
    assert report.health_failures == 0  # every probe answered
    assert report.phone_errors == [] and report.phone_page != float("inf")
