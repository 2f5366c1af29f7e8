"""Participants: every excursion on one map, filters, a list and the details of one."""

import datetime as dt

import streamlit as st

from excursions.catalogue import Filters, filter_routes
from excursions.i18n import (
    format_date,
    format_departure,
    format_duration,
    format_km,
    mode_label,
    t,
)
from excursions.listing import list_heads, list_line
from excursions.model import RouteCount
from excursions.routes import Mode, Route, Source, themes_of
from excursions.seats import board as board_for
from excursions.text import escape_markdown as md
from excursions.text import shorten
from excursions.ui.context import (
    keep_open,
    language_switch,
    live_snapshot,
    load_context,
    no_event_yet,
    refresh_seconds,
)
from excursions.ui.live_seats import follow_seats, live_summary, seat_pill
from excursions.ui.map_widget import FEED, clicked_route_id, live_feed, page_map, show_map
from excursions.ui.signup_form import (
    my_signup,
    my_signup_panel,
    personal_url,
    preselect,
    signed_up_banner,
    signup_form,
)
from excursions.ui.trouble import shielded, trouble_notice
from excursions.ui.widgets import climate_text, gpx_link, mode_badge
from excursions.ui.wish_form import LIST, add_wish, next_rank, round_phase, wish_form, wishes_banner
from excursions.wishes import Phase

ctx = load_context()
no_event_yet(ctx)  # a first start: the organiser page makes the event
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

# A compact header: on a phone the map starts within the first screen (static/app.css).
# Title first, then one row with the language, the filter and how many are shown.
head = st.container(key="explore_head")
tools = st.container(horizontal=True, vertical_alignment="center", key="explore_tools")
with tools:
    lang = language_switch(ctx)
with head:
    st.header(md(ctx.event.name(lang)), anchor="top")  # the details' way back to the map
    st.caption(md(f"{ctx.event.tagline(lang)} · {format_date(ctx.event.start_date, lang)}"))

if ctx.routes.problems:
    with st.expander(f"⚠️ {t('bad_files', lang, n=len(ctx.routes.problems))}"):
        st.code("\n".join(str(p) for p in ctx.routes.problems), language=None, wrap_lines=True)

if S.route and S.route not in by_id:
    st.warning(md(t("unknown_route", lang, id=shorten(S.route))))
    select(None)

