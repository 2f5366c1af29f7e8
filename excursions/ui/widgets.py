"""Small pieces several pages show the same way."""

from __future__ import annotations

from excursions.i18n import mode_label, seats_text
from excursions.model import RouteCount
from excursions.routes import Mode
from excursions.seats import SeatLevel, seat_level

MODE_ICONS = {
    Mode.WALK: ":material/directions_walk:",
    Mode.BIKE: ":material/directions_bike:",
    Mode.BUS: ":material/directions_bus:",
}
MODE_BADGE_COLORS = {Mode.WALK: "green", Mode.BIKE: "blue", Mode.BUS: "orange"}
SEAT_BADGE_COLORS = {SeatLevel.FREE: "green", SeatLevel.FEW: "orange", SeatLevel.FULL: "red"}


def badge(label: str, icon: str, color: str) -> str:
    """st.badge's Markdown, so that several badges share one element (one delta per run)."""
    escaped = label.replace("[", "\\[").replace("]", "\\]")
    return f":{color}-badge[{icon} {escaped}]"


def mode_badge(mode: Mode, lang: str) -> str:
    return badge(mode_label(mode, lang), MODE_ICONS[mode], MODE_BADGE_COLORS[mode])


def seats_badge(count: RouteCount, lang: str) -> str:
    text = seats_text(count.free, count.capacity, count.waitlisted, lang)
    return badge(text, ":material/event_seat:", SEAT_BADGE_COLORS[seat_level(count)])
