"""The database tables, in one place: the store and the mail outbox both write them.

Plain SQLAlchemy Core tables; :func:`upgrade` adds the columns and tables that later
versions introduced to a database made by an earlier one (the demo's SQLite file under
``var/`` outlives upgrades), so nobody has to delete their data to update the app.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    func,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection

metadata = MetaData()


def _owned_by_participant() -> Column:
    """The participant a row belongs to; it goes when they go (a deletion, "delete my data")."""
    return Column(
        "participant_id",
        Integer,
        ForeignKey("participants.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


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
    # Earlier versions kept one link per person here; links_t holds them now (see upgrade).
    Column("token_hash", String(64), nullable=True, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("lang", String(2), nullable=False, server_default="da"),
    # Imported from the registration system (may sign up when sign-up is for registered only).
    Column("registered", Boolean, nullable=False, server_default=text("false")),
    # The calendar invite's SEQUENCE: grows with every mail that carries an invite.
    Column("invite_seq", Integer, nullable=False, server_default="0"),
)
links_t = Table(
    "links",
    metadata,
    # Personal links: only a hash of each token is kept. A person may hold several (the
    # one shown after signing up, each one mailed); making a new one never ends an old one.
    Column("token_hash", String(64), primary_key=True),
    _owned_by_participant(),
    Column("created_at", DateTime(timezone=True), nullable=False),
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
    # Before the log was typed, the facts below were one string here ("12->13",
    # "confirmed->kanalen"); upgrade_columns() carries old rows over, nothing else reads it.
    Column("detail", String(200), nullable=False, default=""),
    # The event's facts (excursions.signups.EventFacts), one column each.
    Column("was_status", String(12), nullable=True),
    Column("other_route", String(64), nullable=True),
    Column("capacity_before", Integer, nullable=True),
    Column("capacity_after", Integer, nullable=True),
    Column("by_hand", Boolean, nullable=False, default=False, server_default=text("false")),
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
outbox_t = Table(
    "outbox",
    metadata,
    # Mail waiting to go out, written in the same transaction as the change it reports, so a
    # sign-up never waits for the mail server and a mail is never lost with a crash.
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    _owned_by_participant(),
    Column("kind", String(24), nullable=False),
    Column("route_id", String(64), nullable=True),
    Column("previous_route_id", String(64), nullable=True),
    Column("position", Integer, nullable=True),
    # An organiser's move or cancel: the mail says an organiser did it (not the person).
    Column("by_organiser", Boolean, nullable=False, default=False),
    Column("invite_seq", Integer, nullable=False, default=0),
    Column("status", String(12), nullable=False, index=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True), nullable=True),
    Column("last_error", String(500), nullable=False, default=""),
    Column("subject", String(300), nullable=False, default=""),
    Column("message_id", String(200), nullable=False, default=""),
    # The composed message, kept between tries so every try sends the same bytes; emptied
    # once it is sent (it holds a personal link).
    Column("message", LargeBinary, nullable=True),
)
link_requests_t = Table(
    "link_requests",
    metadata,
    # "I lost my link" requests, for throttling across processes. The address is kept only
    # as a hash, and the rows go with the personal data.
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("address_hash", String(64), nullable=False, index=True),
    Column("client", String(64), nullable=False, default="", index=True),  # the browser session
    Column("ip", String(64), nullable=False, default="", index=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
)
route_sources_t = Table(
    "route_sources",
    metadata,
    # The last good version of every route (its file's name and bytes): a broken or
    # duplicate file never replaces a route people are signed up for (excursions.routes).
    Column("route_id", String(100), primary_key=True),
    Column("file", String(300), nullable=False),
    Column("raw", LargeBinary, nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),
)
route_edits_t = Table(
    "route_edits",
    metadata,
    # Excursions added or edited in the browser (the organiser's "Udflugter" tab): the same
    # GeoJSON a route file holds, and whether the excursion is hidden. The database is their
    # source; they win over a route file with the same id (excursions.route_edits).
    Column("route_id", String(100), primary_key=True),
    Column("raw", LargeBinary, nullable=True),  # None: a file's route, only hidden or shown
    Column("hidden", Boolean, nullable=False, default=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),
)
imports_t = Table(
    "imports",
    metadata,
    # One row per import run: it is applied in short transactions (so sign-ups are not
    # held up), and an unfinished row says an import stopped part-way; importing the same
    # rows again finishes it (an import changes nothing it already did).
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("digest", String(64), nullable=False, index=True),  # of the rows: the same file again
    Column("source", String(300), nullable=False, default=""),
    Column("total", Integer, nullable=False),
    Column("applied", Integer, nullable=False, default=0),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=True),
)
attempts_t = Table(
    "attempts",
    metadata,
    # Tries counted against a limit (excursions.limits): organiser passwords, sign-ups.
    # `allowed` is false for a try that was refused (the organiser's flood warning reads those).
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),
    Column("client", String(64), nullable=False, default="", index=True),  # the browser session
    Column("ip", String(64), nullable=False, default="", index=True),
    Column("allowed", Boolean, nullable=False, default=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    # An accepted sign-up: the participant it made, so an organiser can see and undo every
    # sign-up from one browser or address (the alarm on the organiser page).
    Column("participant_id", Integer, nullable=True),
)
spent_passes_t = Table(
    "spent_passes",
    metadata,
    # Organiser passes that no longer count although their signature holds: a ticket once
    # swapped for the cookie, a cookie whose browser logged out (excursions.passes). Kept
    # (as a hash) until the pass would have expired anyway.
    Column("digest", String(64), primary_key=True),
    Column("expires_at", DateTime(timezone=True), nullable=False, index=True),
)
facts_t = Table(
    "facts",
    metadata,
    # Small named facts about the installation, e.g. when personal data was deleted.
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)


def _add_missing_columns(conn: Connection, table: Table) -> list[str]:
    have = {c["name"] for c in inspect(conn).get_columns(table.name)}
    added = []
    for column in table.columns:
        if column.name in have:
            continue
        ddl = column.type.compile(dialect=conn.dialect)
        if column.nullable:
            conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {column.name} {ddl}")
        else:
            default = column.server_default.arg if column.server_default is not None else None
            default_sql = default.text if hasattr(default, "text") else f"'{default}'"
            conn.exec_driver_sql(
                f"ALTER TABLE {table.name} ADD COLUMN {column.name} {ddl} NOT NULL DEFAULT {default_sql}"
            )
        added.append(column.name)
    return added


def _type_old_events(conn: Connection) -> None:
    """Read the facts out of the text the log kept before it was typed (once, on upgrade)."""
    e = events_t.c
    rows = conn.execute(select(e.id, e.kind, e.detail).where(e.detail != "")).all()
    for row in rows:
        facts = legacy_facts(row.kind, row.detail)
        if facts:
            conn.execute(update(events_t).where(e.id == row.id).values(**facts))


def legacy_facts(kind: str, detail: str) -> dict[str, object]:
    """The typed columns for one old event ("45->3", "confirmed->kanalen", "by hand", ...)."""
    before, arrow, after = detail.partition("->")
    if kind == "capacity_changed" and arrow:
        return {"capacity_before": int(before), "capacity_after": int(after)}
    if kind in ("left", "cancelled"):
        return {"was_status": before or None, "other_route": after or None}
    if kind in ("confirmed", "waitlisted"):
        return {"other_route": detail}
    if kind == "promoted":
        return {"by_hand": detail == "by hand"}
    return {}


def upgrade_columns(conn: Connection) -> None:
    """For a database made before migrations (excursions.store.migrate): add the columns
    introduced since it was made, and carry old links over; it is then at the baseline."""
    if "was_status" in _add_missing_columns(conn, events_t):
        _type_old_events(conn)
    _add_missing_columns(conn, participants_t)
    _add_missing_columns(conn, attempts_t)
    _add_missing_columns(conn, outbox_t)
    conn.execute(
        text(
            "INSERT INTO links (token_hash, participant_id, created_at) "
            "SELECT token_hash, id, updated_at FROM participants WHERE token_hash IS NOT NULL "
            "AND token_hash NOT IN (SELECT token_hash FROM links)"
        )
    )
    conn.execute(text("UPDATE participants SET token_hash = NULL WHERE token_hash IS NOT NULL"))
