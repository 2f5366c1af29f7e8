"""The seat counts a process shows: read from the store at most once a second, shared by
every page of the process and by /_excursions/seats.json (excursions/web/seats.py).

A snapshot knows when it was read, so a page (and bench/rush.py) can tell how old the
numbers on a screen are, and carries a version made from the counts themselves: the same
counts give the same version on every process, so a browser's cached copy stays good
behind a load balancer until a count changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from excursions.memo import memo
from excursions.model import RouteCount
from excursions.store import Store

MAX_AGE_SECONDS = 1.0
FEED_PATH = "/_excursions/seats.json"  # where a page fetches it (excursions/web/seats.py)


@dataclass(frozen=True, eq=False)  # identity: one object per read, shared
class Snapshot:
    version: str
    read_at: dt.datetime  # when the store was read, UTC
    counts: Mapping[str, RouteCount]
    # The wish round before its draw (excursions.wishes): per route, people who ranked it 1st,
    # 2nd, ...; pages then show this demand where they show seats. None: seats as usual.
    demand: Mapping[str, tuple[int, ...]] | None = None

    def document(self) -> dict:
        """The JSON a page fetches: per route, seats in all, taken, waiting and free (and
        during the wish round, its wishes per rank)."""
        routes = {
            c.route_id: {
                "capacity": c.capacity,
                "confirmed": c.confirmed,
                "waiting": c.waitlisted,
                "free": c.free,
            }
            for c in self.counts.values()
        }
        if self.demand is not None:
            for route_id, row in routes.items():
                row["wishes"] = list(self.demand.get(route_id, ()))
        return {
            "version": self.version,
            "read_at": self.read_at.isoformat(timespec="milliseconds"),
            "routes": routes,
        }


def snapshot_of(
    counts: Iterable[RouteCount],
    read_at: dt.datetime,
    demand: Mapping[str, Iterable[int]] | None = None,
    depth: int = 0,
) -> Snapshot:
    by_id = {c.route_id: c for c in sorted(counts, key=lambda c: c.route_id)}
    lines = [f"{c.route_id} {c.capacity} {c.confirmed} {c.waitlisted}" for c in by_id.values()]
    wishes = None
    if demand is not None:
        # every route the same ranks (a rank nobody wished shows 0, not what it showed before)
        wishes = {rid: _padded(demand.get(rid, ()), depth) for rid in by_id}
        lines += [f"wishes {rid} {' '.join(map(str, ranks))}" for rid, ranks in wishes.items()]
    digest = hashlib.sha256("\n".join(lines).encode())
    return Snapshot(digest.hexdigest()[:16], read_at, by_id, wishes)


def _padded(ranks: Iterable[int], depth: int) -> tuple[int, ...]:
    ranks = tuple(ranks)
    return ranks + (0,) * (depth - len(ranks))


@memo(maxsize=4, ttl=MAX_AGE_SECONDS, key=lambda store, key, wishing=0: (key, wishing))
def current(store: Store, key: str, wishing: int = 0) -> Snapshot:
    """The snapshot for the database `key` names (its URL), read anew at most once a second
    for the whole process. ``current.at_least(since, store, key)``: read after `since`.
    `wishing`: the event's wish round's wishes per person (0: no round); until its draw the
    demand is read too, per route and rank."""
    if not wishing:
        return snapshot_of(store.counts(), dt.datetime.now(dt.UTC))
    counts = store.counts()
    drawn, wishes = store.demand()
    return snapshot_of(counts, dt.datetime.now(dt.UTC), None if drawn else wishes, wishing)
