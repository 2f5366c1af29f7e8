"""Small pieces several pages show the same way."""

from __future__ import annotations

import streamlit as st

from excursions.i18n import mode_label
from excursions.routes import Mode

MODE_ICONS = {
    Mode.WALK: ":material/directions_walk:",
    Mode.BIKE: ":material/directions_bike:",
    Mode.BUS: ":material/directions_bus:",
}
MODE_BADGE_COLORS = {Mode.WALK: "green", Mode.BIKE: "blue", Mode.BUS: "orange"}


def mode_badge(mode: Mode, lang: str) -> None:
    st.badge(mode_label(mode, lang), icon=MODE_ICONS[mode], color=MODE_BADGE_COLORS[mode])
