"""The app's own HTTP endpoints and middleware, in front of Streamlit in both run modes
(`streamlit run dashboard.py` and `excursions serve`): the browser's cookie, rerun pacing,
the warm-up, the page shell, the seat feed, GPX files and the organiser pass. The
event-day runner and its patches stay in excursions/serve; asgi.py is the plumbing they
all share."""
