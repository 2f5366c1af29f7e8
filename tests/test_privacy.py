"""Personal data: deleted after the event, on both databases, leaving the counts intact."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from excursions.event import load_event
from excursions.fillup import replay
from excursions.mail.transport import FileTransport
from excursions.model import Registration
from excursions.privacy import purge_due, purge_personal_data
from excursions.signups import Status, Window, clean_participant
from tests.conftest import EVENT_FILE, make_routes

UTC = dt.UTC
NOW = dt.datetime(2022, 4, 1, 12, tzinfo=UTC)
OPEN = Window(dt.datetime(2022, 3, 1, tzinfo=UTC), dt.datetime(2022, 4, 19, tzinfo=UTC))

PEOPLE = [(f"person{i}@kommune{i}.dk", f"Navn{i} Efternavnsen", f"Organisation{i}") for i in range(12)]


def database_bytes(db_url: str) -> bytes:
    """Everything the database holds, as bytes: the SQLite files, or a full PostgreSQL dump."""
    if db_url.startswith("sqlite:///"):
        path = Path(db_url.removeprefix("sqlite:///"))
        return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        pytest.fail("pg_dump not found (Debian's postgresql-client)")
    url = db_url.replace("postgresql+psycopg://", "postgresql://")
    return subprocess.run([pg_dump, "--no-owner", url], capture_output=True, check=True, timeout=60).stdout


def fill_up(store) -> tuple:
    fill = replay(store.events(), {c.route_id: c.capacity for c in store.counts()})
    return (
        [tuple(r) for r in fill.total.itertuples(index=False)],
        [tuple(r) for r in fill.per_route.itertuples(index=False)],
        fill.full_at,
    )


def test_purge_leaves_no_name_or_email_and_keeps_counts_chart_and_checkins(store, db_url, tmp_path):
    store.sync_routes(make_routes([4, 20]), NOW)
    links = []
    for i, (mail, name, org) in enumerate(PEOPLE):
        result = store.signup(clean_participant(mail, name, org), ["r00", "r01"][i % 2], now=NOW, window=OPEN)
        links.append(result.token)
    store.switch(links[0], "r01", now=NOW, window=OPEN)
    store.cancel_own(links[1], now=NOW)
    store.request_link(PEOPLE[2][0], now=NOW, session="s")
    store.import_registrations(
        [Registration(clean_participant("registered@kommune.dk", "Registreret Person"), None)], now=NOW
    )
    for p in store.people("r01")[:3]:
        store.check_in(p.email, "r01", True, now=NOW, by="Guide Gudrun")
    outbox = FileTransport(tmp_path / "outbox")
    with outbox.session() as send:
        send("a@b.c", PEOPLE[0][0], f"To: {PEOPLE[0][1]} <{PEOPLE[0][0]}>\r\n\r\nhej".encode(), "one")

    before_counts = [(c.route_id, c.confirmed, c.waitlisted) for c in store.counts()]
    before_chart = fill_up(store)
    before_present = sum(1 for p in store.people() if p.present)
    secrets = [s for person in PEOPLE for s in person] + ["registered@kommune.dk", "Guide Gudrun"]
    dump = database_bytes(db_url)
    assert all(s.encode() in dump for s in (PEOPLE[3][0], PEOPLE[3][1]))  # the check can see them

    report = purge_personal_data(store, outbox, now=NOW)

    assert report.people == len(PEOPLE) + 1 and report.mail_files == 1
    dump = database_bytes(db_url)
    leaked = [s for s in secrets if s.encode() in dump or s.lower().encode() in dump]
    assert leaked == []
    assert list((tmp_path / "outbox").glob("*")) == []
    assert [(c.route_id, c.confirmed, c.waitlisted) for c in store.counts()] == before_counts
    assert fill_up(store) == before_chart
    assert sum(1 for p in store.people() if p.present) == before_present == 3
    assert all(store.participant(link) is None for link in links if link)
    assert store.mail_queue() == [] and store.purged_at() == NOW


@pytest.mark.parametrize(
    ("today", "purged", "due"),
    [
        (dt.date(2022, 5, 21), None, False),  # the day itself: not yet
        (dt.date(2022, 5, 22), None, True),
        (dt.date(2022, 5, 22), dt.datetime(2022, 5, 22, 9, tzinfo=UTC), False),
        (dt.date(2022, 6, 1), dt.datetime(2022, 4, 30, tzinfo=UTC), True),  # purged before the date only
    ],
)
def test_the_organiser_is_reminded_after_the_date_until_it_is_done(today, purged, due):
    event = load_event(EVENT_FILE)
    assert event.delete_personal_data_after == dt.date(2022, 5, 21)
    now = dt.datetime.combine(today, dt.time(12), tzinfo=event.timezone)
    assert purge_due(event, purged, now) is due


def test_the_status_of_a_purged_seat_is_kept(store):
    store.sync_routes(make_routes([1]), NOW)
    store.signup(clean_participant("a@b.dk", "A"), "r00", now=NOW, window=OPEN)
    store.purge_personal_data(now=NOW)
    (person,) = store.people()
    assert (person.name, person.status, person.email.endswith("@deleted.invalid")) == (
        "",
        Status.CONFIRMED,
        True,
    )


def _postgres_data_directory(pg_url: str) -> Path:
    """The data folder of the cluster the test database lives on (Debian: pg_lsclusters)."""
    port = pg_url.rsplit(":", 1)[1].split("/", 1)[0]
    listed = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=False).stdout
    for line in listed.splitlines():
        fields = line.split()
        if len(fields) >= 6 and fields[2] == port:
            return Path(fields[5])
    pytest.fail(f"no PostgreSQL cluster on port {port} in pg_lsclusters")


def _as_postgres(database: str, *statements: str) -> None:
    """What the database's superuser runs (docs/operations.md, privacy), one statement at a time."""
    args = ["psql", "-v", "ON_ERROR_STOP=1", "-qAt", "-d", database]
    for statement in statements:
        args += ["-c", statement]
    command = " ".join(f"'{a}'" for a in args)
    subprocess.run(["su", "postgres", "-c", command], check=True, capture_output=True, timeout=120)


