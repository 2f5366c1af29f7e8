"""App processes for tests and benches: `excursions serve` on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The app on a free port: `excursions serve` (mode "serve"), or `streamlit run` as the
    README's try-it command does (mode "streamlit")."""

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
        self.proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
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
                raise SystemExit(f"server exited: {self.proc.stderr.read().decode()[-2000:]}") from None
        raise SystemExit("server did not start in 60 s")

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
