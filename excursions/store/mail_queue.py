"""The mail outbox's transactions: the sender's side and the organisers' view (SQL in
excursions.store.outbox)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sqlalchemy.engine import Connection

from excursions.mail.kinds import MailKind
from excursions.model import ParticipantView
from excursions.store import outbox
from excursions.store.engine import Transactions


class MailQueue(Transactions):
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
                if mail.kind in (MailKind.WISHES, MailKind.DRAWN, MailKind.NOT_DRAWN):
                    mail = replace(mail, wishes=self._wishes_of(conn, mail.participant_id))
                if mail.kind is MailKind.NOT_DRAWN:
                    free = self._free_seats(conn)
                    mail = replace(mail, open_routes=tuple(r for r in sorted(free) if free[r] > 0))
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

    def mail_queue(self, limit: int = 500) -> list[outbox.QueuedMail]:
        return self._read(lambda conn: outbox.listing(conn, limit))

    def mail_tally(self) -> dict[outbox.MailStatus, int]:
        return self._read(outbox.tally)

    def retry_failed_mail(self, *, now: dt.datetime) -> int:
        return self._write(lambda conn: outbox.retry_failed(conn, now))
