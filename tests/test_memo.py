"""The process-wide memo behind the pages' settings, routes, store and counts."""

from __future__ import annotations

import threading

from excursions.memo import Memo, clear_all


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_each_key_is_computed_once_and_the_oldest_dropped_first():
    calls = []
    double = Memo(lambda x: calls.append(x) or 2 * x, maxsize=2)
    assert [double(1), double(1), double(2), double(3), double(1)] == [2, 2, 4, 6, 2]
    assert calls == [1, 2, 3, 1]  # 1 was dropped when 3 came in


def test_a_time_to_live_recomputes_after_it_and_not_before():
    clock, calls = Clock(), []
    counts = Memo(lambda: calls.append(clock.now) or len(calls), ttl=1, clock=clock)
    assert counts() == 1
    clock.now = 0.9
    assert counts() == 1
    clock.now = 1.0
    assert counts() == 2
    assert calls == [0.0, 1.0]


def test_peek_gives_only_a_fresh_value_and_never_computes():
    clock, calls = Clock(), []
    counts = Memo(lambda: calls.append(clock.now) or len(calls), ttl=1, clock=clock)
    assert counts.peek() is None and calls == []  # nothing yet: the caller must compute
    assert counts() == 1
    clock.now = 0.5
    assert counts.peek() == 1
    clock.now = 1.0
    assert counts.peek() is None and calls == [0.0]  # stale: not served, not recomputed


def test_a_key_function_leaves_out_what_does_not_identify_the_value():
    built = Memo(lambda state, build: build(), key=lambda state, build: state)
    assert built("v1", lambda: "map 1") == "map 1"
    assert built("v1", lambda: "map 2") == "map 1"
    assert built("v2", lambda: "map 2") == "map 2"


def test_concurrent_callers_share_one_computation():
    started, release, calls = threading.Event(), threading.Event(), []

    def slow() -> str:
        calls.append(1)
        started.set()
        release.wait(5)
        return "store"

    store = Memo(slow)
    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(store())) for _ in range(8)]
    threads[0].start()
    started.wait(5)
    for t in threads[1:]:
        t.start()
    release.set()
    for t in threads:
        t.join(5)
    assert results == ["store"] * 8
    assert calls == [1]


def test_clear_all_forgets_every_memo():
    calls = []
    settings = Memo(lambda: calls.append(1) or len(calls))
    assert settings() == 1
    clear_all()
    assert settings() == 2
