"""App processes for tests and benches: `excursions serve` on a free loopback port."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_ports(count: int, tries: int = 50) -> int:
    """The first of `count` consecutive free ports (another test's server, on another
    xdist worker, may hold the port after a free one: try another block)."""
    for _ in range(tries):
        first = free_port()
        try:
            for port in range(first, first + count):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port))
        except OSError:
            continue
        return first
    raise OSError(f"no {count} consecutive free ports in {tries} tries")


class Proc:
    """A process's CPU time and memory, from /proc (benches sample them)."""

    def __init__(self, pid: int):
        self.pid = pid

    def alive(self) -> bool:
        return Path(f"/proc/{self.pid}").exists()

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")


RUNNING: list[Server] = []  # the servers started and not stopped (a failed test shows their logs)


class Server:
    """The app on a free port: `excursions serve` (mode "serve"), or `streamlit run` as the
    README's try-it command does (mode "streamlit").

    Its output goes to a file, not a pipe: a pipe nobody reads fills after 64 KiB of log
    lines and then stops the server at its next one (a flood test logs a line per refusal)."""

    def __init__(
        self, env: dict[str, str], mode: str = "serve", host: str = "127.0.0.1", script: Path | None = None
    ):
        """script: a page script of its own instead of the app's (a baseline for benches)."""
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, **env}
        if mode == "serve":
            where = ["--host", host, "--port", str(self.port)]
            cmd = [sys.executable, "-m", "excursions.cli", "serve", *where]
            cmd += ["--script", str(script)] if script else []
        else:
            target = str(script or ROOT / "dashboard.py")
            cmd = [sys.executable, "-m", "streamlit", "run", target, "--server.port", str(self.port)]
            cmd += ["--server.address", "127.0.0.1", "--server.headless", "true"]
            cmd += ["--browser.gatherUsageStats", "false"]
        self.log = tempfile.TemporaryFile("w+b")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
            start_new_session=True,
        )
        RUNNING.append(self)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=1):
                    return
            except OSError:
                try:  # waits a moment for the server, and notices if it died
                    self.proc.wait(timeout=0.2)
                except subprocess.TimeoutExpired:
                    continue
                said = self.output(2000)
                self.stop()
                raise SystemExit(f"server exited: {said}") from None
        self.stop()
        raise SystemExit("server did not start in 60 s")

    def output(self, last: int = 4000) -> str:
        """The end of what the server logged (its stderr)."""
        self.log.flush()
        size = self.log.seek(0, os.SEEK_END)
        self.log.seek(max(0, size - last))
        return self.log.read().decode(errors="replace")

    @property
    def pids(self) -> list[int]:
        return [self.proc.pid]

    def cpu_seconds(self) -> float:
        return Proc(self.proc.pid).cpu_seconds()

    def rss_mb(self) -> float:
        return Proc(self.proc.pid).rss_mb()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        if self in RUNNING:
            RUNNING.remove(self)
            self.log.close()


class Trial:
    """deploy/run-local.sh as shipped: N `excursions serve` processes behind Debian's nginx
    with deploy/'s configuration, on free ports. `apps[i]` is process i+1's pid."""

    def __init__(self, env: dict[str, str], folder: Path, processes: int = 2, debian_conf: bool = False):
        """debian_conf: Debian's own /etc/nginx/nginx.conf includes the site, as on a server."""
        self.port, self.folder = free_port(), folder
        # nginx's workers (as `nobody` when the tests run as root) must reach the run folder:
        # one of its own under /tmp, not inside pytest's private one
        self.run_dir = Path(tempfile.mkdtemp(prefix="excursions-trial-"))
        first = free_ports(processes)  # run-local.sh numbers its processes' ports from it
        self.app_ports = list(range(first, first + processes))
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(folder / "run-local.log", "w+")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            [
                *("bash", str(ROOT / "deploy" / "run-local.sh"), "--processes", str(processes)),
                *("--port", str(self.port), "--first-app-port", str(first), "--dir", str(self.run_dir)),
                *(["--debian-conf"] if debian_conf else []),
            ],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while "ready:" not in self.output():
            try:  # waits a moment for the script, and notices if it ended
                self.proc.wait(timeout=0.2)
            except subprocess.TimeoutExpired:
                if time.monotonic() < deadline:
                    continue
            said = self.output()[-3000:]
            self.stop()
            raise SystemExit(f"deploy/run-local.sh did not start: {said}")
        self.apps = [int((self.run_dir / f"app-{i}.pid").read_text()) for i in range(1, processes + 1)]

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()

    def upstream(self, i: int) -> str:
        """How nginx names process i (its X-Excursions-Upstream header)."""
        return f"127.0.0.1:{self.app_ports[i]}"

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, 15)  # the script's trap stops nginx and the apps
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, 9)
        self.log.close()
        shutil.rmtree(self.run_dir, ignore_errors=True)
