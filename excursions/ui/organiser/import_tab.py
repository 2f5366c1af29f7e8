"""Import from the registration system: map the columns, preview every row, apply all or none.

The library names each row's action and problem by code (excursions.registrations); the
words here come from the catalogue, in the organiser's language.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from excursions.errors import ExcursionsError
from excursions.i18n import format_departure, t
from excursions.registrations import (
    FIELDS,
    PlanRow,
    RowAction,
    current_routes,
    guess_mapping,
    mails_on_import,
    plan,
    read_table,
    registrations,
)
from excursions.ui.organiser import Desk, show_message

PLACE = "import"


def error_text(exc: ExcursionsError, lang: str) -> str:
    """A file or mapping problem in the organiser's words (lists of columns joined)."""
    values = {
        k: ", ".join(t(f"import_field_{v}", lang) if k == "fields" else repr(v) for v in value)
        if isinstance(value, list)
        else value
        for k, value in exc.values.items()
    }
    return t(f"import_err_{exc.code}", lang, **values)


def problem_text(row: PlanRow, lang: str) -> str:
    if not row.problem:
        return ""
    values = dict(row.values)
    if row.field:
        values.setdefault("field", t(f"import_field_{row.field}", lang))
    return t(f"import_problem_{row.problem}", lang, **values)


def action_text(desk: Desk, row: PlanRow) -> str:
    """What a row does, and for a move where from: 'flyttes fra Biogas og landbrug ved Fangel'."""
    if row.action is RowAction.MOVED and row.previous_route_id:
        return t("import_moved_from", desk.lang, title=desk.title(row.previous_route_id))
    return t(f"import_action_{row.action.value}", desk.lang)


def tally(rows: list[PlanRow], lang: str, *, done: bool = False) -> str:
    """'4 nye, 1 flyttes, 0 med fejl': every action that occurs, and errors always; once
    imported (done), as what happened: '1 flyttet'."""
    counts = {a: sum(1 for r in rows if r.action is a) for a in RowAction}
    shown = [a for a in RowAction if counts[a] or a is RowAction.ERROR]
    past = {RowAction.MOVED: "import_done_moved"} if done else {}
    return ", ".join(t(past.get(a, f"import_tally_{a.value}"), lang, n=counts[a]) for a in shown)


def import_tab(desk: Desk) -> None:
    lang, store = desk.lang, desk.store
    for run in store.unfinished_imports():
        when = format_departure(run.started_at, lang, desk.ctx.event.timezone)
        st.warning(
            t("import_unfinished", lang, source=run.source or "?", when=when, n=run.applied, total=run.total),
            icon=":material/report:",
        )
    upload = st.file_uploader(t("import_upload", lang), type=["csv", "txt", "xlsx"], key="import_file")
    show_message(PLACE)
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
                t("import_map", lang, field=t(f"import_field_{field}", lang)),
                options,
                key=f"map_{field}",
                index=options.index(guessed[field]) if field in guessed else 0,
            )
            if choice != none:
                mapping[field] = choice
        rows = plan(frame, mapping, desk.routes, current_routes(store.people()))
    except ExcursionsError as exc:
        st.error(error_text(exc, lang))
        return
    st.markdown(t("import_preview", lang, summary=tally(rows, lang)))
    st.dataframe(
        pd.DataFrame(
            {
                t("import_col_row", lang): [r.row for r in rows],
                t("import_col_action", lang): [action_text(desk, r) for r in rows],
                t("col_email", lang): [r.email for r in rows],
                t("col_person", lang): [r.name for r in rows],
                t("col_org", lang): [r.organisation for r in rows],
                t("col_title", lang): [desk.title(r.route_id) for r in rows],
                t("import_col_problem", lang): [problem_text(r, lang) for r in rows],
            }
        ),
        hide_index=True,
        width="stretch",
        key="import_preview",
        # Wide enough for "registreret, ingen udflugt" and a row's problem (they were cut off).
        column_config={
            t("import_col_action", lang): st.column_config.TextColumn(width="large"),
            t("import_col_problem", lang): st.column_config.TextColumn(width="large"),
        },
    )
    errors = any(r.action is RowAction.ERROR for r in rows)
    if errors:
        st.error(t("import_blocked", lang))
    elif mails := mails_on_import(rows):  # said before the button: they go out at once
        st.warning(t("import_mails", lang, n=mails), icon=":material/mail:")
    if st.button(t("import_button", lang), type="primary", disabled=errors, key="import_apply"):
        apply(desk, rows, upload.name)


def apply(desk: Desk, rows: list[PlanRow], source: str) -> None:
    lang = desk.lang
    todo = registrations(rows)
    bar = st.progress(0.0, text=t("import_progress", lang, n=0, total=len(todo)))
    try:
        desk.store.import_registrations(
            todo,
            now=desk.now(),
            source=source,
            progress=lambda n, total: bar.progress(
                n / total, text=t("import_progress", lang, n=n, total=total)
            ),
        )
    except ExcursionsError as exc:  # an excursion taken away meanwhile
        st.error(error_text(exc, lang))
        return
    if all(r.action is RowAction.UNCHANGED for r in rows):  # the same file again: say so
        desk.tell("info", t("import_nothing_changed", lang, n=len(rows)), PLACE)
    else:
        desk.tell(
            "success", t("import_applied", lang, file=source, summary=tally(rows, lang, done=True)), PLACE
        )
    st.rerun()
