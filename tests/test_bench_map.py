"""bench/map.py measures the maps it says it measures (it once measured the shipped event
twice: settings are read once per process)."""

from __future__ import annotations

import os

import pytest

from bench import map as bench_map
from tests.conftest import SHIPPED_ROUTES

pytestmark = pytest.mark.slow


@pytest.fixture
def bench_environment(monkeypatch):
    """The bench sets its settings in os.environ, as a process of its own may; here they are
    put back after the test, passed or failed, with the settings read from them (a failed run
    once left 200 synthetic routes to every later test on its worker)."""
    from excursions import memo

    for name in ("EXCURSIONS_ROUTES_DIR", "EXCURSIONS_TILES", "EXCURSIONS_DATA_DIR"):
        monkeypatch.setenv(name, os.environ.get(name, ""))
        monkeypatch.delenv(name)
    yield
    monkeypatch.undo()
    memo.clear_all()


def test_the_synthetic_case_draws_its_200_routes_on_both_pages(tmp_path, bench_environment):
    bench_map.measure(bench_map.explore(SHIPPED_ROUTES), 1)  # the shipped event first, as the bench does
    folder = tmp_path / "routes"
    folder.mkdir()
    bench_map.synthetic_routes(folder, 200, 12)
    *_, explore_bytes, explore_lines = bench_map.measure(bench_map.explore(folder), 1)
    *_, _, bare_lines = bench_map.measure(bench_map.bare(folder), 1)
    assert explore_lines == bare_lines == 200
    *_, shipped_bytes, shipped_lines = bench_map.measure(bench_map.explore(SHIPPED_ROUTES), 1)
    assert shipped_lines == 24
    assert explore_bytes != shipped_bytes
