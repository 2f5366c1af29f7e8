"""Sign-ups over time: the whole event and the busiest excursions, with when each filled up."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from excursions.fillup import replay
from excursions.i18n import t
from excursions.ui.context import live_counts
from excursions.ui.organiser import Desk
from excursions.ui.organiser.draw_tab import made_text

# 24-hour clock times on the time axis, in the event's time zone: Danish "20.4. 13:45",
# English "Apr 20, 13:45". The times are handed over as the event's wall-clock times
# without a zone, because Vega-Lite would otherwise show them in the browser's own zone.
TIME_FORMATS = {"da": "%-d.%-m. %H:%M", "en": "%b %-d, %H:%M"}


def time_axis(lang: str) -> alt.Axis:
    return alt.Axis(format=TIME_FORMATS.get(lang, TIME_FORMATS["da"]), labelAngle=0)


# Below the chart, one excursion a line and never cut (to the right it was cut on a phone).
ROUTE_LEGEND = alt.Legend(title=None, orient="bottom", direction="vertical", labelLimit=0)


def _wall_clock(times: pd.Series, tz) -> pd.Series:
    return times.dt.tz_convert(tz).dt.tz_localize(None)


def fillup_tab(desk: Desk) -> None:
    lang, title, tz = desk.lang, desk.title, desk.ctx.event.timezone
    counts = live_counts(desk.ctx)
    fill = replay(desk.store.events(), {k: c.capacity for k, c in counts.items()}, now=desk.now())
    if desk.ctx.event.wish_round is not None:
        wish_round(desk)
    if fill.total.empty:
        st.info(t("fillup_empty", lang))
        return
    total = fill.total.assign(at=lambda f: _wall_clock(f["at"], tz))
    st.altair_chart(
        alt.Chart(total)
        .mark_line(interpolate="step-after")
        .encode(
            x=alt.X("at:T", title=None, axis=time_axis(lang)),
            y=alt.Y("signed_up:Q", title=t("fillup_total", lang)),
        )
        .properties(description=t("fillup_total_alt", lang, n=int(total["signed_up"].iloc[-1]))),
        width="stretch",
    )
    busiest = sorted(counts.values(), key=lambda c: -(c.confirmed + c.waitlisted))[:5]
    chosen = st.multiselect(
        t("fillup_routes", lang),
        [r.id for r in desk.routes],
        default=[c.route_id for c in busiest],
        format_func=title,
        placeholder=t("fillup_routes_placeholder", lang),
        key="fillup_routes",
        select_all=False,  # its label is English only: not on a Danish page
    )
    per_route = fill.per_route[fill.per_route["route"].isin(chosen)].assign(
        at=lambda f: _wall_clock(f["at"], tz), title=lambda f: f["route"].map(title)
    )
    full = pd.DataFrame(
        [
            {"at": at.astimezone(tz).replace(tzinfo=None), "title": title(r)}
            for r, at in fill.full_at.items()
            if r in chosen
        ],
        columns=["at", "title"],
    )
    lines = (
        alt.Chart(per_route)
        .mark_line(interpolate="step-after")
        .encode(
            x=alt.X("at:T", title=None, axis=time_axis(lang)),
            y=alt.Y("signed_up:Q", title=None),
            color=alt.Color("title:N", legend=ROUTE_LEGEND),
        )
    )
    rules = (
        alt.Chart(full)
        .mark_rule(strokeDash=[4, 3])
        .encode(x="at:T", color=alt.Color("title:N", legend=ROUTE_LEGEND))
    )
    described = (lines + rules).properties(  # a screen reader's (and axe's) text for the chart
        description=t("fillup_routes_alt", lang, titles=", ".join(title(r) for r in chosen) or "–")
    )
    st.altair_chart(described, width="stretch")
    st.caption(t("fillup_full_marks", lang))


def wish_round(desk: Desk) -> None:
    """The wish round over time: people who have wished, and the draw (when and what it gave)."""
    lang, tz = desk.lang, desk.ctx.event.timezone
    times = desk.store.wish_times()
    draws = desk.store.draws()
    if times:
        people = pd.DataFrame({"at": pd.to_datetime(times, utc=True), "people": range(1, len(times) + 1)})
        end = max(desk.now(), *(d.at for d in draws)) if draws else desk.now()
        people = pd.concat([people, pd.DataFrame({"at": [pd.Timestamp(end)], "people": [len(times)]})])
        people = people.assign(at=lambda f: _wall_clock(f["at"], tz))
        chart = (
            alt.Chart(people)
            .mark_line(interpolate="step-after")
            .encode(
                x=alt.X("at:T", title=None, axis=time_axis(lang)),
                y=alt.Y("people:Q", title=t("fillup_wishes", lang)),
            )
        )
        marks = pd.DataFrame(
            {"at": [d.at.astimezone(tz).replace(tzinfo=None) for d in draws]}, columns=["at"]
        )
        rules = alt.Chart(marks).mark_rule(strokeDash=[4, 3], color="#c0392b").encode(x="at:T")
        st.altair_chart(
            (chart + rules).properties(description=t("fillup_wishes_alt", lang, n=len(times))),
            width="stretch",
        )
    for record in draws:
        st.caption(made_text(record, lang, tz))
