"""The sender: takes due mail from the outbox, composes it once, hands it to the transport.

One runs in every app process (a thread) and ``excursions mail send`` runs one from the
shell; several at once are safe, since a row is claimed before it is sent (see outbox).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from excursions.addresses import wire_address
from excursions.links import personal_link
from excursions.mail.compose import Letter, compose, wire
from excursions.mail.transport import MailSendError, Transport
from excursions.model import ParticipantView
from excursions.sources import Catalogue
from excursions.store import Store, StoreError, outbox
from excursions.store.outbox import QueuedMail

log = logging.getLogger(__name__)

INVITE_SECRET = "invite_uid_secret"  # the key of the invites' UIDs among the installation's facts


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:400]


@dataclass(frozen=True)
class Prepared:
    mail: outbox.QueuedMail
    sender: str
    data: bytes
    name: str


@dataclass(frozen=True)
class Round:
    """What one pass over the due mail did."""

    sent: int = 0
    failed: int = 0


class MailWorker:
    def __init__(
        self,
        store: Store,
        transport: Transport,
        catalogue: Catalogue,
        *,
        first_retry: dt.timedelta = outbox.FIRST_RETRY,
        poll_seconds: float = 2.0,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ):
        self.store, self.transport, self.catalogue = store, transport, catalogue
        self.first_retry, self.poll_seconds, self.clock = first_retry, poll_seconds, clock
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._key: bytes | None = None

    # --- one pass -------------------------------------------------------------------------

    def _prepare(self, mail_id: int, now: dt.datetime) -> Prepared | None:
        """Claim a row and, on its first try, compose it (with a new personal link)."""
        event, routes = self.catalogue()
        key = self._invite_key(now)

        def write(mail: QueuedMail, token: str, now_on: ParticipantView | None):
            route_id, position, status = mail.route_id, mail.position, None
            if now_on is not None:  # a link mail: where they stand now
                route_id, status, position = now_on.route_id, now_on.status, now_on.position
            letter = Letter(
                kind=mail.kind,
                lang=mail.lang,
                name=mail.name,
                email=mail.email,
                participant_id=mail.participant_id,
                link=personal_link(event.public_url, token, mail.lang),
                route=routes.get(route_id or ""),
                previous=routes.get(mail.previous_route_id or ""),
                position=position,
                status=status,
                sequence=mail.invite_seq,
                by_organiser=mail.by_organiser,
                invite_key=key,
                wishes=tuple(routes[r] for r in mail.wishes if r in routes),
                open_routes=tuple(routes[r] for r in mail.open_routes if r in routes),
            )
            message = compose(letter, event, now=now)
            return message, wire(message)

        prepared = self.store.prepare_mail(mail_id, now, write)
        if prepared is None:
            return None
        mail, data = prepared
        name = f"{mail.created_at:%Y%m%dT%H%M%S}-{mail.id:07d}-{mail.kind.value}"
        return Prepared(mail, event.sender_address or "noreply@localhost", data, name)

    def _invite_key(self, now: dt.datetime) -> bytes:
        """Read before the row's transaction: the secret is written on first use, in a transaction
        of its own."""
        if self._key is None:
            self._key = self.store.secret(INVITE_SECRET, now)
        return self._key

    def _failed(self, mail_id: int, error: MailSendError, now: dt.datetime) -> None:
        self.store.mail_failed(mail_id, str(error), now, permanent=error.permanent, first=self.first_retry)

    def _poisoned(self, mail_id: int, reason: str, now: dt.datetime) -> None:
        """A row that cannot be composed or sent for a reason no retry mends (a bug, an address
        the code cannot write): failed for good, with the reason for the organiser, so the rows
        behind it go on. Its claim was rolled back with the error: claim it again first."""
        log.warning("mail %s: failed for good: %s", mail_id, reason)
        self.store.mail_failed(mail_id, reason, now, permanent=True, first=self.first_retry, claim=True)

    def run_once(self, limit: int = 100) -> Round:
        """Send what is due now; a mail server that is down leaves every row for later."""
        now = self.clock()
        ids = self.store.due_mail(now, limit)
        if not ids:
            return Round()
        sent = failed = 0
        try:
            with self.transport.session() as send:
                for mail_id in ids:
                    try:
                        prepared = self._prepare(mail_id, now)
                    except StoreError:
                        raise  # the database, not the row: the loop tries again shortly
                    except Exception as exc:  # this row only: it must not hold up the rest
                        self._poisoned(mail_id, f"cannot compose this mail: {_describe(exc)}", now)
                        failed += 1
                        continue
                    if prepared is None:
                        continue
                    try:
                        send(prepared.sender, wire_address(prepared.mail.email), prepared.data, prepared.name)
                    except MailSendError as exc:
                        self._failed(mail_id, exc, self.clock())
                        failed += 1
                        continue
                    except Exception as exc:
                        self._poisoned(mail_id, f"cannot send this mail: {_describe(exc)}", self.clock())
                        failed += 1
                        continue
                    self.store.mail_sent(mail_id, self.clock())
                    sent += 1
        except MailSendError as exc:  # no session at all: every due row waits for its next try
            log.warning("mail: %s", exc)
            error = str(exc)
            failed += self.store.defer_mail(ids, error, now, first=self.first_retry)
        return Round(sent, failed)

    def drain(self, rounds: int = 1000) -> Round:
        """Send until nothing is due now (for the shell and tests)."""
        total = Round()
        for _ in range(rounds):
            r = self.run_once()
            total = Round(total.sent + r.sent, total.failed + r.failed)
            if r.sent == 0:
                break
        return total

    # --- in the background ----------------------------------------------------------------

    def wake(self) -> None:
        """Something was queued: look now instead of at the next poll."""
        self._wake.set()

    def start(self) -> MailWorker:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="excursions-mail", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception:  # a database hiccup must not end the sender for good
                log.exception("mail: sending failed; trying again shortly")
            self._wake.wait(self.poll_seconds)
            self._wake.clear()
