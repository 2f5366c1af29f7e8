"""Deleting personal data after the event, as the consent text promises."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from excursions.event import Event
from excursions.mail.transport import FileTransport, Transport
from excursions.store import POSTGRESQL_PURGE_STEPS, Store


@dataclass(frozen=True)
class PurgeReport:
    people: int  # made anonymous
    mail_files: int  # .eml files deleted from the outbox folder
    # PostgreSQL: SQL for the database's superuser to finish with (Store's POSTGRESQL_PURGE_STEPS)
    superuser_steps: tuple[str, ...] = ()


def purge_personal_data(store: Store, transport: Transport, *, now: dt.datetime) -> PurgeReport:
    """Names, e-mails, organisations, links and queued mail go, in the database and in the
    outbox folder; seats (anonymous), the log and check-ins stay."""
    people = store.purge_personal_data(now=now)
    files = transport.purge() if isinstance(transport, FileTransport) else 0
    steps = POSTGRESQL_PURGE_STEPS if store.dialect == "postgresql" else ()
    return PurgeReport(people, files, steps)


def date_passed(event: Event, now: dt.datetime) -> bool:
    after = event.delete_personal_data_after
    return after is not None and now.astimezone(event.timezone).date() > after


def purge_due(event: Event, purged_at: dt.datetime | None, now: dt.datetime) -> bool:
    """The organiser should be reminded: the date has passed and nothing was deleted since."""
    if not date_passed(event, now):
        return False
    after = event.delete_personal_data_after
    return purged_at is None or purged_at.astimezone(event.timezone).date() <= after
