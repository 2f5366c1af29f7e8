"""Benchmark: many threads of one process signing up at once on one SQLite file.

The threads are a process's script runs at a kickoff: each signs up `--each` new people
as fast as the store answers. Run twice on fresh files in the same run: first with
SQLite's own busy wait only (the baseline: the writers poll), then with the process's
writers taking turns (excursions/store/write_turns.py). Prints, for each, the sign-ups
refused with "try again in a moment" (StoreBusy), the median, p99 and longest wait, and
the wall time; then the ratios. Checks that it measured what it says first: the people
stored equal the sign-ups acknowledged.

    uv run python bench/write_turns.py [--threads 48] [--each 20] [--lock-timeout 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from excursions.signups import ParticipantInput, Window  # noqa: E402
from excursions.store import StoreBusy, open_store, sqlite_url  # noqa: E402
from tests.conftest import make_routes  # noqa: E402

UTC = dt.UTC
NOW = dt.datetime(2022, 4, 1, 12, tzinfo=UTC)
WINDOW = Window(dt.datetime(2022, 3, 1, tzinfo=UTC), dt.datetime(2022, 4, 19, tzinfo=UTC))


def run(threads: int, each: int, lock_timeout: float, turns: bool) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="bench-turns-"))
    store = open_store(sqlite_url(folder), lock_timeout=lock_timeout)
    store.sync_routes(make_routes([100_000] * 4), NOW)
    if not turns:
        store._turns = None  # the baseline: SQLite's busy wait alone
    waits: list[float] = []
    refused, acknowledged = [], []

    def phone(i: int) -> None:
        for k in range(each):
            email = f"p{i}-{k}@example.dk"
            t0 = time.perf_counter()
            try:
                store.signup(ParticipantInput(email, f"P {i}"), f"r0{k % 4}", now=NOW, window=WINDOW)
                acknowledged.append(email)
            except StoreBusy:
                refused.append(email)
            waits.append(time.perf_counter() - t0)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(phone, range(threads)))
    wall = time.perf_counter() - t0
    stored = {p.email for p in store.people()}
    assert stored == set(acknowledged), "the store does not hold exactly the acknowledged sign-ups"
    assert len(waits) == threads * each, "not every sign-up was timed"
    waits.sort()
    return {
        "refused": len(refused),
        "median": statistics.median(waits),
        "p99": waits[int(len(waits) * 0.99)],
        "worst": waits[-1],
        "wall": wall,
        "stored": len(stored),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=48)
    parser.add_argument("--each", type=int, default=20)
    parser.add_argument("--lock-timeout", type=float, default=3.0)
    args = parser.parse_args()
    total = args.threads * args.each
    print(f"{args.threads} threads x {args.each} sign-ups = {total}, lock timeout {args.lock_timeout:g} s")
    results = {}
    for name, turns in (("busy wait only", False), ("turns", True)):
        r = results[name] = run(args.threads, args.each, args.lock_timeout, turns)
        print(
            f"{name:15} refused {r['refused']:4} of {total}, stored {r['stored']}; wait median "
            f"{r['median'] * 1000:.0f} ms, p99 {r['p99'] * 1000:.0f} ms, worst {r['worst'] * 1000:.0f} ms; "
            f"wall {r['wall']:.1f} s"
        )
    base, new = results["busy wait only"], results["turns"]
    print(
        f"ratio turns/baseline: p99 wait {new['p99'] / base['p99']:.2f}x, worst wait "
        f"{new['worst'] / base['worst']:.2f}x, wall {new['wall'] / base['wall']:.2f}x; "
        f"refused {base['refused']} -> {new['refused']}"
    )


if __name__ == "__main__":
    main()
