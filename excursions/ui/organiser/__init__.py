"""The organiser page's tabs, one module each; app_pages/organiser.py only routes to them.

Every tab gets a Desk: the context, the language, the store and the few helpers all of
them use (a route's title, the time, saying what an action did, and where).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

import streamlit as st

from excursions.i18n import format_names, seats_text, t
from excursions.model import SignupResult
from excursions.routes import Route
from excursions.signups import Outcome
from excursions.store import Store
from excursions.text import escape_markdown as md
from excursions.ui.context import AppContext, changed, clear_counts, live_counts
from excursions.ui.widgets import in_view

MESSAGE = "org_message"


class Deed(StrEnum):
    """What an organiser did that asks first (to someone's sign-up: the words for its result
    depend on it)."""

    MOVE = "move"
    PROMOTE = "promote"
    CANCEL = "cancel"
    CAPACITY = "capacity"
    NEW_EVENT = "new_event"  # every participant page switches to the next event


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

    def title_with_seats(self, route_id: str) -> str:
        """For a choice of where to put someone: the seats first, as the sign-up form's."""
        c = live_counts(self.ctx).get(route_id)
        seats = f"{seats_text(c.free, c.capacity, c.waitlisted, self.lang)} · " if c else ""
        return f"{seats}{self.title(route_id)}"

    @staticmethod
    def now() -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    def tell(self, level: str, text: str, place: str) -> None:
        """Shown at `place` (where the action was) on the next run; counts re-read, and the
        mail it caused goes out now."""
        st.session_state[MESSAGE] = (place, level, text)
        clear_counts()
        changed(self.ctx)

    def report(self, result: SignupResult, deed: Deed, place: str, email: str = "") -> None:
        """Say what the action did to whom, by name: the person, and anyone it gave a seat."""
        names = self.store.names([email, *(c.participant for c in result.promoted)])
        level, text = self.words(result, deed, names.get(email, email))
        seated: dict[str, list[str]] = defaultdict(list)
        for change in result.promoted:
            seated[change.route_id].append(names.get(change.participant, change.participant))
        for route_id, who in seated.items():
            names_text = format_names(who, self.lang)
            text += " " + t("org_from_waiting", self.lang, names=names_text, route=self.title(route_id))
        self.tell(level, text, place)

    def words(self, result: SignupResult, deed: Deed, name: str) -> tuple[str, str]:
        lang = self.lang
        new, old = self.title(result.route_id), self.title(result.left)
        facts = {"name": name, "new": new, "old": old, "seat": result.seat, "capacity": result.capacity}
        match result.outcome:
            case Outcome.CAPACITY_BELOW_CONFIRMED if result.refusal:
                r = result.refusal
                return "error", t(
                    "capacity_refused", lang, confirmed=r.confirmed, move=r.must_move, capacity=r.requested
                )
            case Outcome.CAPACITY_CHANGED:
                return "success", t("org_capacity_set", lang, **facts)
            case Outcome.CONFIRMED if deed is Deed.PROMOTE:
                return "success", t("org_promoted_by_hand", lang, **facts)
            case Outcome.CONFIRMED:
                return "success", t("org_moved" if result.left else "org_placed", lang, **facts)
            case Outcome.WAITLISTED:
                key = "org_moved_waiting" if result.left else "org_placed_waiting"
                return "warning", t(key, lang, n=result.position or 0, **facts)
            case Outcome.ALREADY_ON_ROUTE:
                return "info", t("org_already", lang, **facts)
            case Outcome.CANCELLED:
                return "success", t("org_cancelled", lang, **facts)
            case Outcome.NOT_SIGNED_UP:
                return "info", t("org_not_signed_up", lang, **facts)
        return "error", t("org_unknown_route", lang)


def show_message(place: str, *, scroll: bool = True, keep: bool = False) -> bool:
    """The last action's message, where that action was (names are plain text, not Markdown);
    whether there was one. `scroll=False` where the list under a thumb must not move (check-in);
    `keep=True` where the view refreshes by itself and the answer must outlast it until the
    next action (check-in: a guide who looks up from a guest still sees which box was hit)."""
    message = st.session_state.get(MESSAGE)
    if message and message[0] == place:
        if not keep:
            del st.session_state[MESSAGE]
        with st.container(key=f"told_{place}"):
            getattr(st, message[1])(md(message[2]))
        if scroll:
            in_view(f"told_{place}")  # said below the button: in sight, not under the screen's edge
        return True
    return False


@dataclass(frozen=True)
class Pending:
    """An action that moves or removes people, waiting for the organiser's yes."""

    deed: Deed
    subject: str  # the participant's e-mail; CAPACITY: the route
    target: str = ""  # MOVE: the route they go to
    value: int = 0  # CAPACITY: the new capacity


PENDING = "org_pending"


def ask(pending: Pending) -> None:
    st.session_state[PENDING] = pending


def pending() -> Pending | None:
    return st.session_state.get(PENDING)


def confirm(question: str, yes: str, no: str, key: str) -> bool:
    """Ask before acting, right where the organiser clicked: True once they said yes."""
    with st.container(border=True, key=f"confirm_{key}"):
        st.warning(md(question), icon=":material/help:")
        left, right, _ = st.columns([2, 1, 2])
        if left.button(md(yes), type="primary", key=f"{key}_yes"):
            del st.session_state[PENDING]
            return True
        if right.button(no, key=f"{key}_no"):
            del st.session_state[PENDING]
            st.rerun()
    in_view(f"confirm_{key}")  # asked below the button: in sight, not under the screen's edge
    return False
