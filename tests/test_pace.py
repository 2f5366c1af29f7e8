"""Participant refresh pacing: the configured interval, stretched when many pages are open."""

from __future__ import annotations

import pytest

from excursions.pace import OpenPages, refresh_interval


@pytest.mark.parametrize(
    ("pages", "expected"),
    [(0, 30), (1, 30), (450, 30), (451, 31), (600, 40), (1000, 67), (3000, 200)],
)
def test_interval_is_the_setting_until_the_pages_would_exceed_the_budget(pages, expected):
    assert refresh_interval(30, pages, 15) == expected


def test_open_pages_are_counted_and_closed_ones_forgotten_after_an_interval():
    pages = OpenPages(base_seconds=30, budget_per_second=10)
    for i in range(500):
        pages.seen(f"p{i}", now=0.0)
    assert pages.interval(now=0.0) == 50
    for i in range(100):  # a fifth of them keep refreshing, the rest closed their tab
        pages.seen(f"p{i}", now=45.0)
    assert pages.interval(now=45.0) == 50  # not yet a whole interval without them
    assert pages.interval(now=60.0) == 30  # 100 pages: back to the setting
    pages.seen("p0", now=60.5)
    assert pages.interval(now=60.5) == 30
