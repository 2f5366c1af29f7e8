"""Load test at Streamlit's protocol level: the kickoff rush on one machine.

Starts the app the event-day way (`excursions serve`, uvicorn) on a free 127.0.0.1 port
and stops it by its PID. Opens N sessions ramped over R seconds; each first downloads the
page's static files like a phone with an empty cache (Accept-Encoding: gzip, br; the
list is what Chromium fetched for the page once, recorded at start), then opens
/_stcore/stream, runs the page and waits for it to finish, then stays connected and
keeps its live refresh running (it honours the page's auto-rerun messages as the
browser does). A share of sessions signs up through the real sign-up form as a
participant does: picks its excursion in the list, presses its sign-up button, fills
the dialog's widgets found by label in the page's deltas, presses the button and waits
for the answer, and stays on the map. Each phone also does what the page's seat follower
does (asks /_excursions/seats.json every --seats seconds, revalidating its copy) and,
every second, notes the age of the seat counts on its screen: the time since the newer of
its page run's and its feed's counts was read from the store (p50/p95/max per page).
The server's CPU and RSS are sampled from /proc.
The same wave runs against a trivial one-widget page as the baseline, before the app's
waves and after them: this VM's speed drifts by a fifth within minutes, so the ratio
uses the mean of the two, and a speed gauge (a fixed workload timed every 2 s in a
process of its own) hints at how fast the machine was during each wave. Afterwards:
no route over capacity, every acknowledged sign-up stored exactly once. Loopback only;
bounded in count and time.

    uv run python bench/rush.py --sessions 1000 --ramp 90 --signups 300
    uv run python bench/rush.py --sessions 1000 --ramp 90 --signups 300 --organisers 100 --kickoff 1
    uv run python bench/rush.py ... --waves 3          # soak: three waves back to back
    uv run python bench/rush.py ... --mail             # confirmations to an SMTP server here
    uv run python bench/rush.py ... --patches sweep    # all patches, none, each one off alone
    uv run python bench/rush.py ... --signup-modes first_come wishes   # the wish round against today
    uv run python bench/rush.py --sessions 2000 --ramp 90 --signups 600 \
        --through http://127.0.0.1:8080 --run-dir DIR --database-url URL   # deploy/run-local.sh
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from excursions.access import hash_password  # noqa: E402
from excursions.store import sqlite_url  # noqa: E402
from tests.support.processes import Proc, Server  # noqa: E402
from tests.support.streamlit_client import Phone, Stats, pct  # noqa: E402

TRIVIAL_APP = 'import streamlit as st\n\nst.button("Klik")\n'
CHROMIUM = "/usr/bin/chromium"
ORGANISER_PASSWORD = "rush-organiser"


def record_static(url: str, paths: list[str]) -> list[str]:
    """Same-origin files a fresh Chromium fetches for these pages (not the websocket/API)."""
    if not Path(CHROMIUM).exists():
        raise SystemExit(
            "Debian's chromium is needed to record what a phone downloads: apt-get install chromium"
        )
    from playwright.sync_api import sync_playwright

    seen: dict[str, None] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for path in paths:
            page = browser.new_page()
            page.on(
                "request",
                lambda r: (
                    r.url.startswith(url)
                    and "/_stcore/" not in r.url
                    and r.method == "GET"
                    and seen.setdefault(r.url[len(url) :], None)
                ),
            )
            page.goto(url + path)
            page.wait_for_selector(
                '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000
            )
            page.wait_for_load_state("networkidle")
            page.close()
        browser.close()
    return list(seen)


# --- how fast the VM is right now -----------------------------------------------------------

GAUGE = """
import time
def work():
    d = {}
    for i in range(40_000):
        d[str(i)] = [i, str(i * 2)]
    return sum(len(v[1]) for v in d.values())
while True:
    t = time.process_time()
    work()
    print(time.monotonic(), (time.process_time() - t) * 1000, flush=True)
    time.sleep(2)
