"""The must-show for a mail server that is down while 300 people sign up, with the app
restarted in between: every mail is delivered exactly once, and no sign-up waited for it."""

from __future__ import annotations

import collections
import time

import pytest

from excursions.store import open_store, sqlite_url
from excursions.store.outbox import MailStatus
from tests.browser.conftest import AppServer
from tests.support.processes import free_port
from tests.support.smtp_sink import SmtpServer

pytestmark = [pytest.mark.slow, pytest.mark.serve]


def test_mail_server_down_during_300_signups_then_back_after_an_app_restart(tmp_path):
    port = free_port()  # the mail server's port: nothing listens there yet
    env = {
        "EXCURSIONS_MAIL_URL": f"smtp+plain://127.0.0.1:{port}",
        "EXCURSIONS_MAIL_RETRY_SECONDS": "1",
    }
    data = tmp_path / "data"
    data.mkdir()
    store = open_store(sqlite_url(data))
    app = AppServer(env, data, mode="serve")
    try:
        started = time.monotonic()
        done = app.cli("simulate", "--participants", "300", "--rate", "0", "--seed", "7")
        signup_seconds = time.monotonic() - started
        acks = [line for line in done.stdout.splitlines() if line.startswith("ack ")]
        assert len(acks) == 300
        assert store.mail_tally()[MailStatus.SENT] == 0
    finally:
        app.stop()  # the app goes away with 300 mails queued
    # A sender from the shell tries too, with the server still down: nothing is sent, nothing lost.
    tried = app.cli("mail", "send")
    assert tried.stdout.startswith("0 sent, "), tried.stdout
    queue = store.mail_queue()
    assert len(queue) == 300 and {m.status for m in queue} == {MailStatus.QUEUED}
    assert any("cannot connect" in m.last_error for m in queue)

    with SmtpServer("plain", port=port) as server:
        app = AppServer(env, data, mode="serve")  # a new process: nothing in memory survives
        try:
            # The restarted app's sender delivers them (after the back-off of the failed try).
            assert server.sink.wait_for(lambda received: len(received) >= 300, timeout=180)
            leftover = app.cli("mail", "send")  # a second sender finds nothing left to send
            assert leftover.stdout.startswith("0 sent, 0 failed"), leftover.stdout
        finally:
            app.stop()
        received = server.sink.messages()
    per_address = collections.Counter(m["To"].addresses[0].addr_spec for m in received)
    assert len(received) == 300 and set(per_address.values()) == {1}
    assert len({m["Message-ID"] for m in received}) == 300
    assert set(per_address) == {f"sim-7-{i:05d}@example.invalid" for i in range(300)}
    print(f"300 sign-ups acknowledged in {signup_seconds:.1f} s with the mail server down")
