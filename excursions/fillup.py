"""Sign-ups over time, replayed from the event log (page, CLI and imports write the same log)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from excursions.model import LoggedEvent
from excursions.signups import EventKind, Status

if TYPE_CHECKING:  # pandas is imported where the frames are made: the CLI starts faster
    import pandas as pd


@dataclass(frozen=True)
class FillUp:
    per_route: pd.DataFrame  # at, route, signed_up (confirmed + waiting), after each change
    total: pd.DataFrame  # at, signed_up
    full_at: dict[str, dt.datetime]  # when each route first had every seat taken


def _initial_capacities(events: Sequence[LoggedEvent], current: Mapping[str, int]) -> dict[str, int]:
    capacity = dict(current)
    seen: set[str] = set()
    for e in events:
        if e.kind is EventKind.CAPACITY_CHANGED and e.route_id and e.route_id not in seen:
            seen.add(e.route_id)
            capacity[e.route_id] = e.facts.capacity_before
    return capacity


def replay(
    events: Sequence[LoggedEvent], capacities: Mapping[str, int], now: dt.datetime | None = None
) -> FillUp:
    """Cumulative sign-ups per route and overall; capacities are today's (earlier ones come
    from the log's capacity changes). With now, every line goes on to now at its last value:
    a line that stopped at its last sign-up read as if the chart ended there."""
    import pandas as pd  # here, not at the top: every CLI command would load it (1 s)

    capacity = _initial_capacities(events, capacities)
    signed: dict[str, int] = {}
    confirmed: dict[str, int] = {}
    full_at: dict[str, dt.datetime] = {}
    route_rows, total_rows, total = [], [], 0
    for e in events:
        r = e.route_id or ""
        if e.kind is EventKind.CAPACITY_CHANGED:
            capacity[r] = e.facts.capacity_after
        elif e.kind in (EventKind.CONFIRMED, EventKind.WAITLISTED):
            signed[r] = signed.get(r, 0) + 1
            total += 1
            if e.kind is EventKind.CONFIRMED:
                confirmed[r] = confirmed.get(r, 0) + 1
        elif e.kind is EventKind.PROMOTED:
            confirmed[r] = confirmed.get(r, 0) + 1
        elif e.kind in (EventKind.LEFT, EventKind.CANCELLED):
            signed[r] = signed.get(r, 0) - 1
            total -= 1
            if e.facts.was is Status.CONFIRMED:
                confirmed[r] = confirmed.get(r, 0) - 1
        else:
            continue
        if r in capacity and confirmed.get(r, 0) >= capacity[r] and r not in full_at:
            full_at[r] = e.at
        route_rows.append({"at": e.at, "route": r, "signed_up": signed.get(r, 0)})
        total_rows.append({"at": e.at, "signed_up": total})
    if now is not None and total_rows and now > total_rows[-1]["at"]:
        for r in dict.fromkeys(row["route"] for row in route_rows):
            route_rows.append({"at": now, "route": r, "signed_up": signed.get(r, 0)})
        total_rows.append({"at": now, "signed_up": total})
    columns = ["at", "route", "signed_up"]
    return FillUp(
        pd.DataFrame(route_rows, columns=columns),
        pd.DataFrame(total_rows, columns=["at", "signed_up"]),
        full_at,
    )
