"""How often a "send me my link again" may be asked for (pure): per address and per client.
The store counts these tries with the others (kind limits.Attempt.LINK, store/attempts.py).

The answer never depends on whether the address is known, so a throttled request for a
stranger's address looks exactly like one for a known address.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum

from excursions.limits import Limit, within


class LinkRequest(StrEnum):
    SENT = "sent"  # if the address has a sign-up, its link is on the way
    THROTTLED = "throttled"  # asked too often: try again later
    # The address has had excursions.limits.MAIL_PER_RECIPIENT mails within the hour: nothing
    # is sent now. Only a signed-up address gets mails, so this says it is one; a stranger
    # cannot get it there alone (lost-link requests stay below that limit).
    HELD = "held"


# An address: twice per quarter of an hour. A browser session: five. A network address:
# many, since a venue's Wi-Fi puts hundreds of phones behind one address.
PER_ADDRESS = Limit(2, dt.timedelta(minutes=15))
PER_SESSION = Limit(5, dt.timedelta(minutes=15))
PER_IP = Limit(60, dt.timedelta(minutes=15))
LINK_WINDOW = max(PER_ADDRESS.window, PER_SESSION.window, PER_IP.window)  # how far back to count


def decide(
    by_address: Sequence[dt.datetime],
    by_session: Sequence[dt.datetime],
    by_ip: Sequence[dt.datetime],
    now: dt.datetime,
) -> LinkRequest:
    ok = (
        within(by_address, PER_ADDRESS, now)
        and within(by_session, PER_SESSION, now)
        and within(by_ip, PER_IP, now)
    )
    return LinkRequest.SENT if ok else LinkRequest.THROTTLED
