"""What an e-mail address may be (excursions.addresses), and that one address the sender cannot
write never holds up anybody else's mail: a real SMTP server (aiosmtpd) with and without SMTPUTF8."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest

from excursions.addresses import AddressError, AddressProblem, normalise, parse_address, wire_address
from excursions.mail.transport import transport_from_url
from excursions.signups import InputError, ParticipantInput, clean_participant
from excursions.store import outbox
from tests.conftest import ROOT
from tests.support.smtp_sink import SmtpServer
from tests.test_mail import NOW, OPEN, make_worker, parts, read_invite

CYRILLIC_E = "\u0435"  # looks like the Latin e


@pytest.fixture(scope="module")
def routes(event):
    from excursions.routes import Area, load_routes
    from tests.conftest import SHIPPED_ROUTES

    area = Area(event.venue.lat, event.venue.lon, event.venue.area_radius_km)
    return load_routes(SHIPPED_ROUTES, area).by_id()


@pytest.mark.parametrize(
    ("typed", "stored", "on_the_wire"),
    [
        ("bob@example.org", "bob@example.org", "bob@example.org"),
        ("  Bob@Example.ORG ", "bob@example.org", "bob@example.org"),
        ("anna@ærø.dk", "anna@ærø.dk", "anna@xn--r-3fa9c.dk"),
        ("ANNA@ÆRØ.DK", "anna@ærø.dk", "anna@xn--r-3fa9c.dk"),
        ("anna@xn--r-3fa9c.dk", "anna@ærø.dk", "anna@xn--r-3fa9c.dk"),  # one mailbox, one form
        ("ａｎｎａ@odense.dk", "anna@odense.dk", "anna@odense.dk"),  # full-width folded
        ("an\u200bna@odense.dk", "anna@odense.dk", "anna@odense.dk"),  # zero-width space removed
        ("o'brien+tm@odense.dk", "o'brien+tm@odense.dk", "o'brien+tm@odense.dk"),
        ("søren@xn--r-3fa9c.dk".replace("søren", "soeren"), "soeren@ærø.dk", "soeren@xn--r-3fa9c.dk"),
    ],
)
def test_an_address_has_one_written_form_and_goes_out_idna_encoded(typed, stored, on_the_wire):
    address = parse_address(typed)
    assert address.text == stored == normalise(typed)
    assert address.wire == on_the_wire == wire_address(stored)


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", AddressProblem.MISSING),
        ("   ", AddressProblem.MISSING),
        ("søren@odense.dk", AddressProblem.LOCAL_NOT_ASCII),
        ("ærlig@odense.dk", AddressProblem.LOCAL_NOT_ASCII),
        ("åse@aarhus.dk", AddressProblem.LOCAL_NOT_ASCII),
        (f"x@exampl{CYRILLIC_E}.org", AddressProblem.MIXED_SCRIPTS),
        (f"bob@{CYRILLIC_E}xample.org", AddressProblem.MIXED_SCRIPTS),
        ("p\u0430ypal@odense.dk", AddressProblem.MIXED_SCRIPTS),  # a Cyrillic a
        ("a\x00b@x.dk", AddressProblem.CONTROL),
        ("anna@odense.dk\r\nBcc: all@odense.dk", AddressProblem.CONTROL),
        ("anna\x1b@odense.dk", AddressProblem.CONTROL),
        ("anna@", AddressProblem.INVALID),
        ("anna@kommune", AddressProblem.INVALID),
        ("<script>@x.dk", AddressProblem.INVALID),
        ('"anna berg"@x.dk', AddressProblem.INVALID),
        ("a..b@x.dk", AddressProblem.INVALID),
        ("anna@-odense.dk", AddressProblem.INVALID),
        ("anna@1.2.3.4", AddressProblem.INVALID),
        ("anna@odense..dk", AddressProblem.INVALID),
        ("a" * 65 + "@odense.dk", AddressProblem.INVALID),
        ("a@" + "b" * 250 + ".dk", AddressProblem.TOO_LONG),
    ],
)
def test_what_no_mail_could_reach_is_refused_with_its_reason(typed, problem):
    with pytest.raises(AddressError) as caught:
        parse_address(typed)
    assert caught.value.problem is problem
    with pytest.raises(InputError) as at_field:  # the form, the CLI and the import ask this
        clean_participant(typed, "Søren Ærø")
    assert (at_field.value.field, at_field.value.code) == ("email", problem.value)


@pytest.mark.slow  # 3-5 s: runs after the quick layer in CI
def test_the_cli_refuses_a_danish_letter_before_the_at_with_a_sentence_and_no_traceback(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "excursions.cli",
            "signup",
            "--email",
            "søren@odense.dk",
            "--name",
            "Søren",
            "--route",
            "x",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"EXCURSIONS_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        timeout=120,
    )
    assert done.returncode != 0
    out = done.stdout + done.stderr
    assert "søren@odense.dk" in out and "before the @" in out
    assert "Traceback" not in out


@pytest.mark.slow  # 3-5 s: runs after the quick layer in CI
def test_through_the_command_line_the_odd_addresses_are_refused_and_bob_is_mailed(tmp_path):
    """Issue 26's must-show, in the shell: søren@… and a look-alike are refused with a sentence,
    and Bob's confirmation reaches a real SMTP server in one `mail send`."""
    with SmtpServer("plain") as server:
        env = {
            "EXCURSIONS_DATA_DIR": str(tmp_path),
            "EXCURSIONS_MAIL_URL": f"smtp+plain://127.0.0.1:{server.port}",
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
        }

        def cli(*args: str) -> subprocess.CompletedProcess:
            return subprocess.run(
                [sys.executable, "-m", "excursions.cli", *args],
                capture_output=True,
                text=True,
                cwd=ROOT,
                env=env,
                timeout=120,
            )

        for odd in ("søren@odense.dk", f"x@exampl{CYRILLIC_E}.org"):
            done = cli("signup", "--route", "skovrejsning", "--email", odd, "--name", "Odd")
            assert done.returncode != 0 and "Traceback" not in done.stdout + done.stderr
            assert odd in done.stdout + done.stderr
        assert (
            cli("signup", "--route", "skovrejsning", "--email", "bob@example.org", "--name", "Bob").returncode
            == 0
        )
        sent = cli("mail", "send")
        assert sent.returncode == 0, sent.stdout + sent.stderr
        assert [r.recipients for r in server.sink.received] == [["bob@example.org"]]
        assert "Traceback" not in sent.stdout + sent.stderr