@pytest.mark.slow  # over 5 s: the second stage (docs/development.md)
def test_postgresql_purge_leaves_no_address_in_the_data_files_or_the_write_ahead_log(pg_url, tmp_path):
    """Issue 26 item 10: deleted addresses stayed readable in dead rows, the unique index, the
    log table, the statistics and the WAL. The purge rewrites the tables; the superuser's steps
    (printed by the command, in docs/operations.md) let the rest go. Then grep every file."""
    import os
    import secrets as random

    from excursions.store import POSTGRESQL_PURGE_STEPS, open_store

    if os.geteuid() != 0:
        pytest.skip("reading PostgreSQL's data folder needs root (CI runs as root)")
    store = open_store(pg_url, create=False)
    store.drop_schema()
    store.dispose()
    store = open_store(pg_url)
    store.sync_routes(make_routes([3, 20]), NOW)
    tag = random.token_hex(6)
    people = [(f"purge{tag}{i}@kommune.dk", f"Slettes{tag}{i} Person") for i in range(40)]
    for i, (mail, name) in enumerate(people):
        token = store.signup(clean_participant(mail, name), ["r00", "r01"][i % 2], now=NOW, window=OPEN).token
        if i % 5 == 0:
            store.switch(token, "r00", now=NOW, window=OPEN)
    with store.engine.begin() as conn:  # the statistics now sample the addresses
        conn.exec_driver_sql("ANALYZE participants")
    data = _postgres_data_directory(pg_url)
    database = pg_url.rsplit("/", 1)[1]

    where: dict[str, int] = {}  # file (in the data folder) -> how many of them it holds

    def found() -> set[str]:
        hits = set()
        where.clear()
        for root, _, files in os.walk(data):
            for name in files:
                try:
                    blob = (Path(root) / name).read_bytes()
                except OSError:
                    continue
                here = {text for pair in people for text in pair if text.encode() in blob}
                if here:
                    where[str((Path(root) / name).relative_to(data))] = len(here)
                hits |= here
        return hits

    _as_postgres(database, "CHECKPOINT")  # written out: the check can see them
    assert found(), "the addresses should be in the data folder before the purge"

    report = purge_personal_data(store, FileTransport(tmp_path / "outbox"), now=NOW)
    assert report.superuser_steps == POSTGRESQL_PURGE_STEPS
    _as_postgres(database, *report.superuser_steps)
    store.dispose()
    if found():  # say which relations hold them (an old file no longer maps to one)
        store = open_store(pg_url, create=False)
        with store.engine.connect() as conn:
            for file in list(where):
                node = int(file.rsplit("/", 1)[1].split(".")[0].split("_")[0])
                name = conn.exec_driver_sql(f"SELECT pg_filenode_relation(0, {node})::text").scalar()
                where[f"{file} ({name})"] = where.pop(file)
        store.dispose()
    assert not where, f"still in {where}"
