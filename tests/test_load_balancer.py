"""Two `excursions serve` processes behind Debian's nginx with the shipped configuration
(deploy/run-local.sh, deploy/*.conf) on one PostgreSQL, as an event runs them.

200 phones (Streamlit's protocol, with the page's seat follower) come in through nginx and
stay on the process they reached; a sign-up made through process A shows on every phone
of process B within 10 s; seats stay correct across both. Then A is killed (SIGKILL) while
its phones are connected and others sign up: within 15 s each of A's phones runs its page
on B again, with the excursion and language of its address, and every acknowledged
sign-up is stored.
"""

from __future__ import annotations

import asyncio
import gzip
import os
import random
import re
import shutil
import signal
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from excursions.i18n import t
from excursions.routes import load_routes
from excursions.store import open_store
from tests.conftest import ROOT
from tests.support.processes import Trial
from tests.support.streamlit_client import At, Http, Phone, Stats, zipped
from tests.support.waiting import until

pytestmark = [pytest.mark.slow, pytest.mark.serve, pytest.mark.postgres]

ROUTE = "skovrejsning"  # the sign-up through A
PHONES = 200
# What a phone's address holds: an excursion and a language (the page's URL state).
PLACES = [("ejby-moelle-renseanlaeg", "en"), ("", "da"), ("biogas-fangel", "da"), ("", "en")]


def title(route: str, lang: str) -> str:
    return load_routes(ROOT / "data" / "routes").by_id()[route].title(lang)


def ran_its_address(phone: Phone) -> bool:
    """The page the phone shows is the one its address asks for: the list in its language,
    and the details of its excursion."""
    route, lang = PLACES[phone.i % len(PLACES)]
    kinds = [(el.WhichOneof("type"), el) for el in phone.elements]
    lists = [el.radio.label for kind, el in kinds if kind == "radio"]
    headings = [el.heading.body.replace("\\", "") for kind, el in kinds if kind == "heading"]  # Markdown
    return lists == [t("list_hint", lang)] and (not route or title(route, lang) in headings)


def start_trial(pg_url: str, tmp_path, **options) -> Trial:
    """deploy/run-local.sh on an empty test database (options: Trial's)."""
    if shutil.which("nginx") is None and not os.path.exists("/usr/sbin/nginx"):
        pytest.fail("Debian's nginx is not installed: apt-get install nginx (.ci/run does)")
    store = open_store(pg_url, create=False)
    store.drop_schema()
    store.dispose()
    env = {
        "EXCURSIONS_DATABASE_URL": pg_url,
        "EXCURSIONS_DATA_DIR": str(tmp_path / "data"),
        "EXCURSIONS_TILES": "none",
        # the page's own timed refresh only after 10 minutes: what phones see comes from the feed
        "EXCURSIONS_REFRESH_SECONDS": "600",
    }
    return Trial(env, tmp_path, **options)


@pytest.fixture
def trial(pg_url, tmp_path):
    running = start_trial(pg_url, tmp_path)
    yield running
    running.stop()


async def cookie_for(trial: Trial, process: int) -> str:
    """A sticky cookie's value that nginx hashes to `process` (a browser gets one at random)."""
    rng = random.Random(process)
    for _ in range(200):
        http = Http("127.0.0.1", trial.port)
        lb = f"{rng.getrandbits(128):032x}"  # as nginx makes them ($request_id)
        http.cookies["excursions_lb"] = lb
        await http.get("/_excursions/seats.json")
        http.close()
        if http.upstream == trial.upstream(process):
            return lb
    raise AssertionError(f"no cookie reaches process {process}")


def confirmed(phone: Phone, route: str) -> int | None:
    """Seats taken on `route` as the phone's seat follower last showed them."""
    return phone.counts.get(route, {}).get("confirmed")


def on(phones: list[Phone], trial: Trial, process: int) -> list[Phone]:
    return [p for p in phones if p.upstream == trial.upstream(process)]


