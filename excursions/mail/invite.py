"""The calendar invite (iCalendar, RFC 5545/5546) that goes with every change of a seat.

One UID per person and event: a person has one excursion at a time, so a move updates the
same calendar entry (a higher SEQUENCE) instead of leaving the old one behind, and a
cancellation (METHOD:CANCEL, same UID) removes it. Times carry TZID with the VTIMEZONE
included, so calendars show the departure in the event's time zone.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo


class InviteMethod(StrEnum):
    REQUEST = "REQUEST"
    CANCEL = "CANCEL"


@dataclass(frozen=True)
class InviteFacts:
    uid: str
    sequence: int
    method: InviteMethod
    summary: str
    start: dt.datetime  # aware
    end: dt.datetime
    timezone: str  # IANA name, e.g. Europe/Copenhagen
    location: str
    description: str
    url: str
    organiser_name: str
    organiser_address: str
    attendee_name: str
    attendee_address: str
    tentative: bool = False  # on the waiting list: the afternoon is held, the seat not yet
    stamp: dt.datetime | None = None


@functools.lru_cache(maxsize=16)
def _vtimezone(tzid: str, year: int) -> bytes:
    """The VTIMEZONE block for the years around the event, made once: every invite of an
    event carries the same one, and making it is half of an invite's cost."""
    import icalendar  # when a mail is composed, not on every import of the CLI

    zone = icalendar.Timezone.from_tzid(
        tzid, first_date=dt.date(year - 1, 1, 1), last_date=dt.date(year + 1, 12, 31)
    )
    return zone.to_ical()


def invite(facts: InviteFacts) -> bytes:
    """The invite as an iCalendar file."""
    import icalendar  # when a mail is composed, not on every import of the CLI

    tz = ZoneInfo(facts.timezone)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//excursions//excursion map//DA")
    cal.add("version", "2.0")
    cal.add("method", facts.method.value)
    event = icalendar.Event()
    event.add("uid", facts.uid)
    event.add("sequence", facts.sequence)
    event.add("dtstamp", (facts.stamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC))
    event.add("dtstart", facts.start.astimezone(tz))
    event.add("dtend", facts.end.astimezone(tz))
    event.add("summary", facts.summary)
    event.add("location", facts.location)
    event.add("description", facts.description)
    if facts.url:
        event.add("url", facts.url)
    if facts.method is InviteMethod.CANCEL:
        status = "CANCELLED"
    else:
        status = "TENTATIVE" if facts.tentative else "CONFIRMED"
    event.add("status", status)
    event.add("transp", "OPAQUE")
    if facts.organiser_address:
        organizer = icalendar.vCalAddress(f"mailto:{facts.organiser_address}")
        organizer.params["cn"] = icalendar.vText(facts.organiser_name)
        event.add("organizer", organizer)
    attendee = icalendar.vCalAddress(f"mailto:{facts.attendee_address}")
    attendee.params["cn"] = icalendar.vText(facts.attendee_name)
    attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = icalendar.vText("ACCEPTED" if not facts.tentative else "TENTATIVE")
    event.add("attendee", attendee)
    cal.add_component(event)
    head, begin, rest = cal.to_ical().partition(b"BEGIN:VEVENT")
    return head + _vtimezone(facts.timezone, facts.start.year) + begin + rest
