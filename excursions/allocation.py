"""The wish round's draw: ranked wishes in, one excursion (or none) per person out.

Pure: no database, no clock. The store hands in who wished what and the free seats, and
writes the result in one transaction (excursions.store.wishes). Two methods, both seeded,
so anyone holding the wishes and the seed gets the same result:

- **Random serial dictatorship** (:attr:`Method.SERIAL`): people in a drawn order, each
  gets their highest wish with a seat left. Strategy-proof: ranking honestly is always
  best, whatever the others do.
- **Most first wishes** (:attr:`Method.MOST_FIRST`): of all assignments within the seats,
  one that meets the most first wishes, then the most second wishes, and so on; among
  those equally good, the one that favours people earlier in the same drawn order. Solved
  exactly as a min-cost flow (networkx's network simplex, integer costs): the problem is a
  transportation problem (people -> excursions with seat capacities), whose flow optimum
  is whole people, and lexicographic rank goals become one cost by weighting each rank
  above everything the ranks below it can add up to. It meets at least as many first
  wishes as any other assignment, serial dictatorship included, but a person can gain by
  ranking strategically; the organiser chooses, seeing both.

Both leave nobody without an excursion while one of their wishes still has a free seat.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Method(StrEnum):
    SERIAL = "serial"  # random serial dictatorship
    MOST_FIRST = "most_first"  # most first wishes, then second, ...


@dataclass(frozen=True)
class RouteResult:
    capacity: int  # free seats before the draw
    assigned: int
    first_wishes: int  # people who ranked it first
    not_met: int  # people who ranked it and got a lower wish or none


@dataclass(frozen=True)
class Draw:
    method: Method
    seed: int
    order: tuple[str, ...]  # everyone, in the drawn order
    wishes: Mapping[str, tuple[str, ...]]  # person -> their wishes, best first (as drawn)
    assigned: Mapping[str, str | None]  # person -> excursion; None: no wish had a seat
    capacity: Mapping[str, int]

    def rank(self, person: str) -> int | None:
        """0 for a first wish met, 1 for a second, ...; None for none."""
        route = self.assigned.get(person)
        return None if route is None else self.wishes[person].index(route)

    def met(self) -> list[int]:
        """How many people got their 1st, 2nd, ... wish (as long as the longest list)."""
        counts = [0] * max((len(w) for w in self.wishes.values()), default=0)
        for person in self.order:
            rank = self.rank(person)
            if rank is not None:
                counts[rank] += 1
        return counts

    def none(self) -> int:
        return sum(1 for person in self.order if self.assigned[person] is None)

    def per_route(self) -> dict[str, RouteResult]:
        assigned = {route: 0 for route in self.capacity}
        first = dict.fromkeys(self.capacity, 0)
        not_met = dict.fromkeys(self.capacity, 0)
        for person in self.order:
            got, ranked = self.assigned[person], self.wishes[person]
            if got is not None:
                assigned[got] += 1
            if ranked and ranked[0] in first:
                first[ranked[0]] += 1
            better = ranked if got is None else ranked[: ranked.index(got)]
            for route in better:
                if route in not_met:
                    not_met[route] += 1
        return {
            route: RouteResult(seats, assigned[route], first[route], not_met[route])
            for route, seats in self.capacity.items()
        }


def summary(result: Draw) -> dict:
    """The preview's numbers, as the CLI prints them (--json) and the store keeps them:
    method, seed, people, how many got their first, second, third wish (and further), none,
    and per excursion its seats, assigned, first wishes and wishes not met."""
    met = result.met()
    ordinals = ("first", "second", "third")
    out: dict = {"method": result.method.value, "seed": result.seed, "people": len(result.order)}
    for i, name in enumerate(ordinals):
        out[name] = met[i] if i < len(met) else 0
    if len(met) > len(ordinals):
        out["later"] = sum(met[len(ordinals) :])
    out["none"] = result.none()
    out["routes"] = {
        route: {
            "capacity": r.capacity,
            "assigned": r.assigned,
            "first_wishes": r.first_wishes,
            "not_met": r.not_met,
        }
        for route, r in sorted(result.per_route().items())
    }
    return out


def drawn_order(people: Sequence[str], seed: int) -> tuple[str, ...]:
    """The order a seed gives: the people sorted, then shuffled by Python's
    ``random.Random(seed)`` (the same on every machine and Python version since 3.2)."""
    order = sorted(set(people))
    random.Random(seed).shuffle(order)
    return tuple(order)


def draw(
    wishes: Mapping[str, Sequence[str]], capacity: Mapping[str, int], *, method: Method, seed: int
) -> Draw:
    """Allocate; `capacity` is each excursion's free seats. A wish for an excursion not in
    `capacity` (hidden since) and a repeated wish are passed over."""
    lists = {person: _clean(ranked, capacity) for person, ranked in wishes.items()}
    seats = {route: max(0, int(n)) for route, n in capacity.items()}
    order = drawn_order(list(lists), seed)
    solve = _serial if method is Method.SERIAL else _most_first
    assigned = solve(order, lists, seats)
    return Draw(Method(method), seed, order, lists, assigned, seats)


def first_come(
    arrivals: Sequence[str], wishes: Mapping[str, Sequence[str]], capacity: Mapping[str, int]
) -> dict[str, str | None]:
    """Today's sign-up, for comparison: people in the order they arrive, each taking their
    best wish that still has a seat (a draw is this with a fair order instead of tap speed)."""
    lists = {person: _clean(ranked, capacity) for person, ranked in wishes.items()}
    return _serial(tuple(arrivals), lists, {r: max(0, int(n)) for r, n in capacity.items()})


def _clean(ranked: Sequence[str], capacity: Mapping[str, int]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(route for route in ranked if route in capacity))


def _serial(
    order: Sequence[str], lists: Mapping[str, tuple[str, ...]], seats: Mapping[str, int]
) -> dict[str, str | None]:
    left = dict(seats)
    assigned: dict[str, str | None] = {}
    for person in order:
        got = next((route for route in lists[person] if left[route] > 0), None)
        if got is not None:
            left[got] -= 1
        assigned[person] = got
    return assigned


def _most_first(
    order: Sequence[str], lists: Mapping[str, tuple[str, ...]], seats: Mapping[str, int]
) -> dict[str, str | None]:
    n = len(order)
    if n == 0:
        return {}
    depth = max(len(ranked) for ranked in lists.values()) or 1
    # Cost of meeting a person's wish of rank r (0 best): -(n+1) * base**(depth - r), plus the
    # person's place in the drawn order. With base = n + 1, one more wish met at a rank is
    # worth more than every wish below it and every tie-break together, so the optimum meets
    # the most first wishes, then second, ...; ties go to people earlier in the order.
    base = n + 1
    import networkx as nx  # here, not at the top: every CLI command would load it (0.5 s)

    graph = nx.DiGraph()
    graph.add_node("source", demand=-n)
    graph.add_node("sink", demand=n)
    graph.add_edge("source", "sink", capacity=n, weight=0)  # a person who gets nothing
    for place, person in enumerate(order):
        graph.add_edge("source", ("person", person), capacity=1, weight=0)
        for rank, route in enumerate(lists[person]):
            cost = -(n + 1) * base ** (depth - rank) + place
            graph.add_edge(("person", person), ("route", route), capacity=1, weight=cost)
    for route, free in seats.items():
        graph.add_edge(("route", route), "sink", capacity=free, weight=0)
    _, flow = nx.network_simplex(graph)
    assigned: dict[str, str | None] = {}
    for person in order:
        taken = [node[1] for node, units in flow[("person", person)].items() if units > 0]
        assigned[person] = taken[0] if taken else None
    return assigned
