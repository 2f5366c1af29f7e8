"""What a patch of serve mode is: a named, switchable change with its kind and the count of
its fast path. The mechanism that plans and applies them is excursions.serve.patches; the
patches themselves are in excursions.serve.tunings (both import this, not each other)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

HITS: Counter[str] = Counter()


class Kind(StrEnum):
    PRIVATE = "private"  # reaches into internals: version-gated and fingerprinted
    PUBLIC = "public"  # a documented option or interface


class State(StrEnum):
    ACTIVE = "active"
    OFF = "off"  # switched off by the operator
    SKIPPED = "skipped"  # versions or fingerprints do not match what it was written for


@dataclass(frozen=True)
class Patch:
    name: str
    summary: str
    kind: Kind
    apply: Callable[[], None]
    retire: str  # the upstream change that would make this patch unnecessary
    requires: dict[str, str] = field(default_factory=dict)  # distribution -> tested versions
    targets: dict[str, str] = field(default_factory=dict)  # "module:qualname" -> source fingerprint
    counted: bool = True  # False: nothing to count (an option Streamlit reads itself)
