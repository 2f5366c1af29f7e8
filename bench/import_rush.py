"""Benchmark: a phone signing up while an organiser imports 10,000 rows.

One thread imports the rows (24 excursions, people spread over them) through the store,
as the organiser page and `excursions import-csv` do; another signs up a new person
every 0.2 s until the import is done. The same sign-ups are first timed with no import
running: the baseline. Prints the import's time and transactions, the sign-ups' median,
p95 and worst latency in both phases and the ratio worst/baseline-worst; then imports
the same rows again and checks it changed nothing. Target: every sign-up during the
import answered within 1 s.

    uv run python bench/import_rush.py [--rows 10000] [--database-url postgresql+psycopg://…]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from excursions.model import Registration  # noqa: E402
from excursions.signups import Outcome, ParticipantInput, Window  # noqa: E402
from excursions.store import open_store  # noqa: E402
from tests.conftest import make_routes  # noqa: E402

UTC = dt.UTC
NOW = dt.datetime(2022, 4, 1, 12, tzinfo=UTC)
WINDOW = Window(dt.datetime(2022, 3, 1, tzinfo=UTC), dt.datetime(2022, 4, 19, tzinfo=UTC))


def summary(seconds: list[float]) -> str:
    cuts = statistics.quantiles(seconds, n=20) if len(seconds) > 1 else seconds * 19
    ms = [statistics.median(seconds) * 1000, cuts[18] * 1000, max(seconds) * 1000]
    return f"n={len(seconds)} median {ms[0]:.0f} ms, p95 {ms[1]:.0f} ms, worst {ms[2]:.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}"
    if args.database_url:  # a bench database: start empty
        open_store(url, create=False).drop_schema()
    store = open_store(url)
    store.sync_routes(make_routes([args.rows] * 24), NOW)
    rows = [
        Registration(ParticipantInput(f"import{i}@x.dk", f"Person {i}", "Org"), f"r{i % 24:02d}")
        for i in range(args.rows)
    ]
    phone = iter(range(10**6))

    def sign_up() -> float:
        i = next(phone)
        began = time.perf_counter()
        result = store.signup(
            ParticipantInput(f"phone{i}@x.dk", f"Phone {i}"), f"r{i % 24:02d}", now=NOW, window=WINDOW
        )
        took = time.perf_counter() - began
        assert result.outcome is Outcome.CONFIRMED, result
        return took

    baseline = [sign_up() for _ in range(20)]
    batches: list[int] = []
    finished = threading.Event()
    took: list[float] = []

    def run_import() -> None:
        began = time.perf_counter()
        results = store.import_registrations(
            rows, now=NOW, source="bench", progress=lambda n, t: batches.append(n)
        )
        took.append(time.perf_counter() - began)
        assert len(results) == len(rows)
        finished.set()

    importer = threading.Thread(target=run_import)
    importer.start()
    during: list[float] = []
    while not finished.wait(0.2):
        if batches:  # the import has begun writing
            during.append(sign_up())
    importer.join()
    people = len(store.people())
    expected = args.rows + len(baseline) + len(during)
    print(
        f"database: {store.dialect}; {args.rows} rows imported in {took[0]:.1f} s, "
        f"{len(batches)} transactions"
    )
    print(f"people in the database: {people} (expected {expected})")
    assert people == expected, "the bench did not do what it says"
    assert len(during) >= 5, "too few sign-ups during the import to say anything"
    print(f"sign-ups, no import:     {summary(baseline)}")
    print(f"sign-ups, during import: {summary(during)}")
    print(
        f"worst during / worst without: {max(during) / max(baseline):.1f}x; target: worst < 1 s -> "
        f"{'met' if max(during) < 1.0 else 'MISSED'}"
    )
    events = len(store.events())
    began = time.perf_counter()
    store.import_registrations(rows, now=NOW, source="bench")
    print(
        f"second run: {time.perf_counter() - began:.1f} s, events {events} -> {len(store.events())} "
        f"({'nothing changed' if len(store.events()) == events else 'CHANGED'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
