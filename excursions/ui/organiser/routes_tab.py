"""Excursions in the browser: add one from a GPX or GeoJSON file, edit one, hide or show it,
and export them all as route files. The rules live in excursions.drafts (reading, checking,
the route file) and excursions.route_edits (where saved excursions are kept)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace

import pandas as pd
import streamlit as st

from excursions import route_schema
from excursions.drafts import (
    Draft,
    Field,
    FieldProblem,
    UploadError,
    build,
    check,
    draft_from_route,
    preview_route,
    read_upload,
    route_file,
    slug,
)
from excursions.i18n import format_duration, format_km, mode_label, t
from excursions.route_edits import route_files_zip, route_ids
from excursions.routes import Area, Mode, RouteFileError, Stop
from excursions.sources import forget_edits_signature
from excursions.text import escape_markdown as md
from excursions.ui.map_widget import route_map
from excursions.ui.organiser import Desk, show_message

PLACE = "routes"
NEW, EDIT = "new", "edit"
FILE_TYPES = ["gpx", "geojson", "json"]


GO_TO = "edit_go_to"  # a new excursion was saved: the form goes on as its editor


def routes_tab(desk: Desk) -> None:
    lang = desk.lang
    saved = st.session_state.pop(GO_TO, None)
    if saved in desk.by_id:  # set before the widgets exist in this run (Streamlit allows it only then)
        st.session_state["edit_start"], st.session_state["edit_pick"] = EDIT, saved
    show_message(PLACE)
    start = st.radio(
        t("edit_start", lang),
        [NEW, EDIT],
        format_func=lambda k: t(f"edit_{k}", lang),
        horizontal=True,
        key="edit_start",
    )
    if start == EDIT and desk.routes:
        route_id = st.selectbox(
            t("edit_pick", lang), [r.id for r in desk.routes], format_func=desk.title, key="edit_pick"
        )
        base = draft_from_route(desk.by_id[route_id])
        # A copy starts from the excursion's facts and line, under an id of its own.
        as_new = st.checkbox(t("edit_as_new", lang), key=f"edit_as_new_{route_id}")
        editing = None if as_new else route_id
        if as_new:
            base = replace(base, id=f"{route_id}-2"[:64])
        upload = st.file_uploader(t("edit_replace_line", lang), type=FILE_TYPES, key=f"edit_line_{route_id}")
        if upload is not None:  # a file that gives no line says so and leaves the line as it was
            base = line_from(upload, base, lang) or base
        editor(desk, base, editing, f"edit-{route_id}-{as_new}-{_digest(upload)}")
    else:
        upload = st.file_uploader(t("edit_upload", lang), type=FILE_TYPES, key="edit_upload")
        if upload is not None:
            base = line_from(upload, Draft(), lang)
            if base is not None:
                editor(desk, base, None, f"new-{_digest(upload)}")
    hidden_list(desk)
    export_button(desk)


def _digest(upload) -> str:
    return hashlib.sha256(upload.getvalue()).hexdigest()[:10] if upload is not None else ""


def line_from(upload, base: Draft, lang: str) -> Draft | None:
    """The uploaded file's line (and, from a route file, its facts) over the base draft;
    None (and the problem shown at the file field) when the file gives no line."""
    try:
        read, name = read_upload(upload.getvalue(), upload.name)
    except UploadError as exc:
        said = {k: md(str(v)) for k, v in exc.values.items()}  # a file's name and text, as text
        st.error(t(f"edit_problem_{exc.code}", lang, **said), icon=":material/report:")
        return None
    if read.id:  # a whole route file: take it all, but an excursion being edited keeps its id
        return replace(read, id=base.id or read.id)
    title = base.title_da or name
    return replace(
        base, parts=read.parts, stops=read.stops or base.stops, title_da=title, id=base.id or slug(title)
    )


def _problems_at(slot, problems: list[FieldProblem], fld: Field, lang: str, shown: bool) -> None:
    mine = [p for p in problems if p.field is fld]
    if mine and shown:
        with slot.container():
            for p in mine:
                st.error(t(f"edit_problem_{p.code}", lang, **dict(p.values)), icon=":material/error:")


def editor(desk: Desk, base: Draft | None, editing: str | None, key: str) -> None:
    """The form for one excursion; `key` changes with the file or excursion it starts from,
    so the fields start again from it."""
    if base is None:
        return
    lang, ctx = desk.lang, desk.ctx
    tz = ctx.event.timezone
    slots: dict[Field, object] = {}
    file_slot = st.empty()

    def k(name: str) -> str:
        return f"{key}-{name}"

    def text(col, label: str, name: str, widget_key: str, *, area: bool = False) -> str:
        """A text field of the route, stopping at the route format's limit for it."""
        most = route_schema.max_length(name)
        widget = col.text_area if area else col.text_input
        return widget(t(label, lang), getattr(base, name)[:most], key=k(widget_key), max_chars=most)

    c1, c2 = st.columns(2)
    title_da = text(c1, "edit_title_da", "title_da", "title_da")
    slots[Field.TITLE_DA] = c1.empty()
    title_en = text(c2, "edit_title_en", "title_en", "title_en")
    slots[Field.TITLE_EN] = c2.empty()
    route_id = c1.text_input(
        t("edit_id", lang),
        base.id or slug(title_da),
        key=k("id"),
        disabled=editing is not None,
        help=t("edit_id_help", lang),
    )
    slots[Field.ID] = c1.empty()
    modes = list(Mode)
    mode = c2.radio(
        t("edit_mode", lang),
        modes,
        index=modes.index(base.mode) if base.mode else None,
        format_func=lambda m: mode_label(m, lang),
        horizontal=True,
        key=k("mode"),
    )
    slots[Field.MODE] = c2.empty()
    d1, d2, d3 = st.columns(3)
    capacity = d1.number_input(
        t("edit_capacity", lang),
        min_value=1,
        max_value=10_000,
        value=base.capacity or None,
        step=1,
        key=k("cap"),
    )
    slots[Field.CAPACITY] = d1.empty()
    local = base.departure.astimezone(tz) if base.departure else None
    day = d2.date_input(
        t("edit_date", lang), local.date() if local else None, format="DD.MM.YYYY", key=k("day")
    )
    clock = d3.time_input(t("edit_time", lang), local.time() if local else None, step=300, key=k("time"))
    slots[Field.DEPARTURE] = d2.empty()
    given = d1.number_input(
        t("edit_duration", lang),
        min_value=1,
        max_value=24 * 60,
        value=base.duration_min,
        step=5,
        key=k("minutes"),
        help=t("edit_duration_help", lang),
    )
    m1, m2 = st.columns(2)
    meeting = text(m1, "edit_meeting", "meeting_point", "meet")
    slots[Field.MEETING_POINT] = m1.empty()
    meeting_en = text(m2, "edit_meeting_en", "meeting_point_en", "meet_en")
    description_da = text(m1, "edit_desc_da", "description_da", "desc", area=True)
    description_en = text(m2, "edit_desc_en", "description_en", "desc_en", area=True)
    host = text(m1, "edit_host", "host", "host")
    host_en = text(m2, "edit_host_en", "host_en", "host_en")
    access = text(m1, "edit_access", "accessibility", "acc")
    access_en = text(m2, "edit_access_en", "accessibility_en", "acc_en")
    known = sorted({*ctx.event.themes, *(th for r in desk.routes for th in r.themes), *base.themes})
    themes = st.multiselect(
        t("edit_themes", lang),
        known,
        default=list(base.themes),
        format_func=lambda th: ctx.event.theme(th, lang),
        accept_new_options=True,
        placeholder=t("edit_themes_placeholder", lang),  # not Streamlit's "Choose or add options"
        key=k("themes"),
        select_all=False,  # its label is English only: not on a Danish page
    )
    bikes = st.checkbox(t("edit_bikes", lang), base.bikes_provided, key=k("bikes"))
    stops = stops_editor(base, lang, k("stops"))
    slots[Field.STOPS] = st.empty()

    departure = dt.datetime.combine(day, clock, tz) if day and clock else None
    draft = Draft(
        parts=base.parts,
        id=(base.id if editing else route_id).strip(),
        title_da=title_da,
        title_en=title_en,
        mode=mode,
        capacity=int(capacity or 0),
        departure=departure,
        meeting_point=meeting,
        meeting_point_en=meeting_en.strip(),
        description_da=description_da,
        description_en=description_en,
        themes=tuple(themes),
        host=host.strip(),
        host_en=host_en.strip(),
        accessibility=access.strip(),
        accessibility_en=access_en.strip(),
        bikes_provided=bikes,
        stops=stops,
        source=base.source,
        duration_min=int(given) if given else None,
    )
    venue = ctx.event.venue
    area = Area(venue.lat, venue.lon, venue.area_radius_km)
    problems = check(draft, area, route_ids(ctx.routes), editing)
    tried = st.session_state.get(f"{key}-tried", False)
    line_problems = [p for p in problems if p.field is Field.FILE]
    _problems_at(file_slot, line_problems, Field.FILE, lang, True)  # the file's own problems show at once
    for fld, slot in slots.items():
        _problems_at(slot, problems, fld, lang, tried)
    if draft.parts and not line_problems:
        preview(desk, draft)
    if st.button(t("edit_save", lang), type="primary", key=k("save")):
        if problems:
            st.session_state[f"{key}-tried"] = True
            st.rerun()
        save(desk, draft, area, editing)
    if tried and problems:
        st.error(t("edit_fix", lang), icon=":material/report:")


