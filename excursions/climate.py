"""What an excursion's trip emits, and what the same trip would emit by car (pure).

The conference is about municipal climate action, so the map says it: walking and
cycling emit nothing on the way; a bus emits per bus-km, however full; the same group by
car emits per car-km, one car per `car_occupancy` people. The factors are the event
file's ([climate]); docs/participants.md ("Climate facts") names where the shipped ones come from.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from excursions.model import RouteCount
from excursions.overview import buses_needed
from excursions.routes import Mode, Route


@dataclass(frozen=True)
class Factors:
    car_kg_per_km: float  # per car-km
    car_occupancy: float  # people per car
    bus_kg_per_km: float  # per bus-km


@dataclass(frozen=True)
class Trip:
    people: int
    kg: float  # as planned: on foot, by bike or by bus
    kg_by_car: float  # the same people the same distance by car


def trip(route: Route, people: int, factors: Factors, bus_seats: int) -> Trip:
    km = route.km
    kg = buses_needed(people, bus_seats) * km * factors.bus_kg_per_km if route.mode is Mode.BUS else 0.0
    cars = math.ceil(people / factors.car_occupancy) if people else 0
    return Trip(people, kg, cars * km * factors.car_kg_per_km)


@dataclass(frozen=True)
class Totals:
    active_km: float  # person-km on foot and by bike
    kg: float  # all excursions as planned (the buses)
    kg_by_car: float  # everyone by car instead


def totals(
    routes: Iterable[Route], counts: Mapping[str, RouteCount], factors: Factors, bus_seats: int
) -> Totals:
    """The afternoon so far: everyone confirmed, on their excursion."""
    active = kg = by_car = 0.0
    for route in routes:
        count = counts.get(route.id)
        people = count.confirmed if count else 0
        one = trip(route, people, factors, bus_seats)
        kg, by_car = kg + one.kg, by_car + one.kg_by_car
        if route.mode is not Mode.BUS:
            active += people * route.km
    return Totals(active, kg, by_car)
