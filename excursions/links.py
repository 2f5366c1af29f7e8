"""The address of a personal link: the page that shows, switches and cancels one sign-up."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit


def personal_link(base_url: str, token: str, lang: str) -> str:
    """base_url: the app's address (the page's, or the event's public_url); the language
    rides along, so the page opens in the one its owner signed up in."""
    suffix = "&lang=en" if lang == "en" else ""
    return f"{base_url.rstrip('/')}/signup?token={token}{suffix}"


def signup_page(base_url: str, lang: str) -> str:
    """The sign-up page without a token: what a calendar entry links to. A calendar is shared
    and synced more widely than a mailbox, so it carries no power over the seat; the page
    mails the personal link to whoever owns the address ("Har du mistet dit link?")."""
    suffix = "?lang=en" if lang == "en" else ""
    return f"{base_url.rstrip('/')}/signup{suffix}"


def link_base(public_url: str, page_url: str) -> str:
    """Where a link shown on a page points: the event's public address, as in the mails, so
    a person keeps one address whichever way they opened the page; the page's own address
    only while public_url leads nowhere but this computer (the demo's localhost)."""
    if public_url and not only_this_computer(public_url):
        return public_url
    return page_url


def _local(host: str) -> bool:
    if host in ("", "localhost") or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def only_this_computer(url: str) -> bool:
    """Whether an address opens only on the machine that serves it (localhost and the like):
    a QR code or a mailed link to it leads no phone anywhere."""
    return _local(urlsplit(url).hostname or "")
