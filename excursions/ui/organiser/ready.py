"""The ready-check at the top of the organiser page, until everything is green."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from excursions.i18n import ready_text, t
from excursions.memo import memo
from excursions.readiness import Finding, Level, ready_check, setup_for, worst
from excursions.routes import RouteSet
from excursions.store import Store
from excursions.text import escape_markdown as md
from excursions.ui.organiser import Desk

ICONS = {Level.GREEN: "✅", Level.AMBER: "⚠️", Level.RED: "⛔"}


@memo(maxsize=4, ttl=300, key=lambda store, routes, ctx: (id(store), routes.version, ctx.event))
def _findings(store: Store, routes: RouteSet, ctx) -> tuple[Finding, ...]:
    """Once in five minutes per process (the probes go over the network), and again as soon as
    the event is saved anew (the Begivenhed tab); no test mail."""
    setup = setup_for(ctx.settings, ctx.event, routes, store)
    return tuple(ready_check(setup, now=dt.datetime.now(dt.UTC), send_test_mail=False))


def ready_panel(desk: Desk) -> None:
    findings = list(_findings(desk.store, desk.ctx.routes, desk.ctx))
    level = worst(findings)
    if level is Level.GREEN:
        return
    # Closed: open on every tab, it filled half the first screen; its title says how much is
    # to look at, and its icon how bad the worst of it is.
    todo = sum(f.level is not Level.GREEN for f in findings)
    with st.expander(f"{ICONS[level]} {t('ready_summary', desk.lang, n=todo)}", expanded=False):
        lines = [f"{ICONS[f.level]} {md(ready_text(f.key, f.values, desk.lang))}" for f in findings]
        st.markdown("  \n".join(lines))
