"""The wish round on the command line: `wishes` (live demand), `allocate` (the draw:
preview, then commit with --yes) and the made-up wish lists `simulate --wishes` sends.
excursions.cli connects and parses; these print."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import secrets
from collections.abc import Sequence
from typing import TYPE_CHECKING

from excursions.allocation import Draw, Method, draw, summary
from excursions.errors import ExcursionsError
from excursions.signups import clean_participant
from excursions.wishes import WishOutcome

if TYPE_CHECKING:
    from excursions.event import Event
    from excursions.store import Store


def _round(event: Event):
    if event.wish_round is None:
        raise ExcursionsError(
            'This event has no wish round: set [signup] mode = "wishes" and wishes_close in the event file.'
        )
    return event.wish_round


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _table(rows: Sequence[Sequence[str]], right: set[int]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(
            c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    )


def wishes(args: argparse.Namespace, store: Store) -> int:
    counts = store.wish_counts()
    seats = {c.route_id: c.capacity for c in store.counts()}
    if args.people:
        for email, ranked in sorted(store.wishes_by_person().items()):
            print(f"{email}: {', '.join(ranked)}")
        return 0
    depth = max((len(v) for v in counts.values()), default=1)
    if args.json:
        out = {
            rid: {"capacity": cap, "wishes": (counts.get(rid, []) + [0] * depth)[:depth]}
            for rid, cap in seats.items()
        }
        print(json.dumps(out, indent=1, sort_keys=True))
        return 0
    header = ("route", "seats", *(f"wish {i + 1}" for i in range(depth)), "all")
    rows = [header]
    for rid, cap in seats.items():
        ranks = (counts.get(rid, []) + [0] * depth)[:depth]
        rows.append((rid, str(cap), *map(str, ranks), str(sum(ranks))))
    print(_table(rows, right=set(range(1, len(header)))))
    print(f"\n{len(store.wishes_by_person())} people have sent wishes")
    return 0


def preview(store: Store, method: Method, seed: int) -> Draw:
    """The draw on the wishes and free seats of now (nothing is written)."""
    return draw(store.wishes_by_person(undecided_only=True), store.free_seats(), method=method, seed=seed)


def allocate(args: argparse.Namespace, store: Store, event: Event) -> int:
    _round(event)
    seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
    result = preview(store, Method(args.method), seed)
    numbers = summary(result)
    if args.json:
        print(json.dumps(numbers, indent=1, sort_keys=True))
    else:
        rows = [("route", "seats", "assigned", "first wishes", "not met")]
        rows += [
            (rid, str(r["capacity"]), str(r["assigned"]), str(r["first_wishes"]), str(r["not_met"]))
            for rid, r in numbers["routes"].items()
        ]
        print(_table(rows, right={1, 2, 3, 4}))
        met = f"1st wish {numbers['first']}, 2nd {numbers['second']}, 3rd {numbers['third']}"
        print(
            f"\n{numbers['method']} with seed {seed}: {numbers['people']} people; "
            f"{met}, none {numbers['none']}"
        )
    if args.dry_run:
        return 0
    if not args.yes:
        print("a preview: nothing was changed; add --yes to commit this draw (same --seed)")
        return 0
    number = store.commit_draw(result, now=_now(), by="cli")
    if not args.json:
        print(f"draw {number} committed: seats given, everyone mailed; sign-up is first come from now on")
    return 0


def simulate_wishes(args: argparse.Namespace, store: Store, event: Event) -> int:
    """Made-up wish lists with skewed popularity (a few excursions wanted by many)."""
    round_ = _round(event)
    routes = sorted(c.route_id for c in store.counts())
    rng = random.Random(args.seed)
    rng.shuffle(routes)
    weights = [1 / (i + 1) for i in range(len(routes))]
    for i in range(args.participants):
        email = f"sim-{args.seed}-{i:05d}@example.invalid"
        person = clean_participant(email, f"Testdeltager {i + 1} (simuleret)", "Simuleret kommune")
        ranked: list[str] = []
        while len(ranked) < min(round_.wishes, len(routes)):
            route = rng.choices(routes, weights)[0]
            if route not in ranked:
                ranked.append(route)
        result = store.wish(person, ranked, now=_now(), window=event.window, round_=round_, new_token=False)
        print(f"ack {email} {result.outcome.value} {','.join(ranked)}", flush=True)
        if result.outcome is WishOutcome.ROUND_CLOSED:
            return 1
    return 0
