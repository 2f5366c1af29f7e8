"""What an e-mail address may be: one rule for the form, the CLI, the import and the sender.

A mailbox has one written form, so one person cannot hold two sign-ups through two
spellings: compatibility characters folded (NFKC), invisible ones removed, lower case, and
a domain written in Punycode (``xn--…``) read back into its letters. On the wire the domain
goes out IDNA-encoded (``ærø.dk`` → ``xn--r-3fa9c.dk``), which every mail server takes.

Refused, with the reason as a code the page words:

- a local part (before the @) with letters outside ASCII: sending it needs the mail
  server's SMTPUTF8, which most conference relays lack, and the participant would never
  hear that their confirmation did not go. ``søren@odense.dk`` is nearly always a typing
  of ``soeren@`` – the person fixes it at the field instead of waiting for a mail;
- letters of two alphabets in one part (``examplе.org`` with a Cyrillic ``е``): a
  look-alike of another domain, by accident (a keyboard layout) or on purpose;
- control characters, which no real address has and which could split a mail's headers.

The sender still copes with a non-ASCII local part already stored (an older database):
it sends with SMTPUTF8 where the server offers it, and otherwise marks that mail failed
with the reason (:func:`needs_smtputf8`).
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

import idna

from excursions.errors import ExcursionsError

MAX_LENGTH = 254  # RFC 5321's path limit, less the brackets
MAX_LOCAL = 64
# Printable ASCII a mailbox may have before the @, as RFC 5322's dot-atom (no quoted forms:
# nobody at a conference has one, and each is a way to smuggle something).
_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class AddressProblem(StrEnum):
    MISSING = "email_missing"
    INVALID = "email_invalid"
    TOO_LONG = "email_too_long"
    CONTROL = "email_control"
    LOCAL_NOT_ASCII = "email_local_not_ascii"
    MIXED_SCRIPTS = "email_mixed_scripts"


class AddressError(ExcursionsError):
    """The address cannot be used: a code (an :class:`AddressProblem`) and an English message."""

    def __init__(self, problem: AddressProblem, message: str, **values: object):
        super().__init__(message, problem.value, **values)
        self.problem = problem


@dataclass(frozen=True)
class Address:
    local: str
    domain: str  # in letters, lower case: ærø.dk
    ascii_domain: str  # as it goes on the wire: xn--r-3fa9c.dk

    @property
    def text(self) -> str:
        """The one written form, as stored and compared."""
        return f"{self.local}@{self.domain}"

    @property
    def wire(self) -> str:
        return f"{self.local}@{self.ascii_domain}"


def _fold(raw: str) -> str:
    folded = unicodedata.normalize("NFKC", raw)
    return "".join(c for c in folded if unicodedata.category(c) != "Cf").strip().lower()


def _unpunycode(domain: str) -> str:
    labels = []
    for label in domain.split("."):
        if label.startswith("xn--"):
            with contextlib.suppress(idna.IDNAError, UnicodeError):  # else left as written: refused later
                label = idna.decode(label)
        labels.append(label)
    return ".".join(labels)


def normalise(raw: str) -> str:
    """The written form used to look a mailbox up; never raises (a lookup of nonsense finds nothing)."""
    text = _fold(raw or "")
    local, at, domain = text.rpartition("@")
    return f"{local}@{_unpunycode(domain)}" if at else text


def _scripts(text: str) -> set[str]:
    """The alphabets of the letters in text (LATIN, CYRILLIC, GREEK, …); digits and signs have none."""
    found = set()
    for c in text:
        if c.isalpha():
            name = unicodedata.name(c, "")
            found.add(name.split(" ", 1)[0] if name else "UNKNOWN")
    return found


def parse_address(raw: str) -> Address:
    """Check an address as a participant or a file wrote it; raise AddressError saying why not."""
    if _CONTROL.search((raw or "").strip()):
        raise AddressError(AddressProblem.CONTROL, "The e-mail address has invisible control characters.")
    text = normalise(raw)
    if not text:
        raise AddressError(AddressProblem.MISSING, "Write your e-mail address.")
    shown = text[:60]
    if len(text) > MAX_LENGTH:
        raise AddressError(
            AddressProblem.TOO_LONG,
            f"The e-mail address is {len(text)} characters; at most {MAX_LENGTH}.",
            n=len(text),
            limit=MAX_LENGTH,
        )
    local, at, domain = text.rpartition("@")
    invalid = AddressError(
        AddressProblem.INVALID, f"'{shown}' is not an e-mail address like name@kommune.dk.", address=shown
    )
    if not at or not local or not domain or "@" in local or len(local) > MAX_LOCAL:
        raise invalid
    for part in (local, *domain.split(".")):
        if len(_scripts(part)) > 1:
            raise AddressError(
                AddressProblem.MIXED_SCRIPTS,
                f"'{shown}' mixes letters of different alphabets (such as Latin and Cyrillic); "
                "write the address with the letters of your keyboard.",
                address=shown,
            )
    if not local.isascii():
        raise AddressError(
            AddressProblem.LOCAL_NOT_ASCII,
            f"'{shown}' has letters such as æ, ø or å before the @, which most mail servers cannot "
            "deliver to; write the address you receive mail at (often oe for ø, ae for æ, aa for å).",
            address=shown,
        )
    if not _LOCAL.match(local):
        raise invalid
    labels = domain.split(".")
    if len(labels) < 2 or len(labels[-1]) < 2 or any(not label for label in labels):
        raise invalid
    try:
        ascii_domain = idna.encode(domain, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        raise invalid from None
    if not re.fullmatch(r"[a-z0-9.-]+", ascii_domain) or ascii_domain.split(".")[-1].isdigit():
        raise invalid
    return Address(local, domain, ascii_domain)


def wire_address(stored: str) -> str:
    """A stored address as it goes to the mail server: the domain IDNA-encoded, the local part
    as stored (a non-ASCII one needs SMTPUTF8: :func:`needs_smtputf8`)."""
    local, at, domain = stored.rpartition("@")
    if not at:
        return stored
    with contextlib.suppress(idna.IDNAError, UnicodeError):  # else the server refuses; the sender says why
        domain = idna.encode(domain, uts46=True).decode("ascii")
    return f"{local}@{domain}"


def needs_smtputf8(address: str) -> bool:
    return not address.isascii()
