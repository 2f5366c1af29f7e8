"""The event in the browser: every field of the event file, each problem at its field, the
venue set by a click on the map (the area drawn), and the QR code's address. Saved in the
database over the file (excursions.store.event_settings); the rules live in
excursions.event_form."""

from __future__ import annotations

import datetime as dt
import html
import math
import tomllib

import folium
import pandas as pd
import streamlit as st

from excursions.event_form import (
    BY_KEY,
    CHOICES,
    FieldProblem,
    Kind,
    Values,
    build,
    check,
    themes_of,
    timezones,
    values_of,
)
from excursions.i18n import format_date, format_time, t
from excursions.mapview import LocalMap, escape_text
from excursions.qr import qr_data_uri, signup_url
from excursions.sources import SAVED_EVENT, event_text, forget_edits_signature
from excursions.ui.map_widget import cached_payload, show_map
from excursions.ui.organiser import Desk, show_message
from excursions.ui.organiser.bundle_section import bundle_section
from excursions.ui.organiser.next_event_form import next_event_form

PLACE = "event"
KEY = "ev:"  # every widget of the form: "ev:" + the field's name ("ev:venue.lat")
TRIED = "ev_tried"
SOURCE = "ev_source"  # the event text the fields started from
EARLIEST = dt.date(2000, 1, 1)  # date_input's default earliest is ten years back
CLICK = "ev_click"  # the last map click already put in the fields


def event_tab(desk: Desk) -> None:
    lang, ctx = desk.lang, desk.ctx
    text = event_text(ctx.settings).decode()
    base = tomllib.loads(text)
    saved = desk.store.saved_event()
    st.caption(t("ev_intro", lang))
    if saved:
        when = f"{format_date(saved.saved_at, lang)} {format_time(saved.saved_at, ctx.event.timezone)}"
        st.info(t("ev_from_saved", lang, when=when), icon=":material/database:")
    elif not ctx.event.unset:
        st.info(t("ev_from_file", lang, file=ctx.settings.event_file), icon=":material/description:")
    if st.session_state.get(SOURCE) != text:  # first visit, or saved anew (here or elsewhere)
        _start(values_of(base, ctx.event.timezone))
        st.session_state[SOURCE] = text
    slots: dict[str, object] = {}
    values: Values = {}

    def field(key: str, column=st) -> None:
        values[key] = _widget(key, column, lang)
        slots[key] = column.empty()

    with st.container(border=True):
        st.subheader(t("ev_section_event", lang), anchor=False)
        for pair in (("name_da", "name_en"), ("tagline_da", "tagline_en"), ("start_date", "end_date")):
            left, right = st.columns(2)
            field(f"event.{pair[0]}", left)
            field(f"event.{pair[1]}", right)
        left, right = st.columns(2)
        field("event.timezone", left)
        field("event.default_language", right)
        field("event.public_url")
        _qr_preview(str(values["event.public_url"] or ""), lang)

    with st.container(border=True):
        st.subheader(t("ev_section_venue", lang), anchor=False)
        _venue_map(desk)
        left, right = st.columns(2)
        field("venue.name", left)
        field("venue.address", right)
        c1, c2, c3 = st.columns(3)
        field("venue.lat", c1)
        field("venue.lon", c2)
        field("venue.area_radius_km", c3)

    with st.container(border=True):
        st.subheader(t("ev_section_signup", lang), anchor=False)
        field("signup.opens")
        field("signup.closes")
        field("signup.demo_keep_open")
        field("signup.mode")
        if values["signup.mode"] == "wishes":
            field("signup.wishes_close")
            left, right = st.columns(2)
            field("signup.wishes", left)
            field("signup.draw", right)

    with st.container(border=True):
        st.subheader(t("ev_section_mail", lang), anchor=False)
        for pair in (("sender_name", "sender_name_en"), ("sender_address", "contact_address")):
            left, right = st.columns(2)
            field(f"mail.{pair[0]}", left)
            field(f"mail.{pair[1]}", right)

    with st.expander(t("ev_section_more", lang)):
        field("map.tiles")
        field("map.attribution")
        c1, c2, c3 = st.columns(3)
        field("climate.car_kg_per_km", c1)
        field("climate.car_occupancy", c2)
        field("climate.bus_kg_per_km", c3)
        field("privacy.delete_personal_data_after")
        themes = _themes(base, lang)
        slots["themes"] = st.empty()

    for key in BY_KEY:  # a field not drawn now (the wish round's, in first come) keeps its value
        values.setdefault(key, st.session_state.get(KEY + key))
    routes = ctx.routes.routes
    clicked = st.button(t("ev_save", lang), type="primary", key="ev_save")
    if clicked:
        st.session_state[TRIED] = True
    problems = check(values, themes, routes)
    if st.session_state.get(TRIED):
        _show(problems, slots, lang)
    if clicked and problems:
        st.error(t("ev_not_saved", lang, n=len({p.field for p in problems})), icon=":material/error:")
    elif clicked:
        _save(desk, values, themes, base)
    show_message(PLACE)
    bundle_section(desk)
    if not ctx.event.unset:
        next_event_form(desk, base)


