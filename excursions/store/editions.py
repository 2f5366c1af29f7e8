"""The installation's events (excursions.editions): which one is current, and the archive
of the others. Kept in the installation's own database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from excursions.editions import MAIN, Archive
from excursions.store.engine import Transactions, _utc
from excursions.store.schema import editions_t


@dataclass(frozen=True)
class Edition:
    key: str
    name: str
    location: str
    current: bool
    created_at: dt.datetime
    archive: Archive | None


class Editions(Transactions):
    def editions(self) -> list[Edition]:
        """Every event this installation has had, the newest first."""
        c = editions_t.c
        rows = self._read(lambda conn: conn.execute(select(editions_t).order_by(c.created_at.desc())).all())
        return [
            Edition(
                r.key,
                r.name,
                r.location,
                r.current,
                _utc(r.created_at),
                Archive.from_json(r.archive) if r.archive else None,
            )
            for r in rows
        ]

    def current_location(self) -> str:
        """Where the current event's database is (MAIN: this one; also before any new event)."""
        c = editions_t.c
        query = select(c.location).where(c.current.is_(True))
        return self._read(lambda conn: conn.execute(query).scalar()) or MAIN

    def start_edition(
        self, key: str, name: str, *, previous: tuple[str, str, str], archive: Archive, now: dt.datetime
    ) -> None:
        """Make the new event current and keep the previous one's numbers, in one transaction:
        every process switches together. previous: (key, name, location) of the event that
        was current (registered here if it never was: the installation's first)."""

        def work(conn: Connection) -> None:
            c = editions_t.c
            before_key, before_name, before_location = previous
            known = conn.execute(select(c.key).where(c.key == before_key)).scalar()
            if known is None:
                values = {"key": before_key, "name": before_name, "location": before_location}
                conn.execute(editions_t.insert().values(**values, current=False, created_at=now))
            conn.execute(update(editions_t).values(current=False))
            conn.execute(update(editions_t).where(c.key == before_key).values(archive=archive.to_json()))
            conn.execute(
                editions_t.insert().values(key=key, name=name, location=key, current=True, created_at=now)
            )

        self._write(work)
