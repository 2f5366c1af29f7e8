"""Start the browser layer's app servers from a process that has imported their libraries.

Every `excursions serve` or `streamlit run` spends about 2 s of CPU importing Streamlit,
pandas, folium, shapely and SQLAlchemy before it serves a page, and the browser layer
starts dozens of them on a 2-core machine. The fork server imports those libraries once
per test worker; each start is a fork of it that runs the same module with the same
arguments (`python -m ...`), the test's environment and working directory, in a session
of its own, its output in the test's log file, as a fresh interpreter would.

Only third-party libraries are imported beforehand, never the project's modules (which
read the settings) nor streamlit_folium (it registers its component on import, which
must happen inside the running app). The serve and deploy tests (tests/support/processes.py)
keep starting fresh interpreters, so the real start stays tested.
`EXCURSIONS_TEST_FORK_SERVER=false` starts every browser-layer server fresh too.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import runpy
import select
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path

# What a started app imports before its first page, heaviest first; a name missing from
# this environment is skipped.
PRELOAD = [
    "streamlit",
    "streamlit.web.bootstrap",
    "streamlit.web.server",
    "streamlit.runtime.scriptrunner",
    "pandas",
    "pyarrow",
    "folium",
    "branca",
    "jinja2",
    "shapely",
    "pyproj",
    "geopandas",
    "sqlalchemy",
    "sqlalchemy.dialects.sqlite",
    "sqlalchemy.dialects.postgresql",
    "psycopg",
    "alembic",
    "uvicorn",
    "starlette",
    "tornado.web",
    "qrcode",
    "PIL.Image",
]


def enabled() -> bool:
    return os.environ.get("EXCURSIONS_TEST_FORK_SERVER", "true").lower() not in ("0", "false", "no")


class Forked:
    """The part of subprocess.Popen the tests use, for a process the fork server started."""

    def __init__(self, server: ForkServer, pid: int):
        self.server, self.pid = server, pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            self.returncode = self.server.request(op="poll", pid=self.pid)["status"]
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Until the process ends: a pidfd turns readable then, though it is not our child."""
        if self.poll() is None:
            try:
                fd = os.pidfd_open(self.pid)
            except ProcessLookupError:  # ended and reaped since the poll
                fd = None
            if fd is not None:
                try:
                    ended, _, _ = select.select([fd], [], [], timeout)
                finally:
                    os.close(fd)
                if not ended:
                    raise subprocess.TimeoutExpired(f"pid {self.pid}", timeout)
            self.poll()  # the fork server reaps it on this request
        return self.returncode


class ForkServer:
    """One per test worker, started on first use; it ends when the worker's stdin pipe closes."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.support.forkserver"],
            cwd=Path(__file__).resolve().parents[2],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.lock = threading.Lock()
        self.request(op="ready")

    def request(self, **message) -> dict:
        with self.lock:
            self.proc.stdin.write(json.dumps(message) + "\n")
            self.proc.stdin.flush()
            line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the fork server ended (exit {self.proc.poll()})")
        answer = json.loads(line)
        if "error" in answer:
            raise RuntimeError(f"the fork server: {answer['error']}")
        return answer

    def start(self, module: str, args: list[str], env: dict[str, str], cwd: Path, log: Path) -> Forked:
        answer = self.request(op="start", module=module, args=args, env=env, cwd=str(cwd), log=str(log))
        return Forked(self, answer["pid"])

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


_server: ForkServer | None = None


def shared() -> ForkServer:
    global _server
    if _server is None or _server.proc.poll() is not None:
        _server = ForkServer()
        atexit.register(_server.close)
    return _server


# -- the fork server's own side -------------------------------------------------------


def _child(request: dict) -> None:
    """In the forked child: become `python -m module args` and never return."""
    code = 1
    try:
        os.setsid()
        null = os.open(os.devnull, os.O_RDONLY)
        out = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(null, 0)
        os.dup2(out, 1)
        os.dup2(out, 2)
        os.close(null)
        os.close(out)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        time.tzset()
        sys.path[0] = request["cwd"]  # as `python -m` puts it
        sys.argv = [request["module"], *request["args"]]
        try:
            runpy.run_module(request["module"], run_name="__main__", alter_sys=True)
            code = 0
        except SystemExit as stop:
            if stop.code is None or isinstance(stop.code, int):
                code = stop.code or 0
            else:
                print(stop.code, file=sys.stderr)
        except BaseException:
            traceback.print_exc()
        with contextlib.suppress(Exception):
            threading._shutdown()  # as the interpreter does at exit: non-daemon threads end first
        with contextlib.suppress(Exception):
            atexit._run_exitfuncs()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def serve() -> None:
    import importlib

    for name in PRELOAD:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    threads = [t.name for t in threading.enumerate() if t is not threading.main_thread()]
    finished: dict[int, int] = {}
    for line in sys.stdin:
        request = json.loads(line)
        # every child that has ended so far, reaped
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            finished[pid] = os.waitstatus_to_exitcode(status)
        op = request["op"]
        if op == "ready":
            # a fork of a process with threads could inherit a held lock: refuse
            answer = {"error": f"threads after the imports: {threads}"} if threads else {"ok": True}
        elif op == "start":
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                _child(request)
            answer = {"pid": pid}
        elif op == "poll":
            answer = {"status": finished.get(request["pid"])}
        else:
            answer = {"error": f"unknown request {op!r}"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve()
