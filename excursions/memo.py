"""A process-wide memo for what every script run looks up: settings, routes, the store.

Streamlit's ``st.cache_resource`` hashes every argument and checks the function's code on
each call, about 80 µs a call; a participant page made ten such calls per run, which was
8 % of a first page's CPU in the rush profile (bench/rush.py, py-spy). These look-ups take
a few small hashable arguments, so a dictionary does: one look-up on a hit, the function
called once per key (under a lock) on a miss, an optional time to live.
"""

from __future__ import annotations

import functools
import threading
import time
import weakref
from collections.abc import Callable, Hashable
from typing import Generic, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_memos: weakref.WeakSet[Memo] = weakref.WeakSet()


class Memo(Generic[P, R]):
    """``fn`` remembered per key (its arguments, or ``key(*args)``), oldest dropped first."""

    def __init__(
        self,
        fn: Callable[P, R],
        *,
        maxsize: int = 16,
        ttl: float | None = None,
        key: Callable[..., Hashable] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.fn, self.maxsize, self.ttl, self.key, self.clock = fn, maxsize, ttl, key, clock
        self._entries: dict[Hashable, tuple[float, R]] = {}
        self._lock = threading.Lock()
        functools.update_wrapper(self, fn)
        _memos.add(self)

    def _fresh(self, entry: tuple[float, R] | None) -> bool:
        return entry is not None and (self.ttl is None or self.clock() - entry[0] < self.ttl)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        k = self.key(*args, **kwargs) if self.key else (args, tuple(sorted(kwargs.items())))
        entry = self._entries.get(k)
        if self._fresh(entry):
            return entry[1]  # type: ignore[index]
        with self._lock:  # one caller computes, the others wait for its value
            entry = self._entries.get(k)
            if self._fresh(entry):
                return entry[1]  # type: ignore[index]
            value = self.fn(*args, **kwargs)
            self._entries.pop(k, None)
            while len(self._entries) >= self.maxsize:
                self._entries.pop(next(iter(self._entries)))
            self._entries[k] = (self.clock(), value)
            return value

    def peek(self, *args: P.args, **kwargs: P.kwargs) -> R | None:
        """The remembered value while it is fresh, else None: never computes, never waits
        (for an event loop, which must not block on the lock or the function)."""
        k = self.key(*args, **kwargs) if self.key else (args, tuple(sorted(kwargs.items())))
        entry = self._entries.get(k)
        return entry[1] if self._fresh(entry) else None  # type: ignore[index]

    def at_least(self, since: float, *args: P.args, **kwargs: P.kwargs) -> R:
        """Like calling it, but a value remembered before ``since`` (this clock) is made anew:
        a session that just changed the data sees the change, the others keep sharing."""
        k = self.key(*args, **kwargs) if self.key else (args, tuple(sorted(kwargs.items())))
        entry = self._entries.get(k)
        if entry is not None and entry[0] < since:
            with self._lock:
                if self._entries.get(k) is entry:
                    self._entries.pop(k, None)
        return self(*args, **kwargs)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def memo(
    *, maxsize: int = 16, ttl: float | None = None, key: Callable[..., Hashable] | None = None
) -> Callable[[Callable[P, R]], Memo[P, R]]:
    def wrap(fn: Callable[P, R]) -> Memo[P, R]:
        return Memo(fn, maxsize=maxsize, ttl=ttl, key=key)

    return wrap


def clear_all() -> None:
    """Forget everything remembered (tests that change settings between app runs)."""
    for m in list(_memos):
        m.clear()
