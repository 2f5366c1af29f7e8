"""Participant refresh pacing: the configured interval, stretched when many pages are open."""

from __future__ import annotations

import pytest

from excursions.pace import OpenPages, expected_pages, refresh_interval


@pytest.mark.parametrize(
    ("pages", "expected"),
    [(0, 30), (1, 30), (450, 30), (451, 31), (600, 40), (1000, 67), (3000, 200)],
)
def test_interval_is_the_setting_until_the_pages_would_exceed_the_budget(pages, expected):
    assert refresh_interval(30, pages, 15) == expected


@pytest.mark.parametrize(
    ("open_pages", "recent", "expected"),
    [(0, 0, 0), (500, 0, 500), (300, 300, 600), (1000, 100, 1100)],
)
def test_recent_arrivals_are_expected_again(open_pages, recent, expected):
    assert expected_pages(open_pages, recent) == expected


def test_open_pages_are_counted_and_closed_ones_forgotten_after_an_interval():
    pages = OpenPages(base_seconds=30, budget_per_second=10)
    for i in range(500):
        pages.seen(f"p{i}", now=0.0)
    assert pages.interval(now=0.0) == 100  # 500 open, and 500 more expected: a rush
    for i in range(100):  # a fifth of them keep refreshing, the rest closed their tab
        pages.seen(f"p{i}", now=45.0)
    assert pages.interval(now=45.0) == 50  # the rush is over; 500 still counted as open
    assert pages.interval(now=60.0) == 30  # 100 pages: back to the setting
    pages.seen("p0", now=60.5)
    assert pages.interval(now=60.5) == 30


def test_a_rush_stretches_the_interval_before_the_hall_has_arrived():
    """A page built early in a rush keeps its timer: it must already allow for the rest."""
    pages = OpenPages(base_seconds=30, budget_per_second=10)
    for second in range(30):  # ten phones a second, as when the QR code goes up
        for i in range(10):
            pages.seen(f"p{second}-{i}", now=float(second))
    assert pages.interval(now=29.0) == 60  # 300 open, 300 more expected
    calm = OpenPages(base_seconds=30, budget_per_second=10)
    for i in range(300):  # the same 300 pages, arrived long ago: no rush
        calm.seen(f"p{i}", now=0.0)
    calm.interval(now=0.0)
    for i in range(300):
        calm.seen(f"p{i}", now=29.0)
    assert calm.interval(now=31.0) == 30
