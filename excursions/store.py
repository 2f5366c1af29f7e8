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
import hashlib
import secrets
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    case,
    create_engine,
    delete,
    event,
    func,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from excursions import signups as rules
from excursions.errors import ExcursionsError
from excursions.routes import Mode, Route
from excursions.signups import Book, Decision, EventKind, Outcome, ParticipantInput, Status, Window

T = TypeVar("T")

metadata = MetaData()

routes_t = Table(
    "routes",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("mode", String(8), nullable=False),
    Column("file_capacity", Integer, nullable=False),
    Column("capacity_override", Integer, nullable=True),
    Column("active", Boolean, nullable=False, default=True),
)
participants_t = Table(
    "participants",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("organisation", String(200), nullable=False, default=""),
    Column("token_hash", String(64), nullable=True, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
signups_t = Table(
    "signups",
    metadata,
    # One row per participant at most: "one active excursion" is also a database constraint.
    Column("participant_id", Integer, ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True),
    Column("route_id", String(64), ForeignKey("routes.id"), nullable=False, index=True),
    Column("status", String(12), nullable=False),
    Column("seq", BigInteger, nullable=False),  # arrival order on this route
    Column("since", DateTime(timezone=True), nullable=False),
)
events_t = Table(
    "events",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("participant_id", Integer, nullable=True),
    Column("email", String(254), nullable=True),
    Column("route_id", String(64), nullable=True),
    Column("kind", String(24), nullable=False),
    Column("detail", String(200), nullable=False, default=""),
)

checkins_t = Table(
    "checkins",
    metadata,
    Column("participant_id", Integer, ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True),
    Column("route_id", String(64), ForeignKey("routes.id"), primary_key=True),
    Column("present", Boolean, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("by", String(120), nullable=False, default=""),
)

CAPACITY = func.coalesce(routes_t.c.capacity_override, routes_t.c.file_capacity)


class StoreError(ExcursionsError):
    """The database could not be reached or used."""


@dataclass(frozen=True)
class RouteCount:
    route_id: str
    mode: Mode
    capacity: int
    confirmed: int
    waitlisted: int

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.confirmed)

    @property
    def full(self) -> bool:
        return self.confirmed >= self.capacity


@dataclass(frozen=True)
class SignupResult:
    outcome: Outcome
    route_id: str | None
    position: int | None = None
    token: str | None = None  # only when a new personal link was made
    message: str = ""

    @property
    def status(self) -> Status | None:
        return Decision(self.outcome).status


@dataclass(frozen=True)
class ParticipantView:
    email: str
    name: str
    organisation: str
    route_id: str | None
    status: Status | None
    position: int | None


@dataclass(frozen=True)
class PersonRow:
    """One participant as the organiser sees them."""

    email: str
    name: str
    organisation: str
    route_id: str | None
    status: Status | None
    position: int | None
    present: bool | None = None


@dataclass(frozen=True)
class Registration:
    """One row of an import: who, and which excursion."""

    person: ParticipantInput
    route_id: str


@dataclass(frozen=True)
class LoggedEvent:
    id: int
    at: dt.datetime
    email: str | None
    route_id: str | None
    kind: EventKind
    detail: str


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'excursions.sqlite3'}"


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_con, _record):
        dbapi_con.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_con.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        readonly = conn.get_execution_options().get("readonly", False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")


_RETRYABLE_PG = {"40001", "40P01", "55P03"}  # serialization failure, deadlock, lock not available


def _retryable(exc: DBAPIError) -> bool:
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    if code in _RETRYABLE_PG:
        return True
    return isinstance(exc, OperationalError) and "database is locked" in str(exc.orig)


class Store:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.dialect = engine.dialect.name

    # --- plumbing ---------------------------------------------------------------------

    def _write(self, work: Callable[[Connection], T], attempts: int = 8) -> T:
        """Run work in one write transaction; retry when the database asks us to."""
        for attempt in range(attempts):
            try:
                with self.engine.begin() as conn:
                    return work(conn)
            except IntegrityError:
                if attempt == attempts - 1:
                    raise
            except DBAPIError as exc:
                if not _retryable(exc) or attempt == attempts - 1:
                    raise
            time.sleep(0.005 * (2**attempt))  # back off before retrying a conflicting transaction
        raise AssertionError("unreachable")

    def _read(self, work: Callable[[Connection], T]) -> T:
        with self.engine.connect().execution_options(readonly=True) as conn, conn.begin():
            return work(conn)

    def _insert(self, table: Table):
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        return insert(table)

    def _for_update(self, query):
        return query.with_for_update() if self.dialect == "postgresql" else query

    def create_schema(self) -> None:
        metadata.create_all(self.engine, checkfirst=True)

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
            books, ids_by_email = self._load_books(conn, sorted(ids))
            for book in books.values():
                _, changes = rules.promote(book)
                if changes:
                    decision = Decision(Outcome.CAPACITY_CHANGED, book.route_id, changes=tuple(changes))
                    self._apply(conn, decision, now, ids_by_email)

        if self.dialect == "postgresql":
            with self.engine.begin() as conn:
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(4242)")  # one syncer at a time
                work(conn)
        else:
            self._write(work)

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
                new_capacity = int(change.detail.split("->")[1])
                conn.execute(
                    update(routes_t)
                    .where(routes_t.c.id == change.route_id)
                    .values(capacity_override=new_capacity)
                )
            conn.execute(
                events_t.insert().values(
                    at=now,
                    participant_id=pid,
                    email=change.participant or None,
                    route_id=change.route_id,
                    kind=change.kind.value,
                    detail=change.detail,
                )
            )

    def _lock_participant(
        self, conn: Connection, person: ParticipantInput, now: dt.datetime, new_token: bool
    ) -> tuple[int, str | None]:
        """Create or update the participant and lock their row; maybe make a new personal link."""
        conn.execute(
            self._insert(participants_t)
            .values(
                email=person.email,
                name=person.name,
                organisation=person.organisation,
                created_at=now,
                updated_at=now,
            )
            .on_conflict_do_nothing(index_elements=["email"])
        )
        pid = conn.execute(
            self._for_update(select(participants_t.c.id).where(participants_t.c.email == person.email))
        ).scalar_one()
        token = secrets.token_urlsafe(18) if new_token else None
        values = {"name": person.name, "organisation": person.organisation, "updated_at": now}
        if token:
            values["token_hash"] = hash_token(token)
        conn.execute(update(participants_t).where(participants_t.c.id == pid).values(**values))
        return pid, token

    def _current_route(self, conn: Connection, pid: int) -> str | None:
        return conn.execute(select(signups_t.c.route_id).where(signups_t.c.participant_id == pid)).scalar()

    # --- operations -------------------------------------------------------------------

    def signup(
        self,
        person: ParticipantInput,
        route_id: str,
        *,
        now: dt.datetime,
        window: Window,
        new_token: bool = True,
    ) -> SignupResult:
        """Sign up for route_id, moving off any other route. One transaction."""

        def work(conn: Connection) -> SignupResult:
            if rules.window_state(window, now) is not rules.WindowState.OPEN:
                decision = rules.sign_up({}, person.email, route_id, now, window)
                return SignupResult(decision.outcome, route_id, message=decision.message)
            known = conn.execute(
                select(routes_t.c.id).where(routes_t.c.id == route_id, routes_t.c.active.is_(True))
            ).scalar()
            if known is None:
                return SignupResult(Outcome.UNKNOWN_ROUTE, route_id)
            pid, token = self._lock_participant(conn, person, now, new_token)
            current = self._current_route(conn, pid)
            books, ids = self._load_books(conn, {route_id, current} - {None})
            ids[person.email] = pid
            decision = rules.sign_up(books, person.email, route_id, now, window)
            self._apply(conn, decision, now, ids)
            return SignupResult(
                decision.outcome, decision.route_id, decision.position, token, decision.message
            )

        return self._write(work)

    def switch(self, token: str, route_id: str, *, now: dt.datetime, window: Window) -> SignupResult:
        view = self.participant(token)
        if view is None:
            raise ExcursionsError(
                "This personal link is not valid (any more). Sign up again to get a new one."
            )
        person = ParticipantInput(view.email, view.name, view.organisation)
        return self.signup(person, route_id, now=now, window=window, new_token=False)

    def cancel(self, email: str, *, now: dt.datetime) -> SignupResult:
        mail = rules.normalise_email(email)

        def work(conn: Connection) -> SignupResult:
            pid = conn.execute(
                self._for_update(select(participants_t.c.id).where(participants_t.c.email == mail))
            ).scalar()
            if pid is None:
                return SignupResult(Outcome.NOT_SIGNED_UP, None)
            current = self._current_route(conn, pid)
            books, ids = self._load_books(conn, [current] if current else [])
            ids[mail] = pid
            decision = rules.cancel(books, mail)
            self._apply(conn, decision, now, ids)
            return SignupResult(decision.outcome, decision.route_id)

        return self._write(work)

    def set_capacity(self, route_id: str, capacity: int, *, now: dt.datetime) -> SignupResult:
        def work(conn: Connection) -> SignupResult:
            books, ids = self._load_books(conn, [route_id])
            decision = rules.change_capacity(books, route_id, capacity)
            self._apply(conn, decision, now, ids)
            return SignupResult(decision.outcome, route_id, message=decision.message)

        return self._write(work)

    def move(self, email: str, route_id: str, *, now: dt.datetime) -> SignupResult:
        """Organiser: put a participant on another route (same rules, any time)."""
        mail = rules.normalise_email(email)

        def work(conn: Connection) -> SignupResult:
            row = conn.execute(
                self._for_update(select(participants_t).where(participants_t.c.email == mail))
            ).first()
            if row is None:
                return SignupResult(Outcome.NOT_SIGNED_UP, None)
            current = self._current_route(conn, row.id)
            books, ids = self._load_books(conn, {route_id, current} - {None})
            ids[mail] = row.id
            decision = rules.sign_up(books, mail, route_id, now, rules.ALWAYS_OPEN)
            self._apply(conn, decision, now, ids)
            return SignupResult(decision.outcome, decision.route_id, decision.position)

        return self._write(work)

    def promote(self, email: str, *, now: dt.datetime) -> SignupResult:
        """Organiser: give a waiting participant a seat now (the route gets one more seat)."""
        mail = rules.normalise_email(email)

        def work(conn: Connection) -> SignupResult:
            pid = conn.execute(
                self._for_update(select(participants_t.c.id).where(participants_t.c.email == mail))
            ).scalar()
            current = self._current_route(conn, pid) if pid else None
            books, ids = self._load_books(conn, [current] if current else [])
            decision = rules.promote_by_hand(books, mail)
            self._apply(conn, decision, now, ids)
            return SignupResult(decision.outcome, decision.route_id)

        return self._write(work)

    def import_registrations(self, rows: Sequence[Registration], *, now: dt.datetime) -> list[SignupResult]:
        """Apply an import in one transaction: every row or none. Re-importing changes nothing."""

        def work(conn: Connection) -> list[SignupResult]:
            results = []
            for row in rows:
                pid, _ = self._lock_participant(conn, row.person, now, new_token=False)
                current = self._current_route(conn, pid)
                books, ids = self._load_books(conn, {row.route_id, current} - {None})
                ids[row.person.email] = pid
                decision = rules.sign_up(books, row.person.email, row.route_id, now, rules.ALWAYS_OPEN)
                if decision.outcome is Outcome.UNKNOWN_ROUTE:
                    raise ExcursionsError(f"{row.person.email}: there is no excursion {row.route_id!r}")
                self._apply(conn, decision, now, ids)
                results.append(SignupResult(decision.outcome, decision.route_id, decision.position))
            return results

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
            for table in (checkins_t, signups_t, events_t, participants_t):
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
        if not token or len(token) > 100:
            return None

        def work(conn: Connection) -> ParticipantView | None:
            row = conn.execute(
                select(participants_t, signups_t.c.route_id, signups_t.c.status, signups_t.c.seq)
                .select_from(
                    participants_t.outerjoin(signups_t, signups_t.c.participant_id == participants_t.c.id)
                )
                .where(participants_t.c.token_hash == hash_token(token))
            ).first()
            if row is None:
                return None
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
            )

        return self._read(work)

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
        return [LoggedEvent(r.id, _utc(r.at), r.email, r.route_id, EventKind(r.kind), r.detail) for r in rows]


def open_store(url: str, *, create: bool = True) -> Store:
    """Connect (and create the schema on first use). SQLite files get their folder made."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"timeout": 30, "check_same_thread": False}, pool_size=20, max_overflow=40
        )
        _sqlite_setup(engine)
    elif url.startswith("sqlite"):
        raise StoreError("Use a SQLite file (sqlite:///path/to/file.sqlite3), not an in-memory database.")
    else:
        engine = create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)
    store = Store(engine)
    if create:
        try:
            store.create_schema()
        except OperationalError as exc:
            raise StoreError(f"Cannot use the database at {engine.url!r}: {exc.orig}") from exc
    return store


def resolve_url(database_url: str, data_dir: Path) -> str:
    """The configured URL, or the default SQLite file in the data folder."""
    return database_url or sqlite_url(data_dir)
