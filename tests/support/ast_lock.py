"""One ast.parse at a time in a test process, on the Pythons where two at once can fail.

CPython 3.11 before 3.11.8 counts the depth of the AST it builds in one counter per
interpreter (gh-106905). When a garbage collection inside one thread's ast.parse runs a
finalizer and the interpreter switches to another thread that also parses, the first
parse ends with "SystemError: AST constructor recursion depth mismatch". In the tests
that is Streamlit compiling a page in an AppTest's script thread while another thread
parses: a page test fails with its widgets missing, about once in ten CI runs here.
Serialising ast.parse removes the overlap; `tests/test_ast_lock.py` shows the race and
the cure. EXCURSIONS_TEST_AST_LOCK=0 switches it off.

The app itself does not need it: Streamlit compiles each page once, under its script
cache's lock (streamlit/runtime/scriptrunner/script_cache.py), and nothing else the app
runs parses Python into an AST (compile() of source, as Jinja2 does, builds none).
"""

from __future__ import annotations

import ast
import functools
import os
import sys
import threading

AFFECTED = (3, 11) <= sys.version_info[:3] < (3, 11, 8)


def wanted() -> bool:
    return AFFECTED and os.environ.get("EXCURSIONS_TEST_AST_LOCK", "1") != "0"


def install(force: bool = False) -> bool:
    """Wrap ast.parse in a lock (once); True when it is wrapped."""
    if getattr(ast.parse, "__wrapped__", None) is not None:
        return True
    if not (force or wanted()):
        return False
    lock = threading.RLock()  # re-entrant: a finalizer inside a parse may parse too
    original = ast.parse

    @functools.wraps(original)
    def parse(*args, **kwargs):
        with lock:
            return original(*args, **kwargs)

    ast.parse = parse
    return True


def race(threads: int = 4, parses: int = 80) -> list[str]:
    """Parse in several threads while collections run finalizers; the errors seen."""
    import gc

    source = "x = " + "(" * 40 + "1" + ")" * 40 + "\n"
    source += "\n".join(f"def f{i}(a, b=[{i}]):\n    return [a + b for _ in range({i})]" for i in range(300))

    class Cycle:
        def __del__(self):  # Python code inside a collection: a chance to switch threads
            sum(range(50))

    errors: list[str] = []

    def work() -> None:
        for _ in range(parses):
            for _ in range(20):
                cycle = Cycle()
                cycle.me = cycle
            del cycle
            try:
                ast.parse(source)
            except SystemError as error:
                errors.append(str(error))
                return

    interval, threshold = sys.getswitchinterval(), gc.get_threshold()
    sys.setswitchinterval(1e-6)
    gc.set_threshold(50)
    try:
        workers = [threading.Thread(target=work) for _ in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    finally:
        sys.setswitchinterval(interval)
        gc.set_threshold(*threshold)
    return errors


if __name__ == "__main__":  # python -m tests.support.ast_lock [lock]: the race, printed
    if sys.argv[1:] == ["lock"]:
        install(force=True)
    print(len(race()))
