"""The database tables, in one place: the store and the mail outbox both write them.

Plain SQLAlchemy Core tables; excursions.store.migrate brings a database made by an earlier
version to them (Alembic revisions; before those, a column adder), so nobody has to delete
their data to update the app.
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
    text,
)

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
    # "confirmed->kanalen"); excursions.store.migrate carries old rows over, nothing else reads it.
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
event_settings_t = Table(
    "event_settings",
    metadata,
    # The event as edited on the organiser's "Begivenhed" tab: the event file's TOML, which
    # wins over the file while it is here (excursions.sources). One row, key "current".
    Column("key", String(40), primary_key=True),
    Column("toml", Text, nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),
    Column("saved_by", String(120), nullable=False),
)
editions_t = Table(
    "editions",
    metadata,
    # The installation's events, one current (excursions.editions); kept in the installation's
    # own database. location: "" for this database, else the key of the edition's own. archive:
    # the numbers of an event that is no longer current (JSON; no personal data).
    Column("key", String(60), primary_key=True),
    Column("name", Text, nullable=False),
    Column("location", String(60), nullable=False),
    Column("current", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("archive", Text, nullable=True),
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
    # Tries counted against a limit (excursions.limits, excursions.throttle): organiser
    # passwords, sign-ups, moves, "I lost my link" (the one limiter: store/attempts.py).
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
    # What a try was about when that is counted too: for "I lost my link" the address asked
    # for, as a hash (the rows go with the personal data).
    Column("target", String(64), nullable=False, default="", server_default="", index=True),
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
wishes_t = Table(
    "wishes",
    metadata,
    # The wish round (excursions.wishes): a person's ranked excursions, 0 the first wish.
    # Kept after the draw, for the organiser's export and for anyone re-running the draw.
    Column("participant_id", Integer, ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True),
    Column("rank", Integer, primary_key=True),
    Column("route_id", String(64), ForeignKey("routes.id"), nullable=False, index=True),
    Column("at", DateTime(timezone=True), nullable=False),
)
draws_t = Table(
    "draws",
    metadata,
    # Every committed draw of the wish round (excursions.allocation): method and seed, so
    # anyone holding the wishes can re-run it, and what it gave (JSON: the preview's numbers).
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("method", String(16), nullable=False),
    Column("seed", BigInteger, nullable=False),
    Column("people", Integer, nullable=False),
    Column("summary", Text, nullable=False),
    Column("by", String(120), nullable=False, default=""),
)
facts_t = Table(
    "facts",
    metadata,
    # Small named facts about the installation, e.g. when personal data was deleted.
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
