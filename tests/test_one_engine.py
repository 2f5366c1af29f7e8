"""One engine per process (issue 28): an `excursions serve` process that has served a page,
the seat feed, the organiser pass and a mail holds one SQLAlchemy engine, made with the
lock_timeout_seconds setting. Each PostgreSQL connection names its process and engine in
pg_stat_activity (excursions.store.open_store), so the test counts them from outside."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy

from excursions.access import hash_password
from excursions.store import open_store
from tests.conftest import ROOT
from tests.support.processes import Server
from tests.support.streamlit_client import open_page
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.slow, pytest.mark.serve, pytest.mark.postgres]


def engines_of(pg_url: str, pid: int) -> set[str]:
    """The distinct engines (serial and lock timeout) of one process's open connections."""
    engine = sqlalchemy.create_engine(pg_url)
    try:
        with engine.connect() as conn:
            names = conn.execute(
                sqlalchemy.text(
                    "select application_name from pg_stat_activity where application_name like :p"
                ),
                {"p": f"excursions:{pid}:%"},
            ).scalars()
            return {name.split(":", 2)[2] for name in names}
    finally:
        engine.dispose()


def test_a_serve_process_holds_one_engine_with_the_lock_timeout(pg_url, tmp_path):
    store = open_store(pg_url, create=False)
    store.drop_schema()
    store.dispose()
    outbox = tmp_path / "mail"
    env = {
        "EXCURSIONS_DATABASE_URL": pg_url,
        "EXCURSIONS_DATA_DIR": str(tmp_path / "data"),
        "EXCURSIONS_TILES": "none",
        "EXCURSIONS_LOCK_TIMEOUT_SECONDS": "7",
        "EXCURSIONS_MAIL_URL": f"file://{outbox}",
        "EXCURSIONS_MAIL_RETRY_SECONDS": "1",
        "EXCURSIONS_ORGANISER_PASSWORD_HASH": hash_password("pw", salt=b"s" * 16),
    }
    server = Server(env)
    try:
        # a page (the warm-up ran two already), the seat feed, the organiser pass
        with ThreadPoolExecutor(1) as pool:  # a loop of its own (Playwright's may run in this one)
            seconds, errors = pool.submit(asyncio.run, open_page(server.port)).result(180)
        assert errors == [] and seconds < float("inf")
        with urllib.request.urlopen(server.url + "/_excursions/seats.json", timeout=10) as answer:
            assert answer.status == 200
        ticket = urllib.request.Request(
            server.url + "/_excursions/organiser-pass", data=b"ticket=x", method="POST"
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(ticket, timeout=10)
        assert refused.value.code == 403  # a wrong ticket, checked against the database
        # a mail: queued by the shell (a process of its own), sent by this one's sender
        shell = [sys.executable, "-m", "excursions.cli", "signup", "--route", "skovrejsning"]
        shell += ["--email", "aase@ærø.dk", "--name", "Åse Ærø"]
        subprocess.run(shell, cwd=ROOT, env={**os.environ, **env}, check=True, capture_output=True)
        wait_until(lambda: any(Path(outbox).glob("*.eml")), 60, "the server's sender wrote the mail")

        assert engines_of(pg_url, server.proc.pid) == {"1:lock_timeout=7000"}
    finally:
        server.stop()
