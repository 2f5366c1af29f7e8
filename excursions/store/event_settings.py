"""The event as saved on the organiser's "Begivenhed" tab, over the event file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select

from excursions.store.engine import Transactions, _utc
from excursions.store.schema import event_settings_t

CURRENT = "current"


@dataclass(frozen=True)
class SavedEvent:
    toml: str
    saved_at: dt.datetime
    saved_by: str


class EventSettings(Transactions):
    def saved_event(self) -> SavedEvent | None:
        """The event's TOML as last saved in the browser; None: the event file is in use."""
        c = event_settings_t.c
        query = select(c.toml, c.saved_at, c.saved_by).where(c.key == CURRENT)
        row = self._read(lambda conn: conn.execute(query).first())
        return SavedEvent(row.toml, _utc(row.saved_at), row.saved_by) if row else None

    def save_event(self, toml: str, *, by: str, now: dt.datetime) -> None:
        """Keep the event's TOML (already checked as the file would be); every process reads
        it within seconds (excursions.sources)."""
        values = {"toml": toml, "saved_at": now, "saved_by": by[:120]}
        stmt = self._insert(event_settings_t).values(key=CURRENT, **values)
        self._write(
            lambda conn: conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_=values))
        )

    def forget_saved_event(self) -> None:
        """Back to the event file (an import that replaces the event)."""
        self._write(
            lambda conn: conn.execute(delete(event_settings_t).where(event_settings_t.c.key == CURRENT))
        )
