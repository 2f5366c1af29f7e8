"""The wish round on the command line: `wishes` (live demand), `allocate` (the draw:
preview, then commit with --yes) and the made-up wish lists `simulate --wishes` sends."""

from __future__ import annotations

import argparse
import json
import random
import secrets
from typing import TYPE_CHECKING

from excursions import settings as settings_mod
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


def cmd_wishes(args: argparse.Namespace, cfg: settings_mod.Settings) -> int:
    from excursions.cli import _table, connect

    store, _ = connect(cfg)
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


def cmd_allocate(args: argparse.Namespace, cfg: settings_mod.Settings) -> int:
    from excursions.cli import _table, connect, now

    store, event = connect(cfg)
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
    number = store.commit_draw(result, now=now(), by="cli")
    if not args.json:
        print(f"draw {number} committed: seats given, everyone mailed; sign-up is first come from now on")
    return 0


def simulate_wishes(args: argparse.Namespace, store: Store, event: Event) -> int:
    """Made-up wish lists with skewed popularity (a few excursions wanted by many)."""
    from excursions.cli import now

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
        result = store.wish(person, ranked, now=now(), window=event.window, round_=round_, new_token=False)
        print(f"ack {email} {result.outcome.value} {','.join(ranked)}", flush=True)
        if result.outcome is WishOutcome.ROUND_CLOSED:
            return 1
    return 0


def add_parsers(sub) -> None:
    w = sub.add_parser("wishes", help="the wish round: wishes per excursion and rank (live demand)")
    w.add_argument("--json", action="store_true")
    w.add_argument("--people", action="store_true", help="every person's wishes, best first")
    w.set_defaults(func=cmd_wishes)

    a = sub.add_parser("allocate", help="the wish round's draw: preview it, then commit it with --yes")
    a.add_argument(
        "--method",
        choices=[m.value for m in Method],
        default=Method.MOST_FIRST.value,
        help="serial: random serial dictatorship; most_first: most first wishes, then second, ...",
    )
    a.add_argument("--seed", type=int, help="the draw's seed (default: a random one, printed)")
    a.add_argument("--dry-run", action="store_true", help="only the preview, whatever else is given")
    a.add_argument("--yes", action="store_true", help="commit the draw")
    a.add_argument("--json", action="store_true", help="the preview as JSON")
    a.set_defaults(func=cmd_allocate)
