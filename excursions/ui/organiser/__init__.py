"""The organiser page's tabs, one module each; app_pages/organiser.py only routes to them.

Every tab gets a Desk: the context, the language, the store and the few helpers all of
them use (a route's title, the time, reporting what an action did).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from excursions.i18n import outcome_message, t
from excursions.model import SignupResult
from excursions.routes import Route
from excursions.signups import Outcome
from excursions.store import Store
from excursions.text import escape_markdown as md
from excursions.ui.context import AppContext, changed, clear_counts

MESSAGE = "org_message"


@dataclass(frozen=True)
class Desk:
    ctx: AppContext
    lang: str
    store: Store

    @property
    def routes(self) -> tuple[Route, ...]:
        return self.ctx.routes.routes

    @property
    def by_id(self) -> dict[str, Route]:
        return self.ctx.routes.by_id()

    def title(self, route_id: str | None) -> str:
        by_id = self.by_id
        return by_id[route_id].title(self.lang) if route_id in by_id else (route_id or "")

    @staticmethod
    def now() -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    def tell(self, level: str, text: str) -> None:
        """Shown at the top of the next run; counts re-read, and the mail it caused goes out now."""
        st.session_state[MESSAGE] = (level, text)
        clear_counts()
        changed(self.ctx)

    def report(self, result: SignupResult, route_id: str | None = None) -> None:
        if result.outcome is Outcome.CAPACITY_BELOW_CONFIRMED and result.refusal:
            refusal = result.refusal
            text = t(
                "capacity_refused",
                self.lang,
                confirmed=refusal.confirmed,
                move=refusal.must_move,
                capacity=refusal.requested,
            )
            self.tell("error", text)
            return
        level, text = outcome_message(
            result.outcome, self.title(route_id or result.route_id), result.position, self.lang
        )
        self.tell(level, result.message or text)


def show_message() -> None:
    message = st.session_state.pop(MESSAGE, None)
    if message:
        getattr(st, message[0])(md(message[1]))
