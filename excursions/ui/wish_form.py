"""The wish round's form: a ranked list of excursions (add, move up and down, remove) and
the person's name and address, on /signup, in the map's dialog and, for the list alone,
on the personal link's page (excursions.wishes holds the rules, the store keeps them).

The list lives in the session (``wish_list``) until it is sent, so an excursion added
from the map, the list or ?route= is there when the form is drawn.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from excursions.i18n import format_departure, t, wish_message
from excursions.seats import board
from excursions.signups import InputError, clean_participant
from excursions.text import escape_markdown as md
from excursions.ui.context import AppContext, changed, client, get_store, live_snapshot
from excursions.ui.signup_form import FIELDS, consent_text, link_block, not_registered, personal_url, title_of
from excursions.ui.trouble import guarded
from excursions.ui.widgets import in_view
from excursions.wishes import Phase, WishOutcome, phase

LIST = "wish_list"  # the form's list, best first (route ids)


def round_phase(ctx: AppContext, now: dt.datetime | None = None) -> Phase:
    """Where the event's wish round stands: no read beyond the live snapshot's (the draw
    is made when the snapshot no longer carries demand)."""
    if ctx.event.wish_round is None:
        return Phase.FIRST_COME
    drawn = live_snapshot(ctx).demand is None
    return phase(ctx.event.wish_round, now or dt.datetime.now(dt.UTC), drawn=drawn)


def closes_text(ctx: AppContext, lang: str) -> str:
    assert ctx.event.wish_round is not None
    return format_departure(ctx.event.wish_round.closes, lang, ctx.event.timezone)


def titles(ctx: AppContext, ranked: list[str] | tuple[str, ...], lang: str) -> str:
    """'1. Nye skove i Odense, 2. Havnen' for a sentence."""
    return ", ".join(f"{i + 1}. {title_of(ctx, rid, lang)}" for i, rid in enumerate(ranked))


def add_wish(ctx: AppContext, route_id: str | None, key: str = LIST) -> None:
    """Put an excursion last on the list (from the map, the list or a link), once."""
    ranked = st.session_state.setdefault(key, [])
    most = ctx.event.wish_round.wishes if ctx.event.wish_round else 1
    if route_id in ctx.routes.by_id() and route_id not in ranked and len(ranked) < most:
        ranked.append(route_id)


def next_rank(key: str = LIST) -> int:
    return len(st.session_state.get(key, [])) + 1


def _move(key: str, index: int, step: int) -> None:
    ranked = st.session_state[key]
    other = index + step
    if 0 <= other < len(ranked):
        ranked[index], ranked[other] = ranked[other], ranked[index]


def _remove(key: str, index: int) -> None:
    del st.session_state[key][index]


def _add_picked(ctx: AppContext, key: str) -> None:
    add_wish(ctx, st.session_state.get(f"{key}_pick"), key)
    st.session_state.pop(f"{key}_pick", None)


def intro(ctx: AppContext, lang: str) -> None:
    assert ctx.event.wish_round is not None
    st.info(t("wish_intro", lang, n=ctx.event.wish_round.wishes, when=closes_text(ctx, lang)), icon="🎲")
    with st.expander(t("wish_how_title", lang), icon=":material/help:"):
        st.markdown(t("wish_how_body", lang))


def wish_editor(ctx: AppContext, lang: str, key: str = LIST) -> None:
    """The ranked list with ↑ ↓ ✕ per wish, and a choice to add the next one."""
    S = st.session_state
    ranked = S.setdefault(key, [])
    ranked[:] = [rid for rid in ranked if rid in ctx.routes.by_id()]  # hidden since: gone
    most = ctx.event.wish_round.wishes if ctx.event.wish_round else 1
    words = _demand_words(ctx, lang)
    with st.container(border=True, key=f"{key}_box"):
        st.markdown(f"**{md(t('wish_list_heading', lang))}**")
        if not ranked:
            st.caption(t("wish_list_empty", lang))
        for i, rid in enumerate(ranked):
            with st.container(horizontal=True, vertical_alignment="center", key=f"{key}_row_{i}"):
                line = f"**{md(t('wish_rank', lang, n=i + 1))}:** {md(title_of(ctx, rid, lang))}"
                if words.get(rid):
                    line += f"  \n{md(words[rid])}"
                st.markdown(line, width="stretch")
                st.button(
                    "↑", key=f"{key}_up_{i}", help=t("wish_up", lang), disabled=i == 0,
                    on_click=_move, args=(key, i, -1),
                )  # fmt: skip
                st.button(
                    "↓", key=f"{key}_down_{i}", help=t("wish_down", lang), disabled=i == len(ranked) - 1,
                    on_click=_move, args=(key, i, 1),
                )  # fmt: skip
                st.button(
                    "✕", key=f"{key}_del_{i}", help=t("wish_remove", lang), on_click=_remove, args=(key, i)
                )
        if len(ranked) < most:
            options = [r.id for r in ctx.routes.routes if r.id not in ranked]
            st.selectbox(
                t("wish_pick", lang),
                options,
                index=None,
                format_func=lambda rid: (
                    f"{words[rid]} · {title_of(ctx, rid, lang)}"
                    if words.get(rid)
                    else title_of(ctx, rid, lang)
                ),
                key=f"{key}_pick",
                placeholder=t("choose_excursion", lang),
                on_change="ignore",  # picking costs no run: the add button sends it (bench/rush.py)
            )
            st.button(
                t("wish_add", lang, n=len(ranked) + 1),
                key=f"{key}_add",
                icon=":material/add:",
                on_click=_add_picked,
                args=(ctx, key),
            )
        else:
            st.caption(t("wish_full", lang, n=most))


def _demand_words(ctx: AppContext, lang: str) -> dict[str, str]:
    return board(live_snapshot(ctx), lang).seats


@guarded
def _send(ctx: AppContext, lang: str) -> None:
    S = st.session_state
    S.pop("wish_result", None)
    S.pop("wish_error", None)
    try:
        name, email, organisation = (S.get(k, "") for k in FIELDS)
        person = clean_participant(email, name, organisation, lang)
    except InputError as exc:
        S.wish_error = f"{t(f'field_{exc.field}', lang)}: {t(f'input_{exc.code}', lang, **exc.values)}"
        return
    if not S.get(LIST):
        S.wish_error = t("wish_msg_no_wishes", lang)
        return
    if not S.get("f_consent"):
        S.wish_error = t("consent_missing", lang)
        return
    assert ctx.event.wish_round is not None
    result = get_store(ctx).wish(
        person,
        list(S[LIST]),
        now=dt.datetime.now(dt.UTC),
        window=ctx.event.window,
        round_=ctx.event.wish_round,
        registered_only=ctx.settings.signup_registered_only,
        client=client(),
    )
    S.wish_result = result
    S.wish_email = person.email
    if result.token:
        S.my_token = result.token
    changed(ctx)


def _another() -> None:
    S = st.session_state
    for key in ("wish_result", "wish_email", LIST, *FIELDS, "f_consent"):
        S.pop(key, None)


def _answer(ctx: AppContext, lang: str) -> None:
    S = st.session_state
    result = S.wish_result
    if result.outcome is WishOutcome.SAVED:
        st.success(
            md(t("wish_saved", lang, wishes=titles(ctx, result.wishes, lang), when=closes_text(ctx, lang)))
        )
    elif result.outcome is WishOutcome.NOT_REGISTERED:
        not_registered(ctx, lang)
    else:
        level, text = wish_message(result.outcome, lang, n=ctx.event.wish_round.wishes)
        getattr(st, level)(md(text))
    if result.token:
        email = S.get("wish_email") or ""
        link_block(result.token, email, lang, note="wish_mail_note", heading="wish_personal_link")


def wish_form(ctx: AppContext, lang: str) -> None:
    """The whole form for a new person; after a stored list, its answer in place of the form
    (a second tap cannot send it again). Call it in a fragment or a dialog."""
    S = st.session_state
    if S.get("wish_result") and S.wish_result.token:
        with st.container(key="wish_answer"):
            _answer(ctx, lang)
            st.button(t("signup_another", lang), key="wish_another", on_click=_another)
        in_view("wish_answer")
        return
    intro(ctx, lang)
    wish_editor(ctx, lang)
    with st.form("wishes", border=True, enter_to_submit=False):
        st.text_input(t("field_name", lang), key="f_name", autocomplete="name")
        st.text_input(t("field_email", lang), key="f_email", autocomplete="email")
        st.text_input(t("field_organisation", lang), key="f_org", autocomplete="organization")
        st.checkbox(consent_text(ctx, lang), key="f_consent")
        st.form_submit_button(t("wish_submit", lang), type="primary", on_click=_send, args=(ctx, lang))
    error = S.pop("wish_error", None)
    if error or S.get("wish_result"):
        with st.container(key="wish_answer"):
            if error:
                st.error(md(error))
            else:
                _answer(ctx, lang)
        in_view("wish_answer")


def wishes_banner(ctx: AppContext, lang: str) -> None:
    """Above the map during the round: the wishes this browser sent, with the personal link."""
    token = st.session_state.get("my_token")
    ranked = get_store(ctx).my_wishes(token) if token else None
    if not ranked:
        return
    with st.container(key="my_wishes_banner"):
        text = t("wish_sent_banner", lang, wishes=titles(ctx, ranked, lang))
        link = personal_url(token, lang)
        st.info(f"{md(text)}  \n:material/link: [{md(t('open_personal_link', lang))}]({link})")


# --- the personal link's page -----------------------------------------------------------------

MINE = "my_wish_list"


@guarded
def _save_mine(ctx: AppContext, lang: str, token: str, ranked: list[str]) -> None:
    S = st.session_state
    assert ctx.event.wish_round is not None
    result = get_store(ctx).change_wishes(
        token,
        ranked,
        now=dt.datetime.now(dt.UTC),
        window=ctx.event.window,
        round_=ctx.event.wish_round,
        address=client().address,
        lang=lang,
    )
    S.pop("wish_withdraw_asked", None)
    if result.outcome is WishOutcome.SAVED:
        S.wish_message = ("success", t("wish_changed", lang, wishes=titles(ctx, result.wishes, lang)))
    elif result.outcome is WishOutcome.WITHDRAWN:
        S.wish_message = ("success", t("wish_withdrawn", lang))
        S[MINE] = []
    else:
        S.wish_message = wish_message(result.outcome, lang, n=ctx.event.wish_round.wishes)
    changed(ctx)


def my_wishes(ctx: AppContext, lang: str, token: str, now_phase: Phase) -> None:
    """The link owner's wishes: editable until the round closes, then shown as sent."""
    S = st.session_state
    stored = get_store(ctx).my_wishes(token) or ()
    if S.get("_my_wishes_token") != token:  # this link's list, once: then the person's edits
        S._my_wishes_token = token
        S[MINE] = list(stored)
    message = S.pop("wish_message", None)
    if message:
        getattr(st, message[0])(md(message[1]))
    if now_phase is not Phase.WISHING:
        if stored:
            st.markdown(f"**{md(t('wish_list_heading', lang))}:** {md(titles(ctx, stored, lang))}")
        st.info(t("wish_draw_due", lang))
        return
    st.caption(t("wish_manage_until", lang, when=closes_text(ctx, lang)))
    with st.expander(t("wish_how_title", lang), icon=":material/help:"):
        st.markdown(t("wish_how_body", lang))
    wish_editor(ctx, lang, MINE)
    with st.container(horizontal=True):
        st.button(
            t("wish_save", lang),
            type="primary",
            key="wish_save",
            disabled=not S[MINE] or tuple(S[MINE]) == tuple(stored),
            on_click=_save_mine,
            args=(ctx, lang, token, list(S[MINE])),
        )
        if stored and not S.get("wish_withdraw_asked"):
            st.button(
                t("wish_withdraw", lang),
                key="wish_withdraw",
                on_click=lambda: S.__setitem__("wish_withdraw_asked", True),
            )
    if S.get("wish_withdraw_asked"):
        st.warning(t("wish_withdraw_ask", lang))
        with st.container(horizontal=True):
            st.button(
                t("wish_withdraw_yes", lang),
                type="primary",
                key="wish_withdraw_yes",
                on_click=_save_mine,
                args=(ctx, lang, token, []),
            )
            st.button(
                t("wish_keep", lang), key="wish_keep", on_click=lambda: S.pop("wish_withdraw_asked", None)
            )
