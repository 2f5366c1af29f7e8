"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives: for tests and benches.

Plain, STARTTLS (required when a certificate is given) or TLS from the first byte, with an
optional login, and a switch to refuse messages (temporarily or for good) to see how the
sender copes.
"""

from __future__ import annotations

import email
import email.policy
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import TypeVar

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.support.processes import free_port

T = TypeVar("T")


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        return email.message_from_bytes(self.data, policy=email.policy.default)  # type: ignore[return-value]


@dataclass
class Sink:
    """The handler: keeps messages; `refuse` = "451 …" or "550 …" answers every DATA with it."""

    received: list[Received] = field(default_factory=list)
    refuse: str = ""
    arrived: threading.Condition = field(default_factory=threading.Condition)

    async def handle_DATA(self, server, session, envelope) -> str:  # aiosmtpd calls it by this name
        if self.refuse:
            return self.refuse
        with self.arrived:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
            self.arrived.notify_all()
        return "250 OK"

    def messages(self) -> list[EmailMessage]:
        with self.arrived:
            return [r.message for r in self.received]

    def wait_for(self, check: Callable[[list[Received]], T], timeout: float) -> T | None:
        """Until check(what arrived so far) is truthy, woken by each arrival; its value, or None.
        Arrivals wait while check runs: look at envelopes, parse only the messages you need."""
        with self.arrived:
            value = None

            def ready() -> bool:
                nonlocal value
                value = check(list(self.received))
                return bool(value)

            self.arrived.wait_for(ready, timeout)
            return value


class Certificates:
    """A throw-away certificate authority and a certificate for 127.0.0.1 (trustme)."""

    def __init__(self, folder: Path):
        import trustme

        self.ca = trustme.CA()
        self.cert = self.ca.issue_cert("127.0.0.1", "localhost")
        self.cafile = folder / "ca.pem"
        self.ca.cert_pem.write_to_path(str(self.cafile))

    def server_context(self) -> ssl.SSLContext:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.cert.configure_cert(ctx)
        return ctx


class SmtpServer:
    """mode: "plain", "starttls" or "tls"; with user/password, a login is required."""

    def __init__(
        self,
        mode: str = "plain",
        certificates: Certificates | None = None,
        port: int | None = None,
        user: str = "",
        password: str = "",
        smtputf8: bool = True,
    ):
        """smtputf8: offer SMTPUTF8 (RFC 6531), which an address with letters outside ASCII
        before the @ needs; many real relays do not."""
        self.mode, self.port, self.sink = mode, port or free_port(), Sink()
        kwargs: dict = {"enable_SMTPUTF8": smtputf8}
        if mode == "starttls":
            assert certificates
            kwargs |= {"tls_context": certificates.server_context(), "require_starttls": True}
        elif mode == "tls":
            assert certificates
            kwargs |= {"ssl_context": certificates.server_context()}
        if user:

            def check(server, session, envelope, mechanism, auth_data):
                ok = isinstance(auth_data, LoginPassword) and (
                    auth_data.login.decode(),
                    auth_data.password.decode(),
                ) == (user, password)
                return AuthResult(success=ok)

            # implicit TLS is not seen by aiosmtpd as "TLS" (only STARTTLS is): require it there only
            kwargs |= {"authenticator": check, "auth_require_tls": mode == "starttls"}
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port, **kwargs)

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def __enter__(self) -> SmtpServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
