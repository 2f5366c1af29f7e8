"""Climate facts: what a trip emits as planned and by car (pure), and where they are shown."""

from __future__ import annotations

import json
import re

import pytest

from excursions.climate import Factors, totals, trip
from excursions.i18n import format_kg
from excursions.model import RouteCount
from excursions.routes import parse_route
from tests.conftest import route_doc

FACTORS = Factors(car_kg_per_km=0.17, car_occupancy=1.0, bus_kg_per_km=0.85)


def route(mode: str, rid: str = "r"):
    return parse_route(json.dumps(route_doc(id=rid, mode=mode)), f"{rid}.geojson")


@pytest.mark.parametrize(
    ("mode", "people", "bus_seats", "buses"),
    [
        ("walk", 30, 50, 0),
        ("bike", 30, 50, 0),
        ("bus", 0, 50, 0),
        ("bus", 30, 50, 1),
        ("bus", 49, 50, 1),  # 49 and the guide fill one bus
        ("bus", 50, 50, 2),
    ],
)
def test_a_trip_emits_by_bus_km_and_the_car_by_car_km(mode, people, bus_seats, buses):
    r = route(mode)
    one = trip(r, people, FACTORS, bus_seats)
    assert one.kg == pytest.approx(buses * r.km * 0.85)
    assert one.kg_by_car == pytest.approx(people * r.km * 0.17)


def test_sharing_cars_divides_the_car_trip():
    r = route("walk")
    shared = Factors(0.17, 2.0, 0.85)
    assert trip(r, 3, shared, 50).kg_by_car == pytest.approx(2 * r.km * 0.17)  # 3 people, 2 cars


def test_the_afternoons_totals_count_the_confirmed_people():
    walk, bus = route("walk", rid="w"), route("bus", rid="b")
    counts = {"w": RouteCount("w", "walk", 20, 10, 0), "b": RouteCount("b", "bus", 50, 40, 3)}
    sums = totals([walk, bus], counts, FACTORS, 50)
    assert sums.active_km == pytest.approx(10 * walk.km)
    assert sums.kg == pytest.approx(bus.km * 0.85)
    assert sums.kg_by_car == pytest.approx((10 * walk.km + 40 * bus.km) * 0.17)


@pytest.mark.parametrize(
    ("kg", "lang", "text"),
    [(0, "da", "0 kg"), (2.44, "da", "2,4 kg"), (1234.4, "da", "1.234 kg"), (2.44, "en", "2.4 kg")],
)
def test_kilograms_as_people_write_them(kg, lang, text):
    assert format_kg(kg, lang) == text


def test_route_details_and_the_projector_show_the_facts(app):
    at = app({"route": "ejby-moelle-renseanlaeg"})  # a bus excursion, 45 seats: one bus
    details = "\n".join(m.value for m in at.markdown).replace("\\", "")
    (line,) = [x for x in details.splitlines() if x.startswith("**Klimaaftryk:**")]
    assert re.fullmatch(r"\*\*Klimaaftryk:\*\* \d+,\d kg CO₂ for en fuld gruppe på 45 – i bil \d+ kg", line)
    at.switch_page("app_pages/kickoff.py")
    at.run()
    shown = "\n".join(str(h.proto) for h in at.get("html"))
    assert "0 km til fods og på cykel – 0 kg CO₂. Busserne: 0 kg. I bil: 0 kg." in shown
