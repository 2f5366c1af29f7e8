"""Persistence with SQLAlchemy: SQLite by default, PostgreSQL by URL.

Every operation is one transaction that locks what it touches, loads the books
of the routes involved, lets :mod:`excursions.signups` decide, and writes the
changes plus one event-log row per change. The capacity check and the write can
therefore not be separated:

- SQLite: WAL, a busy timeout, and ``BEGIN IMMEDIATE`` for every write, so
  writers queue for the database lock instead of deadlocking.
- PostgreSQL (READ COMMITTED): the participant row, then the route rows in id
  order, are locked ``FOR UPDATE`` before anything is read for the decision.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import os
import secrets
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import (
    String,
    Table,
    and_,
    case,
    cast,
    create_engine,
    delete,
    event,
    exists,
    func,
    literal,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from excursions import signups as rules
from excursions.errors import ExcursionsError
from excursions.limits import ALARM_PER_ADDRESS, ALARM_PER_BROWSER, LONGEST, Attempt, Client, wait_seconds
from excursions.mail.kinds import MailKind, MailOrder, mails_for
from excursions.model import (
    ImportRun,
    LoggedEvent,
    ParticipantView,
    PersonRow,
    Registration,
    RouteCount,
    SignupResult,
    SignupSource,
    result_of,
)
from excursions.route_edits import Edit, apply_edits
from excursions.routes import Area, FileRead, Kept, Mode, Route, RouteSet, choose_routes
from excursions.signups import (
    Book,
    Decision,
    EventFacts,
    EventKind,
    Outcome,
    ParticipantInput,
    Status,
    Window,
)
from excursions.store import outbox
from excursions.store.migrate import migrate, up_to_date
from excursions.store.schema import (
    attempts_t,
    checkins_t,
    events_t,
    facts_t,
    imports_t,
    link_requests_t,
    links_t,
    metadata,
    outbox_t,
    participants_t,
    route_edits_t,
    route_sources_t,
    routes_t,
    signups_t,
    spent_passes_t,
)
from excursions.throttle import PER_ADDRESS, LinkRequest, decide, within

__all__ = ["metadata"]

T = TypeVar("T")

CAPACITY = func.coalesce(routes_t.c.capacity_override, routes_t.c.file_capacity)


class StoreError(ExcursionsError):
    """The database could not be reached or used."""


class StoreBusy(StoreError):
    """Another transaction held a lock longer than the lock timeout; nothing was changed."""


class StoreUnavailable(StoreError):
    """The database could not be reached or written (server down, disk full, read-only
    folder); nothing was changed. Pages say so in a sentence; the details go to the log."""


def _unavailable(exc: DBAPIError, where: str = "") -> StoreUnavailable:
    """One line: what the driver said first (the rest is in the log, with the traceback)."""
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines() or ["no reason given"]
    at = f" at {where}" if where else ""
    return StoreUnavailable(
        f"The database{at} could not be used ({lines[0][:200]}); nothing was changed. "
        "Check that it is running and has room, then try again."
    )


IMPORT_BATCH_SECONDS = 0.25  # an import holds the write lock at most about this long at a time
IMPORT_PAUSE_SECONDS = 0.1  # and then lets go this long (SQLite's busy wait polls every 100 ms)
LOCK_TIMEOUT = 10.0  # seconds a write waits for a lock before it gives up (settings: lock_timeout_seconds)


def advisory_lock(conn: Connection, name: str) -> None:
    """A PostgreSQL transaction-level lock named for what it guards (key: a hash of the name)."""
    key = int.from_bytes(hashlib.sha256(f"excursions:{name}".encode()).digest()[:8], "big", signed=True)
    conn.execute(select(func.pg_advisory_xact_lock(key)))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'excursions.sqlite3'}"


def _sqlite_setup(engine: Engine, lock_timeout: float) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_con, _record):
        dbapi_con.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_con.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute(f"PRAGMA busy_timeout={int(lock_timeout * 1000)}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        readonly = conn.get_execution_options().get("readonly", False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")


_RETRYABLE_PG = {"40001", "40P01"}  # serialization failure, deadlock: try again at once
_LOCK_TIMEOUT_PG = "55P03"  # lock not available within lock_timeout


def _sqlstate(exc: DBAPIError) -> str | None:
    return getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)


def _lock_timed_out(exc: DBAPIError) -> bool:
    if _sqlstate(exc) == _LOCK_TIMEOUT_PG:
        return True
    return isinstance(exc, OperationalError) and "database is locked" in str(exc.orig)


# The tables the purge changes (Store.purge_personal_data), rewritten afterwards on PostgreSQL.
PURGED_TABLES = (participants_t, events_t, outbox_t, links_t, link_requests_t, attempts_t, checkins_t)

# What the database's superuser runs after a purge on PostgreSQL, in the app's database, one
# statement at a time (psql -c … -c …): the statistics' old rows rewritten, and the write-ahead
# log that still holds the deleted rows' pages let go and deleted instead of recycled (a
# recycled segment keeps its old bytes until it is written over).
POSTGRESQL_PURGE_STEPS = (
    "VACUUM FULL pg_catalog.pg_statistic",
    "ALTER SYSTEM SET wal_recycle = off",
    "SELECT pg_reload_conf()",
    "CHECKPOINT",
    "SELECT pg_switch_wal()",
    "CHECKPOINT",
    "SELECT pg_switch_wal()",
    "CHECKPOINT",
    "ALTER SYSTEM RESET wal_recycle",
    "SELECT pg_reload_conf()",
)


class Store:
    def __init__(self, engine: Engine, lock_timeout: float = LOCK_TIMEOUT):
        self.engine = engine
        self.dialect = engine.dialect.name
        self.lock_timeout = lock_timeout

    # --- plumbing ---------------------------------------------------------------------

    def _write(self, work: Callable[[Connection], T], attempts: int = 8) -> T:
        """Run work in one write transaction; retry when the database asks us to."""
        for attempt in range(attempts):
            try:
                with self.engine.begin() as conn:
                    return work(conn)
            except IntegrityError as exc:
                if attempt == attempts - 1:  # a StoreError, as every other failure of the database
                    raise _unavailable(exc) from exc
            except DBAPIError as exc:
                if _lock_timed_out(exc):
                    raise StoreBusy(
                        f"The database stayed locked for more than {self.lock_timeout:g} s (another "
                        "change was holding it); nothing was changed. Try again in a moment."
                    ) from exc
                if _sqlstate(exc) not in _RETRYABLE_PG or attempt == attempts - 1:
                    raise _unavailable(exc) from exc
            time.sleep(0.005 * (2**attempt))  # back off before retrying a conflicting transaction
        raise AssertionError("unreachable")

    def _read(self, work: Callable[[Connection], T]) -> T:
        try:
            with self.engine.connect().execution_options(readonly=True) as conn, conn.begin():
                return work(conn)
        except DBAPIError as exc:
            raise _unavailable(exc) from exc

    # For the library's other writers (the mail sender): the same transactions and retries.
    write = _write
    read = _read

    def _insert(self, table: Table):
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        return insert(table)

    def _for_update(self, query):
        return query.with_for_update() if self.dialect == "postgresql" else query

    def create_schema(self) -> None:
        """Make or migrate the schema (excursions.store.migrate); an up-to-date database is
        only read."""
        with self.engine.connect() as conn:
            if up_to_date(conn):
                return
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # Processes started together on an empty database (deploy/run-local.sh): one
                # creates the tables, the others wait and then find them made. Without it,
                # two CREATE TABLEs of one name collide in PostgreSQL's catalogue.
                conn.execute(text("select pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK})
            migrate(conn)

    def drop_schema(self) -> None:
        """Every table and the migration mark (tests and benches that start from nothing)."""
        with self.engine.begin() as conn:
            metadata.drop_all(conn)
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))

    def dispose(self) -> None:
        self.engine.dispose()

    # --- routes -----------------------------------------------------------------------

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

    # --- excursions edited in the browser (excursions.route_edits) -----------------------

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

    # --- the books --------------------------------------------------------------------

    def _load_books(
        self, conn: Connection, route_ids: Iterable[str]
    ) -> tuple[dict[str, Book], dict[str, int]]:
        """Lock (PostgreSQL) and read the given active routes' seats, in id order."""
        ids = sorted(set(route_ids))
        if not ids:
            return {}, {}
        rows = conn.execute(
            self._for_update(
                select(routes_t.c.id, CAPACITY.label("capacity"))
                .where(routes_t.c.id.in_(ids), routes_t.c.active.is_(True))
                .order_by(routes_t.c.id)
            )
        ).all()
        capacity = {r.id: r.capacity for r in rows}
        seats = conn.execute(
            select(signups_t.c.route_id, signups_t.c.status, participants_t.c.email, participants_t.c.id)
            .join(participants_t, participants_t.c.id == signups_t.c.participant_id)
            .where(signups_t.c.route_id.in_(list(capacity)))
            .order_by(signups_t.c.route_id, signups_t.c.seq)
        ).all()
        confirmed: dict[str, list[str]] = {rid: [] for rid in capacity}
        waiting: dict[str, list[str]] = {rid: [] for rid in capacity}
        ids_by_email = {}
        for s in seats:
            (confirmed if s.status == Status.CONFIRMED else waiting)[s.route_id].append(s.email)
            ids_by_email[s.email] = s.id
        books = {
            rid: Book(rid, capacity[rid], tuple(confirmed[rid]), tuple(waiting[rid])) for rid in capacity
        }
        return books, ids_by_email

    def _apply(
        self, conn: Connection, decision: Decision, now: dt.datetime, ids_by_email: dict[str, int]
    ) -> None:
        """Write a decision's changes and log them; queue the mail each affected person gets."""
        for order in mails_for(decision):
            outbox.enqueue(conn, ids_by_email[order.participant], order, now)
        for change in decision.changes:
            pid = ids_by_email.get(change.participant)
            if change.kind in (EventKind.CONFIRMED, EventKind.WAITLISTED):
                next_seq = conn.execute(
                    select(func.coalesce(func.max(signups_t.c.seq), 0) + 1).where(
                        signups_t.c.route_id == change.route_id
                    )
                ).scalar_one()
                conn.execute(
                    signups_t.insert().values(
                        participant_id=pid,
                        route_id=change.route_id,
                        status=change.status.value,
                        seq=next_seq,
                        since=now,
                    )
                )
            elif change.kind is EventKind.PROMOTED:
                conn.execute(
                    update(signups_t)
                    .where(signups_t.c.participant_id == pid)
                    .values(status=Status.CONFIRMED.value, since=now)
                )
            elif change.kind in (EventKind.LEFT, EventKind.CANCELLED):
                conn.execute(delete(signups_t).where(signups_t.c.participant_id == pid))
            elif change.kind is EventKind.CAPACITY_CHANGED:
                conn.execute(
                    update(routes_t)
                    .where(routes_t.c.id == change.route_id)
                    .values(capacity_override=change.facts.capacity_after)
                )
            facts = change.facts
            conn.execute(
                events_t.insert().values(
                    at=now,
                    participant_id=pid,
                    email=change.participant or None,
                    route_id=change.route_id,
                    kind=change.kind.value,
                    was_status=facts.was.value if facts.was else None,
                    other_route=facts.other_route,
                    capacity_before=facts.capacity_before,
                    capacity_after=facts.capacity_after,
                    by_hand=facts.by_hand,
                )
            )

    def _lock_participant(
        self, conn: Connection, person: ParticipantInput, now: dt.datetime, *, registered: bool = False
    ) -> tuple[int, bool]:
        """Create the participant if new and lock their row: (id, whether it was created)."""
        created = conn.execute(
            self._insert(participants_t)
            .values(
                email=person.email,
                name=person.name,
                organisation=person.organisation,
                lang=person.lang,
                registered=registered,
                created_at=now,
                updated_at=now,
            )
            .on_conflict_do_nothing(index_elements=["email"])
            .returning(participants_t.c.id)  # PostgreSQL's rowcount here is -1 whatever happened
        ).first()
        return self._lock_by_email(conn, person.email), created is not None

    def _lock_by_email(self, conn: Connection, email: str) -> int | None:
        """The participant's id, their row locked (PostgreSQL) until the transaction ends."""
        query = select(participants_t.c.id).where(participants_t.c.email == email)
        return conn.execute(self._for_update(query)).scalar()

    def _lock_owner(self, conn: Connection, token: str) -> tuple[int, str] | None:
        """The personal link's owner (id, address), their row locked; None: not a valid link."""
        pid = self._owner_of(conn, token)
        if pid is None:
            return None
        query = select(participants_t.c.email).where(participants_t.c.id == pid)
        return pid, conn.execute(self._for_update(query)).scalar_one()

    def new_link(self, conn: Connection, pid: int, now: dt.datetime) -> str:
        """A new personal link for the participant; their other links keep working."""
        token = secrets.token_urlsafe(18)
        conn.execute(
            links_t.insert().values(token_hash=hash_token(token), participant_id=pid, created_at=now)
        )
        return token

    def _owner_of(self, conn: Connection, token: str) -> int | None:
        if not token or len(token) > 100:
            return None
        return conn.execute(
            select(links_t.c.participant_id).where(links_t.c.token_hash == hash_token(token))
        ).scalar()

    def _current_route(self, conn: Connection, pid: int) -> str | None:
        return conn.execute(select(signups_t.c.route_id).where(signups_t.c.participant_id == pid)).scalar()

    def _taken(self, conn: Connection, pid: int) -> bool:
        """The address belongs to someone already: they have a seat or a place, or a link."""
        return bool(
            conn.execute(
                select(
                    exists().where(signups_t.c.participant_id == pid)
                    | exists().where(links_t.c.participant_id == pid)
                )
            ).scalar()
        )

    def _decide(
        self,
        conn: Connection,
        route_ids: Iterable[str],
        now: dt.datetime,
        rule: Callable[[dict[str, Book]], Decision],
        person: tuple[str, int] | None = None,
    ) -> Decision:
        """The one way a change is made: lock and load the routes' books, let the pure rule
        decide, write and log what it decided (and queue the mail it causes)."""
        books, ids = self._load_books(conn, route_ids)
        if person is not None:
            ids[person[0]] = person[1]
        decision = rule(books)
        self._apply(conn, decision, now, ids)
        return decision

    def _decide_for(
        self,
        conn: Connection,
        pid: int | None,
        email: str,
        now: dt.datetime,
        rule: Callable[[dict[str, Book]], Decision],
        also: Iterable[str] = (),
    ) -> Decision:
        """_decide for a locked participant, on their current route (and any others given)."""
        current = self._current_route(conn, pid) if pid is not None else None
        routes = {*also, current} - {None}
        return self._decide(conn, routes, now, rule, (email, pid) if pid is not None else None)

    def _join(
        self, conn: Connection, pid: int, email: str, route_id: str, now: dt.datetime, window: Window
    ) -> Decision:
        """Put a locked participant on route_id (leaving their current one), write and log it."""
        return self._decide_for(
            conn,
            pid,
            email,
            now,
            lambda books: rules.sign_up(books, email, route_id, now, window),
            [route_id],
        )

    # --- operations -------------------------------------------------------------------

    def signup(
        self,
        person: ParticipantInput,
        route_id: str | None,
        *,
        now: dt.datetime,
        window: Window,
        registered_only: bool = False,
        new_token: bool = True,
        client: Client | None = None,
    ) -> SignupResult:
        """A participant signs up. One transaction.

        An address that already has a sign-up (or a personal link) changes nothing: the seat
        and the link belong to whoever reads that mailbox, so its owner is mailed their link
        and the answer says no more than that. With a client (the form), sign-ups faster
        than a person makes them are refused (excursions.limits).
        """

        def work(conn: Connection) -> SignupResult:
            if rules.window_state(window, now) is not rules.WindowState.OPEN:
                return SignupResult(Outcome.WINDOW_CLOSED, route_id)
            if not route_id:
                return SignupResult(Outcome.NO_ROUTE_CHOSEN, None)
            ticket = None
            if client is not None:
                wait, ticket = self._try(conn, Attempt.SIGNUP, client, now)
                if wait:
                    return SignupResult(Outcome.TOO_FAST, None)
            known = conn.execute(
                select(routes_t.c.id).where(routes_t.c.id == route_id, routes_t.c.active.is_(True))
            ).scalar()
            if known is None:
                return SignupResult(Outcome.UNKNOWN_ROUTE, route_id)
            row = conn.execute(
                self._for_update(
                    select(participants_t.c.id, participants_t.c.registered).where(
                        participants_t.c.email == person.email
                    )
                )
            ).first()
            if row is not None and self._taken(conn, row.id):
                self._mail_owner(conn, row.id, person.email, now)
                return SignupResult(Outcome.EMAIL_TAKEN, None)
            if registered_only and (row is None or not row.registered):
                return SignupResult(Outcome.NOT_REGISTERED, None)
            pid, created = self._lock_participant(conn, person, now)
            if not created:
                if self._taken(conn, pid):  # PostgreSQL: someone signed up with it meanwhile
                    self._mail_owner(conn, pid, person.email, now)
                    return SignupResult(Outcome.EMAIL_TAKEN, None)
                conn.execute(  # registered by an import, signing up now: their own words
                    update(participants_t)
                    .where(participants_t.c.id == pid)
                    .values(
                        name=person.name, organisation=person.organisation, lang=person.lang, updated_at=now
                    )
                )
            decision = self._join(conn, pid, person.email, route_id, now, window)
            token = self.new_link(conn, pid, now) if new_token else None
            result = result_of(decision, person.email, token)
            if ticket is not None and result.outcome in (Outcome.CONFIRMED, Outcome.WAITLISTED):
                conn.execute(update(attempts_t).where(attempts_t.c.id == ticket).values(participant_id=pid))
            return result

        return self._write(work)

    def switch(
        self,
        token: str,
        route_id: str,
        *,
        now: dt.datetime,
        window: Window,
        lang: str | None = None,
        address: str = "",
    ) -> SignupResult:
        """The owner of a personal link moves to another excursion (or signs up again); at most
        as often an hour as limits.LIMITS[Attempt.SWITCH] allows, per participant whichever link
        asks (each move mails them: excursions.limits)."""

        def work(conn: Connection) -> SignupResult:
            owner = self._lock_owner(conn, token)
            if owner is None:
                raise ExcursionsError(
                    "This personal link is not valid (any more). Sign up again to get a new one.",
                    "link_invalid",
                )
            pid, email = owner
            if self._current_route(conn, pid) != route_id:
                who = Client(f"participant:{pid}", address)
                if self._try(conn, Attempt.SWITCH, who, now)[0]:
                    return SignupResult(Outcome.SWITCHED_TOO_OFTEN, None)
            if lang:
                conn.execute(update(participants_t).where(participants_t.c.id == pid).values(lang=lang))
            return result_of(self._join(conn, pid, email, route_id, now, window), email)

        return self._write(work)

    def _cancel_pid(self, conn: Connection, pid: int, email: str, now: dt.datetime) -> SignupResult:
        decision = self._decide_for(conn, pid, email, now, lambda books: rules.cancel(books, email))
        return result_of(decision, email)

    def _by_organiser(self, conn: Connection, pid: int, now: dt.datetime) -> None:
        """The mail this change just queued for the person says an organiser made it."""
        kinds = (MailKind.MOVED.value, MailKind.CANCELLED.value)
        conn.execute(
            update(outbox_t)
            .where(outbox_t.c.participant_id == pid, outbox_t.c.created_at == now, outbox_t.c.kind.in_(kinds))
            .values(by_organiser=True)
        )

    def cancel(self, email: str, *, now: dt.datetime) -> SignupResult:
        """Organiser or shell: cancel a participant's excursion."""
        mail = rules.normalise_email(email)

        def work(conn: Connection) -> SignupResult:
            pid = self._lock_by_email(conn, mail)
            if pid is None:
                return SignupResult(Outcome.NOT_SIGNED_UP, None)
            result = self._cancel_pid(conn, pid, mail, now)
            self._by_organiser(conn, pid, now)
            return result

        return self._write(work)

    def cancel_own(self, token: str, *, now: dt.datetime) -> SignupResult:
        """The owner of a personal link cancels."""

        def work(conn: Connection) -> SignupResult:
            owner = self._lock_owner(conn, token)
            if owner is None:
                return SignupResult(Outcome.NOT_SIGNED_UP, None)
            return self._cancel_pid(conn, *owner, now)

        return self._write(work)

    def end_other_links(self, token: str, *, now: dt.datetime) -> int | None:
        """The owner of this link ends every other link to their sign-up (one someone else
        made by typing their address first, an old mail's): how many ended; the seat and this
        link stay. None: this link is not valid."""

        def work(conn: Connection) -> int | None:
            owner = self._lock_owner(conn, token)
            if owner is None:
                return None
            others = (links_t.c.participant_id == owner[0]) & (links_t.c.token_hash != hash_token(token))
            return conn.execute(delete(links_t).where(others)).rowcount

        return self._write(work)

    def other_links(self, token: str) -> int:
        """How many other links lead to this link's sign-up (0 for a link that is not valid)."""

        def work(conn: Connection) -> int:
            pid = self._owner_of(conn, token)
            if pid is None:
                return 0
            others = (links_t.c.participant_id == pid) & (links_t.c.token_hash != hash_token(token))
            return conn.execute(select(func.count()).where(others)).scalar_one()

        return self._read(work)

    def forget(self, token: str, *, now: dt.datetime) -> bool:
        """ "Delete my data": free the seat (the waiting list moves up), then delete the person,
        their links and mail; the log keeps the anonymous counts. False: link not valid."""

        def work(conn: Connection) -> bool:
            owner = self._lock_owner(conn, token)
            if owner is None:
                return False
            pid, email = owner
            self._cancel_pid(conn, pid, email, now)
            conn.execute(update(events_t).where(events_t.c.participant_id == pid).values(email=None))
            conn.execute(delete(participants_t).where(participants_t.c.id == pid))
            return True

        return self._write(work)

    def set_capacity(self, route_id: str, capacity: int, *, now: dt.datetime) -> SignupResult:
        def work(conn: Connection) -> SignupResult:
            decision = self._decide(
                conn, [route_id], now, lambda books: rules.change_capacity(books, route_id, capacity)
            )
            return result_of(decision)

        return self._write(work)

    def move(self, email: str, route_id: str, *, now: dt.datetime) -> SignupResult:
        """Organiser: put a participant on another route (same rules, any time)."""
        mail = rules.normalise_email(email)

        def work(conn: Connection) -> SignupResult:
            pid = self._lock_by_email(conn, mail)
            if pid is None:
                return SignupResult(Outcome.NOT_SIGNED_UP, None)
            result = result_of(self._join(conn, pid, mail, route_id, now, rules.ALWAYS_OPEN), mail)
            self._by_organiser(conn, pid, now)
            return result

        return self._write(work)

    def promote(self, email: str, *, now: dt.datetime) -> SignupResult:
        """Organiser: give a waiting participant a seat now (the route gets one more seat)."""
        mail = rules.normalise_email(email)

        def work(conn: Connection) -> SignupResult:
            pid = self._lock_by_email(conn, mail)
            decision = self._decide_for(
                conn, pid, mail, now, lambda books: rules.promote_by_hand(books, mail)
            )
            return result_of(decision, mail)

        return self._write(work)

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

    # --- limits on tries ----------------------------------------------------------------

    def _try(self, conn: Connection, kind: Attempt, client: Client, now: dt.datetime) -> tuple[int, int]:
        """Count the client's recent tries and record this one: (seconds to wait, its row id).

        Counting and recording happen in one write transaction (PostgreSQL: under a lock per
        session and per address), so concurrent tries are counted one after another."""
        session, address = client.session[:64], client.address[:64]
        a = attempts_t.c
        if self.dialect == "postgresql":
            advisory_lock(conn, f"attempts:{kind}:session:{session}")
            if address:
                advisory_lock(conn, f"attempts:{kind}:address:{address}")
        conn.execute(delete(attempts_t).where(a.at < now - 2 * LONGEST))  # forget old tries
        recent = select(a.at).where(a.kind == kind.value, a.allowed.is_(True), a.at > now - LONGEST)
        by_session = [_utc(t) for t in conn.execute(recent.where(a.client == session)).scalars()]
        by_address = []
        if address:
            by_address = [_utc(t) for t in conn.execute(recent.where(a.ip == address)).scalars()]
        wait = wait_seconds(kind, by_session, by_address, now)
        row = conn.execute(
            attempts_t.insert().values(kind=kind.value, client=session, ip=address, allowed=wait == 0, at=now)
        )
        return wait, row.inserted_primary_key[0]

    def try_login(self, client: Client, *, now: dt.datetime) -> tuple[int, int]:
        """Before checking an organiser password: (seconds to wait, ticket). With 0 seconds the
        try is counted as wrong until `login_passed(ticket)` gives it back."""
        return self._write(lambda conn: self._try(conn, Attempt.LOGIN, client, now))

    def login_passed(self, ticket: int) -> None:
        """The password was right: that try does not count against the client."""
        self._write(lambda conn: conn.execute(delete(attempts_t).where(attempts_t.c.id == ticket)))

    def refused_tries(self, kind: Attempt, *, since: dt.datetime) -> tuple[int, int]:
        """(tries refused as too fast, browser sessions they came from) since a moment."""
        a = attempts_t.c
        query = select(func.count(), func.count(a.client.distinct())).where(
            a.kind == kind.value, a.allowed.is_(False), a.at >= since
        )
        refused, sessions = self._read(lambda conn: conn.execute(query).one())
        return int(refused), int(sessions)

    def _accepted_signups(self, since: dt.datetime):
        """Accepted sign-ups from the form since a moment whose people still hold a seat or a
        place (an undone or cancelled one no longer raises the alarm)."""
        a = attempts_t.c
        return (
            (a.kind == Attempt.SIGNUP.value)
            & a.allowed.is_(True)
            & a.participant_id.in_(select(signups_t.c.participant_id))
            & (a.at >= since)
        )

    def busy_sources(self, *, now: dt.datetime) -> list[SignupSource]:
        """Browsers and network addresses with more accepted sign-ups in the last hour than
        limits.ALARM_PER_BROWSER / ALARM_PER_ADDRESS: the organiser's alarm, most first."""
        a = attempts_t.c
        count, first, last = func.count(), func.min(a.at), func.max(a.at)

        def work(conn: Connection) -> list[SignupSource]:
            browsers = conn.execute(
                select(a.client, func.max(a.ip), count, first, last)
                .where(self._accepted_signups(now - ALARM_PER_BROWSER.window))
                .group_by(a.client)
                .having(count >= ALARM_PER_BROWSER.count)
            ).all()
            addresses = conn.execute(
                select(a.ip, count, func.count(a.client.distinct()), first, last)
                .where(self._accepted_signups(now - ALARM_PER_ADDRESS.window) & (a.ip != ""))
                .group_by(a.ip)
                .having(count >= ALARM_PER_ADDRESS.count)
            ).all()
            found = [SignupSource(r[0], r[1] or "", r[2], 1, _utc(r[3]), _utc(r[4])) for r in browsers]
            found += [SignupSource("", r[0], r[1], r[2], _utc(r[3]), _utc(r[4])) for r in addresses]
            return sorted(found, key=lambda s: -s.signups)

        return self._read(work)

    def _from_source(self, browser: str, address: str, since: dt.datetime):
        """The participants a source signed up since a moment (browser "": the whole address)."""
        a = attempts_t.c
        where = self._accepted_signups(since) & (a.client == browser if browser else a.ip == address)
        return select(a.participant_id).where(where)

    def signups_from(self, browser: str, address: str, *, since: dt.datetime) -> list[PersonRow]:
        """Who a source signed up and who still holds that sign-up, for the organiser to look
        at before undoing them."""
        ids = self._from_source(browser, address, since)
        query = select(participants_t.c.email).where(participants_t.c.id.in_(ids))
        emails = set(self._read(lambda conn: conn.execute(query).scalars().all()))
        return [p for p in self.people() if p.email in emails]

    def undo_signups_from(self, browser: str, address: str, *, since: dt.datetime, now: dt.datetime) -> int:
        """Cancel every sign-up a source made since a moment that still stands, in one
        transaction (freed seats go to the waiting lists); how many people were cancelled."""

        def work(conn: Connection) -> int:
            ids = conn.execute(self._from_source(browser, address, since)).scalars().all()
            cancelled = 0
            for pid in sorted(set(ids)):
                row = conn.execute(
                    self._for_update(select(participants_t.c.email).where(participants_t.c.id == pid))
                ).first()
                if row is None or self._current_route(conn, pid) is None:
                    continue
                if self._cancel_pid(conn, pid, row.email, now).outcome is Outcome.CANCELLED:
                    cancelled += 1
            return cancelled

        return self._write(work)

    def _link_requests(self, conn: Connection, column, value: str, now: dt.datetime) -> list[dt.datetime]:
        if not value:
            return []
        since = now - dt.timedelta(hours=1)
        query = select(link_requests_t.c.at).where(column == value, link_requests_t.c.at > since)
        return [_utc(t) for t in conn.execute(query).scalars()]

    def _lock_link_requests(self, conn: Connection, *keys: str) -> None:
        """PostgreSQL: count and record link requests one after another per address, session
        and network address (always in that order, one key each: no deadlock)."""
        if self.dialect == "postgresql":
            for key in keys:
                if key:
                    advisory_lock(conn, f"link-requests:{key}")

    def _mail_owner(self, conn: Connection, pid: int, email: str, now: dt.datetime) -> None:
        """Someone signed up with a taken address: mail its owner their link, within the same
        per-address limit as "I lost my link" (nobody can flood a mailbox by signing up)."""
        address = hash_token("link-request:" + email)
        self._lock_link_requests(conn, address)
        earlier = self._link_requests(conn, link_requests_t.c.address_hash, address, now)
        conn.execute(link_requests_t.insert().values(address_hash=address, client="signup", ip="", at=now))
        if within(earlier, PER_ADDRESS, now):
            outbox.enqueue(conn, pid, MailOrder(email, MailKind.ALREADY_SIGNED_UP, None), now)

    def request_link(self, email: str, *, now: dt.datetime, session: str = "", ip: str = "") -> LinkRequest:
        """ "I lost my link": mail it if the address has a sign-up. The answer is the same for
        known and unknown addresses; asking too often (per address, session or network
        address) is refused the same way for both."""
        mail = rules.normalise_email(email)
        address = hash_token("link-request:" + mail)

        def work(conn: Connection) -> LinkRequest:
            # The owner's row first (as a sign-up takes it), then the counts' locks.
            pid = conn.execute(
                self._for_update(select(participants_t.c.id).where(participants_t.c.email == mail))
            ).scalar()
            self._lock_link_requests(
                conn, address, f"session:{session[:64]}" if session else "", f"ip:{ip[:64]}" if ip else ""
            )
            answer = decide(
                self._link_requests(conn, link_requests_t.c.address_hash, address, now),
                self._link_requests(conn, link_requests_t.c.client, session[:64], now),
                self._link_requests(conn, link_requests_t.c.ip, ip[:64], now),
                now,
            )
            conn.execute(
                link_requests_t.insert().values(address_hash=address, client=session[:64], ip=ip[:64], at=now)
            )
            if answer is LinkRequest.SENT and pid is not None and self._taken(conn, pid):
                status = outbox.enqueue(conn, pid, MailOrder(mail, MailKind.LINK, None), now)
                if status is outbox.MailStatus.HELD:
                    return LinkRequest.HELD  # never "we have sent it" when nothing goes out
            return answer

        return self._write(work)

    def check_in(self, email: str, route_id: str, present: bool, *, now: dt.datetime, by: str = "") -> None:
        """Mark a participant present (or not) at departure; one row per person and route."""
        mail = rules.normalise_email(email)

        def work(conn: Connection) -> None:
            pid = conn.execute(select(participants_t.c.id).where(participants_t.c.email == mail)).scalar()
            if pid is None:
                raise ExcursionsError(f"{mail} is not signed up")
            stmt = self._insert(checkins_t).values(
                participant_id=pid, route_id=route_id, present=present, at=now, by=by
            )
            conn.execute(
                stmt.on_conflict_do_update(
                    index_elements=["participant_id", "route_id"],
                    set_={"present": present, "at": now, "by": by},
                )
            )

        self._write(work)

    def reset(self) -> None:
        """Empty sign-ups, participants and the log; keep the routes, drop capacity changes."""

        def work(conn: Connection) -> None:
            for table in (
                checkins_t,
                signups_t,
                events_t,
                outbox_t,
                links_t,
                link_requests_t,
                attempts_t,
                participants_t,
            ):
                conn.execute(delete(table))
            conn.execute(update(routes_t).values(capacity_override=None))

        self._write(work)

    # --- reading ----------------------------------------------------------------------

    def counts(self) -> list[RouteCount]:
        query = (
            select(
                routes_t.c.id,
                routes_t.c.mode,
                CAPACITY.label("capacity"),
                func.count(case((signups_t.c.status == Status.CONFIRMED.value, 1))).label("confirmed"),
                func.count(case((signups_t.c.status == Status.WAITLISTED.value, 1))).label("waitlisted"),
            )
            .select_from(routes_t.outerjoin(signups_t, signups_t.c.route_id == routes_t.c.id))
            .where(routes_t.c.active.is_(True))
            .group_by(routes_t.c.id, routes_t.c.mode, routes_t.c.capacity_override, routes_t.c.file_capacity)
            .order_by(routes_t.c.id)
        )
        rows = self._read(lambda conn: conn.execute(query).all())
        return [RouteCount(r.id, Mode(r.mode), r.capacity, r.confirmed, r.waitlisted) for r in rows]

    def participant(self, token: str) -> ParticipantView | None:
        """What a personal link shows: the participant's own status, nothing about others."""

        def work(conn: Connection) -> ParticipantView | None:
            pid = self._owner_of(conn, token)
            return None if pid is None else self.view(conn, pid)

        return self._read(work)

    def view(self, conn: Connection, pid: int) -> ParticipantView:
        """One participant's sign-up as they may see it, with their place on a waiting list."""
        row = conn.execute(
            select(participants_t, signups_t.c.route_id, signups_t.c.status, signups_t.c.seq)
            .select_from(
                participants_t.outerjoin(signups_t, signups_t.c.participant_id == participants_t.c.id)
            )
            .where(participants_t.c.id == pid)
        ).first()
        position = None
        if row.status == Status.WAITLISTED:
            ahead = conn.execute(
                select(func.count()).where(
                    and_(
                        signups_t.c.route_id == row.route_id,
                        signups_t.c.status == Status.WAITLISTED.value,
                        signups_t.c.seq < row.seq,
                    )
                )
            ).scalar_one()
            position = ahead + 1
        return ParticipantView(
            row.email,
            row.name,
            row.organisation,
            row.route_id,
            Status(row.status) if row.status else None,
            position,
            row.lang,
        )

    def people(self, route_id: str | None = None) -> list[PersonRow]:
        """Everyone signed up (or on one route), with status, waiting position and check-in."""
        presence = checkins_t.alias("presence")
        query = (
            select(
                participants_t.c.email,
                participants_t.c.name,
                participants_t.c.organisation,
                signups_t.c.route_id,
                signups_t.c.status,
                signups_t.c.seq,
                presence.c.present,
            )
            .select_from(
                participants_t.join(signups_t, signups_t.c.participant_id == participants_t.c.id).outerjoin(
                    presence,
                    and_(
                        presence.c.participant_id == participants_t.c.id,
                        presence.c.route_id == signups_t.c.route_id,
                    ),
                )
            )
            .order_by(signups_t.c.route_id, signups_t.c.status, signups_t.c.seq)
        )
        if route_id:
            query = query.where(signups_t.c.route_id == route_id)
        rows = self._read(lambda conn: conn.execute(query).all())
        out, place = [], {}
        for r in rows:
            position = None
            if r.status == Status.WAITLISTED:
                place[r.route_id] = place.get(r.route_id, 0) + 1
                position = place[r.route_id]
            out.append(
                PersonRow(r.email, r.name, r.organisation, r.route_id, Status(r.status), position, r.present)
            )
        return out

    def names(self, emails: Iterable[str]) -> dict[str, str]:
        """e-mail -> name, for telling an organiser whom an action moved."""
        wanted = sorted(set(emails))
        if not wanted:
            return {}
        c = participants_t.c
        query = select(c.email, c.name).where(c.email.in_(wanted))
        return {r.email: r.name for r in self._read(lambda conn: conn.execute(query).all())}

    def status_of(self, email: str) -> tuple[str | None, Status | None]:
        mail = rules.normalise_email(email)
        row = self._read(
            lambda conn: conn.execute(
                select(signups_t.c.route_id, signups_t.c.status)
                .join(participants_t, participants_t.c.id == signups_t.c.participant_id)
                .where(participants_t.c.email == mail)
            ).first()
        )
        return (row.route_id, Status(row.status)) if row else (None, None)

    def books(self) -> dict[str, Book]:
        """Every active route's seats (for checks and tests)."""

        def work(conn: Connection) -> dict[str, Book]:
            ids = conn.execute(select(routes_t.c.id).where(routes_t.c.active.is_(True))).scalars().all()
            return self._load_books(conn, ids)[0]

        return self._read(work)

    def events(self, since_id: int = 0) -> list[LoggedEvent]:
        rows = self._read(
            lambda conn: conn.execute(
                select(events_t).where(events_t.c.id > since_id).order_by(events_t.c.id)
            ).all()
        )
        return [
            LoggedEvent(
                r.id,
                _utc(r.at),
                r.email,
                r.route_id,
                EventKind(r.kind),
                EventFacts(
                    Status(r.was_status) if r.was_status else None,
                    r.other_route,
                    r.capacity_before,
                    r.capacity_after,
                    bool(r.by_hand),
                ),
            )
            for r in rows
        ]

    # --- mail queue (the sender's side) ---------------------------------------------------

    def due_mail(self, now: dt.datetime, limit: int) -> list[int]:
        return self._read(lambda conn: outbox.due_ids(conn, now, limit))

    def prepare_mail(
        self,
        mail_id: int,
        now: dt.datetime,
        write: Callable[[outbox.QueuedMail, str, ParticipantView | None], Any],
    ) -> tuple[outbox.QueuedMail, bytes] | None:
        """Claim a due row for one try; on its first try, compose it with `write`, given the row,
        a new personal link and (for link mails) where the person stands now, which returns
        the message (email.message.EmailMessage) and its bytes; they are kept for later tries.
        None: another sender has the row, or it was sent."""

        def work(conn: Connection) -> tuple[outbox.QueuedMail, bytes] | None:
            mail = outbox.claim(conn, mail_id, now)
            if mail is None:
                return None
            data = mail.message
            if data is None:
                token = self.new_link(conn, mail.participant_id, now)
                where = mail.kind in (MailKind.ALREADY_SIGNED_UP, MailKind.LINK)  # where they stand now
                now_on = self.view(conn, mail.participant_id) if where else None
                message, data = write(mail, token, now_on)
                outbox.store_message(conn, mail.id, str(message["Subject"]), str(message["Message-ID"]), data)
            return mail, data

        return self._write(work)

    def mail_sent(self, mail_id: int, now: dt.datetime) -> None:
        self._write(lambda conn: outbox.mark_sent(conn, mail_id, now))

    def mail_failed(
        self,
        mail_id: int,
        error: str,
        now: dt.datetime,
        *,
        permanent: bool,
        first: dt.timedelta,
        claim: bool = False,
    ) -> None:
        """A failed try; claim: take the row first (its claim was rolled back with an error)."""

        def work(conn: Connection) -> None:
            if claim:
                outbox.claim(conn, mail_id, now)
            outbox.mark_failed(conn, mail_id, error, now, permanent=permanent, first=first)

        self._write(work)

    def defer_mail(self, ids: list[int], error: str, now: dt.datetime, *, first: dt.timedelta) -> int:
        return self._write(lambda conn: outbox.defer(conn, ids, error, now, first=first))

    # --- mail queue (organisers' view) ---------------------------------------------------

    def mail_queue(self, limit: int = 500) -> list[outbox.QueuedMail]:
        return self._read(lambda conn: outbox.listing(conn, limit))

    def mail_tally(self) -> dict[outbox.MailStatus, int]:
        return self._read(outbox.tally)

    def retry_failed_mail(self, *, now: dt.datetime) -> int:
        return self._write(lambda conn: outbox.retry_failed(conn, now))

    # --- personal data ----------------------------------------------------------------------

    def purge_personal_data(self, *, now: dt.datetime) -> int:
        """Delete names, e-mails, organisations, links and queued mail of everyone; keep the
        seats (as anonymous rows), the log and check-ins, so counts, the fill-up chart and
        check-in totals stay as they were. Returns how many people were made anonymous.

        On SQLite the file is then rewritten (VACUUM) and its write-ahead log emptied: deleted
        rows otherwise stay readable in free pages."""

        def work(conn: Connection) -> int:
            conn.execute(delete(outbox_t))
            conn.execute(delete(links_t))
            conn.execute(delete(link_requests_t))
            conn.execute(delete(attempts_t))
            conn.execute(update(events_t).values(email=None))
            conn.execute(update(checkins_t).values(by=""))
            people = conn.execute(
                update(participants_t)
                .where(participants_t.c.email.not_like("%@deleted.invalid"))
                .values(
                    email=literal("p") + cast(participants_t.c.id, String) + "@deleted.invalid",
                    name="",
                    organisation="",
                    token_hash=None,
                    updated_at=now,
                )
            ).rowcount
            stmt = self._insert(facts_t).values(name=PURGED, value=now.isoformat(), at=now)
            conn.execute(
                stmt.on_conflict_do_update(
                    index_elements=["name"], set_={"value": now.isoformat(), "at": now}
                )
            )
            return people

        count = self._write(work)
        raw = self.engine.raw_connection()  # outside any transaction: VACUUM needs that
        try:
            if self.dialect == "sqlite":
                raw.driver_connection.execute("VACUUM")
                raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            else:
                self._scrub_postgresql(raw.driver_connection)
        finally:
            raw.close()
        return count

    def _scrub_postgresql(self, dbapi) -> None:
        """PostgreSQL keeps an updated or deleted row's old version in the table's file and its
        indexes until they are rewritten: VACUUM (FULL) rewrites every table the purge touched
        and ANALYZE replaces their statistics' samples. What the app's role may not do (the
        old statistics' rows, the write-ahead log) is POSTGRESQL_PURGE_STEPS, for the
        database's superuser (docs/operations.md: privacy)."""
        dbapi.autocommit = True  # VACUUM runs outside a transaction
        try:
            with dbapi.cursor() as cur:
                for table in PURGED_TABLES:
                    cur.execute(f"VACUUM (FULL, ANALYZE) {table.name}")
        finally:
            dbapi.autocommit = False  # the connection goes back to the pool as it came

    def spend_pass(self, token: str, expires_at: dt.datetime, *, now: dt.datetime) -> bool:
        """Mark an organiser pass as used up (a ticket swapped, a cookie logged out) on every
        process: True the first time, False when it was spent already."""
        digest = hash_token("pass:" + token)

        def work(conn: Connection) -> bool:
            conn.execute(delete(spent_passes_t).where(spent_passes_t.c.expires_at < now))
            stmt = self._insert(spent_passes_t).values(digest=digest, expires_at=expires_at)
            stmt = stmt.on_conflict_do_nothing(index_elements=["digest"]).returning(spent_passes_t.c.digest)
            return conn.execute(stmt).first() is not None  # (PostgreSQL's rowcount here is -1)

        return self._write(work)

    def pass_spent(self, token: str) -> bool:
        digest = hash_token("pass:" + token)
        query = select(spent_passes_t.c.digest).where(spent_passes_t.c.digest == digest)
        return self._read(lambda conn: conn.execute(query).first() is not None)

    def secret(self, name: str, now: dt.datetime) -> bytes:
        """A random secret of this installation, made on first use and the same for every
        process (the first insert wins); e.g. the key of the organiser pass."""
        fresh = secrets.token_hex(32)
        stmt = (
            self._insert(facts_t)
            .values(name=name, value=fresh, at=now)
            .on_conflict_do_nothing(index_elements=["name"])
        )

        def work(conn):
            conn.execute(stmt)
            return conn.execute(select(facts_t.c.value).where(facts_t.c.name == name)).scalar_one()

        return bytes.fromhex(self._write(work))

    def note_ready_check(self, now: dt.datetime) -> None:
        """The ready-check's write: proves the database takes writes (excursions.readiness)."""
        stmt = self._insert(facts_t).values(name=READY_CHECK, value=now.isoformat(), at=now)
        update_ = stmt.on_conflict_do_update(
            index_elements=["name"], set_={"value": now.isoformat(), "at": now}
        )
        self._write(lambda conn: conn.execute(update_))

    def purged_at(self) -> dt.datetime | None:
        """When personal data was last deleted (None: never)."""
        value = self._read(
            lambda conn: conn.execute(select(facts_t.c.value).where(facts_t.c.name == PURGED)).scalar()
        )
        return dt.datetime.fromisoformat(value) if value else None