async def page_files(trial: Trial) -> list[str]:
    """The page and the files its HTML names (Streamlit's scripts, styles, font)."""
    http = Http("127.0.0.1", trial.port)
    _, headers, body = await http.get("/")
    http.close()
    body = gzip.decompress(body) if zipped(headers) else body
    return ["/", *(f"/{p}" for p in re.findall(r'(?:src|href)="\./(static/[^"]+)"', body.decode()))]


async def rush(trial: Trial, pg_url: str) -> None:
    stats, stop = Stats(), asyncio.Event()
    files = await page_files(trial)
    assert len(files) > 5, files
    phones = []
    for i in range(PHONES):
        route, lang = PLACES[i % len(PLACES)]
        query = "&".join(q for q in (f"route={route}" if route else "", f"lang={lang}") if q)
        phones.append(Phone(i, At(trial.port), files, stats, query=query, seats=3))
    tasks = []
    for p in phones:  # arriving over about 10 s
        tasks.append(asyncio.create_task(p.run(stop)))
        await asyncio.sleep(0.05)
    await until(lambda: len(stats.first_page) + len(stats.errors) == PHONES, 120, "every first page")
    assert stats.errors == [] and [p.i for p in phones if not ran_its_address(p)] == []
    a, b = on(phones, trial, 0), on(phones, trial, 1)
    assert len(a) + len(b) == PHONES and len(a) >= 40 and len(b) >= 40, (len(a), len(b))
    assert all(p.http.upstream in ("", p.upstream) for p in phones)  # the feed from its own process
    http = Http("127.0.0.1", trial.port)
    _, headers, _ = await http.get(files[1])
    http.close()
    assert headers["x-cache"] == "HIT"  # static files come from nginx's cache after the first phone

    # A sign-up through process A's form shows on every phone of B within 10 s.
    signer = Phone(1000, At(trial.port), ["/"], stats, signup_route=ROUTE)
    signer.http.cookies["excursions_lb"] = await cookie_for(trial, 0)
    tasks.append(asyncio.create_task(signer.run(stop)))
    await until(lambda: stats.acks, 60, "the sign-up through A")
    assert signer.upstream == trial.upstream(0)
    seen = await until(lambda: all(confirmed(p, ROUTE) == 1 for p in b), 10, "the sign-up on B's phones")
    print(f"sign-up through A on all {len(b)} phones of B after {seen:.1f} s")
    await until(lambda: all(confirmed(p, ROUTE) == 1 for p in a), 10, "the same seats on A's phones")

    # More sign-ups through both; A dies in the middle of them.
    signers = [Phone(2000 + i, At(trial.port), ["/"], stats, signup_route="biogas-fangel") for i in range(30)]
    for p in signers[:15]:
        tasks.append(asyncio.create_task(p.run(stop)))
    await until(lambda: len(stats.acks) + len(stats.errors) >= 8, 60, "sign-ups before the kill")
    moving = list(on(phones, trial, 0))
    os.kill(trial.apps[0], signal.SIGKILL)
    killed = time.monotonic()
    for p in signers[15:]:
        tasks.append(asyncio.create_task(p.run(stop)))
    await until(lambda: all(p.i in stats.moves for p in moving), 15, "A's phones running on B")
    print(f"all {len(moving)} phones of A ran their page on B {time.monotonic() - killed:.1f} s after")
    assert {stats.moves[p.i][:2] for p in moving} == {(trial.upstream(0), trial.upstream(1))}
    assert all(ran_its_address(p) for p in moving)  # its excursion and language, on B
    await until(lambda: len(stats.acks) + len(stats.errors) >= 1 + 30, 90, "the later sign-ups")
    stop.set()
    await asyncio.gather(*tasks)

    # Nothing acknowledged is lost; seats hold across both processes.
    store = open_store(pg_url)
    books = store.books()
    stored = {p: r for r, book in books.items() for p in (*book.confirmed, *book.waiting)}
    assert all(stored.get(email) == route for email, route in stats.acks.items()), "an ack was lost"
    counts = {c.route_id: c for c in store.counts()}
    assert all(c.confirmed <= c.capacity for c in counts.values())
    assert counts[ROUTE].confirmed == 1
    store.dispose()
    failed = [e for e in stats.errors if not e.startswith(tuple(f"phone {p.i}:" for p in signers))]
    assert failed == [], failed  # only a sign-up cut off by the kill may fail (it was not acknowledged)
    print(f"{len(stats.acks)} sign-ups acknowledged and stored; {len(stats.errors)} cut off by the kill")