def _start(values: Values) -> None:
    """The fields start from the event in use (after a save here or on another process)."""
    for key, value in values.items():
        f = BY_KEY[key]
        if f.kind is Kind.LOCAL_TIME:
            st.session_state[f"{KEY}{key}:date"] = value.date() if value else None
            st.session_state[f"{KEY}{key}:time"] = value.time() if value else None
        elif f.kind is Kind.NUMBER:
            st.session_state[KEY + key] = float(value) if value is not None else None
        else:
            st.session_state[KEY + key] = value if value is not None else _empty(f.kind)
    st.session_state.pop(TRIED, None)
    st.session_state.pop("ev:themes", None)


def _empty(kind: Kind) -> object:
    return {Kind.TEXT: "", Kind.FLAG: False}.get(kind)


def _widget(key: str, column, lang: str) -> object:
    f = BY_KEY[key]
    name = "ev_" + key.replace(".", "_")
    label = "" if f.kind is Kind.LOCAL_TIME else t(name, lang)  # a date and a time of its own
    wkey = KEY + key
    match f.kind:
        case Kind.TEXT:
            return column.text_input(label, key=wkey).strip()
        case Kind.DATE:
            return column.date_input(label, key=wkey, format="DD.MM.YYYY", min_value=EARLIEST)
        case Kind.LOCAL_TIME:
            left, right = column.columns([2, 1])
            day = left.date_input(
                t(f"{name}_date", lang),
                key=f"{wkey}:date",
                format="DD.MM.YYYY",
                min_value=dt.date(2000, 1, 1),
            )
            when = right.time_input(t(f"{name}_time", lang), key=f"{wkey}:time", step=300)
            return dt.datetime.combine(day, when or dt.time()) if day else None
        case Kind.NUMBER:
            decimals = "%.5f" if key in ("venue.lat", "venue.lon") else "%.2f"
            return column.number_input(label, key=wkey, format=decimals, step=None)
        case Kind.WHOLE:
            return column.number_input(label, key=wkey, step=1, min_value=1, max_value=10)
        case Kind.FLAG:
            return column.checkbox(label, key=wkey)
        case Kind.CHOICE:
            options = timezones() if key == "event.timezone" else CHOICES[key]
            current = st.session_state.get(wkey)
            if current is not None and current not in options:
                options = (current, *options)
            return column.selectbox(label, options, key=wkey, format_func=lambda v: _choice(key, v, lang))
    raise AssertionError(key)


def _choice(key: str, value: str, lang: str) -> str:
    match key:
        case "event.default_language":
            return {"da": "Dansk", "en": "English"}.get(value, value)
        case "signup.mode":
            return t(f"ev_mode_{value}", lang)
        case "signup.draw":
            return t(f"ev_draw_{value}", lang)
    return value


def _themes(base: dict, lang: str) -> list[dict[str, str]]:
    rows = themes_of(base)
    frame = pd.DataFrame(rows or [{"id": "", "da": "", "en": ""}], columns=["id", "da", "en"])
    st.caption(t("ev_themes", lang))
    edited = st.data_editor(
        frame,
        key="ev:themes",
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={c: st.column_config.TextColumn(t(f"ev_theme_{c}", lang)) for c in ("id", "da", "en")},
    )
    return [{c: str(v) if pd.notna(v) else "" for c, v in row.items()} for row in edited.to_dict("records")]


def _qr_preview(url: str, lang: str) -> None:
    """Where the QR code on the projector and the posters will send phones."""
    if not url:
        return
    target = signup_url(url)
    left, right = st.columns([1, 4], vertical_alignment="center")
    src = html.escape(qr_data_uri(target, size_px=120), quote=True)
    alt = html.escape(t("ev_qr_alt", lang, url=target), quote=True)
    left.html(f"<img src='{src}' alt='{alt}' width='120' height='120'>")
    right.caption(t("ev_qr_heading", lang))
    right.code(target, language=None)


