"""Benchmark: the wish round's draw against first come, first served.

Made-up people rank `--wishes` of the shipped excursions with skewed popularity (a few
excursions wanted by many: weights 1/k**skew over the excursions in a seeded random
order). Three allocations of the same wishes, each timed (best of --repeat):

- first come (the baseline): people in a random arrival order, each taking their best
  wish that still has a seat, as a phone does at the kickoff today;
- random serial dictatorship: the same rule with a drawn order (excursions.allocation);
- most first wishes: the min-cost flow (excursions.allocation).

Before printing a figure it checks what it measured: the excursions it loaded, the
people and wishes it made, and that no allocation put more people on an excursion than
its seats. Prints the share of people getting their 1st / 2nd / 3rd / no wish per
method, the time per method and its ratio to the baseline's time, and the targets: both
methods under 2 s for 2,000 people, and most first wishes meeting more first wishes than
first come. Append the output to bench/results/allocate.txt.

    uv run python bench/allocate.py [--people 2000] [--wishes 3] [--skew 1.0] [--seed 1]
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from excursions.allocation import Method, draw, first_come  # noqa: E402
from excursions.event import load_event  # noqa: E402
from excursions.routes import Area, load_routes  # noqa: E402


def made_up_wishes(routes: list[str], people: int, k: int, skew: float, seed: int) -> dict[str, list[str]]:
    rng = random.Random(seed)
    order = list(routes)
    rng.shuffle(order)  # which excursions are the popular ones
    weights = [1 / (i + 1) ** skew for i in range(len(order))]
    wishes = {}
    for i in range(people):
        ranked: list[str] = []
        while len(ranked) < min(k, len(order)):
            route = rng.choices(order, weights)[0]
            if route not in ranked:
                ranked.append(route)
        wishes[f"deltager{i:05d}@tm.example"] = ranked
    return wishes


def shares(assigned: dict[str, str | None], wishes: dict[str, list[str]], k: int) -> list[int]:
    counts = [0] * (k + 1)
    for person, route in assigned.items():
        counts[k if route is None else wishes[person].index(route)] += 1
    return counts


def timed(fn, repeat: int):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=2000)
    ap.add_argument("--wishes", type=int, default=3)
    ap.add_argument("--skew", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    event = load_event(ROOT / "data" / "event.toml")
    area = Area(event.venue.lat, event.venue.lon, event.venue.area_radius_km)
    routes = load_routes(ROOT / "data" / "routes", area=area).routes
    seats = {r.id: r.capacity for r in routes}
    wishes = made_up_wishes(sorted(seats), args.people, args.wishes, args.skew, args.seed)
    arrivals = list(wishes)
    random.Random(args.seed + 1).shuffle(arrivals)

    k = args.wishes
    print(f"allocate: {args.people} people, {k} wishes each, skew {args.skew}, seed {args.seed}")
    print(f"machine: {platform.platform()}, Python {platform.python_version()}")
    first_counts = sorted((sum(w[0] == r for w in wishes.values()) for r in seats), reverse=True)
    print(
        f"checked: {len(routes)} excursions loaded, {sum(seats.values())} seats, "
        f"{len(wishes)} people, {sum(map(len, wishes.values()))} wishes; "
        f"first wishes on the 3 most wanted: {first_counts[:3]}"
    )
    assert len(routes) == 24 and len(wishes) == args.people

    runs = {
        "first come (baseline)": lambda: first_come(arrivals, wishes, seats),
        "random serial dictatorship": lambda: dict(
            draw(wishes, seats, method=Method.SERIAL, seed=7).assigned
        ),
        "most first wishes": lambda: dict(draw(wishes, seats, method=Method.MOST_FIRST, seed=7).assigned),
    }
    results = {}
    for name, fn in runs.items():
        took, assigned = timed(fn, args.repeat)
        per_route = {r: 0 for r in seats}
        for route in assigned.values():
            if route is not None:
                per_route[route] += 1
        over = [r for r, n in per_route.items() if n > seats[r]]
        assert not over and len(assigned) == args.people, (name, over)
        results[name] = (took, shares(assigned, wishes, k))

    base_time = results["first come (baseline)"][0]
    suffix = {1: "st", 2: "nd", 3: "rd"}
    header = " ".join(f"{str(n) + suffix.get(n, 'th'):>6}" for n in range(1, k + 1))
    print(f"{'':30} {header}   none      time  x baseline")
    for name, (took, counts) in results.items():
        pct = " ".join(f"{100 * c / args.people:5.1f}%" for c in counts)
        print(f"{name:30} {pct}  {took * 1000:7.1f} ms  {took / base_time:9.1f}x")

    slowest = max(results["random serial dictatorship"][0], results["most first wishes"][0])
    more_first = results["most first wishes"][1][0] > results["first come (baseline)"][1][0]
    print(f"target: both methods under 2 s: {'met' if slowest < 2 else 'MISSED'} (slowest {slowest:.3f} s)")
    print(
        "target: most first wishes meets more first wishes than first come: "
        f"{'met' if more_first else 'MISSED'} ({results['most first wishes'][1][0]} vs "
        f"{results['first come (baseline)'][1][0]})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
