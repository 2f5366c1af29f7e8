"""Personal links: made, ended, and mailed again on request ("I lost my link"), within the
limits of excursions.throttle, counted as the other tries are (store/attempts.py)."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Connection

from excursions import signups as rules
from excursions.limits import Attempt
from excursions.mail.kinds import MailKind, MailOrder
from excursions.store import outbox
from excursions.store.attempts import Attempts
from excursions.store.engine import hash_token
from excursions.store.schema import links_t, participants_t
from excursions.throttle import LINK_WINDOW, PER_ADDRESS, LinkRequest, decide, within


class Links(Attempts):
    def new_link(self, conn: Connection, pid: int, now: dt.datetime) -> str:
        """A new personal link for the participant; their other links keep working."""
        token = secrets.token_urlsafe(18)
        conn.execute(
            links_t.insert().values(token_hash=hash_token(token), participant_id=pid, created_at=now)
        )
        return token

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

    def _mail_owner(self, conn: Connection, pid: int, email: str, now: dt.datetime) -> None:
        """Someone signed up with a taken address: mail its owner their link, within the same
        per-address limit as "I lost my link" (nobody can flood a mailbox by signing up)."""
        address = hash_token("link-request:" + email)
        self._lock_tries(conn, Attempt.LINK, f"target:{address}")
        earlier = self._tries(conn, Attempt.LINK, "target", address, now - LINK_WINDOW, allowed_only=False)
        self._record_try(conn, Attempt.LINK, now, session="signup", target=address)
        if within(earlier, PER_ADDRESS, now):
            outbox.enqueue(conn, pid, MailOrder(email, MailKind.ALREADY_SIGNED_UP, None), now)

    def request_link(self, email: str, *, now: dt.datetime, session: str = "", ip: str = "") -> LinkRequest:
        """ "I lost my link": mail it if the address has a sign-up. The answer is the same for
        known and unknown addresses; asking too often (per address, session or network
        address) is refused the same way for both."""
        mail = rules.normalise_email(email)
        address = hash_token("link-request:" + mail)
        session, ip = session[:64], ip[:64]

        def work(conn: Connection) -> LinkRequest:
            # The owner's row first (as a sign-up takes it), then the counts' locks.
            pid = conn.execute(
                self._for_update(select(participants_t.c.id).where(participants_t.c.email == mail))
            ).scalar()
            self._lock_tries(
                conn,
                Attempt.LINK,
                f"target:{address}",
                f"session:{session}" if session else "",
                f"address:{ip}" if ip else "",
            )
            since = now - LINK_WINDOW
            answer = decide(
                self._tries(conn, Attempt.LINK, "target", address, since, allowed_only=False),
                self._tries(conn, Attempt.LINK, "client", session, since, allowed_only=False),
                self._tries(conn, Attempt.LINK, "ip", ip, since, allowed_only=False),
                now,
            )
            self._record_try(
                conn,
                Attempt.LINK,
                now,
                session=session,
                address=ip,
                target=address,
                allowed=answer is LinkRequest.SENT,
            )
            if answer is LinkRequest.SENT and pid is not None and self._taken(conn, pid):
                status = outbox.enqueue(conn, pid, MailOrder(mail, MailKind.LINK, None), now)
                if status is outbox.MailStatus.HELD:
                    return LinkRequest.HELD  # never "we have sent it" when nothing goes out
            return answer

        return self._write(work)
