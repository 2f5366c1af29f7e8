"""Deleting personal data after the event, as the consent text promises."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from excursions.event import Event
from excursions.mail.transport import FileTransport, Transport
from excursions.store import Store


@dataclass(frozen=True)
class PurgeReport:
    people: int  # made anonymous
    mail_files: int  # .eml files deleted from the outbox folder


def purge_personal_data(store: Store, transport: Transport, *, now: dt.datetime) -> PurgeReport:
    """Names, e-mails, organisations, links and queued mail go, in the database and in the
    outbox folder; seats (anonymous), the log and check-ins stay."""
    people = store.purge_personal_data(now=now)
    files = transport.purge() if isinstance(transport, FileTransport) else 0
    return PurgeReport(people, files)


def purge_due(event: Event, purged_at: dt.datetime | None, now: dt.datetime) -> bool:
    """The organiser should be reminded: the date has passed and nothing was deleted since."""
    after = event.delete_personal_data_after
    if after is None:
        return False
    today = now.astimezone(event.timezone).date()
    return today > after and (purged_at is None or purged_at.astimezone(event.timezone).date() <= after)