def _venue_map(desk: Desk) -> None:
    """A click moves the venue: the fields take it before they are drawn (a widget's value
    cannot change after it is drawn in a run)."""
    lang = desk.lang
    lat = st.session_state.get(KEY + "venue.lat")
    lon = st.session_state.get(KEY + "venue.lon")
    radius = st.session_state.get(KEY + "venue.area_radius_km")
    marked = lat is not None and lon is not None
    if not marked:  # a first event: the map starts over the country, for the first click
        lat, lon = desk.ctx.event.venue.lat, desk.ctx.event.venue.lon
    tiles, attribution = desk.ctx.tiles
    prefix = desk.ctx.settings.static_prefix
    routes = desk.ctx.routes
    km = float(radius or 0)
    payload = cached_payload(
        ("venue", round(lat, 6), round(lon, 6), km, marked, routes.version, tiles, attribution, prefix),
        lambda: _build_venue_map(desk, lat, lon, km if marked else 0.0),
    )
    st.caption(t("ev_venue_map", lang))
    value = show_map(payload, height=380, returned_objects=("last_clicked",))
    click = (value or {}).get("last_clicked")
    if click and (click["lat"], click["lng"]) != st.session_state.get(CLICK):
        st.session_state[CLICK] = (click["lat"], click["lng"])
        st.session_state[KEY + "venue.lat"] = round(float(click["lat"]), 5)
        st.session_state[KEY + "venue.lon"] = round(float(click["lng"]), 5)
        st.rerun()
    if marked:
        st.caption(t("ev_venue_map_alt", lang, lat=f"{lat:.5f}", lon=f"{lon:.5f}", km=f"{km:g}"))


def _build_venue_map(desk: Desk, lat: float, lon: float, km: float) -> folium.Map:
    tiles, attribution = desk.ctx.tiles
    zoom = 9 if km else 6
    m = LocalMap(
        location=(lat, lon), zoom_start=zoom, tiles=None, static_prefix=desk.ctx.settings.static_prefix
    )
    if tiles and tiles.lower() != "none":
        folium.TileLayer(tiles=tiles, attr=escape_text(attribution or "Map tiles"), max_zoom=19).add_to(m)
    if km > 0:  # the venue and its area; a first event has neither until the first click
        area = folium.Circle(
            (lat, lon), radius=km * 1000, color="#1f6feb", weight=2, fill=True, fill_opacity=0.08
        )
        area.add_to(m)
        folium.CircleMarker((lat, lon), radius=7, color="#b42318", fill=True, fill_opacity=1).add_to(m)
    for route in desk.ctx.routes.routes:
        for part in route.line_parts():
            step = max(1, len(part) // 200)  # a sketch of the line is enough to see the area
            folium.PolyLine([(y, x) for x, y in part[::step]], color="#444", weight=2).add_to(m)
    if km > 0:
        m.fit_bounds(_bounds(lat, lon, km))
    return m


def _bounds(lat: float, lon: float, km: float) -> list[tuple[float, float]]:
    dlat = km / 111.0
    dlon = km / (111.0 * max(0.1, math.cos(math.radians(lat))))
    return [(lat - dlat, lon - dlon), (lat + dlat, lon + dlon)]


def _show(problems: list[FieldProblem], slots: dict, lang: str) -> None:
    for key, slot in slots.items():
        mine = [p for p in problems if p.field == key]
        if mine:
            with slot.container():
                for p in mine:
                    st.error(t(f"event_problem_{p.code}", lang, **dict(p.values)), icon=":material/error:")
    for p in problems:
        if p.field not in slots:  # a field not drawn now, or the event as a whole
            st.error(t(f"event_problem_{p.code}", lang, **dict(p.values)), icon=":material/error:")


def _save(desk: Desk, values: Values, themes: list[dict[str, str]], base: dict) -> None:
    result = build(values, themes, base, desk.ctx.routes.routes, SAVED_EVENT)
    if isinstance(result, list):
        _show(result, {}, desk.lang)
        return
    text, event = result
    desk.store.save_event(text, by="organiser", now=desk.now())
    forget_edits_signature()
    st.session_state.pop(TRIED, None)
    desk.tell("success", t("ev_saved", desk.lang, name=event.name(desk.lang)), PLACE)
    st.rerun()
