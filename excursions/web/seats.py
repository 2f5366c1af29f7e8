"""/_excursions/seats.json: the process's seat counts as a small JSON document, so a page
can show new counts without a script run (excursions/snapshot.py). ASGI middleware in both
run modes (dashboard.py, serve mode).

The document's version comes from the counts, so it is the same on every process and an
unchanged document answers 304; the time the counts were read from the store goes in a
header of every answer, 304s included, so a page knows how fresh its numbers are.
"""

from __future__ import annotations

import asyncio
import functools
import json
from typing import NamedTuple

from excursions import services
from excursions.i18n import LANGS
from excursions.overview_text import overview_feed
from excursions.seats import board
from excursions.snapshot import FEED_PATH, Snapshot, current
from excursions.sources import catalogue, database_url
from excursions.store import Store, StoreError
from excursions.web.asgi import ASGIApp, Receive, Scope, Send, answer, query, request_header

PATH = FEED_PATH
OVERVIEW = "overview"  # ?view=overview: also the organiser overview's cells
READ_AT = b"x-excursions-read-at"


class FeedSource(NamedTuple):
    store: Store
    url: str
    bus_seats: int  # for the overview's buses to order
    wishing: int = 0  # the event's wish round's wishes per person (0: none): demand until the draw


@functools.cache
def feed_store() -> FeedSource:
    """The process's store, its URL and what the words need, from the settings once: the
    feed is asked hundreds of times a second during a rush. Tests that change the settings
    clear it."""
    cfg = services.settings()
    event, _ = catalogue()
    return FeedSource(
        services.store(cfg),
        database_url(cfg),
        cfg.bus_seats,
        event.wish_round.wishes if event.wish_round else 0,
    )


def latest() -> Snapshot:
    source = feed_store()
    return current(source.store, source.url, source.wishing)


def fresh() -> Snapshot | None:
    """The snapshot of the last second, if there is one, without leaving the event loop:
    most polls are answered so, the one a second that reads the store goes to a thread."""
    if not feed_store.cache_info().currsize:
        return None
    source = feed_store()
    return current.peek(source.store, source.url, source.wishing)


@functools.lru_cache(maxsize=8)
def body(snapshot: Snapshot, lang: str | None, view: str = "", bus_seats: int = 50) -> bytes:
    """The document, made once per snapshot, language and view for every page that asks;
    with a language, also the words a page shows (map badges "12"/"fuld", seat lines, the
    summary), and with view=overview the organiser overview's cells."""
    document = snapshot.document()
    if lang:
        counts = tuple(snapshot.counts.values())
        document |= board(snapshot, lang).feed()
        if view == OVERVIEW:
            document["overview"] = overview_feed(counts, lang, bus_seats, _demand(snapshot))
    return json.dumps(document, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode()


def _demand(snapshot: Snapshot) -> tuple[tuple[str, tuple[int, ...]], ...] | None:
    return None if snapshot.demand is None else tuple(sorted(snapshot.demand.items()))


class SeatsFeed:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != PATH:
            await self.app(scope, receive, send)
            return
        try:
            snapshot = fresh() or await asyncio.to_thread(latest)
        except StoreError:  # the page keeps what it shows, and says it is not live
            await answer(send, 503, headers=[(b"cache-control", b"no-store"), (b"retry-after", b"2")])
            return
        asked = query(scope)
        lang = asked.get("lang", [""])[0]
        lang = lang if lang in LANGS else None
        view = OVERVIEW if lang and asked.get("view") == [OVERVIEW] else ""
        etag = f'"{snapshot.version}{"-" + lang if lang else ""}{"-" + view if view else ""}"'.encode()
        headers = [
            (b"cache-control", b"no-cache"),  # any cache may keep it, but asks again each time
            (b"etag", etag),
            (READ_AT, snapshot.read_at.isoformat(timespec="milliseconds").encode()),
        ]
        if request_header(scope, b"if-none-match") == etag:
            await answer(send, 304, headers=headers)
            return
        document = body(snapshot, lang, view, feed_store().bus_seats)
        await answer(send, 200, document, headers, content_type=b"application/json")
