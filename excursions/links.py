"""The address of a personal link: the page that shows, switches and cancels one sign-up."""

from __future__ import annotations


def personal_link(base_url: str, token: str, lang: str) -> str:
    """base_url: the app's address (the page's, or the event's public_url); the language
    rides along, so the page opens in the one its owner signed up in."""
    suffix = "&lang=en" if lang == "en" else ""
    return f"{base_url.rstrip('/')}/signup?token={token}{suffix}"