"""


class SpeedGauge:
    """A fixed pure-Python workload, timed in CPU time every 2 s in a process of its own.

    This VM's speed drifts by a fifth within minutes (neighbours on the host), and a
    server's CPU per session drifts with it. The gauge hints at how fast the machine was
    during each wave. It is a hint, not a correction: it also moves with the load on the
    other vCPU (the two share a physical core's caches), so the check uses the raw ratio.
    It costs about 1 % of a core.
    """

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", GAUGE], stdout=subprocess.PIPE, text=True, start_new_session=True
        )
        self.samples: list[tuple[float, float]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            at, ms = line.split()
            self.samples.append((float(at), float(ms)))

    def during(self, start: float, end: float) -> float:
        """Median CPU ms of the workload between two time.monotonic() readings."""
        inside = [ms for at, ms in self.samples if start <= at <= end]
        return statistics.median(inside) if inside else float("nan")

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()


# --- a wave ---------------------------------------------------------------------------------


async def wave(
    server: Server,
    static: dict[str, list[str]],
    sessions: int,
    ramp: float,
    signups: int,
    routes: list[str],
    organisers: int = 0,
    kickoff: int = 0,
    hold: float = 45,
    seed: int = 1,
    label: str = "",
    seats: float | None = None,
    organiser_seconds: float | None = None,
    wishes: int = 0,
) -> dict:
    """wishes: the wish round (each of the `signups` phones ranks this many excursions)."""
    stats = Stats()
    rng = random.Random(seed)
    stop = asyncio.Event()
    signing = set(rng.sample(range(sessions), min(signups, sessions)))
    phones = [
        Phone(
            i + seed * 100_000,
            server,
            static["explore"],
            stats,
            signup_route=rng.choice(routes) if i in signing else None,
            seats=seats,
            wish_routes=rng.sample(routes, wishes) if wishes and i in signing else None,
        )
        for i in range(sessions)
    ]
    phones += [  # the overview follows the feed's organiser view
        Phone(
            900_000 + i,
            server,
            static["organiser"],
            stats,
            page="organiser",
            password=ORGANISER_PASSWORD,
            seats=organiser_seconds,
            feed="lang=da&view=overview",
        )
        for i in range(organisers)
    ]
    kick = static.get("kickoff", [])
    phones += [Phone(990_000 + i, server, kick, stats, page="kickoff", seats=seats) for i in range(kickoff)]
    samples: list[tuple[float, float, float]] = []

    async def sample() -> None:
        while not stop.is_set():
            samples.append((time.monotonic(), server.cpu_seconds(), server.rss_mb()))
            await asyncio.sleep(1)  # sampling period of the /proc probe

    side = getattr(server, "side_cpu_seconds", lambda: 0.0)
    cpu0, side0, t_start = server.cpu_seconds(), side(), time.monotonic()
    sampler = asyncio.create_task(sample())
    tasks = []
    order = list(range(len(phones)))
    rng.shuffle(order)
    for n, k in enumerate(order):
        tasks.append(asyncio.create_task(phones[k].run(stop)))
        await asyncio.sleep(max(0.0, t_start + ramp * (n + 1) / len(phones) - time.monotonic()))  # the ramp
    await asyncio.sleep(hold)  # everyone stays connected: live refreshes keep running
    end = time.monotonic()
    stopping_cpu, side_cpu = server.cpu_seconds(), side() - side0
    stale = [
        p.i
        for p in phones
        if p.i in stats.refresh_interval
        and end - stats.last_refresh.get(p.i, t_start) > 2 * stats.refresh_interval[p.i] + 10
    ]
    without_refresh = [p.i for p in phones if p.auto == {} and p.i not in stats.refresh_interval]
    stop.set()
    await asyncio.gather(*tasks)
    sampler.cancel()
    duration = end - t_start
    peak_rss = max(s[2] for s in samples)
    busy = [(b[1] - a[1]) / (b[0] - a[0]) for a, b in itertools.pairwise(samples) if b[0] > a[0]]
    return {
        "label": label,
        "stats": stats,
        "sessions": len(phones),
        "duration": duration,
        "cpu": stopping_cpu - cpu0,
        "side_cpu": side_cpu,
        "peak_rss": peak_rss,
        "end_rss": server.rss_mb(),
        "cpu_peak": max(busy, default=0),
        "stale": stale,
        "without_refresh": without_refresh,
        "window": (t_start, end),
    }


def report(result: dict, gauge: SpeedGauge) -> None:
    s: Stats = result["stats"]
    result["gauge"] = gauge.during(*result["window"])
    ms = 1000
    print(f"\n== {result['label']}: {result['sessions']} sessions over {result['duration']:.0f} s")
    for name, values in (
        ("static download", s.static),
        ("first page (static incl.)", s.first_page),
        ("live refresh", s.refresh),
        ("sign-up", s.signup),
    ):
        if values:
            print(
                f"  {name:26} n={len(values):5}  p50 {statistics.median(values) * ms:8.1f} ms  "
                f"p95 {pct(values, 95) * ms:8.1f} ms  max {max(values) * ms:8.1f} ms"
            )
    print(
        f"  errors {len(s.errors)}; script runs {s.runs} ({s.runs / result['duration']:.1f}/s); "
        f"bytes per session {statistics.mean(s.bytes) / 1024:.0f} KiB"
    )
    average = result["cpu"] / result["duration"] * 100
    per_session = result["cpu"] / result["sessions"] * 1000
    print(
        f"  server CPU {result['cpu']:.1f} s ({average:.0f} % of a core on average, peak "
        f"{result['cpu_peak'] * 100:.0f} %), {per_session:.1f} ms per session; "
        f"RSS peak {result['peak_rss']:.0f} MB, end {result['end_rss']:.0f} MB"
    )
    if result["side_cpu"]:
        per = result["side_cpu"] / result["sessions"] * 1000
        print(
            f"  nginx CPU {result['side_cpu']:.1f} s, {per:.1f} ms per session "
            f"(not in the app's figure: static files came from its cache)"
        )
    print(f"  VM speed gauge: {result['gauge']:.1f} ms CPU for the fixed workload (lower is faster)")
    for page, ages in sorted(s.ages.items()):
        if ages:
            print(
                f"  age of the seats shown ({page or 'explore'}): {len(ages)} samples, p50 "
                f"{statistics.median(ages):.1f} s  p95 {pct(ages, 95):.1f} s  max {max(ages):.1f} s"
            )
    if s.feed_polls:
        print(f"  seat feed: {s.feed_polls} polls, {len(s.feed_errors)} failed")
    for e in (s.errors + s.feed_errors)[:5]:
        print(f"  ! {e}")


def check_store(url: str, acks: dict[str, str]) -> list[str]:
    from excursions.store import open_store

    store = open_store(url)
    problems = []
    books = store.books()
    capacity = {c.route_id: c.capacity for c in store.counts()}
    where: dict[str, list[str]] = {}
    for b in books.values():
        if len(b.confirmed) > capacity[b.route_id]:
            problems.append(f"{b.route_id} over capacity: {len(b.confirmed)} > {capacity[b.route_id]}")
        for p in (*b.confirmed, *b.waiting):
            where.setdefault(p, []).append(b.route_id)
    for email, route in acks.items():
        if where.get(email) != [route]:
            problems.append(f"{email}: acknowledged on {route}, stored on {where.get(email)}")
    store.dispose()
    return problems


def check_wishes(url: str, acks: dict[str, str]) -> list[str]:
    """Every acknowledged wish list stored once, in its order; nobody placed before the draw."""
    from excursions.store import open_store

    store = open_store(url)
    stored = store.wishes_by_person()
    problems = [
        f"{email}: acknowledged {ranked}, stored {stored.get(email)}"
        for email, ranked in acks.items()
        if ",".join(stored.get(email, ())) != ranked
    ]
    if any(c.confirmed or c.waitlisted for c in store.counts()):
        problems.append("seats taken during the wish round")
    store.dispose()
    return problems


def wish_event(folder: Path) -> str:
    """The shipped event with its wish round open (until 2030; drawn by hand)."""
    text = (ROOT / "data" / "event.toml").read_text(encoding="utf-8")
    text = text.replace(
        "demo_keep_open = true",
        'demo_keep_open = true\nmode = "wishes"\nwishes_close = 2030-04-01T12:00:00+02:00\ndraw = "manual"',
    )
    path = folder / "event-wishes.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def check_mail(sink, acks: dict[str, str], timeout: float = 120.0) -> tuple[bool, str]:
    """Wait for the app's sender to deliver; then each acknowledged address has exactly one
    confirmation (seat or waiting list) in the SMTP server's mailbox."""
    import collections

    started = time.monotonic()
    wanted = set(acks)
    sink.sink.wait_for(
        lambda received: wanted <= {r.recipients[0] for r in received if r.recipients}, timeout
    )
    waited = time.monotonic() - started
    messages = [m for m in sink.sink.messages() if m["To"].addresses[0].addr_spec in acks]
    per_address = collections.Counter(m["To"].addresses[0].addr_spec for m in messages)
    kinds = all(m["Subject"].startswith(("Tilmeldt:", "Venteliste:")) for m in messages)
    missing = [a for a in acks if per_address[a] == 0]
    twice = [a for a, n in per_address.items() if n > 1]
    ok = not missing and not twice and kinds
    return ok, (
        f"{len(messages)} mails for {len(acks)} acknowledged sign-ups, {len(missing)} missing, "
        f"{len(twice)} sent twice; all delivered {waited:.1f} s after the last wave ended"
    )


async def main_async(args) -> int:
    from excursions.routes import load_routes

    routes = [r.id for r in load_routes(ROOT / "data" / "routes").routes]
    work = Path(tempfile.mkdtemp(prefix="rush-"))
    trivial = work / "trivial_app.py"
    trivial.write_text(TRIVIAL_APP)
    env = {
        "EXCURSIONS_DATA_DIR": str(work / "data"),
        "EXCURSIONS_TILES": "none",
        "EXCURSIONS_ORGANISER_PASSWORD_HASH": hash_password(ORGANISER_PASSWORD),
        "EXCURSIONS_REFRESH_SECONDS": str(args.refresh),
        "EXCURSIONS_SEATS_POLL_SECONDS": str(args.seats),
        "EXCURSIONS_ORGANISER_REFRESH_SECONDS": str(args.organiser_seconds),
    }
    sink = None
    if args.mail:  # a real SMTP server here; the app sends every confirmation to it
        from tests.support.smtp_sink import SmtpServer

        sink = SmtpServer("plain").start()
        env["EXCURSIONS_MAIL_URL"] = f"smtp+plain://127.0.0.1:{sink.port}"
    print(
        f"rush: {args.sessions} sessions over {args.ramp} s, {args.signups} sign-ups, "
        f"{args.organisers} organisers, {args.kickoff} kickoff; waves {args.waves}; "
        f"mail {'to an SMTP server on ' + env['EXCURSIONS_MAIL_URL'] if sink else 'as .eml files'}"
    )
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    gauge = SpeedGauge()

    async def baseline(label: str) -> dict:
        base_server = Server(env, script=trivial)
        try:
            base_static = await asyncio.to_thread(record_static, base_server.url, ["/"])
            base = await wave(
                base_server,
                {"explore": base_static},
                args.sessions,
                args.ramp,
                0,
                routes,
                hold=args.hold,
                label=label,
            )
            report(base, gauge)
            return base
        finally:
            base_server.stop()

    async def app_run(spec: str, label: str, mode: str = "first_come") -> dict:
        """One app server with the given serve patches (or the processes behind --through),
        its waves, and the store check; mode "wishes": the event's wish round is open."""
        data = work / f"data-{len(runs)}"
        wishes = 3 if mode == "wishes" else 0
        extra = {"EXCURSIONS_EVENT_FILE": wish_event(work)} if wishes else {}
        if args.through:
            server, store_url = Through(args.through, Path(args.run_dir)), args.database_url
        else:
            server = Server({**env, **extra, "EXCURSIONS_DATA_DIR": str(data), PATCHES_ENV: spec})
            store_url = sqlite_url(data)
        results = []
        try:
            static = {
                "explore": await asyncio.to_thread(record_static, server.url, ["/"]),
                "organiser": await asyncio.to_thread(record_static, server.url, ["/organiser"]),
                "kickoff": await asyncio.to_thread(record_static, server.url, ["/kickoff"]),
            }
            print(
                f"\n== {label}: serve patches {spec!r}; static files per phone: {len(static['explore'])} "
                f"(explore); server pid {server.pids}",
                flush=True,
            )
            for w in range(args.waves):
                results.append(
                    await wave(
                        server,
                        static,
                        args.sessions,
                        args.ramp,
                        args.signups,
                        routes,
                        args.organisers,
                        args.kickoff,
                        args.hold,
                        seed=w + 1,
                        label=f"{label}, wave {w + 1}",
                        seats=args.seats,
                        organiser_seconds=args.organiser_seconds,
                        wishes=wishes,
                    )
                )
                report(results[-1], gauge)
        finally:
            server.stop()
        acks = {k: v for r in results for k, v in r["stats"].acks.items()}
        problems = check_wishes(store_url, acks) if wishes else check_store(store_url, acks)
        what = "wish lists" if wishes else "sign-ups"
        print(
            f"store check: {len(acks)} acknowledged {what}; "
            f"{'all stored once, no route over capacity' if not problems else problems[:5]}"
        )
        return {
            "spec": spec,
            "label": label,
            "mode": mode,
            "results": results,
            "acks": acks,
            "problems": problems,
        }

    runs: list[dict] = []
    bases = [await baseline("baseline before: one-button page")]
    for mode in args.signup_modes:
        for spec, label in configurations(args.patches):
            runs.append(
                await app_run(spec, f"{label}, {mode}" if len(args.signup_modes) > 1 else label, mode)
            )
    mail_ok = True
    if sink is not None:
        mail_ok, mail_note = await asyncio.to_thread(check_mail, sink, runs[0]["acks"])
        sink.stop()
        print(f"mail check: {mail_note}")
    bases.append(await baseline("baseline after: one-button page"))
    gauge.stop()
    base_per_session = statistics.mean(b["cpu"] / b["sessions"] for b in bases)

    if len(runs) > 1:
        print(
            "\nserve patches: server CPU per phone of wave 1 against the baseline (mean of before and after)"
        )
        for r in runs:
            first = r["results"][0]
            per = first["cpu"] / first["sessions"]
            st = first["stats"]
            print(
                f"  {r['label']:<34} {per * 1000:6.1f} ms  {per / base_per_session:5.2f}x   p95 first page "
                f"{pct(st.first_page, 95) * 1000:5.0f} ms, p95 sign-up {pct(st.signup, 95) * 1000:4.0f} ms, "
                f"errors {len(st.errors)}"
            )

    # The checks: the first configuration (all patches, unless told otherwise); the store
    # must hold in every configuration, however slow.
    run = runs[0]
    results = run["results"]
    first = results[0]
    per_session = first["cpu"] / first["sessions"]
    s = first["stats"]
    explore_ages = s.ages.get("", [])
    sampled = len({p for p in s.aged})
    checks = [
        ("0 errors", not any(r["stats"].errors for r in results)),
        ("p95 first page < 1 s", pct(s.first_page, 95) < 1),
        ("p95 sign-up < 0.5 s", not s.signup or pct(s.signup, 95) < 0.5),
        ("every live refresh still running", not any(r["stale"] for r in results)),
        ("no route over capacity, every ack stored once", not any(x["problems"] for x in runs)),
        ("server RSS < 1.5 GB", max(r["peak_rss"] for r in results) < 1536),
        *([("every acknowledged sign-up mailed exactly once", mail_ok)] if sink else []),
        (
            f"the age of the seats on screen sampled on every phone ({sampled} of {first['sessions']}, "
            f"{len(explore_ages)} samples on the map page)",
            sampled == first["sessions"],
        ),
        (
            f"p95 age of the seats on a phone's map page <= 10 s ({pct(explore_ages, 95):.1f} s)",
            pct(explore_ages, 95) <= 10,
        ),
        *(
            [
                (
                    "p95 age of the organiser overview's seats <= 5 s "
                    f"({pct(s.ages.get('organiser', []), 95):.1f} s)",
                    pct(s.ages.get("organiser", []), 95) <= 5,
                )
            ]
            if args.organisers
            else []
        ),
        (
            f"server CPU per session within 2x of baseline ({per_session * 1000:.1f} vs "
            f"{base_per_session * 1000:.1f} ms, the mean of before and after, "
            f"= {per_session / base_per_session:.2f}x; {run['label']})",
            per_session / base_per_session <= 2,
        ),
    ]
    wish_runs = [r for r in runs if r["mode"] == "wishes"]
    if wish_runs and run["mode"] == "first_come":  # the wish round against first come, same run
        w = wish_runs[0]["results"][0]
        per_wish = w["cpu"] / w["sessions"]
        ws = w["stats"]
        checks += [
            ("wishes: 0 errors", not any(r["stats"].errors for r in wish_runs[0]["results"])),
            (
                f"wishes: {len(ws.signup)} wish lists sent, p95 answer < 0.5 s "
                f"({pct(ws.signup, 95) * 1000:.0f} ms)",
                bool(ws.signup) and pct(ws.signup, 95) < 0.5,
            ),
            (
                f"wishes: server CPU per phone within 1.1x of first come ({per_wish * 1000:.1f} vs "
                f"{per_session * 1000:.1f} ms = {per_wish / per_session:.2f}x)",
                per_wish / per_session <= 1.1,
            ),
        ]
    if args.waves >= 3:
        growth = (results[2]["end_rss"] - results[0]["end_rss"]) / results[0]["end_rss"]
        checks.append(
            (f"RSS after wave 3 within 15 % of after wave 1 ({growth * 100:+.1f} %)", abs(growth) <= 0.15)
        )
    speed = first["gauge"] / statistics.mean(b["gauge"] for b in bases)
    print(
        f"\nVM speed during the app's wave 1: the fixed workload took {(speed - 1) * 100:+.0f} % CPU "
        f"against the baselines' waves; at the baselines' speed the CPU ratio would be "
        f"{per_session / speed / base_per_session:.2f}x (for information; the check uses the raw ratio)"
    )
    print()
    for name, passed in checks:
        print(f"  {'PASS' if passed else 'MISS'}  {name}")
    return 0 if all(passed for _, passed in checks) else 1


PATCHES_ENV = "EXCURSIONS_SERVE_PATCHES"


class Through:
    """Processes already running behind a load balancer (deploy/run-local.sh): the phones
    go to its address; CPU and memory are the sum over the app processes of its folder."""

    def __init__(self, url: str, run_dir: Path):
        self.url = url.rstrip("/")
        self.port = int(self.url.rsplit(":", 1)[1])
        self.procs = [Proc(int(p.read_text())) for p in sorted(run_dir.glob("app-*.pid"))]
        if not self.procs:
            raise SystemExit(f"no app-*.pid in {run_dir}: pass deploy/run-local.sh's --dir")
        self.pids = [p.pid for p in self.procs]
        master = int((run_dir / "nginx.pid").read_text())
        workers = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        self.nginx = [Proc(master), *(Proc(int(w)) for w in workers)]

    def cpu_seconds(self) -> float:
        return sum(p.cpu_seconds() for p in self.procs if p.alive())

    def side_cpu_seconds(self) -> float:
        """nginx's own CPU (master and workers): not the app's, reported beside it."""
        return sum(p.cpu_seconds() for p in self.nginx if p.alive())

    def rss_mb(self) -> float:
        return sum(p.rss_mb() for p in self.procs if p.alive())

    def stop(self) -> None:
        """Left running: they belong to run-local.sh."""


def configurations(specs: list[str]) -> list[tuple[str, str]]:
    """(patch selection, label) per app run; "sweep": all, none, and each one off alone."""
    from excursions.serve.patches import registry, select

    out = []
    for spec in specs:
        if spec == "sweep":
            names = list(registry())
            out += [("all", "all patches"), ("none", "no patches")]
            out += [(",".join(n for n in names if n != off), f"all but {off}") for off in names]
        else:
            select(spec)  # refuses an unknown name before anything starts
            out.append((spec, f"patches: {spec}"))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--ramp", type=float, default=90)
    parser.add_argument("--signups", type=int, default=300)
    parser.add_argument("--organisers", type=int, default=0)
    parser.add_argument("--kickoff", type=int, default=0)
    parser.add_argument("--waves", type=int, default=1)
    parser.add_argument(
        "--mail", action="store_true", help="send every confirmation to a real SMTP server started here"
    )
    parser.add_argument(
        "--hold", type=float, default=45, help="seconds everyone stays connected after the ramp"
    )
    parser.add_argument(
        "--refresh", type=int, default=300, help="participant live refresh (a fallback), seconds"
    )
    parser.add_argument(
        "--seats", type=float, default=5, help="seconds between a page's seat feed polls (the app's setting)"
    )
    parser.add_argument(
        "--organiser-seconds",
        type=float,
        default=3,
        help="seconds between the organiser overview's feed polls (EXCURSIONS_ORGANISER_REFRESH_SECONDS)",
    )
    parser.add_argument(
        "--signup-modes",
        nargs="+",
        choices=["first_come", "wishes"],
        default=["first_come"],
        help="first_come (today's rush) and/or wishes (the wish round open): one app run each; "
        "with both, the wish round's CPU per phone is checked against first come's",
    )
    parser.add_argument(
        "--through",
        metavar="URL",
        help="run the rush against running processes behind this address (deploy/run-local.sh)",
    )
    parser.add_argument("--run-dir", help="with --through: run-local.sh's folder (the app pid files)")
    parser.add_argument("--database-url", help="with --through: the processes' database, for the store check")
    parser.add_argument(
        "--patches",
        nargs="+",
        default=["all"],
        help="serve patch selections to run the app with, one run each (all, none, a,b); "
        "'sweep': all, none, and each patch switched off alone",
    )
    return asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
