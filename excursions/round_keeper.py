"""The wish round's draw at its close, made by the app itself unless the event says
"manual" (excursions.wishes.WishRound.draw): every process checks now and then, the store
lets one commit (excursions.store.draws), the others find it made."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import threading
from collections.abc import Callable

from excursions.allocation import Method, draw
from excursions.event import Event
from excursions.store import Store
from excursions.store.draws import DrawError
from excursions.wishes import WishRound

log = logging.getLogger("excursions")


def draw_if_due(
    store: Store, round_: WishRound | None, now: dt.datetime, *, seed: int | None = None
) -> int | None:
    """The event's draw once the round has closed: its number, or None (no round, not yet,
    manual, or already made by someone)."""
    if round_ is None or round_.draw == "manual" or now < round_.closes or store.drawn():
        return None
    seed = secrets.randbelow(2**31) if seed is None else seed
    wishes, seats = store.wishes_by_person(undecided_only=True), store.free_seats()
    result = draw(wishes, seats, method=Method(round_.draw), seed=seed)
    try:
        return store.commit_draw(result, now=now, by="at the close")
    except DrawError:  # another process made it a moment ago (or seats moved: next time)
        return None


class RoundKeeper:
    """A thread that makes the draw at the close, then stops; `drawn` runs after a draw it made
    (the mail sender's wake-up: everyone's mail goes out now)."""

    def __init__(
        self,
        store: Store,
        event: Callable[[], Event],
        drawn: Callable[[], None] = lambda: None,
        *,
        poll_seconds: float = 5.0,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ):
        self.store, self.event, self.drawn, self.poll_seconds, self.clock = (
            store,
            event,
            drawn,
            poll_seconds,
            clock,
        )
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def check(self) -> bool:
        """One look; True when there is nothing more to do (no round, manual, or drawn)."""
        round_ = self.event().wish_round
        if round_ is None or round_.draw == "manual":
            return True
        now = self.clock()
        if now < round_.closes:
            return False
        number = draw_if_due(self.store, round_, now)
        if number is not None:
            log.info("wish round: draw %s made at the close", number)
            self.drawn()
        return True

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if self.check():
                    return
            except Exception:  # the database away: look again later
                log.warning("wish round: the draw at the close could not be made yet", exc_info=True)
            self._stop.wait(self.poll_seconds)

    def start(self) -> RoundKeeper:
        self._thread = threading.Thread(target=self._run, name="excursions-round-keeper", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float | None = 5) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
