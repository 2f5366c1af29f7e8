"""A browser as the limits know it (excursions.browsers): a signed id in a cookie, handed out
with the first page (excursions/web/browser_id.py) and kept across websockets."""

from __future__ import annotations

import asyncio
import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest

from excursions import browsers
from excursions.web.browser_id import BrowserId

SECRET = b"k" * 32
NOW = dt.datetime(2022, 4, 20, 13, tzinfo=dt.UTC)


def test_an_issued_id_is_read_back_and_a_made_up_or_altered_one_is_not():
    value = browsers.issue(SECRET, now=NOW)
    bid = browsers.browser_id(value, SECRET)
    assert bid and value.startswith(bid)
    assert browsers.issue(SECRET, now=NOW) != value  # every browser its own
    body, _, sig = value.rpartition(".")
    other = "A" * len(bid) + body[len(bid) :]
    for forged in (f"{other}.{sig}", f"{body}.{'x' * len(sig)}", "made-up", "", "a.b.c", value + "x" * 200):
        assert browsers.browser_id(forged, SECRET) is None
    assert browsers.browser_id(value, b"another installation") is None


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("", ""),
        ("excursions_browser=abc.1.sig", "abc.1.sig"),
        ("excursions_lb=0123; excursions_browser=abc.1.sig; other=1", "abc.1.sig"),
        ("excursions_browser_not=1", ""),
        ('excursions_browser="broken', ""),
    ],
)
def test_the_cookie_is_found_in_a_cookie_header(header, value):
    assert browsers.from_cookie_header(header) == value


@pytest.mark.parametrize(
    ("browser", "address", "key"),
    [
        ("abc", "10.0.0.1", "b:abc"),  # a browser with its cookie: itself, whatever address
        (None, "10.0.0.1", "a:10.0.0.1"),  # no cookie: its network address stands for it
        (None, "", "session-key"),  # neither (a local connection): the session
    ],
)
def test_who_counts_as_one_client(browser, address, key):
    assert browsers.source_key(browser, address, "session-key") == key


# --- the middleware ------------------------------------------------------------------------------


def answer(path: str, cookie: str = "", content_type: bytes = b"text/html; charset=utf-8", method="GET"):
    async def app(scope, receive, send):
        await send(
            {"type": "http.response.start", "status": 200, "headers": [(b"content-type", content_type)]}
        )
        await send({"type": "http.response.body", "body": b"page"})

    middleware = BrowserId(app, key=SECRET)
    sent = []

    async def send(message):
        sent.append(message)

    headers = [(b"cookie", cookie.encode())] if cookie else []
    scope = {"type": "http", "method": method, "path": path, "headers": headers, "scheme": "http"}
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, middleware(scope, None, send)).result(10)
    return [v.decode() for k, v in sent[0]["headers"] if k == b"set-cookie"]


def test_a_page_load_without_a_valid_cookie_gets_one_and_a_browser_with_one_keeps_it():
    (cookie,) = answer("/signup")
    value = cookie.split(";")[0].split("=", 1)[1]
    assert browsers.browser_id(value, SECRET)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie
    assert answer("/", cookie=f"{browsers.COOKIE}={value}") == []  # kept, not renewed
    assert len(answer("/", cookie=f"{browsers.COOKIE}=made.up.id")) == 1  # replaced


@pytest.mark.parametrize(
    ("path", "content_type", "method"),
    [
        ("/static/js/main.js", b"text/html", "GET"),
        ("/_stcore/health", b"text/html", "GET"),
        ("/_excursions/seats.json", b"application/json", "GET"),
        ("/app/static/vendor/leaflet/leaflet.css", b"text/css", "GET"),
        ("/", b"application/json", "GET"),
        ("/", b"text/html", "POST"),
    ],
)
def test_nothing_but_a_page_load_carries_the_cookie(path, content_type, method):
    """Static files are cached by nginx and browsers: a cookie there would be shared."""
    assert answer(path, content_type=content_type, method=method) == []