longest = max((r.duration_min for r in routes), default=60)
top = max(1.0, -(-longest // 30) / 2)
map_col, side_col = st.columns([7, 5], gap="medium")
# Filters in a popover that draws its widgets only while it is open: a phone that never
# filters neither downloads their ~30 script files nor pays for four widgets on every page
# run (bench/rush.py). Their values are kept in `kept`, since Streamlit forgets the state of
# widgets that a run does not draw. The label stays fixed: a popover whose label changed
# would be a new popover, and close while someone filters.
kept = S.setdefault("filters_kept", {})
with tools:
    filter_box = st.popover(
        t("filters", lang), icon=":material/filter_list:", key="filters_open", on_change="rerun"
    )
    showing = st.empty()
    reset_slot = st.empty()
with map_col:
    if round_phase(ctx) is Phase.FIRST_COME:
        signed_up_banner(ctx, lang)
    else:
        wishes_banner(ctx, lang)
if filter_box.open:
    for k, v in kept.items():
        S.setdefault(k, v)
    S["f_hours"] = min(S.get("f_hours", top), top)
    with filter_box:
        st.text_input(t("filter_search", lang), key="f_query", placeholder=t("filter_search_help", lang))
        st.pills(
            t("filter_mode", lang),
            list(Mode),
            selection_mode="multi",
            format_func=lambda m: mode_label(m, lang),
            key="f_modes",
        )
        st.multiselect(
            t("filter_themes", lang),
            sorted(themes_of(routes), key=lambda x: ctx.event.theme(x, lang).lower()),
            format_func=lambda x: ctx.event.theme(x, lang),
            key="f_themes",
            select_all=False,  # its label is English only: not on a Danish page
            placeholder=t("filter_themes_all", lang),
        )
        st.slider(t("filter_duration", lang), 0.5, top, step=0.5, key="f_hours", format="%.1f")
    kept.update({k: S[k] for k in ("f_query", "f_modes", "f_themes", "f_hours")})
query, modes, themes = kept.get("f_query", ""), kept.get("f_modes"), kept.get("f_themes")
max_hours = min(kept.get("f_hours", top), top)
filters = Filters(
    modes=frozenset(modes or ()),
    themes=frozenset(themes or ()),
    max_minutes=None if max_hours >= top else int(max_hours * 60),
    query=query,
)
shown = filter_routes(routes, filters)

payload = page_map(ctx, lang, feed=FEED, live_seats=True)  # badges follow the seat feed too
follow_seats(ctx, lang)  # so do the summary, the list and the details
S.map_key = payload.key
visible = None if len(shown) == len(routes) else [r.id for r in shown]


@st.fragment(run_every=refresh_seconds(ctx))
@shielded(lambda: lang)
def live_area() -> None:
    """Seats, details and the list, refreshed on a timer. The map stays outside: it
    follows the live state written by live_feed, so a refresh does not re-send it."""
    keep_open(ctx)  # counts towards the refresh pace
    snapshot = live_snapshot(ctx)
    counts = snapshot.counts
    board = board_for(snapshot, lang)
    selected = by_id.get(S.route) if S.route else None
    ids = [r.id for r in shown]
    list_key = f"route_list_{S.get('list_nonce', 0)}"
    live_summary(board.summary, snapshot.read_at, list_key=list_key if ids else "", ids=ids)
    if selected:
        words = (board.seats.get(selected.id, ""), board.badges.get(selected.id, ("", "free"))[1])
        details(selected, counts.get(selected.id), snapshot.read_at, words)
    st.subheader(t("list_heading", lang), anchor=False)
    if shown:
        heads = list_heads(ctx.routes, lang, tz)
        # A radio list, not a dataframe: the same facts and one tap to pick, without the
        # ~300 KB of dataframe code every phone would download at the kickoff rush. It
        # scrolls within 480 px (static/app.css), without a container element per refresh.
        st.radio(
            t("list_hint", lang),
            ids,
            index=ids.index(S.route) if S.route in ids else None,
            format_func=lambda rid: list_line(heads[rid], board.seats.get(rid, "")),
            key=list_key,
            on_change=on_list_pick,
        )
    else:  # a new event has none yet; otherwise the filters hide them all
        st.info(t("no_match" if routes else "no_routes_yet", lang))
    live_feed(visible, S.route, board.badges, snapshot.read_at)


def _dialog_closed() -> None:
    S.dialog_closed = True


# A dialog over the map, not a page of its own: the map and list stay where they were, and
# a sign-up costs the server one small run instead of two page runs (bench/rush.py). A
# live refresh of the list does not close it. Closing it reruns the page (the banner, fresh
# seats): its dismissal belongs to its host fragment, which passes it on to the page.
@st.dialog(t("signup_title", lang), width="medium", on_dismiss=_dialog_closed)
def signup_dialog() -> None:
    trouble_notice(lang)  # a sign-up, switch, cancel or wish the database could not take
    if round_phase(ctx) is Phase.WISHING:  # the wish round: the ranked list and the form
        if S.get("my_token") and not (S.get("wish_result") and S.wish_result.token):
            st.info(t("wish_sent_dialog", lang))
            link = personal_url(S.my_token, lang)
            st.markdown(f":material/link: [{md(t('open_personal_link', lang))}]({link})")
            return
        wish_form(ctx, lang)
        return
    fresh = S.get("signup_result")
    view = my_signup(ctx) if not (fresh and fresh.token) else None
    if view is not None:  # this browser has signed up: show that, with switch and cancel
        my_signup_panel(ctx, lang, S.get("dialog_route"), view)
        return
    st.caption(t("signup_intro", lang))
    signup_form(ctx, lang, answer_only=True)


DIALOG_HOST = "signup_dialog_host"


# The dialog is opened from a fragment of its own at the page's level, not from the button
# inside the list's refreshing fragment. Streamlit runs a fragment's queued descendants as
# part of it: a tap in a dialog opened there that arrived with the list's timed refresh
# (two requests during one run) had its callback run but the dialog not drawn, so the
# person saw nothing change and tapped again (a wish moved twice, or the wrong one).
@st.fragment(key=DIALOG_HOST)
def dialog_host() -> None:
    if S.pop("dialog_closed", False):
        st.rerun(scope="app")
    if S.pop("dialog_open", False):
        signup_dialog()


def _open_dialog(route_id: str, wishing: bool) -> None:
    """The sign-up button's callback: ready the dialog, then run only its host."""
    if wishing:
        S.pop("wish_result", None)
        add_wish(ctx, route_id)
    else:
        S.pop("signup_result", None)
        S.pop("panel_cancel_asked", None)
        S.dialog_route = route_id
        preselect(ctx, route_id)
    S.dialog_open = True
    st.rerun(scope=DIALOG_HOST)


def signup_button(route_id: str) -> None:
    """Pressing it runs the dialog's host alone: the list is not redrawn."""
    now_phase = round_phase(ctx)
    if now_phase is Phase.DRAW_DUE:
        st.caption(t("wish_draw_due", lang))
        return
    if now_phase is Phase.WISHING:
        ranked = S.get(LIST, [])
        label = (
            t("wish_in_list", lang, n=ranked.index(route_id) + 1)
            if route_id in ranked
            else t("wish_add", lang, n=next_rank())
        )
        icon = ":material/playlist_add:"
    else:
        label, icon = t("signup_cta", lang), ":material/how_to_reg:"
    wishing = now_phase is Phase.WISHING
    st.button(
        label,
        type="primary",
        icon=icon,
        key="signup_cta",
        on_click=_open_dialog,
        args=(route_id, wishing),
    )


def details(
    selected: Route, count: RouteCount | None, read_at: dt.datetime, words: tuple[str, str] | None = None
) -> None:
    with st.container(border=True, key="route_details"):
        with st.container(key="back_to_map"):
            st.markdown(f"[:material/arrow_upward: {md(t('back_to_map', lang))}](#top)")
        # Rows as horizontal containers, not columns: one block instead of three per row
        # (fewer messages per details view), and on a phone the row stays a row.
        with st.container(horizontal=True, wrap=False, vertical_alignment="top"):
            st.subheader(md(selected.title(lang)), anchor=False)
            st.button("✕", help=t("close_details", lang), key="close_details", on_click=select, args=(None,))
        if selected.source is Source.ILLUSTRATIVE:
            st.info(t("illustrative", lang), icon="ℹ️")
        with st.container(horizontal=True, gap="small", vertical_alignment="center", key="route_badges"):
            st.markdown(mode_badge(selected.mode, lang), width="content")
            if count:  # kept current by the seat follower (excursions/ui/live_seats.py)
                st.html(seat_pill(count, lang, read_at, words), width="content")
        with st.container(horizontal=True):
            st.metric(t("length", lang), format_km(selected.length_m, lang))
            st.metric(
                t("duration", lang),
                format_duration(selected.duration_min, lang),
                help=None if selected.duration_given else t("duration_estimated", lang),
            )
        if count and round_phase(ctx) is Phase.FIRST_COME:  # not while the badge shows wishes
            # drawn always, shown while the seat badge says full (static/app.css): it follows
            with st.container(key="full_note"):  # the seat feed with the badge, without a run
                st.warning(t("full_note", lang))
        signup_button(selected.id)
        facts = [
            (t("departure", lang), format_departure(selected.departure, lang, tz)),
            (t("meeting_point", lang), selected.meeting(lang)),
            (t("host", lang), selected.host_name(lang)),
            (t("accessibility", lang), selected.access(lang)),
            (t("themes", lang), ", ".join(ctx.event.theme(x, lang) for x in selected.themes)),
            (t("capacity", lang), str(count.capacity if count else selected.capacity)),
            (t("climate_label", lang), climate_text(selected, count, ctx, lang)),
        ]
        parts = ["  \n".join(f"**{md(k)}:** {md(v)}" for k, v in facts if v)]
        if selected.description(lang):
            parts.append(md(selected.description(lang)))
        if selected.stops:
            parts.append(f"**{md(t('stops', lang))}**")
            parts.append(
                "\n".join(
                    f"1. **{md(s.label(lang))}**" + (f" – {md(s.text(lang))}" if s.text(lang) else "")
                    for s in selected.stops
                )
            )
        st.markdown("\n\n".join(parts))  # one element: a run sends fewer, smaller messages
        st.html(gpx_link(ctx, selected, lang), width="content")  # a link, not a download button


def _reset_filters() -> None:
    kept.clear()
    for key in ("f_query", "f_modes", "f_themes", "f_hours"):
        S.pop(key, None)


# The filter button's label stays fixed (see above): the count beside it says that a filter
# is on, and a button clears it without opening the filters.
count = t("showing", lang, n=len(shown), total=len(routes))
showing.caption(f"{count} · {t('filters_on', lang)}" if filters.active else count)
if filters.active:
    reset_slot.button(
        t("filters_reset", lang),
        icon=":material/filter_list_off:",
        key="filters_reset",
        on_click=_reset_filters,
    )
with map_col:
    show_map(payload, on_change=on_map_click)
with side_col:
    live_area()
dialog_host()
