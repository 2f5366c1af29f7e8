"""Benchmark: the first page after `excursions serve` reports healthy, against warm pages.

Starts a first server only to warm this client (its imports, its first websocket), then
a fresh one; as soon as that one's /_stcore/health answers 200, opens the explore page
with the protocol-level client (tests/support/streamlit_client.py) and waits for its
first run to finish, then opens it `--warm` more times. Prints each time, the ratio
first / median of the warm ones, and the target (1.5x).

    uv run python bench/cold_start.py [--warm 5]
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

from tests.support.processes import Server  # noqa: E402
from tests.support.streamlit_client import open_page  # noqa: E402


async def first_page(port: int) -> float:
    seconds, errors = await open_page(port)
    if errors:
        raise RuntimeError(errors[0])
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warm", type=int, default=5)
    args = parser.parse_args()
    env = {"EXCURSIONS_TILES": "none"}
    client = Server(ROOT / "dashboard.py", {**env, "EXCURSIONS_DATA_DIR": tempfile.mkdtemp()})
    try:
        asyncio.run(first_page(client.port))  # this process's own first-time costs
    finally:
        client.stop()
    began = time.perf_counter()
    server = Server(ROOT / "dashboard.py", {**env, "EXCURSIONS_DATA_DIR": tempfile.mkdtemp()})
    healthy = time.perf_counter() - began
    try:
        cold = asyncio.run(first_page(server.port))
        warm = [asyncio.run(first_page(server.port)) for _ in range(args.warm)]
    finally:
        server.stop()
    ratio = cold / statistics.median(warm)
    print(f"healthy after {healthy:.1f} s (start, warm-up included)")
    print(f"first page after healthy: {cold * 1000:.0f} ms")
    each = ", ".join(f"{w * 1000:.0f}" for w in warm)
    print(f"warm pages: {each} ms (median {statistics.median(warm) * 1000:.0f})")
    print(f"first / warm: {ratio:.2f}x; target <= 1.5x -> {'met' if ratio <= 1.5 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
