"""The event as one file in the browser (excursions.bundle): download it for next year's host,
or start from theirs: the event and its excursions saved over the files, as the Begivenhed
and Udflugter tabs save them."""

from __future__ import annotations

import streamlit as st

from excursions.bundle import BundleError, import_into, read_bundle, write_bundle
from excursions.i18n import t
from excursions.sources import event_text, forget_edits_signature
from excursions.ui.context import clear_counts
from excursions.ui.organiser import Desk

PLACE = "event"


def bundle_section(desk: Desk) -> None:
    lang, ctx = desk.lang, desk.ctx
    with st.expander(t("bd_heading", lang), icon=":material/folder_zip:", expanded=ctx.event.unset):
        if not ctx.event.unset:
            st.download_button(
                t("bd_download", lang),
                data=lambda: write_bundle(event_text(ctx.settings), desk.routes),
                file_name="event.zip",
                mime="application/zip",
                icon=":material/download:",
                key="bd_download",
                on_click="ignore",
            )
        upload = st.file_uploader(t("bd_upload", lang), type=["zip"], key="bd_upload")
        if upload is None:
            return
        try:
            bundle = read_bundle(upload.getvalue(), upload.name)
        except BundleError as exc:
            st.error(t(f"bd_err_{exc.code}", lang, **exc.values), icon=":material/error:")
            return
        st.info(t("bd_found", lang, name=bundle.event.name(lang), n=len(bundle.parsed)))
        if st.button(t("bd_import", lang), type="primary", key="bd_import"):
            try:
                import_into(bundle, desk.store, desk.routes, now=desk.now())
            except BundleError as exc:
                st.error(t(f"bd_err_{exc.code}", lang, **exc.values), icon=":material/error:")
                return
            forget_edits_signature()
            clear_counts()
            for key in [k for k in st.session_state if str(k).startswith(("ev:", "ev_", "bd_"))]:
                del st.session_state[key]
            desk.tell(
                "success", t("bd_done", lang, name=bundle.event.name(lang), n=len(bundle.parsed)), PLACE
            )
            st.rerun()
