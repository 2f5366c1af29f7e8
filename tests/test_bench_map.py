"""bench/map.py measures the maps it says it measures (it once measured the shipped event
twice: settings are read once per process)."""

from __future__ import annotations

import pytest

from bench import map as bench_map
from tests.conftest import SHIPPED_ROUTES

pytestmark = pytest.mark.slow


def test_the_synthetic_case_draws_its_200_routes_on_both_pages(tmp_path, monkeypatch):
    monkeypatch.setenv("EXCURSIONS_DATA_DIR", str(tmp_path / "data"))
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
