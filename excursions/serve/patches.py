"""Every change serve mode makes to Streamlit and uvicorn, in one registry.

Each entry is named, can be switched off (``EXCURSIONS_SERVE_PATCHES=all|none|a,b`` or
``excursions serve --patches``), and says what upstream change would retire it. A
*private* patch reaches into code that is not a public API, so it is applied only when
the installed versions are the ones it was tested on and the source of every function it
relies on is unchanged (a fingerprint); otherwise it is skipped with a one-line warning
and Streamlit's own, slower behaviour stays. *Public* tunings use options and interfaces
Streamlit and Python offer; they are switchable too, so a bench can weigh each one.

Each patch counts how often its fast path ran (``HITS``), so tests and
``/_excursions/patches`` can show it is really in use, not only applied.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from excursions.errors import ExcursionsError
from excursions.internals import fingerprint, installed, mismatch, resolve
from excursions.serve.patch import HITS, Kind, Patch, State
from excursions.serve.tunings import PATCHES

__all__ = [
    "HITS",
    "Kind",
    "Patch",
    "PatchSelectionError",
    "State",
    "apply",
    "fingerprint",
    "installed",
    "plan",
    "registry",
    "resolve",
    "select",
    "status",
]

log = logging.getLogger("excursions.serve")


@dataclass(frozen=True)
class Plan:
    patch: Patch
    state: State
    reason: str = ""


class PatchSelectionError(ExcursionsError):
    """The list of patches to apply names one that does not exist."""


def check(patch: Patch) -> str:
    """Why the patch cannot be applied here; empty when it can."""
    return mismatch(patch.requires, patch.targets)


def select(spec: str) -> frozenset[str]:
    """'all', 'none' or a comma-separated list of patch names."""
    known = registry()
    names = [n.strip() for n in spec.split(",") if n.strip()]
    if names in (["all"], []):
        return frozenset(known)
    if names == ["none"]:
        return frozenset()
    for name in names:
        if name not in known:
            near = difflib.get_close_matches(name, known, n=1)
            hint = f" Did you mean {near[0]!r}?" if near else ""
            raise PatchSelectionError(
                f"serve patches: there is no patch called {name!r}.{hint} "
                f"Known: all, none, {', '.join(known)}."
            )
    return frozenset(names)


def plan(selected: Iterable[str]) -> list[Plan]:
    chosen = set(selected)
    out = []
    for patch in registry().values():
        if patch.name not in chosen:
            out.append(Plan(patch, State.OFF))
            continue
        reason = check(patch) if patch.kind is Kind.PRIVATE else ""
        out.append(Plan(patch, State.SKIPPED, reason) if reason else Plan(patch, State.ACTIVE))
    return out


APPLIED: dict[str, State] = {}


def apply(selected: Iterable[str]) -> list[Plan]:
    """Apply the selected patches that fit the installed versions; warn about the others."""
    plans = plan(selected)
    for p in plans:
        if p.state is State.SKIPPED:
            log.warning("serve patch %s skipped: %s", p.patch.name, p.reason)
        elif p.state is State.ACTIVE and APPLIED.get(p.patch.name) is not State.ACTIVE:
            p.patch.apply()
        APPLIED[p.patch.name] = p.state
    return plans


def status() -> dict[str, dict[str, Any]]:
    """What an operator (and a test) may see: each patch's state and how often it ran."""
    return {
        name: {
            "state": APPLIED.get(name, State.OFF).value,
            "kind": patch.kind.value,
            "hits": HITS[name] if patch.counted else None,
        }
        for name, patch in registry().items()
    }


def active(name: str) -> bool:
    return APPLIED.get(name) is State.ACTIVE


def registry() -> dict[str, Patch]:
    """Every patch by name, in the order they are applied (defined in excursions.serve.tunings)."""
    return {p.name: p for p in PATCHES}
