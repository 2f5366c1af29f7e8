"""Organisers: live fill-up, sign-ups over time, participants, import, export, check-in.

Everything below the password form shows personal data, so nothing renders before it.
"""

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from excursions.exports import guide_sheet, people_frame, to_csv, to_xlsx
from excursions.fillup import replay
from excursions.i18n import format_date, format_departure, outcome_message, t
from excursions.pace import Audience
from excursions.people import find_people
from excursions.privacy import date_passed, purge_due
from excursions.registrations import (
    FIELDS,
    ImportRefused,
    RegistrationFileError,
    RowAction,
    current_routes,
    guess_mapping,
    plan,
    read_table,
    registrations,
)
from excursions.signups import Outcome, Status
from excursions.text import escape_markdown as md
from excursions.ui.auth import logout_button, require_organiser
from excursions.ui.context import (
    changed,
    clear_counts,
    get_store,
    keep_open,
    language_switch,
    live_counts,
    load_context,
    refresh_seconds,
)
from excursions.ui.organiser_mail import mail_tab, purge_tab
from excursions.ui.overview_panel import overview_panel

ctx = load_context()
store = get_store(ctx)
routes = ctx.routes.routes
by_id = ctx.routes.by_id()
tz = ctx.event.timezone
S = st.session_state

head, switch = st.columns([4, 1], vertical_alignment="center")
with switch:
    lang = language_switch(ctx)
head.header(t("org_title", lang), anchor=False)