# --- the sender ---------------------------------------------------------------------------------


def _legacy(store, email: str, name: str, route: str = "r00") -> None:
    """A sign-up stored before the address rule (an older database): the sender must cope."""
    store.signup(ParticipantInput(email, name), route, now=NOW, window=OPEN)


@pytest.fixture
def mail_store(store):
    from tests.conftest import make_routes

    store.sync_routes(make_routes([30, 30]), NOW)
    return store


def smtp_worker(store, event, routes, server):
    url = f"smtp+plain://127.0.0.1:{server.port}"
    return make_worker(store, transport_from_url(url, Path("/unused")), event, routes)


def test_an_address_the_server_cannot_take_fails_alone_and_bob_gets_his_mail_in_the_same_round(
    mail_store, event, routes, caplog
):
    """The attack of issue 26 item 1: the first row once stopped every send round for good."""
    _legacy(mail_store, "søren@odense.dk", "Søren")
    _legacy(mail_store, f"x@exampl{CYRILLIC_E}.org", "X")
    mail_store.signup(clean_participant("bob@example.org", "Bob"), "r01", now=NOW, window=OPEN)
    with SmtpServer("plain", smtputf8=False) as server, caplog.at_level(logging.WARNING):
        done = smtp_worker(mail_store, event, routes, server).run_once()
        arrived = [r.recipients for r in server.sink.received]
    assert "Traceback" not in caplog.text
    assert [f"x@exampl{CYRILLIC_E}.org".replace("exampl\u0435", "xn--exampl-8of")] in arrived
    assert ["bob@example.org"] in arrived  # one send round
    assert (done.sent, done.failed) == (2, 1)
    by_address = {m.email: m for m in mail_store.mail_queue()}
    soeren = by_address["søren@odense.dk"]
    assert soeren.status is outbox.MailStatus.FAILED and "SMTPUTF8" in soeren.last_error
    assert by_address["bob@example.org"].status is outbox.MailStatus.SENT


