"""The ready-check: each check on its own (a table), then `excursions check` against the
shipped event (red) and a proper setup with a real app and a real mail server (green)."""

from __future__ import annotations

import datetime as dt
import re
import socket

import pytest

from excursions.access import hash_password
from excursions.readiness import (
    Level,
    check_deletion,
    check_public_url,
    check_tiles,
    check_window,
    tile_url,
)
from excursions.routes import RouteSet
from excursions.signups import Window
from tests.conftest import EVENT_FILE, make_routes
from tests.support.processes import Server
from tests.support.smtp_sink import SmtpServer
from tests.test_cli import run

UTC = dt.UTC


def refused(url: str):
    raise OSError("connection refused")


@pytest.mark.parametrize(
    ("url", "get", "level", "code"),
    [
        ("http://localhost:8501/", refused, Level.RED, "local"),
        ("http://127.0.0.1/", refused, Level.RED, "local"),
        ("http://[::1]:8501/", refused, Level.RED, "local"),
        ("http://0.0.0.0:8501/", refused, Level.RED, "local"),
        ("http://app.localhost/", refused, Level.RED, "local"),
        ("https://udflugter.tm22.dk/", refused, Level.RED, "unreachable"),
        ("https://udflugter.tm22.dk/", lambda url: (200, b"<html>"), Level.RED, "not_this_app"),
        ("https://udflugter.tm22.dk/", lambda url: (404, b""), Level.RED, "not_this_app"),
        ("https://udflugter.tm22.dk/", lambda url: (200, b"ok"), Level.GREEN, "ok"),
    ],
)
def test_public_url(url, get, level, code):
    finding = check_public_url(url, get)
    assert (finding.level, finding.code) == (level, code)


def test_the_health_probe_goes_to_the_public_address():
    asked = []
    check_public_url("https://udflugter.tm22.dk/app/", lambda url: asked.append(url) or (200, b"ok"))
    assert asked == ["https://udflugter.tm22.dk/app/_stcore/health"]


def test_tiles_switched_off_are_fine_and_an_unreachable_server_is_a_warning():
    assert check_tiles("none", 55.4, 10.4).level is Level.GREEN
    assert check_tiles("https://t.example/{z}/{x}/{y}.png", 55.4, 10.4, refused).level is Level.AMBER
    assert (
        tile_url("https://t.example/{z}/{x}/{y}.png", 55.37905, 10.42790)
        == "https://t.example/12/2166/1288.png"
    )


ROUTES = RouteSet(tuple(make_routes([10])))  # departs 2022-04-20 14:00 +02:00


@pytest.mark.parametrize(
    ("opens", "closes", "keep_open", "code"),
    [
        ("2022-03-21T12:00+01:00", "2022-04-19T12:00+02:00", False, "ok"),
        ("2022-03-21T12:00+01:00", "2022-04-19T12:00+02:00", True, "demo"),
        ("2022-04-19T12:00+02:00", "2022-03-21T12:00+01:00", False, "order"),
        ("2022-03-21T12:00+01:00", "2022-04-20T15:00+02:00", False, "after_departure"),
    ],
)
def test_window(opens, closes, keep_open, code):
    window = Window(dt.datetime.fromisoformat(opens), dt.datetime.fromisoformat(closes), keep_open)
    assert check_window(window, ROUTES).code == code


def test_deletion_date(event):
    import dataclasses

    assert check_deletion(event).code == "ok"
    assert check_deletion(dataclasses.replace(event, delete_personal_data_after=None)).level is Level.RED
    early = dataclasses.replace(event, delete_personal_data_after=event.start_date)
    assert check_deletion(early).code == "too_early"


def test_the_shipped_event_is_not_ready_and_says_what_to_do(tmp_path):
    result = run(
        "check", "--no-test-mail", env={"EXCURSIONS_DATA_DIR": str(tmp_path), "EXCURSIONS_TILES": "none"}
    )
    assert result.returncode == 1
    lines = {
        line.split()[1]: line for line in result.stdout.splitlines() if line[:4] in ("ok  ", "WARN", "FAIL")
    }
    assert (
        lines["public_url"].startswith("FAIL") and "Set public_url in the event file" in lines["public_url"]
    )
    assert lines["password"].startswith("FAIL") and "excursions hash-password" in lines["password"]
    assert lines["mail"].startswith("FAIL") and "EXCURSIONS_MAIL_URL" in lines["mail"]
    assert lines["routes"].startswith("ok") and lines["database"].startswith("ok")
    assert lines["window"].startswith("WARN") and "demo_keep_open" in lines["window"]


