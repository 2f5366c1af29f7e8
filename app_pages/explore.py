"""Participants: every excursion on one map, filters, a list and the details of one."""

import streamlit as st

from excursions.catalogue import Filters, filter_routes
from excursions.gpx import route_to_gpx
from excursions.i18n import (
    format_date,
    format_departure,
    format_duration,
    format_km,
    mode_label,
    seats_text,
    t,
)
from excursions.listing import list_heads, list_line
from excursions.routes import Mode, Route, Source, themes_of
from excursions.seats import SeatLevel, seat_board, seat_level
from excursions.store import RouteCount
from excursions.text import escape_markdown as md
from excursions.ui.context import (
    keep_open,
    language_switch,
    live_counts,
    load_context,
    participant_refresh_seconds,
)
from excursions.ui.map_widget import FEED, clicked_route_id, live_feed, page_map, show_map
from excursions.ui.widgets import mode_badge

ctx = load_context()
routes = ctx.routes.routes
by_id = ctx.routes.by_id()
tz = ctx.event.timezone
S = st.session_state


def select(route_id: str | None) -> None:
    """One place that changes the selection: session, URL and a fresh (unselected) list."""
    S.route = route_id
    if route_id:
        st.query_params["route"] = route_id
    else:
        st.query_params.pop("route", None)
    S.list_nonce = S.get("list_nonce", 0) + 1


def on_map_click() -> None:
    route_id = clicked_route_id(S.get(S.get("map_key", "")))
    if route_id in by_id and route_id != S.get("route"):
        select(route_id)


def on_list_pick() -> None:
    route_id = S.get(f"route_list_{S.get('list_nonce', 0)}")
    if route_id in by_id and route_id != S.get("route"):
        select(route_id)


if "route" not in S:
    S.route = st.query_params.get("route")

head, switch = st.columns([4, 1], vertical_alignment="center")
with switch:
    lang = language_switch(ctx)
with head:
    st.header(md(ctx.event.name(lang)), anchor=False)
    st.caption(md(f"{ctx.event.tagline(lang)} · {format_date(ctx.event.start_date, lang)}"))

if ctx.routes.problems:
    with st.expander(f"⚠️ {t('bad_files', lang, n=len(ctx.routes.problems))}"):
        st.code("\n".join(str(p) for p in ctx.routes.problems), language=None, wrap_lines=True)

if S.route and S.route not in by_id:
    st.warning(md(t("unknown_route", lang, id=S.route)))
    select(None)

