"""The explore page's filters, as a table of cases over the shipped routes."""

from __future__ import annotations

import pytest

from excursions.catalogue import Filters, filter_routes, mode_counts
from excursions.routes import Mode, load_routes
from tests.conftest import SHIPPED_ROUTES


@pytest.fixture(scope="module")
def routes(area):
    return load_routes(SHIPPED_ROUTES, area).routes


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), None),  # everything
        (Filters(query="mølle"), {"ejby-moelle-renseanlaeg"}),
        (Filters(query="MOLLE bioenergi"), {"ejby-moelle-renseanlaeg"}),
        (Filters(query="Syddansk Universitet", modes=frozenset({Mode.WALK})), {"cirkulaert-byggeri-campus"}),
        (Filters(query="no such thing anywhere"), set()),
        (Filters(themes=frozenset({"elbiler"})), {"gaatur-40-procent-elbiler"}),
    ],
)
def test_filters_pick_the_right_routes(routes, filters, expected):
    got = {r.id for r in filter_routes(routes, filters)}
    assert got == (expected if expected is not None else {r.id for r in routes})


def test_mode_filter_keeps_only_that_mode(routes):
    shown = filter_routes(routes, Filters(modes=frozenset({Mode.BIKE, Mode.BUS})))
    assert {r.mode for r in shown} == {Mode.BIKE, Mode.BUS}
    assert len(shown) == mode_counts(routes)[Mode.BIKE] + mode_counts(routes)[Mode.BUS]


def test_duration_filter_is_an_upper_bound(routes):
    shown = filter_routes(routes, Filters(max_minutes=75))
    assert shown and all(r.duration_min <= 75 for r in shown)
    assert len(shown) < len(routes)


def test_results_come_in_departure_order(routes):
    shown = filter_routes(routes, Filters())
    assert [r.departure for r in shown] == sorted(r.departure for r in shown)
