"""Writers to one SQLite file take turns in the order they came, within a process.

SQLite lets one writer in at a time, and a writer that finds the file locked sleeps and
polls (every 100 ms after the first few tries). When a rush keeps the file busy, a writer
that polled just before the lock came free sleeps again while newer writers get in: at a
kickoff with 200 phones and a few scripts signing up at once on two cores, one sign-up
waited more than the 10 s lock timeout and was refused, while each transaction takes
milliseconds. Here the threads of one process queue instead (first come, first served),
so the file sees one writer per process and the lock passes straight to the next in line.
PostgreSQL needs none of this: its row and advisory locks queue waiters themselves.

A writer waits at most the lock timeout in line, and then at most the lock timeout for
the file itself, which only a writer of another process (two `excursions serve` on one
file, a CLI import) can still hold: twice the setting in the worst case, never forever.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections import deque
from collections.abc import Iterator


class Turns:
    """A first-come, first-served lock with a timeout."""

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._held = False
        self._waiting: deque[threading.Event] = deque()

    def acquire(self, timeout: float) -> bool:
        with self._mutex:
            if not self._held:  # nobody waits while it is free: release hands it on
                self._held = True
                return True
            turn = threading.Event()
            self._waiting.append(turn)
        if turn.wait(timeout):
            return True
        with self._mutex:
            if turn.is_set():  # handed over just as the wait ran out: it is ours
                return True
            self._waiting.remove(turn)
            return False

    def release(self) -> None:
        with self._mutex:
            if self._waiting:
                self._waiting.popleft().set()  # held still: it passes to the next in line
            else:
                self._held = False

    @contextlib.contextmanager
    def turn(self, timeout: float) -> Iterator[bool]:
        """Yields whether the turn came within `timeout` seconds (then it is released after)."""
        got = self.acquire(timeout)
        try:
            yield got
        finally:
            if got:
                self.release()


_FILES: dict[str, Turns] = {}
_FILES_LOCK = threading.Lock()


def for_file(path: str) -> Turns:
    """The turns of one database file in this process (every engine on it shares them)."""
    key = os.path.realpath(path)
    with _FILES_LOCK:
        return _FILES.setdefault(key, Turns())