def organiser_page() -> None:
    """Everything behind the password: only called once the password was given."""
    with switch:
        logout_button(lang)

    def title(route_id: str | None) -> str:
        return by_id[route_id].title(lang) if route_id in by_id else (route_id or "")

    def now() -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    def report(result, route_id: str | None = None) -> None:
        level, text = outcome_message(
            result.outcome, title(route_id or result.route_id), result.position, lang
        )
        S.org_message = (level, result.message or text)
        clear_counts()
        changed(ctx)  # their mail goes out now

    # --- check-in view for a guide's phone: /organiser?checkin=<route> --------------------------

    @st.fragment(run_every=ctx.settings.organiser_refresh_seconds)
    def checkin_view(route_id: str) -> None:
        people = [p for p in store.people(route_id) if p.status is Status.CONFIRMED]
        present = sum(1 for p in people if p.present)
        st.subheader(t("checkin_title", lang, title=title(route_id)), anchor=False)
        st.metric(t("col_present", lang), t("checkin_count", lang, present=present, expected=len(people)))
        if not people:
            st.info(t("checkin_none", lang))
        for p in people:
            st.checkbox(
                p.name + (f" · {p.organisation}" if p.organisation else ""),
                value=bool(p.present),
                key=f"ci-{route_id}-{p.email}-{bool(p.present)}",  # a mark from another guide makes a new box
                on_change=lambda e=p.email, was=bool(p.present): store.check_in(
                    e, route_id, not was, now=now()
                ),
            )

    checkin_route = st.query_params.get("checkin")
    if checkin_route in by_id:
        checkin_view(checkin_route)
        return

    message = S.pop("org_message", None)
    if message:
        getattr(st, message[0])(md(message[1]))
    # The database is asked only once the date has passed (this runs on every organiser page).
    if date_passed(ctx.event, now()) and purge_due(ctx.event, store.purged_at(), now()):
        when = format_date(ctx.event.delete_personal_data_after, lang)
        st.warning(t("purge_due", lang, date=when), icon=":material/delete:")

    # Lazy tabs (on_change="rerun"): a run draws only the open tab, so an organiser who
    # watches the overview does not pay for the fill-up replay, charts and tables too.
    tabs = st.tabs(
        [
            t(k, lang)
            for k in (
                "tab_overview",
                "tab_fillup",
                "tab_people",
                "tab_import",
                "tab_export",
                "tab_checkin",
                "org_tab_mail",
                "purge_heading",
            )
        ],
        key="org_tab",
        on_change="rerun",
    )

    # --- overview ---------------------------------------------------------------------------------

    @st.fragment(run_every=refresh_seconds(ctx, Audience.ORGANISER))
    def live_overview() -> None:
        keep_open(ctx, Audience.ORGANISER)  # many organisers watching: each refreshes less often
        overview_panel(ctx, lang)

    with tabs[0]:
        if tabs[0].open:  # lazy tabs: only the open one runs
            live_overview()

    # --- sign-ups over time -----------------------------------------------------------------------

    with tabs[1]:
        if tabs[1].open:  # lazy tabs: only the open one runs
            counts = live_counts(ctx)
            fill = replay(store.events(), {k: c.capacity for k, c in counts.items()})
            if fill.total.empty:
                st.info(t("fillup_empty", lang))
            else:
                total = fill.total.assign(at=lambda f: f["at"].dt.tz_convert(tz))
                st.altair_chart(
                    alt.Chart(total)
                    .mark_line(interpolate="step-after")
                    .encode(
                        x=alt.X("at:T", title=None), y=alt.Y("signed_up:Q", title=t("fillup_total", lang))
                    ),
                    width="stretch",
                )
                busiest = sorted(counts.values(), key=lambda c: -(c.confirmed + c.waitlisted))[:5]
                chosen = st.multiselect(
                    t("fillup_routes", lang),
                    [r.id for r in routes],
                    default=[c.route_id for c in busiest],
                    format_func=title,
                    key="fillup_routes",
                )
                per_route = fill.per_route[fill.per_route["route"].isin(chosen)].assign(
                    at=lambda f: f["at"].dt.tz_convert(tz), title=lambda f: f["route"].map(title)
                )
                full = pd.DataFrame(
                    [
                        {"at": at.astimezone(tz), "title": title(r)}
                        for r, at in fill.full_at.items()
                        if r in chosen
                    ],
                    columns=["at", "title"],
                )
                lines = (
                    alt.Chart(per_route)
                    .mark_line(interpolate="step-after")
                    .encode(
                        x=alt.X("at:T", title=None),
                        y=alt.Y("signed_up:Q", title=None),
                        color=alt.Color("title:N", title=None),
                    )
                )
                rules = alt.Chart(full).mark_rule(strokeDash=[4, 3]).encode(x="at:T", color="title:N")
                st.altair_chart(lines + rules, width="stretch")
                st.caption(t("fillup_full_marks", lang))

    # --- participants -----------------------------------------------------------------------------

    with tabs[2]:
        if tabs[2].open:  # lazy tabs: only the open one runs
            people = store.people()
            query = st.text_input(t("people_search", lang), key="people_query")
            found = find_people(people, query)
            st.dataframe(
                pd.DataFrame(
                    {
                        t("col_person", lang): [p.name for p in found],
                        t("col_email", lang): [p.email for p in found],
                        t("col_org", lang): [p.organisation for p in found],
                        t("col_title", lang): [title(p.route_id) for p in found],
                        t("col_status", lang): [
                            t(f"status_word_{p.status.value}", lang) if p.status else "" for p in found
                        ],
                        t("col_position", lang): [p.position for p in found],
                        t("col_present", lang): [p.present for p in found],
                    }
                ),
                hide_index=True,
                width="stretch",
                key="people_table",
            )
            if found:
                pick = st.selectbox(
                    t("people_pick", lang),
                    [p.email for p in found],
                    key="people_pick",
                    format_func=lambda e: next(
                        f"{p.name} <{p.email}> – {title(p.route_id)}" for p in found if p.email == e
                    ),
                )
                person = next(p for p in found if p.email == pick)
                c1, c2, c3 = st.columns([3, 2, 2], vertical_alignment="bottom")
                target = c1.selectbox(
                    t("move_to", lang),
                    [r.id for r in routes if r.id != person.route_id],
                    format_func=title,
                    key="move_target",
                )
                if c1.button(t("move_button", lang), key="move_button"):
                    report(store.move(person.email, target, now=now()), target)
                    st.rerun()
                if person.status is Status.WAITLISTED and c2.button(
                    t("promote_button", lang), key="promote_button"
                ):
                    report(store.promote(person.email, now=now()))
                    st.rerun()
                if c3.button(t("cancel_person", lang), key="cancel_person"):
                    report(store.cancel(person.email, now=now()))
                    st.rerun()
            st.subheader(t("capacity_heading", lang), anchor=False)
            k1, k2, k3 = st.columns([3, 1, 1], vertical_alignment="bottom")
            cap_route = k1.selectbox(
                t("col_title", lang), [r.id for r in routes], format_func=title, key="cap_route"
            )
            current = live_counts(ctx).get(cap_route)
            capacity = k2.number_input(
                t("col_capacity", lang),
                min_value=1,
                max_value=10_000,
                step=1,
                value=current.capacity if current else 1,
                key=f"cap_value_{cap_route}",
            )
            if k3.button(t("capacity_button", lang), key="cap_save"):
                result = store.set_capacity(cap_route, int(capacity), now=now())
                report(result, cap_route)
                if result.outcome is Outcome.CAPACITY_BELOW_CONFIRMED and current:
                    S.org_message = (
                        "error",
                        t(
                            "capacity_refused",
                            lang,
                            confirmed=current.confirmed,
                            move=current.confirmed - int(capacity),
                            capacity=int(capacity),
                        ),
                    )
                st.rerun()

    # --- import -----------------------------------------------------------------------------------

    with tabs[3]:
        if tabs[3].open:  # lazy tabs: only the open one runs
            upload = st.file_uploader(
                t("import_upload", lang), type=["csv", "txt", "xlsx"], key="import_file"
            )
            if upload is not None:
                try:
                    frame = read_table(upload.getvalue(), upload.name)
                    guessed = guess_mapping(list(frame.columns))
                    none = t("import_none", lang)
                    options = [none, *frame.columns]
                    mapping = {}
                    for col, field in zip(st.columns(len(FIELDS)), FIELDS, strict=True):
                        choice = col.selectbox(
                            t("import_map", lang, field=field),
                            options,
                            key=f"map_{field}",
                            index=options.index(guessed[field]) if field in guessed else 0,
                        )
                        if choice != none:
                            mapping[field] = choice
                    rows = plan(frame, mapping, routes, current_routes(store.people()))
                except RegistrationFileError as exc:
                    st.error(str(exc))
                else:
                    tally = ", ".join(f"{sum(1 for r in rows if r.action is a)} {a.value}" for a in RowAction)
                    st.markdown(t("import_preview", lang, summary=tally))
                    st.dataframe(
                        pd.DataFrame(
                            [
                                {
                                    "row": r.row,
                                    "action": r.action.value,
                                    "email": r.email,
                                    "name": r.name,
                                    "excursion": title(r.route_id),
                                    "reason": r.reason,
                                }
                                for r in rows
                            ]
                        ),
                        hide_index=True,
                        width="stretch",
                        key="import_preview",
                    )
                    errors = any(r.action is RowAction.ERROR for r in rows)
                    if errors:
                        st.error(t("import_blocked", lang))
                    if st.button(
                        t("import_button", lang), type="primary", disabled=errors, key="import_apply"
                    ):
                        try:
                            store.import_registrations(registrations(rows), now=now())
                        except ImportRefused as exc:
                            st.error(str(exc))
                        else:
                            S.org_message = ("success", t("import_done", lang, n=len(rows)))
                            clear_counts()
                            changed(ctx)
                            st.rerun()

    # --- export -----------------------------------------------------------------------------------

    with tabs[4]:
        if tabs[4].open:  # lazy tabs: only the open one runs
            ALL = ""
            route_id = st.selectbox(
                t("export_route", lang),
                [ALL, *by_id],
                key="export_route",
                format_func=lambda r: title(r) if r else t("export_all", lang),
            )
            name = route_id or "alle"
            frame = people_frame(store.people(route_id or None), by_id)
            e1, e2, e3, e4 = st.columns(4)
            e1.download_button(
                t("export_csv", lang), to_csv(frame), f"{name}.csv", "text/csv", key="export_csv"
            )
            e2.download_button(
                t("export_xlsx", lang),
                lambda: to_xlsx(frame),
                f"{name}.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                key="export_xlsx",
            )
            e3.download_button(
                t("export_waiting", lang),
                lambda: to_csv(people_frame(store.people(route_id or None), by_id, waiting_only=True)),
                f"{name}-venteliste.csv",
                "text/csv",
                key="export_waiting",
            )
            if route_id:
                route = by_id[route_id]
                e4.download_button(
                    t("export_guide", lang),
                    lambda: guide_sheet(
                        route,
                        store.people(route_id),
                        ctx.event.name("da"),
                        format_departure(route.departure, "da", tz),
                    ),
                    f"{route_id}-guide.html",
                    "text/html",
                    key="export_guide",
                )

    # --- check-in ---------------------------------------------------------------------------------

    with tabs[5]:
        if tabs[5].open:  # lazy tabs: only the open one runs
            ci_route = st.selectbox(t("export_route", lang), list(by_id), format_func=title, key="ci_route")
            st.page_link(
                "app_pages/organiser.py",
                label=t("checkin_open", lang),
                icon=":material/checklist:",
                query_params={"checkin": ci_route},
            )
            confirmed = [p for p in store.people(ci_route) if p.status is Status.CONFIRMED]
            st.metric(
                t("col_present", lang),
                t(
                    "checkin_count",
                    lang,
                    present=sum(1 for p in confirmed if p.present),
                    expected=len(confirmed),
                ),
            )
            missing = [p.name for p in confirmed if not p.present]
            if missing:
                st.text(t("checkin_noshows", lang, names=", ".join(missing)))

    with tabs[6]:
        if tabs[6].open:
            mail_tab(ctx, lang)
    with tabs[7]:
        if tabs[7].open:
            purge_tab(ctx, lang)


if require_organiser(ctx, lang):
    organiser_page()