def this_machines_address() -> str:
    """An address of this machine that is not loopback (the interface of the default route)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))  # no packet is sent: it only picks an interface
            return s.getsockname()[0]
        except OSError:
            return "127.0.0.1"


@pytest.mark.serve
def test_a_proper_setup_is_all_green_and_the_test_message_arrives(tmp_path):
    address = this_machines_address()
    if address.startswith("127."):
        pytest.skip("this machine has no network interface but loopback")
    event_text = EVENT_FILE.read_text(encoding="utf-8")
    event_text = re.sub(r"(?m)^demo_keep_open = true\n", "", event_text)
    with SmtpServer("plain") as smtp:
        env = {
            "EXCURSIONS_DATA_DIR": str(tmp_path / "data"),
            "EXCURSIONS_TILES": "none",
            "EXCURSIONS_ORGANISER_PASSWORD_HASH": hash_password("hemmelig"),
            "EXCURSIONS_MAIL_URL": f"smtp+plain://127.0.0.1:{smtp.port}",
        }
        app = Server(env, host="0.0.0.0")
        try:
            public = f"http://{address}:{app.port}/"
            (tmp_path / "event.toml").write_text(
                event_text.replace('public_url = "http://localhost:8501/"', f'public_url = "{public}"'),
                encoding="utf-8",
            )
            checked_env = {**env, "EXCURSIONS_EVENT_FILE": str(tmp_path / "event.toml")}
            # the shipped event's deletion date (2022) has passed: a proper setup has deleted since
            assert run("purge-personal-data", "--yes", env=checked_env).returncode == 0
            result = run("check", env=checked_env)
        finally:
            app.stop()
        assert result.returncode == 0, result.stdout + result.stderr
        assert all(line.startswith("ok") for line in result.stdout.splitlines()[:8]), result.stdout
        assert "ready: green" in result.stdout
        (mail,) = smtp.sink.messages()
        assert mail["To"] == "tm22@kl.example" and mail["Subject"].startswith("Ready-check")


@pytest.mark.parametrize(
    ("registered_only", "says"),
    [
        (
            False,
            "The strongest defence against a script taking seats is EXCURSIONS_SIGNUP_REGISTERED_ONLY=true",
        ),
        (True, "Only participants from the registration system can sign up"),
    ],
)
def test_the_check_says_whether_sign_up_is_open_and_what_the_strongest_defence_is(registered_only, says):
    from excursions.i18n import ready_text
    from excursions.readiness import check_signup_gate

    finding = check_signup_gate(registered_only)
    assert finding.level is Level.GREEN  # open sign-up is a choice, not a fault
    assert says in ready_text(finding.key, finding.values, "en")
    assert ready_text(finding.key, finding.values, "da") != ready_text(finding.key, finding.values, "en")


def test_a_passed_deletion_date_with_nothing_deleted_since_is_a_warning(event):
    """Issue 27 item 15: the banner said the data should have been deleted while the
    ready-check showed the same date as fine."""
    after = event.delete_personal_data_after
    late = dt.datetime.combine(after + dt.timedelta(days=2), dt.time(12), tzinfo=dt.UTC)
    assert check_deletion(event, late, None).code == "overdue"
    assert check_deletion(event, late, None).level is Level.AMBER
    assert check_deletion(event, late, late).code == "ok"  # deleted since
    assert check_deletion(event, dt.datetime(2022, 4, 1, tzinfo=dt.UTC), None).code == "ok"  # not yet


def test_the_route_check_tells_files_from_excursions_saved_in_the_browser():
    """Issue 27 item 15: "All 26 route files are valid" counted two browser edits as files."""
    from excursions.i18n import ready_text
    from excursions.readiness import check_routes

    routes = RouteSet(tuple(make_routes([5] * 26)), ())
    finding = check_routes(routes, saved=2)
    said = ready_text(finding.key, finding.values, "en")
    assert said == "All 26 excursions are valid (from the route files: 24; saved in the browser: 2)."
    assert (
        ready_text(check_routes(routes).key, check_routes(routes).values, "en")
        == "All 26 route files are valid."
    )


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://localhost:8501/", True),
        ("http://127.0.0.1:8501/", True),
        ("http://[::1]/", True),
        ("http://0.0.0.0:8501/", True),
        ("https://tm22.kl.example/", False),
        ("https://udflugter.æblø.dk/", False),
        ("http://192.168.1.20:8501/", False),  # the venue's network: phones reach it
    ],
)
def test_a_qr_address_that_only_this_computer_opens(url, local):
    from excursions.links import only_this_computer

    assert only_this_computer(url) is local
