"""One way to wait in tests: for the app's or a client's own state, with a deadline.

A loop that polls without a deadline hangs the run when the state never comes; these fail
instead, saying what did not happen within how long (pytest-timeout stays the backstop).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

POLL = 0.05


def wait_until(check: Callable[[], object], seconds: float, what: str) -> float:
    """Seconds until check() holds, or an AssertionError naming `what` after `seconds`."""
    began = time.monotonic()
    while not check():
        assert time.monotonic() - began < seconds, f"not within {seconds} s: {what}"
        time.sleep(POLL)
    return time.monotonic() - began


async def until(check: Callable[[], object], seconds: float, what: str) -> float:
    """wait_until for a coroutine: sleeps on the event loop between looks."""
    began = time.monotonic()
    while not check():
        assert time.monotonic() - began < seconds, f"not within {seconds} s: {what}"
        await asyncio.sleep(POLL)
    return time.monotonic() - began
