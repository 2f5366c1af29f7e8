"""The address of a personal link: the page that shows, switches and cancels one sign-up."""

from __future__ import annotations


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
