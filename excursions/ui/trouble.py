"""Database trouble as people see it: one short sentence, never a traceback or a path.

The store raises StoreError (server down, disk full, read-only folder, a lock held too
long) with the details; here they go to the log for the operator, and the person gets
"could not be saved right now – try again in a moment". Nothing else changes: the form
keeps what was typed, so the same tap works once the database is back.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Callable, Iterator
from typing import Any, ParamSpec

import streamlit as st

from excursions.i18n import t
from excursions.store import StoreError

log = logging.getLogger("excursions")
P = ParamSpec("P")
_FLAG = "_store_trouble"


def _log(exc: StoreError) -> None:
    log.error("database trouble: %s", exc, exc_info=exc)


def guarded(action: Callable[P, None] | None = None, *, place: str = "form") -> Any:
    """For a button's or form's callback: on database trouble, log it and let the next
    drawing of `place` say so with trouble_notice(). Places keep the sentence where the
    tap was: a lost-link request below the form is answered in its box, not above the form."""

    def wrap(action: Callable[P, None]) -> Callable[P, None]:
        @functools.wraps(action)
        def run(*args: P.args, **kwargs: P.kwargs) -> None:
            try:
                action(*args, **kwargs)
            except StoreError as exc:
                _log(exc)
                st.session_state[_FLAG] = place

        return run

    return wrap(action) if action is not None else wrap


def trouble_notice(lang: str, place: str = "form", message: str = "store_trouble_save") -> None:
    """Where the actions of `place` are answered: the short message when the last one could
    not be saved (`message`: its catalogue key; a sign-up's by default)."""
    if st.session_state.get(_FLAG) == place:
        del st.session_state[_FLAG]
        st.error(t(message, lang), icon=":material/cloud_off:")


@contextlib.contextmanager
def shielded(lang: Callable[[], str]) -> Iterator[None]:
    """Around a page or a live fragment: on database trouble, log it and show one sentence
    instead of the rest of it. `lang` is asked only then (the page may not know it yet)."""
    try:
        yield
    except StoreError as exc:
        _log(exc)
        st.error(t("store_trouble_load", lang()), icon=":material/cloud_off:")
