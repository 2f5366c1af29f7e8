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


def test_organisers_arriving_over_a_minute_are_planned_for_over_half_a_minute():
    """The organiser overview refreshes every 5 s; the rush look-ahead still spans 30 s."""
    pages = OpenPages(base_seconds=5, budget_per_second=10)
    for second in range(60):  # one organiser arrives a second; the open ones refresh every 5 s
        for o in range(second + 1):
            if o == second or (second - o) % 5 == 0:
                pages.seen(f"o{o}", now=float(second))
        pages.interval(now=float(second))
    assert pages.interval(now=59.0) == 10  # 60 open + 31 arrived in the last 30 s, at 10/s
    few = OpenPages(base_seconds=5, budget_per_second=10)
    for i in range(5):
        few.seen(f"o{i}", now=0.0)
    assert few.interval(now=0.0) == 5  # a handful of organisers keep the setting