longest = max((r.duration_min for r in routes), default=60)
top = max(1.0, -(-longest // 30) / 2)
active = sum(bool(S.get(k)) for k in ("f_query", "f_modes", "f_themes")) + (S.get("f_hours", top) < top)
map_col, side_col = st.columns([7, 5], gap="medium")
# Filters in a popover, not the sidebar: a popover's widgets are drawn only when it is
# opened, so a phone that never filters does not download their ~30 script files.
with (
    map_col,
    st.popover(t("filters", lang) + (f" ({active})" if active else ""), icon=":material/filter_list:"),
):
    query = st.text_input(t("filter_search", lang), key="f_query", placeholder=t("filter_search_help", lang))
    modes = st.pills(
        t("filter_mode", lang),
        list(Mode),
        selection_mode="multi",
        format_func=lambda m: mode_label(m, lang),
        key="f_modes",
    )
    themes = st.multiselect(
        t("filter_themes", lang),
        themes_of(routes),
        key="f_themes",
        placeholder=t("filter_themes_all", lang),
    )
    max_hours = st.slider(t("filter_duration", lang), 0.5, top, top, 0.5, key="f_hours", format="%.1f")
filters = Filters(
    modes=frozenset(modes or ()),
    themes=frozenset(themes or ()),
    max_minutes=None if max_hours >= top else int(max_hours * 60),
    query=query,
)
shown = filter_routes(routes, filters)

payload = page_map(ctx, lang, feed=FEED)
S.map_key = payload.key
visible = None if len(shown) == len(routes) else [r.id for r in shown]


@st.fragment(run_every=participant_refresh_seconds(ctx))
def live_area() -> None:
    """Seats, details and the list, refreshed on a timer. The map stays outside: it
    follows the live state written by live_feed, so a refresh does not re-send it."""
    keep_open(ctx)  # counts towards the refresh pace
    counts = live_counts(ctx)
    board = seat_board(tuple(counts.values()), lang)
    selected = by_id.get(S.route) if S.route else None
    st.caption(
        t(
            "transport_summary",
            lang,
            walk=board.totals[Mode.WALK],
            bike=board.totals[Mode.BIKE],
            bus=board.totals[Mode.BUS],
            taken=board.taken,
            total=board.capacity,
        )
    )
    if selected:
        details(selected, counts.get(selected.id))
    st.subheader(t("list_heading", lang), anchor=False)
    if shown:
        ids = [r.id for r in shown]
        heads = list_heads(ctx.routes, lang, tz)
        # A radio list, not a dataframe: the same facts and one tap to pick, without the
        # ~300 KB of dataframe code every phone would download at the kickoff rush. It
        # scrolls within 480 px (static/app.css), without a container element per refresh.
        st.radio(
            t("list_hint", lang),
            ids,
            index=ids.index(S.route) if S.route in ids else None,
            format_func=lambda rid: list_line(heads[rid], board.seats.get(rid, "")),
            key=f"route_list_{S.get('list_nonce', 0)}",
            on_change=on_list_pick,
        )
    else:
        st.info(t("no_match", lang))
    live_feed(visible, S.route, board.badges)


def seats_badge_row(count: RouteCount) -> None:
    level = seat_level(count)
    colour = {SeatLevel.FREE: "green", SeatLevel.FEW: "orange", SeatLevel.FULL: "red"}[level]
    st.badge(
        seats_text(count.free, count.capacity, count.waitlisted, lang),
        color=colour,
        icon=":material/event_seat:",
    )


def details(selected: Route, count: RouteCount | None) -> None:
    with st.container(border=True, key="route_details"):
        top_row = st.columns([5, 1], vertical_alignment="top")
        top_row[0].subheader(md(selected.title(lang)), anchor=False)
        top_row[1].button(
            "✕", help=t("close_details", lang), key="close_details", on_click=select, args=(None,)
        )
        if selected.source is Source.ILLUSTRATIVE:
            st.info(t("illustrative", lang), icon="ℹ️")
        mode_badge(selected.mode, lang)
        m1, m2 = st.columns(2)
        m1.metric(t("length", lang), format_km(selected.length_m, lang))
        m2.metric(
            t("duration", lang),
            format_duration(selected.duration_min, lang),
            help=None if selected.duration_given else t("duration_estimated", lang),
        )
        if count:
            seats_badge_row(count)
            if count.full:
                st.warning(t("full_note", lang))
        if st.button(t("signup_cta", lang), type="primary", icon=":material/how_to_reg:", key="signup_cta"):
            query = {"route": selected.id}
            if lang != ctx.event.default_language:
                query["lang"] = lang
            st.switch_page("app_pages/signup.py", query_params=query)
        facts = [
            (t("departure", lang), format_departure(selected.departure, lang, tz)),
            (t("meeting_point", lang), selected.meeting_point),
            (t("host", lang), selected.host),
            (t("accessibility", lang), selected.accessibility),
            (t("themes", lang), ", ".join(selected.themes)),
            (t("capacity", lang), str(count.capacity if count else selected.capacity)),
        ]
        st.markdown("  \n".join(f"**{md(k)}:** {md(v)}" for k, v in facts if v))
        if selected.description(lang):
            st.markdown(md(selected.description(lang)))
        if selected.stops:
            st.markdown(f"**{md(t('stops', lang))}**")
            st.markdown(
                "\n".join(
                    f"1. **{md(s.label(lang))}**" + (f" – {md(s.text(lang))}" if s.text(lang) else "")
                    for s in selected.stops
                )
            )
        st.download_button(
            t("download_gpx", lang),
            data=lambda: route_to_gpx(selected, lang),
            file_name=f"{selected.id}.gpx",
            mime="application/gpx+xml",
            icon=":material/download:",
            key="gpx_download",
        )


with map_col:
    st.caption(t("showing", lang, n=len(shown), total=len(routes)))
    show_map(payload, on_change=on_map_click)
with side_col:
    live_area()