def stops_editor(base: Draft, lang: str, key: str) -> tuple[Stop, ...]:
    """What you see on the way: one row per stop, added and removed in the table."""
    columns = {
        "name": t("edit_stop_name", lang),
        "name_en": t("edit_stop_name_en", lang),
        "description": t("edit_stop_desc", lang),
        "description_en": t("edit_stop_desc_en", lang),
        "lat": t("edit_stop_lat", lang),
        "lon": t("edit_stop_lon", lang),
    }
    frame = pd.DataFrame(
        [[s.name, s.name_en, s.description, s.description_en, s.lat, s.lon] for s in base.stops],
        columns=list(columns.values()),
    )
    edited = st.data_editor(
        frame,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key=key,
        column_config={
            columns["lat"]: st.column_config.NumberColumn(format="%.5f"),
            columns["lon"]: st.column_config.NumberColumn(format="%.5f"),
        },
    )
    st.caption(t("edit_stops", lang))
    out = []
    for row in edited.itertuples(index=False):
        name, name_en, desc, desc_en, lat, lon = (None if pd.isna(v) else v for v in row)
        if name is None and lat is None and lon is None:
            continue
        out.append(
            Stop(
                str(name or "").strip(),
                str(desc or ""),
                float(lon or 0),
                float(lat or 0),
                str(name_en or ""),
                str(desc_en or ""),
            )
        )
    return tuple(out)


