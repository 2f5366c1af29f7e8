"""Benchmark: a rerun flood (2,000 requests over 10 websockets at once) in both run modes.

For `streamlit run` and `excursions serve` in turn: starts the app, opens 10 sessions on
the explore page, measures /_stcore/health every 50 ms for 5 s with them idle (the
baseline), then floods and measures again for `--watch` seconds while a normal phone opens
the page. Prints, per mode: requests sent, runs they caused (counted from the
answers), health median and worst in both phases, the ratio worst-flood / worst-baseline,
and the phone's first page. Targets: health within 1 s throughout, the phone's page
within 2 s.

    uv run python bench/flood.py [--watch 15] [--modes streamlit,serve]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.flood import FloodReport, flood, probe_health  # noqa: E402
from tests.support.processes import Server  # noqa: E402


async def baseline(port: int, seconds: float) -> FloodReport:
    report = FloodReport()
    stop = asyncio.Event()
    prober = asyncio.create_task(probe_health(port, report, stop))
    await asyncio.sleep(seconds)
    stop.set()
    await prober
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--watch", type=float, default=15.0)
    parser.add_argument("--modes", default="streamlit,serve")
    args = parser.parse_args()
    for mode in args.modes.split(","):
        env = {"EXCURSIONS_DATA_DIR": tempfile.mkdtemp(), "EXCURSIONS_TILES": "none"}
        server = Server(env, mode=mode)
        try:
            began = time.perf_counter()
            calm = asyncio.run(baseline(server.port, 5.0))
            report = asyncio.run(flood(server.port, connections=10, messages=2000, watch=args.watch))
            took = time.perf_counter() - began
        finally:
            server.stop()
        assert report.sent == 2000 and len(report.health) > 10, "the flood or the probes did not happen"
        worst, calm_worst = max(report.health), max(calm.health)
        print(f"== {mode} ({took:.0f} s)")
        print(f"requests sent: {report.sent} over 10 connections; runs they caused: {report.runs_finished}")
        print(
            f"health, idle:  n={len(calm.health)} median {statistics.median(calm.health) * 1000:.1f} ms, "
            f"worst {calm_worst * 1000:.1f} ms"
        )
        print(
            f"health, flood: n={len(report.health)} median {statistics.median(report.health) * 1000:.1f} ms, "
            f"worst {worst * 1000:.0f} ms, failures {report.health_failures}; worst / idle worst "
            f"{worst / calm_worst:.0f}x; target < 1 s -> {'met' if worst < 1 else 'MISSED'}"
        )
        print(
            f"a phone's first page during the flood: {report.phone_page:.2f} s "
            f"(target < 2 s -> {'met' if report.phone_page < 2 else 'MISSED'}) {report.phone_errors or ''}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
