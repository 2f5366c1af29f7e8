"""The operations guide's abuse section states each limit with its number: checked against the
code's constants, so a changed limit cannot leave the guide saying another (issue 26)."""

from __future__ import annotations

import datetime as dt

import pytest

from excursions import limits, throttle
from excursions.limits import LIMITS, Attempt
from tests.conftest import ROOT

README = " ".join((ROOT / "docs" / "operations.md").read_text(encoding="utf-8").split())  # wrapping apart


def minutes(window: dt.timedelta) -> int:
    return int(window.total_seconds() // 60)


SIGNUP, LOGIN, SWITCH = LIMITS[Attempt.SIGNUP], LIMITS[Attempt.LOGIN], LIMITS[Attempt.SWITCH]

SENTENCES = [
    f"at most {SIGNUP.per_session.count} per browser in {minutes(SIGNUP.per_session.window)} minutes",
    f"{SIGNUP.per_address.count} per network address in {minutes(SIGNUP.per_address.window)} minutes",
    f"A laptop takes at most {SIGNUP.per_session.count} seats in "
    f"{minutes(SIGNUP.per_session.window)} minutes",
    f"one browser has {limits.ALARM_PER_BROWSER.count} sign-ups that still stand within an hour",
    f"or one network address {limits.ALARM_PER_ADDRESS.count}",
    f"at most {SWITCH.per_session.count} an hour per participant",
    f"at most {limits.MAIL_PER_RECIPIENT.count} mails an hour to one address",
    f"{throttle.PER_ADDRESS.count} per address in {minutes(throttle.PER_ADDRESS.window)} minutes, "
    f"{throttle.PER_SESSION.count} per browser and {throttle.PER_IP.count} per network address",
    f"give the address at most {limits.MAIL_PER_RECIPIENT.count} mails",
    f"{LOGIN.per_session.count} wrong per browser in {minutes(LOGIN.per_session.window)} minutes; "
    f"{LOGIN.per_address.count} per network address in {minutes(LOGIN.per_address.window)} minutes",
    f"up to {LOGIN.fresh_per_address.count} in {minutes(LOGIN.fresh_per_address.window)} minutes",
    f"{limits.RUN_BURST} at once per browser, then {limits.RUN_RATE:g} a second; "
    f"{limits.ADDRESS_RUN_BURST} at once per network address, then {limits.ADDRESS_RUN_RATE:g} a second",
    f"at most {limits.WEBSOCKET_MAX_MB} MB either way",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_the_readme_states_each_limit_as_the_code_has_it(sentence):
    assert sentence in README


def test_the_windows_the_readme_names_are_the_codes():
    assert SWITCH.per_session.window == dt.timedelta(hours=1)
    assert limits.MAIL_PER_RECIPIENT.window == dt.timedelta(hours=1)
    assert limits.ALARM_PER_BROWSER.window == limits.ALARM_PER_ADDRESS.window == dt.timedelta(hours=1)