def preview(desk: Desk, draft: Draft) -> None:
    """The line on a map, with its length and the duration a participant will read."""
    lang = desk.lang
    km, minutes = format_km(draft.length_m, lang), format_duration(draft.minutes(), lang)
    key = hashlib.sha256(repr((draft.parts, draft.stops, draft.mode, draft.title_da)).encode()).hexdigest()
    label = t("edit_preview", lang, km=km, duration=minutes)
    route_map(desk.ctx, lang, preview_route(draft), label=label, height=320, version=key[:12])


def save(desk: Desk, draft: Draft, area: Area, editing: str | None) -> None:
    lang = desk.lang
    try:
        raw, route = build(draft, area)
    except RouteFileError as exc:  # check() knows every problem a form can make; this is a guard
        st.error(t("edit_problem_invalid", lang, message=str(exc)))
        return
    desk.store.save_route(route.id, raw, now=desk.now())
    forget_edits_signature()
    key = "edit_updated" if editing else "edit_saved"
    desk.tell("success", t(key, lang, title=route.title(lang)), PLACE)
    # A new excursion, once saved, is the one being edited: saving again updates it (the
    # form left as a new one said its id was taken, and invited a duplicate under a new id).
    st.session_state[GO_TO] = route.id
    st.rerun()


def hidden_list(desk: Desk) -> None:
    """Hide the excursion being looked at; show hidden ones again."""
    lang, store = desk.lang, desk.store
    st.subheader(t("edit_visibility", lang), anchor=False)
    h1, h2 = st.columns([3, 1], vertical_alignment="bottom")
    route_id = h1.selectbox(
        t("edit_pick", lang), [r.id for r in desk.routes], format_func=desk.title, key="hide_pick"
    )
    if route_id and h2.button(t("edit_hide", lang), key="hide_button"):
        confirmed, waiting = store.hide_route(route_id, True, now=desk.now())
        title = desk.title(route_id)
        if confirmed or waiting:
            desk.tell(
                "error",
                t("edit_hide_refused", lang, title=title, confirmed=confirmed, waiting=waiting),
                PLACE,
            )
        else:
            forget_edits_signature()
            desk.tell("success", t("edit_hidden", lang, title=title), PLACE)
        st.rerun()
    hidden = desk.ctx.routes.hidden
    if not hidden:
        st.caption(t("edit_none_hidden", lang))
    for route in hidden:
        r1, r2 = st.columns([3, 1], vertical_alignment="center")
        r1.markdown(md(t("edit_hidden_row", lang, title=route.title(lang))))
        if r2.button(t("edit_show", lang), key=f"show_{route.id}"):
            store.hide_route(route.id, False, now=desk.now())
            forget_edits_signature()
            desk.tell("success", t("edit_shown", lang, title=route.title(lang)), PLACE)
            st.rerun()


def export_button(desk: Desk) -> None:
    lang = desk.lang
    st.subheader(t("edit_export_heading", lang), anchor=False)
    st.download_button(
        t("edit_export", lang),
        lambda: route_files_zip({r.id: route_file(r) for r in desk.routes}),
        "udflugter.zip",
        "application/zip",
        key="edit_export",
        help=t("edit_export_help", lang),
        on_click="ignore",  # a run on the click could drop the file before the browser fetched it
    )
