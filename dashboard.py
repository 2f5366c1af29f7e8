"""The app: `uv run streamlit run dashboard.py` to try it, `uv run excursions serve` on event day.

Streamlit finds `app` below and serves it as an ASGI app (st.App, run by uvicorn): the
pages (navigation.py and app_pages/) behind middleware of the app's own, the same in both
run modes:

- every browser gets a signed id in a cookie with its first page, so the limits per browser
  hold across new websockets (excursions/web/browser_id.py);
- rerun requests are paced per connection before Streamlit sees them, so a script
  flooding the websocket cannot stall the server (excursions/web/reruns.py);
- /_stcore/health answers 503 "warming up" until the app has run its first page itself,
  so the first visitor gets the page as fast as the hundredth (excursions/web/warmup.py);
- every page's HTML names the event and says it is loading before Streamlit's scripts
  arrive, so a slow network never shows a blank page (excursions/web/shell.py);
- /_excursions/seats.json hands out the process's seat counts (read from the database at
  most once a second), for pages that show new counts without a script run
  (excursions/web/seats.py);
- /_excursions/gpx/<route>.gpx hands out one excursion's line as a GPX file, for the
  details' download link (excursions/web/gpx.py);
- /_excursions/organiser-pass gives a logged-in organiser's browser its HttpOnly cookie,
  so a reconnect after a restart stays logged in (excursions/web/organiser_pass.py).

Written out here, not built by a function: `streamlit run` recognises an app only by an
`app = st.App(...)` line in the script.
"""

import streamlit as st
from starlette.middleware import Middleware

from excursions.web.browser_id import BrowserId
from excursions.web.gpx import GpxFiles
from excursions.web.organiser_pass import OrganiserPass
from excursions.web.reruns import RerunLimit
from excursions.web.seats import SeatsFeed
from excursions.web.shell import PageShell
from excursions.web.warmup import Warmth, WarmUp, warm_up_on_start

warmth = Warmth()
app = st.App(
    "navigation.py",
    middleware=[
        Middleware(WarmUp, warmth=warmth),
        Middleware(BrowserId),
        Middleware(PageShell),
        Middleware(SeatsFeed),
        Middleware(GpxFiles),
        Middleware(OrganiserPass),
        Middleware(RerunLimit),
    ],
    lifespan=warm_up_on_start(warmth),
)
