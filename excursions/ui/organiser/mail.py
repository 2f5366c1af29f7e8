"""Organiser tabs: the mail queue with its status, and deleting personal data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import streamlit as st

from excursions.i18n import format_date, format_departure, t
from excursions.mail.transport import transport_from_url
from excursions.privacy import purge_personal_data
from excursions.store.outbox import MailStatus, QueuedMail
from excursions.ui.context import AppContext, clear_counts, get_store
from excursions.ui.trouble import guarded, trouble_notice


def _status_word(mail: QueuedMail, lang: str) -> str:
    if mail.status is MailStatus.QUEUED and mail.attempts:
        return t("mail_status_retrying", lang)
    return t(f"mail_status_{mail.status.value}", lang)


@guarded(place="mail")
def _retry(ctx: AppContext, lang: str) -> None:
    n = get_store(ctx).retry_failed_mail(now=dt.datetime.now(dt.UTC))
    st.session_state.mail_message = t("mail_retried", lang, n=n)


def mail_tab(ctx: AppContext, lang: str) -> None:
    store = get_store(ctx)
    tz = ctx.event.timezone
    tally = store.mail_tally()
    st.markdown(
        t(
            "mail_tally",
            lang,
            queued=tally[MailStatus.QUEUED],
            sent=tally[MailStatus.SENT],
            failed=tally[MailStatus.FAILED],
            held=tally[MailStatus.HELD],
        )
    )
    trouble_notice(lang, "mail", "store_trouble_action")
    message = st.session_state.pop("mail_message", None)
    if message:
        st.success(message)
    if tally[MailStatus.FAILED]:
        st.button(t("mail_retry", lang), key="mail_retry", on_click=_retry, args=(ctx, lang))
    mails = store.mail_queue()
    if not mails:
        st.info(t("mail_none", lang))
        return

    def when(value: dt.datetime | None) -> str:
        return format_departure(value, lang, tz) if value else "–"

    st.dataframe(
        pd.DataFrame(
            {
                t("col_mail_to", lang): [f"{m.name} <{m.email}>" for m in mails],
                t("col_mail_kind", lang): [t(f"mail_kind_{m.kind.value}", lang) for m in mails],
                t("col_mail_subject", lang): [m.subject or "–" for m in mails],
                t("col_mail_status", lang): [_status_word(m, lang) for m in mails],
                t("col_mail_attempts", lang): [m.attempts for m in mails],
                t("col_mail_when", lang): [when(m.created_at) for m in mails],
                t("col_mail_next", lang): [
                    when(m.next_attempt_at) if m.status is MailStatus.QUEUED else "–" for m in mails
                ],
                t("col_mail_error", lang): [m.last_error or "–" for m in mails],
            }
        ),
        hide_index=True,
        width="stretch",
        key="mail_table",
    )


@guarded(place="purge")
def _purge(ctx: AppContext, lang: str) -> None:
    S = st.session_state
    if not S.get("purge_sure"):
        return
    transport = transport_from_url(ctx.settings.mail_url, Path(ctx.settings.data_dir))
    report = purge_personal_data(get_store(ctx), transport, now=dt.datetime.now(dt.UTC))
    clear_counts()
    S.purge_message = t("purge_result", lang, n=report.people)
    S.purge_sure = False


def purge_tab(ctx: AppContext, lang: str) -> None:
    store = get_store(ctx)
    after = ctx.event.delete_personal_data_after
    done = store.purged_at()
    if after:
        st.markdown(t("purge_planned", lang, date=format_date(after, lang)))
    if done:
        st.success(t("purge_done_at", lang, when=format_departure(done, lang, ctx.event.timezone)))
    trouble_notice(lang, "purge", "store_trouble_action")
    message = st.session_state.pop("purge_message", None)
    if message:
        st.success(message)
    st.caption(t("purge_explain", lang))
    st.checkbox(t("purge_confirm", lang), key="purge_sure")
    st.button(
        t("purge_button", lang),
        type="primary",
        key="purge_button",
        icon=":material/delete_forever:",
        disabled=not st.session_state.get("purge_sure"),
        on_click=_purge,
        args=(ctx, lang),
    )