def test_two_processes_behind_nginx_then_one_killed(trial, pg_url):
    with ThreadPoolExecutor(1) as pool:  # its own thread and loop (Playwright may hold this one's)
        pool.submit(asyncio.run, rush(trial, pg_url)).result()


def test_no_personal_link_or_ticket_reaches_nginx_logs_through_a_failover(pg_url, tmp_path):
    """Issue 26 item 9: with Debian's nginx.conf (an http-level access_log) including the site
    as on a real server, links with tokens and an organiser ticket go through nginx while a
    process is killed; no log file under the trial's folder holds any of them."""
    import secrets
    import urllib.error
    import urllib.request

    running = start_trial(pg_url, tmp_path, debian_conf=True)
    tokens = [secrets.token_urlsafe(18) for _ in range(40)]
    paths = [f"/signup?token={tok}&lang=da" for tok in tokens]
    paths += [f"/_excursions/organiser-pass?ticket={tok}" for tok in tokens[:5]]

    def get(path: str) -> int:
        try:
            with urllib.request.urlopen(running.url + path, timeout=10) as answer:
                return answer.status
        except urllib.error.HTTPError as refused:
            return refused.code
        except OSError:
            return 0

    try:
        with ThreadPoolExecutor(8) as pool:
            first = list(pool.map(get, paths[:20]))
            dying = [pool.submit(get, p) for p in paths[20:]]
            os.kill(running.apps[0], signal.SIGKILL)  # while requests are in flight
            after = [f.result() for f in dying] + list(pool.map(get, paths))
    finally:
        logs = running.run_dir / "logs"
        texts = {p.name: p.read_text(errors="replace") for p in logs.iterdir() if p.is_file()}
        running.stop()
    assert 200 in first and 200 in after  # the pages were served, before and after the kill
    assert {"access.log", "error.log", "excursions-access.log", "excursions-error.log"} <= set(texts)
    assert "GET /signup" in texts["excursions-access.log"]  # requests are logged, by path
    for name, text in texts.items():
        for tok in tokens:
            assert tok not in text, f"a token in {name}"


def test_the_static_cache_ignores_query_strings_and_a_made_up_balancer_cookie_is_replaced(pg_url, tmp_path):
    """Issue 26 item 11: 400 `?x=N` requests once left 61 MB in nginx's cache and pushed real
    files out; any value of the balancer's cookie picked a process; the shipped site told the
    world which process (and port) answered."""
    import urllib.request

    running = start_trial(pg_url, tmp_path, processes=1)
    try:
        path = "/app/static/vendor/leaflet/leaflet.css"
        for i in range(60):
            with urllib.request.urlopen(f"{running.url}{path}?x={i}", timeout=10) as answer:
                assert answer.status == 200
        cached = [p for p in (running.run_dir / "cache").rglob("*") if p.is_file()]
        assert len(cached) == 1  # one file, however many query strings
        request = urllib.request.Request(
            running.url + "/", headers={"Cookie": "excursions_lb=choose-process-2"}
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            given = [
                v for k, v in answer.headers.items() if k.lower() == "set-cookie" and "excursions_lb=" in v
            ]
        assert given and re.fullmatch(r"excursions_lb=[0-9a-f]{32}", given[0].split(";")[0])
    finally:
        running.stop()
    site = (ROOT / "deploy" / "excursions-site.conf").read_text()
    assert "add_header X-Excursions-Upstream" not in site  # the trial's own (deploy/run-local.sh)
