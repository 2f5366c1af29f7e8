"""How mail leaves: an SMTP server (STARTTLS or TLS), or .eml files in a folder.

The one setting ``EXCURSIONS_MAIL_URL`` chooses:

- ``smtp://user:password@host:587`` – SMTP with STARTTLS (required: refused if the
  server does not offer it, so a password never crosses the network in the clear);
- ``smtps://user:password@host:465`` – SMTP over TLS from the first byte;
- ``smtp+plain://host:25`` – no encryption, for a relay on the same machine or network;
- ``file:///path/to/folder`` – each message as an .eml file; empty: ``<data folder>/outbox``.

``?cafile=/path/ca.pem`` trusts another certificate authority (a private mail server).
"""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from excursions.addresses import needs_smtputf8
from excursions.errors import ExcursionsError

Send = Callable[[str, str, bytes, str], None]  # (from, to, message, file name hint)


class MailUrlError(ExcursionsError):
    """EXCURSIONS_MAIL_URL cannot be used."""


class MailSendError(ExcursionsError):
    """One message could not be handed over; permanent: the server refused it for good."""

    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


class Security(StrEnum):
    STARTTLS = "smtp"
    TLS = "smtps"
    NONE = "smtp+plain"


@dataclass(frozen=True)
class FileTransport:
    folder: Path

    def describe(self) -> str:
        return f"files in {self.folder}"

    @contextlib.contextmanager
    def session(self) -> Iterator[Send]:
        self.folder.mkdir(parents=True, exist_ok=True)

        def send(sender: str, recipient: str, message: bytes, name: str) -> None:
            # Written whole, then renamed: a reader never sees half a message, and a second
            # try of the same message replaces the first instead of adding a copy.
            path = self.folder / f"{name}.eml"
            tmp = path.with_suffix(".tmp")
            try:
                tmp.write_bytes(message)
                tmp.replace(path)
            except OSError as exc:
                raise MailSendError(f"cannot write {path}: {exc.strerror}") from exc

        yield send

    def purge(self) -> int:
        """Delete the written messages (they hold names, addresses and links)."""
        n = 0
        if self.folder.is_dir():
            for path in [*self.folder.glob("*.eml"), *self.folder.glob("*.tmp")]:
                path.unlink(missing_ok=True)
                n += 1
        return n


@dataclass(frozen=True)
class SmtpTransport:
    host: str
    port: int
    security: Security
    user: str = ""
    password: str = ""
    cafile: str = ""
    timeout: float = 20.0

    def describe(self) -> str:
        return f"{self.security.value}://{self.host}:{self.port}"

    def _context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.cafile or None)

    def _connect(self) -> smtplib.SMTP:
        if self.security is Security.TLS:
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=self._context()
            )
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        smtp.ehlo()
        if self.security is Security.STARTTLS:
            if not smtp.has_extn("starttls"):
                smtp.close()
                raise MailSendError(
                    f"{self.describe()} does not offer STARTTLS; use smtps:// or smtp+plain://"
                )
            smtp.starttls(context=self._context())
            smtp.ehlo()
        if self.user:
            smtp.login(self.user, self.password)
        return smtp

    @contextlib.contextmanager
    def session(self) -> Iterator[Send]:
        try:
            smtp = self._connect()
        except smtplib.SMTPAuthenticationError as exc:
            raise MailSendError(f"{self.describe()}: login refused ({_reply(exc)})") from exc
        except (TimeoutError, OSError, smtplib.SMTPException) as exc:
            raise MailSendError(f"{self.describe()}: cannot connect ({_reason(exc)})") from exc

        def send(sender: str, recipient: str, message: bytes, name: str) -> None:
            options: list[str] = []
            if needs_smtputf8(recipient):  # letters outside ASCII before the @ (excursions.addresses)
                if not smtp.has_extn("smtputf8"):
                    raise MailSendError(
                        f"{self.describe()} does not offer SMTPUTF8, which the address {recipient!r} "
                        "needs (letters outside a-z before the @); ask the participant for another address",
                        permanent=True,
                    )
                options = ["SMTPUTF8"]
            try:
                refused = smtp.sendmail(sender, [recipient], message, mail_options=options)
            except smtplib.SMTPRecipientsRefused as exc:
                code, text = next(iter(exc.recipients.values()))
                raise MailSendError(f"{code} {_text(text)}", permanent=500 <= code < 600) from exc
            except smtplib.SMTPResponseException as exc:
                raise MailSendError(_reply(exc), permanent=500 <= exc.smtp_code < 600) from exc
            except (OSError, smtplib.SMTPException) as exc:
                raise MailSendError(_reason(exc)) from exc
            if refused:
                code, text = next(iter(refused.values()))
                raise MailSendError(f"{code} {_text(text)}", permanent=500 <= code < 600)

        try:
            yield send
        finally:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                smtp.quit()


Transport = FileTransport | SmtpTransport


def _text(value: bytes | str) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def _reply(exc: smtplib.SMTPResponseException) -> str:
    return f"{exc.smtp_code} {_text(exc.smtp_error)}"


def _reason(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


def transport_from_url(url: str, data_dir: Path) -> Transport:
    """The transport for EXCURSIONS_MAIL_URL (see the module's docstring)."""
    if not url:
        return FileTransport(data_dir / "outbox")
    parts = urlsplit(url)
    if parts.scheme == "file":
        if not parts.path:
            raise MailUrlError(f"{url!r}: give a folder, like file:///srv/excursions/outbox")
        return FileTransport(Path(unquote(parts.path)))
    try:
        security = Security(parts.scheme)
    except ValueError:
        raise MailUrlError(
            f"mail URL scheme {parts.scheme!r} is not known: use smtp://, smtps://, smtp+plain:// or file://"
        ) from None
    if not parts.hostname:
        raise MailUrlError(f"mail URL {security.value}://… has no host")
    try:
        port = parts.port or {Security.STARTTLS: 587, Security.TLS: 465, Security.NONE: 25}[security]
    except ValueError as exc:
        raise MailUrlError(f"mail URL: {exc}") from None
    query = parse_qs(parts.query)
    return SmtpTransport(
        host=parts.hostname,
        port=port,
        security=security,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        cafile=query.get("cafile", [""])[0],
    )
