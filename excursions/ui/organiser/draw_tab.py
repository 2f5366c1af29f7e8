"""The wish round's draw for the organiser: demand per excursion and rank, both methods'
previews side by side on one seed, and "Fordel pladser" to commit the chosen one."""

from __future__ import annotations

import datetime as dt
import secrets
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from excursions.allocation import Draw, Method, draw, summary
from excursions.i18n import format_departure, t
from excursions.store.draws import DrawError, DrawRecord
from excursions.text import escape_markdown as md
from excursions.ui.organiser import Desk, show_message
from excursions.wishes import Phase, phase

PLACE = "draw"


def _commit(desk: Desk, result: Draw) -> None:
    try:
        number = desk.store.commit_draw(result, now=desk.now(), by="organiser")
    except DrawError as exc:
        desk.tell("error", t(f"draw_{exc.code}", desk.lang), PLACE)
        return
    numbers = summary(result)
    placed = numbers["people"] - numbers["none"]
    desk.tell("success", t("draw_done", desk.lang, number=number, placed=placed, none=numbers["none"]), PLACE)


def draw_tab(desk: Desk) -> None:
    lang, ctx, store = desk.lang, desk.ctx, desk.store
    round_ = ctx.event.wish_round
    show_message(PLACE)
    if round_ is None:
        st.info(t("draw_no_round", lang))
        return
    made = store.draws()
    if made:
        _made(desk, made[-1])
        return
    when = format_departure(round_.closes, lang, ctx.event.timezone)
    now_phase = phase(round_, dt.datetime.now(dt.UTC), drawn=False)
    st.caption(t("draw_round_open" if now_phase is Phase.WISHING else "draw_round_closed", lang, when=when))
    if round_.draw == "manual":
        st.caption(t("draw_at_close_manual", lang))
    else:
        st.caption(t("draw_at_close", lang, method=t(f"draw_method_{round_.draw}", lang)))
    wishes = store.wishes_by_person(undecided_only=True)
    seats = store.free_seats()
    demand = store.wish_counts()
    depth = round_.wishes
    table = pd.DataFrame(
        [
            {
                t("draw_col_route", lang): desk.title(rid),
                t("draw_col_seats", lang): free,
                **{
                    t("wish_rank", lang, n=i + 1): (demand.get(rid, []) + [0] * depth)[i]
                    for i in range(depth)
                },
            }
            for rid, free in seats.items()
        ]
    )
    st.subheader(t("draw_demand", lang), anchor=False)
    st.dataframe(table, hide_index=True, width="stretch")
    if not wishes:
        st.info(t("draw_no_wishes", lang))
        return
    S = st.session_state
    S.setdefault("draw_seed", secrets.randbelow(1_000_000))
    st.subheader(t("draw_preview", lang), anchor=False)
    st.number_input(t("draw_seed", lang), min_value=0, max_value=2**31 - 1, step=1, key="draw_seed")
    seed = int(S.draw_seed)
    results = {m: draw(wishes, seats, method=m, seed=seed) for m in (Method.MOST_FIRST, Method.SERIAL)}
    overall = pd.DataFrame(
        [
            {
                t("draw_col_method", lang): t(f"draw_method_{m.value}", lang),
                **{
                    t("wish_rank", lang, n=i + 1): summary(r)[k]
                    for i, k in enumerate(("first", "second", "third"))
                    if i < depth
                },
                t("draw_col_none", lang): r.none(),
            }
            for m, r in results.items()
        ]
    )
    st.dataframe(overall, hide_index=True, width="stretch")
    per_route = pd.DataFrame(
        [
            {
                t("draw_col_route", lang): desk.title(rid),
                t("draw_col_seats", lang): seats[rid],
                t("draw_col_assigned_most", lang): results[Method.MOST_FIRST].per_route()[rid].assigned,
                t("draw_col_assigned_serial", lang): results[Method.SERIAL].per_route()[rid].assigned,
                t("draw_col_not_met", lang): results[Method.MOST_FIRST].per_route()[rid].not_met,
            }
            for rid in seats
        ]
    )
    with st.expander(t("draw_per_route", lang)):
        st.dataframe(per_route, hide_index=True, width="stretch")
    with st.expander(t("draw_how_title", lang), icon=":material/help:"):
        st.markdown(t("draw_how_body", lang))
    method = st.radio(
        t("draw_method", lang),
        list(results),
        format_func=lambda m: t(f"draw_method_{m.value}", lang),
        key="draw_method",
    )
    chosen = results[method]
    if S.get("draw_asked"):
        st.warning(md(t("draw_ask", lang, n=len(chosen.order), seed=seed)))
        with st.container(horizontal=True):
            st.button(
                t("draw_yes", lang),
                type="primary",
                key="draw_yes",
                on_click=lambda: (S.pop("draw_asked", None), _commit(desk, chosen)),
            )
            st.button(t("draw_no", lang), key="draw_no", on_click=lambda: S.pop("draw_asked", None))
    else:
        st.button(
            t("draw_button", lang),
            type="primary",
            icon=":material/casino:",
            key="draw_button",
            on_click=lambda: S.__setitem__("draw_asked", True),
        )


def made_text(record: DrawRecord, lang: str, tz: ZoneInfo) -> str:
    """The draw as made: when, how, its seed and who got which wish (here and in Over tid)."""
    numbers = record.summary
    return t(
        "draw_made_at",
        lang,
        when=format_departure(record.at, lang, tz),
        method=t(f"draw_method_{record.method}", lang),
        seed=record.seed,
        n=record.people,
        first=numbers.get("first", 0),
        second=numbers.get("second", 0),
        third=numbers.get("third", 0),
        none=numbers.get("none", 0),
    )


def _made(desk: Desk, record: DrawRecord) -> None:
    lang = desk.lang
    st.success(made_text(record, lang, desk.ctx.event.timezone))
    st.caption(t("draw_made_after", lang))
