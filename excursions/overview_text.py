"""The organiser overview's words and numbers, for its page run and for the seat feed
(excursions/web/seats.py, ?view=overview): the same cells either way, so the follower
(excursions/map_assets/seats.js) keeps the table current without a script run."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence

from excursions.i18n import t
from excursions.model import RouteCount
from excursions.overview import Attention, attention_of, bikes_needed, buses_needed, fill_of, mode_totals
from excursions.routes import Mode


def attention_text(count: RouteCount, lang: str) -> str:
    match attention_of(count):
        case Attention.FULL_WAITING:
            return "⛔ " + t("attention_full_waiting", lang, n=count.waitlisted)
        case Attention.FULL:
            return "⛔ " + t("attention_full", lang)
        case Attention.FEW:
            return "⚠️ " + t("attention_few", lang)
    return ""


def transport_text(count: RouteCount, bikes_provided: bool, bus_seats: int, lang: str) -> str:
    """Buses to order for a bus excursion, bikes for one whose bikes the event provides."""
    if count.mode is Mode.BUS:
        return t("buses", lang, n=buses_needed(count.confirmed, bus_seats))
    if count.mode is Mode.BIKE and bikes_provided:
        return t("bikes", lang, n=bikes_needed(bikes_provided, count.confirmed))
    return ""


def fill_percent(count: RouteCount) -> int:
    return round(fill_of(count) * 100)


def row_cells(count: RouteCount, bikes_provided: bool, bus_seats: int, lang: str) -> dict[str, int | str]:
    """One excursion's live cells: numbers as numbers (they sort as such), notes as words."""
    return {
        "fill": fill_percent(count),
        "confirmed": count.confirmed,
        "waiting": count.waitlisted,
        "free": count.free,
        "capacity": count.capacity,
        "attention": attention_text(count, lang),
        "transport": transport_text(count, bikes_provided, bus_seats, lang),
    }


def metrics(
    counts: Iterable[RouteCount], demand: Mapping[str, Sequence[int]] | None = None
) -> dict[str, str]:
    """The overview's headline numbers as shown: seats taken in all and per mode, waiting;
    during the wish round also how many have wished."""
    modes = mode_totals(counts)
    shown = {"taken": f"{sum(m.confirmed for m in modes)} / {sum(m.capacity for m in modes)}"}
    shown |= {m.mode.value: f"{m.confirmed} / {m.capacity}" for m in modes}
    shown["waiting"] = str(sum(m.waitlisted for m in modes))
    if demand is not None:
        shown["wished"] = str(sum((ranks or (0,))[0] for ranks in demand.values()))
    return shown


def wish_cells(ranks: Sequence[int]) -> dict[str, int]:
    """The wish round's cells of a row: people who ranked it 1st, 2nd, ... and all of them."""
    cells = {f"wish{i + 1}": n for i, n in enumerate(ranks)}
    cells["wishes"] = sum(ranks)
    return cells


@functools.lru_cache(maxsize=8)
def overview_feed(
    counts: tuple[RouteCount, ...],
    lang: str,
    bus_seats: int,
    demand: tuple[tuple[str, tuple[int, ...]], ...] | None = None,
) -> dict:
    """The feed's overview section. The feed knows counts, not route files: a bike row's
    transport words are there for every bike excursion, and the page marks the cell for the
    follower only where the event provides the bikes."""
    wishes = dict(demand) if demand is not None else None
    rows = {c.route_id: row_cells(c, True, bus_seats, lang) for c in counts}
    if wishes is not None:
        for route_id, cells in rows.items():
            cells |= wish_cells(wishes.get(route_id, ()))
    return {"rows": rows, "metrics": metrics(counts, wishes)}
