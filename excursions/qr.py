"""The sign-up QR code for the projector: made locally (segno), as SVG so it stays crisp."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit, urlunsplit

import segno


def signup_url(public_url: str, campaign: str = "", lang: str = "") -> str:
    """The event's public sign-up address, optionally tagged with a campaign parameter; with
    lang (a projector shown in English, when the event's own language is another) the form
    opens in that language."""
    parts = urlsplit(public_url)
    path = parts.path.rstrip("/") + "/signup"
    params = {**({"lang": lang} if lang else {}), **({"utm_campaign": campaign} if campaign else {})}
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode(params), ""))


def typed_address(url: str) -> str:
    """The sign-up address as a person types it from the screen: no scheme, no tracking."""
    parts = urlsplit(url)
    return parts.netloc + parts.path


def qr_data_uri(url: str, *, dark: str = "#000000", light: str = "#ffffff", size_px: int = 360) -> str:
    """The QR code as an SVG data URI (for an <img> with a text alternative), with a quiet
    zone, scaled to about size_px."""
    code = segno.make(url, error="m")
    modules = code.symbol_size(border=4)[0]
    scale = max(1, size_px // modules)
    return code.svg_data_uri(scale=scale, dark=dark, light=light, border=4, title=url)
