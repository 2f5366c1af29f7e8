"""Projector view for the conference kickoff: every route, live numbers, a QR code to sign up.

Opened as /kickoff (hidden from the navigation); ?theme=dark for the dark look, ?lang=en.
Nothing on it can be clicked or typed into: an unattended screen shows no controls.
"""

import datetime as dt

import streamlit as st

from excursions.i18n import format_date, format_departure, mode_label, t
from excursions.links import only_this_computer
from excursions.mapview import Kiosk
from excursions.qr import qr_data_uri, signup_url, typed_address
from excursions.seats import board as board_for
from excursions.templating import render_macro
from excursions.ui.context import live_snapshot, load_context, no_event_yet, stylesheet
from excursions.ui.live_seats import follow_seats
from excursions.ui.map_widget import live_layer, page_map, show_map
from excursions.ui.trouble import shielded
from excursions.ui.widgets import climate_totals

ctx = load_context()
no_event_yet(ctx)  # a first start: the organiser page makes the event
cfg = ctx.settings
lang = ctx.lang
theme = "dark" if (st.query_params.get("theme") or cfg.kickoff_theme) == "dark" else "light"
st.html(stylesheet("kiosk.css"))
st.html(
    f"<style>.stApp {{ --kick-bg: {'#0d1117' if theme == 'dark' else '#ffffff'}; "
    f"--kick-fg: {'#f0f6fc' if theme == 'dark' else '#0b0b0b'}; "
    f"--kick-muted: {'#c9d1d9' if theme == 'dark' else '#3a3a3a'}; }}</style>"
)

kiosk = Kiosk(cfg.kickoff_tour_seconds, cfg.kickoff_refresh_seconds, theme == "dark", ctx.event.timezone)
payload = page_map(ctx, lang, kiosk=kiosk, live_seats=True)  # badges follow the seat feed
follow_seats(ctx, lang)  # so do the numbers: taken, per mode, how many are full
# A projector in another language than the event's leads to the form in that language.
url = signup_url(
    ctx.event.public_url, cfg.kickoff_campaign, lang if lang != ctx.event.default_language else ""
)
address = typed_address(url)  # what a person types from the screen
qr = qr_data_uri(url, dark="#000000", light="#ffffff", size_px=420)
map_col, side_col = st.columns([5, 2], gap="medium")  # room for text that reads from 20 m


@st.fragment(run_every=cfg.kickoff_refresh_seconds)
@shielded(lambda: lang)
def live_map() -> None:
    badges = board_for(live_snapshot(ctx), lang).badges  # seats, or the wish round's demand
    tick = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    show_map(
        payload,
        live_layer=live_layer(None, None, badges, tick),
        height=900,
        returned_objects=(),
    )


@st.fragment(run_every=cfg.kickoff_refresh_seconds)
@shielded(lambda: lang)
def live_numbers() -> None:
    snapshot = live_snapshot(ctx)
    board = board_for(snapshot, lang)
    wishing = snapshot.demand is not None  # the wish round: how many have wished, not taken
    label = t("kick_wished" if wishing else "kick_signed_up", lang)
    label = f"{label} {t('kick_of_seats', lang, n=board.capacity)}"
    panel = render_macro(
        "kickoff.html.j2",
        "numbers_panel",
        read_at=snapshot.read_at.isoformat(timespec="milliseconds"),
        taken=board.taken,
        label=label,
        modes=[(m.value, mode_label(m, lang), n) for m, n in board.totals.items()],
        full_text=board.full_text,
        climate=climate_totals(ctx, snapshot.counts, lang),
    )
    st.html(panel)


if ctx.event.wish_round is not None and live_snapshot(ctx).demand is not None:
    deadline = t(
        "kick_wishes_until",
        lang,
        when=format_departure(ctx.event.wish_round.closes, lang, ctx.event.timezone),
    )
else:
    deadline = t("kick_deadline", lang, when=format_date(ctx.event.signup_closes, lang))
with map_col:
    live_map()
with side_col:
    st.html(render_macro("kickoff.html.j2", "event_panel", name=ctx.event.name(lang), deadline=deadline))
    live_numbers()
    with st.container(key="kick_qr"):  # an image with its text alternative (st.image has none)
        alt = t("kick_qr_alt", lang, url=address)
        st.html(render_macro("kickoff.html.j2", "qr_image", src=qr, alt=alt))
    st.html(render_macro("kickoff.html.j2", "address_panels", scan=t("kick_scan", lang), address=address))
    if only_this_computer(url):  # the demo's localhost: said where the hall would see it
        st.html(render_macro("kickoff.html.j2", "local_panel", text=t("kick_qr_local", lang)))
