"""How main-465dad4.sqlite3 was made: main at 465dad4 (the start of issue 28, before
migrations), in a worktree of its own, run with that worktree first on the path.

    git worktree add /tmp/wt 465dad4
    PYTHONPATH=/tmp/wt .venv/bin/python tests/data/db/make_fixture_465dad4.py /tmp/wt OUT.sqlite3

tests/test_migrations.py opens a copy with today's code and reads the same people and counts.
"""

import datetime as dt
import importlib
import sys
from pathlib import Path

CHECKOUT, OUT = Path(sys.argv[1]), sys.argv[2]
sys.path.insert(0, str(CHECKOUT))
store_mod = importlib.import_module("excursions.store")
assert store_mod.__file__.startswith(str(CHECKOUT)), store_mod.__file__
load_event = importlib.import_module("excursions.event").load_event
routes_mod = importlib.import_module("excursions.routes")
signups = importlib.import_module("excursions.signups")

store = store_mod.open_store(f"sqlite:///{OUT}")
event = load_event(CHECKOUT / "data" / "event.toml")
area = routes_mod.Area(event.venue.lat, event.venue.lon, event.venue.area_radius_km)
now = dt.datetime(2022, 4, 1, 12, tzinfo=dt.UTC)
store.sync_routes(routes_mod.load_routes(CHECKOUT / "data" / "routes", area).routes, now)
window = signups.Window(now - dt.timedelta(days=1), now + dt.timedelta(days=30))
PEOPLE = [
    ("anna@odense.dk", "Anna Ærø", "Odense Kommune", "skovrejsning"),
    ("bo@vejle.dk", "Bo Øster", "Vejle", "biogas-fangel"),
    ("aase@ærø.dk", "Åse Ålund", "Ærø", "skovrejsning"),
    ("carl@kl.dk", "Carl", "KL", "ejby-moelle-renseanlaeg"),
]
for email, name, org, route in PEOPLE:
    store.signup(signups.clean_participant(email, name, org), route, now=now, window=window)
store.set_capacity("ejby-moelle-renseanlaeg", 1, now=now)
store.signup(
    signups.clean_participant("dora@kl.dk", "Dora", "KL"), "ejby-moelle-renseanlaeg", now=now, window=window
)
store.check_in("anna@odense.dk", "skovrejsning", True, now=now)
store.cancel("bo@vejle.dk", now=now)
print([(c.route_id, c.confirmed, c.waitlisted) for c in store.counts() if c.confirmed or c.waitlisted])
store.dispose()
