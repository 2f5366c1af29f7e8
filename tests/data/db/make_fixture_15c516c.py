# ruff: noqa  (run once, with main at 15c516c; kept as the record of how the fixture was made)
"""Made with main at 15c516c: a database with every kind of event the log knows."""

import datetime as dt
import json
import sys
from pathlib import Path

from excursions.fillup import replay
from excursions.routes import load_routes
from excursions.signups import ALWAYS_OPEN, clean_participant
from excursions.model import Registration
from excursions.store import open_store, sqlite_url

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
db = out / "excursions.sqlite3"
if db.exists():
    db.unlink()
store = open_store(sqlite_url(out))
routes = load_routes(Path("data/routes")).routes
t0 = dt.datetime(2022, 5, 1, 9, 0, tzinfo=dt.UTC)
store.sync_routes(routes, t0)
step = [0]


def now():
    step[0] += 1
    return t0 + dt.timedelta(minutes=step[0])


small = "skovrejsning"
store.set_capacity(small, 3, now=now())
people = [clean_participant(f"p{i}@example.dk", f"Person {i}", "Odense Kommune") for i in range(8)]
tokens = {}
for p in people[:6]:
    r = store.signup(p, small, now=now(), window=ALWAYS_OPEN)
    tokens[p.email] = r.token
other = routes[0].id if routes[0].id != small else routes[1].id
store.switch(tokens["p0@example.dk"], other, now=now(), window=ALWAYS_OPEN)  # confirmed-> other; p3 promoted
store.cancel("p4@example.dk", now=now())  # waitlisted cancel
store.signup(people[6], small, now=now(), window=ALWAYS_OPEN)
store.promote("p5@example.dk", now=now())  # capacity 3->4 by hand
store.set_capacity(small, 6, now=now())  # promotes p6
store.move("p1@example.dk", other, now=now())
store.cancel("p2@example.dk", now=now())
store.import_registrations([Registration(people[7], other)], now=now())
store.check_in("p3@example.dk", small, True, now=now(), by="organiser")
events = store.events()
counts = {c.route_id: c.capacity for c in store.counts()}
fill = replay(events, counts)
expected = {
    "events": [[e.id, e.at.isoformat(), e.email, e.route_id, e.kind.value, e.detail] for e in events],
    "per_route": [[r.at.isoformat(), r.route, int(r.signed_up)] for r in fill.per_route.itertuples()],
    "total": [[r.at.isoformat(), int(r.signed_up)] for r in fill.total.itertuples()],
    "full_at": {k: v.isoformat() for k, v in fill.full_at.items()},
    "people": [[p.email, p.route_id, p.status.value, p.position, p.present] for p in store.people()],
}
(out / "expected.json").write_text(json.dumps(expected, indent=1))
store.dispose()
print(len(events), "events")
