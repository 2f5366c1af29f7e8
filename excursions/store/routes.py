"""The routes in use: synced from the route files, edited in the browser (excursions.route_edits)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection

from excursions import signups as rules
from excursions.route_edits import Edit, apply_edits
from excursions.routes import Area, FileRead, Kept, Route, RouteSet, choose_routes
from excursions.store.engine import Transactions, _utc, advisory_lock
from excursions.store.schema import route_edits_t, route_sources_t, routes_t


class Routes(Transactions):
    def sync_routes(self, routes: Sequence[Route], now: dt.datetime) -> None:
        """Make the routes table match the route files; promote where capacity grew."""

        def work(conn: Connection) -> None:
            ids = [r.id for r in routes]
            for r in routes:
                stmt = self._insert(routes_t).values(
                    id=r.id, mode=r.mode.value, file_capacity=r.capacity, active=True
                )
                conn.execute(
                    stmt.on_conflict_do_update(
                        index_elements=["id"],
                        set_={"mode": r.mode.value, "file_capacity": r.capacity, "active": True},
                    )
                )
            conn.execute(update(routes_t).where(routes_t.c.id.not_in(ids)).values(active=False))
            self._decide(conn, ids, now, rules.promote_all)

        if self.dialect == "postgresql":

            def one_at_a_time(conn: Connection) -> None:
                advisory_lock(conn, "sync_routes")  # one syncer at a time
                work(conn)

            self._write(one_at_a_time)
        else:
            self._write(work)

    def current_routes(
        self, reads: list[FileRead], version: str, area: Area | None, now: dt.datetime
    ) -> RouteSet:
        """The routes as the files say, except where a file is broken or a duplicate: there the
        last good version kept in the database stays in use (excursions.routes.choose_routes),
        so every process of the event shows the same routes and nobody's seat moves."""
        c = route_sources_t.c
        kept = {
            r.route_id: Kept(r.route_id, r.file, bytes(r.raw))
            for r in self._read(lambda conn: conn.execute(select(c.route_id, c.file, c.raw)).all())
        }
        routes, keep = choose_routes(reads, kept, area, version)
        routes = apply_edits(routes, self.route_edits(), area)
        changed = [k for k in keep if kept.get(k.route_id) != k]
        if changed:

            def work(conn: Connection) -> None:
                for k in changed:
                    stmt = self._insert(route_sources_t).values(
                        route_id=k.route_id, file=k.file, raw=k.raw, saved_at=now
                    )
                    conn.execute(
                        stmt.on_conflict_do_update(
                            index_elements=["route_id"], set_={"file": k.file, "raw": k.raw, "saved_at": now}
                        )
                    )

            self._write(work)
        return routes

    def route_edits(self) -> list[Edit]:
        c = route_edits_t.c
        rows = self._read(lambda conn: conn.execute(select(c.route_id, c.raw, c.hidden, c.saved_at)).all())
        return [
            Edit(r.route_id, bytes(r.raw) if r.raw is not None else None, r.hidden, _utc(r.saved_at))
            for r in rows
        ]

    def edits_version(self) -> str:
        """Changes with every save, hide or show: what a process polls to notice them."""
        c = route_edits_t.c
        row = self._read(lambda conn: conn.execute(select(func.count(), func.max(c.saved_at))).one())
        return f"{row[0]}:{row[1]}"

    def save_route(self, route_id: str, raw: bytes, *, now: dt.datetime) -> None:
        """Keep an excursion's GeoJSON (new or edited); a hidden one stays hidden."""
        stmt = self._insert(route_edits_t).values(route_id=route_id, raw=raw, hidden=False, saved_at=now)
        self._write(
            lambda conn: conn.execute(
                stmt.on_conflict_do_update(index_elements=["route_id"], set_={"raw": raw, "saved_at": now})
            )
        )

    def hide_route(self, route_id: str, hidden: bool, *, now: dt.datetime) -> tuple[int, int]:
        """Hide (or show) an excursion. Refused while anyone is signed up for it or waits:
        (confirmed, waiting) then, and nothing changed; (0, 0) when done."""

        def work(conn: Connection) -> tuple[int, int]:
            if hidden:
                books, _ = self._load_books(conn, [route_id])  # locks the route's row
                book = books.get(route_id)
                if book is not None and (book.confirmed or book.waiting):
                    return len(book.confirmed), len(book.waiting)
            stmt = self._insert(route_edits_t).values(
                route_id=route_id, raw=None, hidden=hidden, saved_at=now
            )
            conn.execute(
                stmt.on_conflict_do_update(
                    index_elements=["route_id"], set_={"hidden": hidden, "saved_at": now}
                )
            )
            if hidden:
                conn.execute(update(routes_t).where(routes_t.c.id == route_id).values(active=False))
            return 0, 0

        return self._write(work)
