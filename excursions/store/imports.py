"""Importing registrations in short batches, so sign-ups are answered while an import runs."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import time
from collections.abc import Callable, Sequence

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from excursions import signups as rules
from excursions.errors import ExcursionsError
from excursions.model import ImportRun, Registration, SignupResult
from excursions.signups import Outcome
from excursions.store.engine import IMPORT_BATCH_SECONDS, IMPORT_PAUSE_SECONDS, Transactions, _utc
from excursions.store.schema import imports_t, participants_t, routes_t


class Imports(Transactions):
    def import_registrations(
        self,
        rows: Sequence[Registration],
        *,
        now: dt.datetime,
        source: str = "",
        batch_seconds: float = IMPORT_BATCH_SECONDS,
        pause_seconds: float = IMPORT_PAUSE_SECONDS,
        progress: Callable[[int, int], None] | None = None,
    ) -> list[SignupResult]:
        """Apply an import: every row, in short transactions. Re-importing changes nothing.

        A 10,000-row file as one transaction held the write lock for minutes, and every
        sign-up meanwhile waited or failed. So rows go in batches of at most batch_seconds
        each, with a pause between them in which a waiting sign-up gets the lock. The file
        is still all or nothing as far as it can be known beforehand: every excursion is
        checked before the first row is written. If the run stops part-way (the process
        dies, the database goes away), its row in `imports` stays unfinished, the organiser
        page says so, and importing the same rows again finishes it. `progress(done, total)`
        is called after every batch.

        Every imported person counts as registered (see signup's registered_only); a row
        without an excursion registers the person and gives no seat."""
        wanted = {r.route_id for r in rows if r.route_id is not None}
        active = set(
            self._read(
                lambda conn: conn.execute(
                    select(routes_t.c.id).where(routes_t.c.id.in_(wanted), routes_t.c.active.is_(True))
                ).scalars()
            )
        )
        for row in rows:
            if row.route_id is not None and row.route_id not in active:
                raise ExcursionsError(
                    f"{row.person.email}: there is no excursion {row.route_id!r}",
                    "import_route_gone",
                    email=row.person.email,
                    route=row.route_id,
                )
        digest = hashlib.sha256(
            "\n".join(f"{r.person.email}\t{r.route_id or ''}" for r in rows).encode()
        ).hexdigest()
        run_id = self._write(
            lambda conn: conn.execute(
                imports_t.insert().values(
                    digest=digest, source=source[:300], total=len(rows), applied=0, started_at=now
                )
            ).inserted_primary_key[0]
        )
        results: list[SignupResult] = []
        while len(results) < len(rows):
            if results:
                time.sleep(pause_seconds)  # a waiting sign-up takes the lock now
            batch = functools.partial(self._import_batch, rows=rows, start=len(results), run=run_id)
            results += self._write(functools.partial(batch, now=now, seconds=batch_seconds))
            if progress is not None:
                progress(len(results), len(rows))
        same = imports_t.c.digest == digest  # this run, and earlier runs of the same file it finished
        if source:
            same = same | (imports_t.c.source == source[:300])
        finished = update(imports_t).where(same, imports_t.c.finished_at.is_(None)).values(finished_at=now)
        self._write(lambda conn: conn.execute(finished))
        return results

    def _import_batch(
        self,
        conn: Connection,
        *,
        rows: Sequence[Registration],
        start: int,
        run: int,
        now: dt.datetime,
        seconds: float,
    ) -> list[SignupResult]:
        """Rows from `start` on, until `seconds` have passed; the run's row says how far."""
        done: list[SignupResult] = []
        began = time.monotonic()
        for row in rows[start:]:
            done.append(self._import_row(conn, row, now))
            if time.monotonic() - began >= seconds:
                break
        conn.execute(update(imports_t).where(imports_t.c.id == run).values(applied=start + len(done)))
        return done

    def _import_row(self, conn: Connection, row: Registration, now: dt.datetime) -> SignupResult:
        pid, _ = self._lock_participant(conn, row.person, now, registered=True)
        conn.execute(
            update(participants_t)
            .where(participants_t.c.id == pid)
            .values(
                name=row.person.name, organisation=row.person.organisation, registered=True, updated_at=now
            )
        )
        if row.route_id is None:
            return SignupResult(Outcome.NOT_SIGNED_UP, None)
        decision = self._join(conn, pid, row.person.email, row.route_id, now, rules.ALWAYS_OPEN)
        if decision.outcome is Outcome.UNKNOWN_ROUTE:  # taken away while the import ran
            raise ExcursionsError(
                f"{row.person.email}: there is no excursion {row.route_id!r}",
                "import_route_gone",
                email=row.person.email,
                route=row.route_id,
            )
        return SignupResult(decision.outcome, decision.route_id, decision.position)

    def unfinished_imports(self) -> list[ImportRun]:
        """Imports that stopped part-way (import the same file again to finish them)."""
        c = imports_t.c
        query = (
            select(c.source, c.total, c.applied, c.started_at)
            .where(c.finished_at.is_(None))
            .order_by(c.started_at)
        )
        return [
            ImportRun(r.source, r.total, r.applied, _utc(r.started_at))
            for r in self._read(lambda conn: conn.execute(query).all())
        ]
