"""Import from the registration system: map the columns, preview every row, apply all or none."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from excursions.errors import ExcursionsError
from excursions.i18n import format_departure, t
from excursions.registrations import (
    FIELDS,
    RegistrationFileError,
    RowAction,
    current_routes,
    guess_mapping,
    plan,
    read_table,
    registrations,
)
from excursions.ui.organiser import Desk


def import_tab(desk: Desk) -> None:
    lang, store = desk.lang, desk.store
    for run in store.unfinished_imports():
        when = format_departure(run.started_at, lang, desk.ctx.event.timezone)
        st.warning(
            t("import_unfinished", lang, source=run.source or "?", when=when, n=run.applied, total=run.total),
            icon=":material/report:",
        )
    upload = st.file_uploader(t("import_upload", lang), type=["csv", "txt", "xlsx"], key="import_file")
    if upload is None:
        return
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
        rows = plan(frame, mapping, desk.routes, current_routes(store.people()))
    except RegistrationFileError as exc:
        st.error(str(exc))
        return
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
                    "excursion": desk.title(r.route_id),
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
    if st.button(t("import_button", lang), type="primary", disabled=errors, key="import_apply"):
        try:
            todo = registrations(rows)
            bar = st.progress(0.0, text=t("import_progress", lang, n=0, total=len(todo)))
            store.import_registrations(
                todo,
                now=desk.now(),
                source=upload.name,
                progress=lambda n, total: bar.progress(
                    n / total, text=t("import_progress", lang, n=n, total=total)
                ),
            )
        except ExcursionsError as exc:  # a refused row, or an excursion gone meanwhile
            st.error(str(exc))
        else:
            desk.tell("success", t("import_done", lang, n=len(rows)))
            st.rerun()