def test_a_server_with_smtputf8_delivers_to_a_danish_local_part_with_its_own_letters(
    mail_store, event, routes
):
    _legacy(mail_store, "søren@ærø.dk", "Søren Ærø")
    with SmtpServer("plain", smtputf8=True) as server:
        assert smtp_worker(mail_store, event, routes, server).run_once().sent == 1
        (received,) = server.sink.received
    assert received.recipients == ["søren@xn--r-3fa9c.dk"]
    assert "<søren@xn--r-3fa9c.dk>".encode() in received.data  # its own letters, as RFC 6532 has it
    message = email.message_from_string(received.data.decode(), policy=email.policy.default)
    assert message["To"].addresses[0].username == "søren"
    assert message["To"].addresses[0].display_name == "Søren Ærø"
    assert "Hej Søren Ærø" in parts(message)["text/plain"]


def test_a_row_that_cannot_be_composed_is_failed_with_its_reason_and_the_rest_go(
    mail_store, event, routes, caplog
):
    mail_store.signup(clean_participant("anna@odense.dk", "Anna"), "r00", now=NOW, window=OPEN)
    mail_store.signup(clean_participant("bob@example.org", "Bob"), "r01", now=NOW, window=OPEN)
    from excursions.mail.worker import MailWorker

    def catalogue():  # Anna's route is not a Route (a bug): composing her mail raises
        return event, {"r00": object(), "r01": routes["biogas-fangel"]}

    with SmtpServer("plain") as server, caplog.at_level(logging.WARNING):
        url = f"smtp+plain://127.0.0.1:{server.port}"
        worker = MailWorker(mail_store, transport_from_url(url, Path("/x")), catalogue)
        done = worker.run_once()
        assert [r.recipients for r in server.sink.received] == [["bob@example.org"]]
    assert (done.sent, done.failed) == (1, 1)
    anna = next(m for m in mail_store.mail_queue() if m.email == "anna@odense.dk")
    assert anna.status is outbox.MailStatus.FAILED and anna.last_error.startswith("cannot compose this mail")
    assert "Traceback" not in caplog.text


def test_the_calendar_entry_carries_no_personal_link_and_no_participant_number(mail_store, event, routes):
    for i in range(3):
        mail_store.signup(clean_participant(f"p{i}@odense.dk", f"P {i}"), "r00", now=NOW, window=OPEN)
    with SmtpServer("plain") as server:
        assert smtp_worker(mail_store, event, routes, server).drain().sent == 3
        messages = server.sink.messages()
    uids = set()
    for message in messages:
        text = parts(message)["text/plain"]
        assert "/signup?token=" in text  # the mail has the link ...
        ics = parts(message)["attachment:invitation.ics"]
        inline = parts(message)["text/calendar"]
        for calendar in (ics.decode(), inline):
            assert "token" not in calendar.lower()  # ... the calendar entry does not
        _, entry = read_invite(ics)
        uid = str(entry["UID"])
        # a digest, not the number: the old form was excursion-<date>-<participant id>@host
        assert re.fullmatch(r"excursion-\d{8}-[0-9a-f]{32}@[^@]+", uid), uid
        assert str(entry["URL"]).endswith("/signup")  # the page that mails the link again
        uids.add(uid)
    assert len(uids) == 3


def test_the_invite_uid_stays_the_same_through_a_move(mail_store, event, routes):
    person = clean_participant("anna@odense.dk", "Anna")
    token = mail_store.signup(person, "r00", now=NOW, window=OPEN).token
    mail_store.switch(token, "r01", now=NOW + dt.timedelta(minutes=1), window=OPEN)
    with SmtpServer("plain") as server:
        assert smtp_worker(mail_store, event, routes, server).drain().sent == 2
        first, moved = (read_invite(parts(m)["attachment:invitation.ics"])[1] for m in server.sink.messages())
    assert str(first["UID"]) == str(moved["UID"])
    assert int(moved["SEQUENCE"]) > int(first["SEQUENCE"])


def test_a_message_to_a_utf8_mailbox_parses_back(event, routes):
    from excursions.mail.compose import Letter, compose, wire
    from excursions.mail.kinds import MailKind

    letter = Letter(MailKind.SIGNED_UP, "da", "Søren", "søren@odense.dk", 3, "http://x/signup?token=t")
    letter = Letter(**{**letter.__dict__, "route": routes["skovrejsning"], "sequence": 1})
    message = email.message_from_string(
        wire(compose(letter, event, now=NOW)).decode(), policy=email.policy.default
    )
    assert message["To"].addresses[0].addr_spec == "søren@odense.dk"
