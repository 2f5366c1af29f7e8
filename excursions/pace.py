"""How often participant pages refresh: seldom, and less often the more of them are open.

Every live refresh is a script run on one shared core. A thousand phones refreshing every
30 seconds are 33 runs a second, most of a process's capacity at the kickoff rush, for
seat numbers that are just as useful a little later. So the interval stretches to keep
all open pages together within a budget of refreshes per second (one process does about
a hundred script runs a second at most; docs/performance.md); with few pages open it is
the configured interval.

A page keeps the interval it was given when it was built (Streamlit sets a fragment's
timer once per page run), so during a rush the count looks ahead: pages that arrived
within the last half minute (or interval, if longer) are taken to be followed by as
many again. Without that, the first few hundred phones of a kickoff keep 30-second
timers while the rest of the hall arrives, and together they exceed the budget for the
whole rush.
"""

from __future__ import annotations

import enum
import math
import threading


class Audience(enum.Enum):
    """Whose pages: each audience's open pages share one budget of refreshes a second."""

    PARTICIPANT = "participant"
    ORGANISER = "organiser"


LOOKAHEAD_SECONDS = 30.0  # a rush is judged by the arrivals of the last half minute


def refresh_interval(base_seconds: int, pages: int, budget_per_second: int) -> int:
    """Seconds between one page's refreshes when `pages` pages are open."""
    return max(base_seconds, math.ceil(pages / budget_per_second))


def expected_pages(open_pages: int, recent_arrivals: int) -> int:
    """Pages to plan for: those open, plus as many arrivals again as in the last half minute."""
    return open_pages + recent_arrivals


class OpenPages:
    """Pages that ran recently in this process, by a key per page (thread-safe).

    A page that was not seen for a whole refresh interval is taken as closed: browsers
    do not say when a tab goes away, but a live page runs at least once per interval.
    """

    PRUNE_EVERY = 1.0  # seconds: forgetting closed pages is O(pages), not needed per run

    def __init__(self, base_seconds: int, budget_per_second: int, lookahead: float = LOOKAHEAD_SECONDS):
        self.base_seconds = base_seconds
        self.lookahead = max(float(base_seconds), lookahead)
        self.budget_per_second = budget_per_second
        self._seen: dict[str, float] = {}
        self._arrived: dict[str, float] = {}  # first sighting of pages still counted as new
        self._interval = base_seconds
        self._pruned = float("-inf")
        self._lock = threading.Lock()

    def seen(self, key: str, now: float) -> None:
        with self._lock:
            if key not in self._seen:
                self._arrived[key] = now
            self._seen[key] = now

    def interval(self, now: float) -> int:
        """The refresh interval for a page (re)built now."""
        with self._lock:
            if now - self._pruned >= self.PRUNE_EVERY:
                horizon = now - self._interval - self.PRUNE_EVERY
                self._seen = {k: t for k, t in self._seen.items() if t >= horizon}
                recent = now - self.lookahead
                self._arrived = {k: t for k, t in self._arrived.items() if t >= recent}
                self._pruned = now
            pages = expected_pages(len(self._seen), len(self._arrived))
            self._interval = refresh_interval(self.base_seconds, pages, self.budget_per_second)
            return self._interval