SCHEMA_LOCK = 0x657863757273  # PostgreSQL advisory lock key while the schema is made ("excurs")
PURGED = "personal_data_purged_at"
READY_CHECK = "ready_check_at"


_ENGINE_SERIAL = itertools.count(1)


def open_store(url: str, *, create: bool = True, lock_timeout: float = LOCK_TIMEOUT) -> Store:
    """Connect (and create the schema on first use). SQLite files get their folder made."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"timeout": lock_timeout, "check_same_thread": False},
            pool_size=20,
            max_overflow=40,
        )
        _sqlite_setup(engine, lock_timeout)
    elif url.startswith("sqlite"):
        raise StoreError("Use a SQLite file (sqlite:///path/to/file.sqlite3), not an in-memory database.")
    else:
        # Every connection gives up on a lock after lock_timeout (55P03, see Store._write), and
        # says in pg_stat_activity which process and which of its engines it belongs to (an
        # operator counting connections; the test that a process holds one engine).
        ms = int(lock_timeout * 1000)
        name = f"excursions:{os.getpid()}:{next(_ENGINE_SERIAL)}:lock_timeout={ms}"
        options = {"options": f"-c lock_timeout={ms}", "application_name": name}
        engine = create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True, connect_args=options)
    store = Store(engine, lock_timeout)
    if create:
        try:
            store.create_schema()
        except DBAPIError as exc:
            raise _unavailable(exc, repr(engine.url)) from exc
    return store


def resolve_url(database_url: str, data_dir: Path) -> str:
    """The configured URL, or the default SQLite file in the data folder."""
    return database_url or sqlite_url(data_dir)
