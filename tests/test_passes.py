"""The organiser pass: signed, expiring, for one purpose and one password."""

from __future__ import annotations

import asyncio
import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest

from excursions import passes, services
from excursions import settings as settings_mod
from excursions.access import hash_password
from excursions.passes import PATH, Purpose
from excursions.store import open_store, sqlite_url
from excursions.web.organiser_pass import OrganiserPass, pass_secret

NOW = dt.datetime(2022, 4, 20, 9, 0, tzinfo=dt.UTC)
SECRET = b"k" * 32
MARK = passes.fingerprint("scrypt$a$b")


def token(purpose=Purpose.COOKIE, mark=MARK, secret=SECRET, at=NOW):
    return passes.issue(secret, purpose, mark, now=at)


def tampered(value: str) -> str:
    kind, expires, mark, signature = value.split(".")
    return f"{kind}.{int(expires) + 3600}.{mark}.{signature}"  # a longer life, same signature


@pytest.mark.parametrize(
    ("given", "purpose", "at", "ok"),
    [
        (token(), Purpose.COOKIE, NOW, True),
        (token(), Purpose.COOKIE, NOW + dt.timedelta(hours=11, minutes=59), True),
        (token(), Purpose.COOKIE, NOW + dt.timedelta(hours=12), False),  # expired
        (token(Purpose.TICKET), Purpose.TICKET, NOW + dt.timedelta(seconds=59), True),
        (token(Purpose.TICKET), Purpose.TICKET, NOW + dt.timedelta(seconds=61), False),
        (token(Purpose.TICKET), Purpose.COOKIE, NOW, False),  # a ticket is not a cookie
        (token(Purpose.COOKIE), Purpose.TICKET, NOW, False),
        (token(mark=passes.fingerprint("scrypt$new$pw")), Purpose.COOKIE, NOW, False),  # password changed
        (token(secret=b"x" * 32), Purpose.COOKIE, NOW, False),  # another installation's key
        (tampered(token()), Purpose.COOKIE, NOW, False),
        ("", Purpose.COOKIE, NOW, False),
        ("cookie.9999999999." + MARK, Purpose.COOKIE, NOW, False),
        ("a.b.c.d.e", Purpose.COOKIE, NOW, False),
    ],
)
def test_a_pass_holds_only_for_its_purpose_password_key_and_time(given, purpose, at, ok):
    assert passes.valid(given, SECRET, purpose, MARK, now=at) is ok


def test_the_secret_is_made_once_and_shared_by_every_store_of_the_database(tmp_path):
    url = sqlite_url(tmp_path)
    first, second = open_store(url), open_store(url)
    assert pass_secret(first, NOW) == pass_secret(second, NOW)
    assert len(pass_secret(first, NOW)) == 32


def ask(path: str, query: str, headers=(), method: str = "POST") -> tuple[int, dict[bytes, bytes]]:
    """The page's request: `query` is the POST body (form-encoded), as the page sends it."""
    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": query.encode(), "more_body": False}

    async def app(scope, receive, send):  # what Streamlit would answer
        await send({"type": "http.response.start", "status": 200, "headers": []})

    scope = {"type": "http", "method": method, "path": path, "query_string": b"", "headers": list(headers)}
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, OrganiserPass(app)(scope, receive, send)).result(10)
    return sent[0]["status"], dict(sent[0]["headers"])


@pytest.fixture
def configured(tmp_path, monkeypatch):
    monkeypatch.setenv("EXCURSIONS_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("EXCURSIONS_ORGANISER_PASSWORD_HASH", hash_password("pw", salt=b"s" * 16))
    services.reset()  # the process's settings and store are made from these
    yield settings_mod.load()
    services.reset()


def test_a_valid_ticket_gets_the_cookie_httponly_and_strict(configured):
    secret = pass_secret(open_store(sqlite_url(configured.data_dir)), NOW)
    mark = passes.fingerprint(configured.organiser_password_hash)
    ticket = passes.issue(secret, Purpose.TICKET, mark, now=dt.datetime.now(dt.UTC))
    status, headers = ask(PATH, f"ticket={ticket}", [(b"x-forwarded-proto", b"https")])
    assert status == 204 and headers[b"cache-control"] == b"no-store"
    name, _, rest = headers[b"set-cookie"].decode().partition("=")
    value, *attributes = rest.split("; ")
    assert name == passes.COOKIE
    assert set(attributes) == {"Max-Age=43200", "Path=/", "HttpOnly", "SameSite=Strict", "Secure"}
    assert passes.valid(value, secret, Purpose.COOKIE, mark, now=dt.datetime.now(dt.UTC))


@pytest.mark.parametrize("query", ["ticket=", "ticket=cookie.1.2.3", "", "ticket=a.b"])
def test_anything_else_gets_no_cookie(configured, query):
    status, headers = ask(PATH, query)
    assert status == 403 and b"set-cookie" not in headers


def test_the_cookie_given_for_a_ticket_is_not_a_ticket_again(configured):
    secret = pass_secret(open_store(sqlite_url(configured.data_dir)), NOW)
    mark = passes.fingerprint(configured.organiser_password_hash)
    cookie = passes.issue(secret, Purpose.COOKIE, mark, now=dt.datetime.now(dt.UTC))
    assert ask(PATH, f"ticket={cookie}")[0] == 403


def test_logout_clears_the_cookie_and_other_paths_go_to_streamlit(configured):
    status, headers = ask(PATH, "logout=1")
    assert status == 204 and headers[b"set-cookie"].decode().startswith(f"{passes.COOKIE}=; Max-Age=0;")
    assert ask("/organiser", "ticket=x")[0] == 200


def test_a_ticket_is_swapped_for_the_cookie_once(configured):
    """Issue 26 item 9: a ticket copied from a log or a proxy within its minute gets nothing."""
    secret = pass_secret(open_store(sqlite_url(configured.data_dir)), NOW)
    mark = passes.fingerprint(configured.organiser_password_hash)
    ticket = passes.issue(secret, Purpose.TICKET, mark, now=dt.datetime.now(dt.UTC))
    assert ask(PATH, f"ticket={ticket}")[0] == 204
    status, headers = ask(PATH, f"ticket={ticket}")
    assert status == 403 and b"set-cookie" not in headers


def test_a_spent_pass_stays_spent_on_every_process_until_it_would_have_expired(db_url):
    one, other = open_store(db_url), open_store(db_url)
    cookie = token()
    assert not other.pass_spent(cookie)
    assert one.spend_pass(cookie, passes.expiry(cookie), now=NOW) is True
    assert other.pass_spent(cookie) and not other.pass_spent(token(at=NOW + dt.timedelta(seconds=1)))
    assert other.spend_pass(cookie, passes.expiry(cookie), now=NOW) is False  # once
    later = NOW + dt.timedelta(hours=13)
    one.spend_pass(token(at=later), passes.expiry(token(at=later)), now=later)  # tidies up expired ones
    assert not other.pass_spent(cookie)  # forgotten: it has expired anyway


def test_a_ticket_in_an_address_is_not_taken(configured):
    """GET with the ticket in the query string (where logs and history keep it): refused."""
    secret = pass_secret(open_store(sqlite_url(configured.data_dir)), NOW)
    mark = passes.fingerprint(configured.organiser_password_hash)
    ticket = passes.issue(secret, Purpose.TICKET, mark, now=dt.datetime.now(dt.UTC))
    status, headers = ask(PATH, f"ticket={ticket}", method="GET")
    assert status == 405 and headers[b"allow"] == b"POST" and b"set-cookie" not in headers
