"""A participant's mail: plain text and HTML in their language, with the calendar invite.

Pure: everything the mail says comes in as a :class:`Letter`; nothing is looked up here.
Text from people and route files goes into the HTML part escaped.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import hashlib
import hmac
from dataclasses import dataclass
from email.charset import QP, Charset
from email.header import Header
from email.message import Message
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr, make_msgid

from excursions.addresses import needs_smtputf8, wire_address
from excursions.event import Event
from excursions.i18n import format_departure, format_duration, format_km, mode_label, t
from excursions.links import signup_page
from excursions.mail.invite import InviteFacts, InviteMethod, invite
from excursions.mail.kinds import MailKind
from excursions.routes import Route
from excursions.signups import Status
from excursions.templating import render


@dataclass(frozen=True)
class Letter:
    kind: MailKind
    lang: str
    name: str
    email: str
    participant_id: int
    link: str
    route: Route | None = None  # what the mail is about (for link mails: where they are now)
    previous: Route | None = None  # moved from
    position: int | None = None  # on the waiting list
    status: Status | None = None  # link mails: their status now
    sequence: int = 0
    by_organiser: bool = False  # an organiser moved or cancelled them: the mail says so
    message_id: str = ""
    invite_key: bytes = b""  # the installation's secret for the invite's UID (invite_uid)
    wishes: tuple[Route, ...] = ()  # the wish round's mails: their wishes, best first
    open_routes: tuple[Route, ...] = ()  # NOT_DRAWN: the excursions that still had seats


def invite_uid(key: bytes, event: Event, participant_id: int) -> str:
    """Stable per person and event (see excursions.mail.invite), and telling nothing: an HMAC
    of the participant's number under an installation secret, not the number itself, which
    would say how many signed up before them."""
    host = event.public_url.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "excursions"
    slug = f"{event.start_date:%Y%m%d}"
    digest = hmac.new(key, f"{slug}:{participant_id}".encode(), hashlib.sha256).hexdigest()[:32]
    return f"excursion-{slug}-{digest}@{host}"


def _facts(route: Route, event: Event, lang: str) -> list[tuple[str, str]]:
    return [
        (t("departure", lang), format_departure(route.departure, lang, event.timezone)),
        (t("meeting_point", lang), route.meeting(lang)),
        (t("mail_transport", lang), mode_label(route.mode, lang)),
        (t("length", lang), format_km(route.length_m, lang)),
        (t("duration", lang), format_duration(route.duration_min, lang)),
    ]


def _lines(letter: Letter, event: Event) -> tuple[str, list[str], list[tuple[str, str]], list[str]]:
    """(subject, paragraphs before the facts, facts, paragraphs after the link)."""
    lang, kind, route = letter.lang, letter.kind, letter.route
    title = route.title(lang) if route else ""
    previous = letter.previous.title(lang) if letter.previous else ""
    n = letter.position or 0
    subject = t(f"mail_subject_{kind.value}", lang, title=title)
    if kind in (MailKind.WISHES, MailKind.DRAWN, MailKind.NOT_DRAWN):
        return _wish_lines(letter, event, subject)
    if kind is MailKind.MOVED and letter.position:
        body = t("mail_body_moved_waiting", lang, title=title, previous=previous, n=n)
    else:
        body = t(f"mail_body_{kind.value}", lang, title=title, previous=previous, n=n)
    paragraphs = [body]
    if letter.by_organiser and kind in (MailKind.MOVED, MailKind.CANCELLED):
        plain = "" if event.contact_address else "_plain"
        paragraphs.insert(0, t(f"mail_by_organiser_{kind.value}{plain}", lang, contact=event.contact_address))
    if kind in (MailKind.ALREADY_SIGNED_UP, MailKind.LINK):
        if route and letter.status is Status.CONFIRMED:
            paragraphs.append(t("mail_now_on", lang, title=title))
        elif route and letter.status is Status.WAITLISTED:
            paragraphs.append(t("mail_now_waiting", lang, title=title, n=n))
        else:
            paragraphs.append(t("mail_now_none", lang))
        paragraphs.append(t("mail_other_links", lang))
    facts = _facts(route, event, lang) if route and kind is not MailKind.CANCELLED else []
    after = []
    if kind.invite:
        after.append(
            t("mail_cancel_attached" if kind is MailKind.CANCELLED else "mail_invite_attached", lang)
        )
    if kind is MailKind.SIGNED_UP or kind is MailKind.WAITLISTED:
        after.append(t("mail_not_you", lang))
    return subject, paragraphs, facts, after


def _wish_lines(letter: Letter, event: Event, subject: str):
    """The wish round's mails: the wishes kept (no seat yet), or what the draw gave."""
    lang, kind, route = letter.lang, letter.kind, letter.route
    title = route.title(lang) if route else ""
    ranked = [(t("wish_rank", lang, n=i + 1), r.title(lang)) for i, r in enumerate(letter.wishes)]
    closes = event.wish_round.closes if event.wish_round else None
    when = format_departure(closes, lang, event.timezone) if closes else ""
    after: list[str] = []
    if kind is MailKind.WISHES:
        paragraphs = [t("mail_body_wishes", lang, when=when), t("mail_wishes_how", lang)]
        facts = ranked
        after.append(t("mail_wishes_change", lang, when=when))
    elif kind is MailKind.DRAWN:
        rank = next((i + 1 for i, r in enumerate(letter.wishes) if route and r.id == route.id), 0)
        body = (
            t("mail_body_drawn", lang, title=title, n=rank)
            if rank
            else t("mail_body_drawn_plain", lang, title=title)
        )
        paragraphs = [body]
        facts = _facts(route, event, lang) if route else []
        after.append(t("mail_invite_attached", lang))
    else:
        paragraphs = [t("mail_body_not_drawn", lang, title=title, n=letter.position or 0)]
        if letter.open_routes:
            listed = ", ".join(r.title(lang) for r in letter.open_routes)
            paragraphs.append(t("mail_not_drawn_open", lang, routes=listed))
        else:
            paragraphs.append(t("mail_not_drawn_none_open", lang))
        facts = ranked
    return subject, paragraphs, facts, after


def _link_intro(letter: Letter) -> str:
    """After a cancellation the link no longer switches or cancels anything: it signs up again."""
    if letter.kind is MailKind.WISHES:
        return "mail_link_intro_wishes"
    return "mail_link_intro_cancelled" if letter.kind is MailKind.CANCELLED else "mail_link_intro"


def _text(letter: Letter, event: Event, paragraphs, facts, after) -> str:
    lang = letter.lang
    parts = [t("mail_hello", lang, name=letter.name), *paragraphs]
    if facts:
        parts.append("\n".join(f"{k}: {v}" for k, v in facts))
    parts.append(f"{t(_link_intro(letter), lang)}\n{letter.link}\n{t('mail_link_keep', lang)}")
    parts += after
    sign = f"{t('mail_regards', lang)}\n{event.sender(lang)}"
    if event.contact_address:
        sign += "\n" + t("mail_questions", lang, contact=event.contact_address)
    parts.append(sign)
    return "\n\n".join(parts) + "\n"


def _html(letter: Letter, event: Event, paragraphs, facts, after) -> str:
    lang = letter.lang
    return render(
        "mail.html.j2",
        lang=lang,
        hello=t("mail_hello", lang, name=letter.name),
        paragraphs=paragraphs,
        facts=facts,
        link_intro=t(_link_intro(letter), lang),
        link=letter.link,
        link_keep=t("mail_link_keep", lang),
        after=after,
        regards=t("mail_regards", lang),
        sender=event.sender(lang),
        questions=t("mail_questions", lang, contact=event.contact_address) if event.contact_address else "",
    )


def _invite(letter: Letter, event: Event, now: dt.datetime) -> bytes:
    route, lang = letter.route, letter.lang
    assert route is not None
    waiting = letter.kind is MailKind.WAITLISTED or (letter.kind is MailKind.MOVED and letter.position)
    summary = route.title(lang)
    if waiting:
        summary = f"{t('invite_waiting_prefix', lang)}: {summary}"
    details = "\n".join(f"{k}: {v}" for k, v in _facts(route, event, lang))
    page = signup_page(event.public_url, lang)
    return invite(
        InviteFacts(
            uid=invite_uid(letter.invite_key, event, letter.participant_id),
            sequence=letter.sequence,
            method=InviteMethod.CANCEL if letter.kind is MailKind.CANCELLED else InviteMethod.REQUEST,
            summary=summary,
            start=route.departure,
            end=route.departure + dt.timedelta(minutes=route.duration_min),
            timezone=str(event.timezone.key),
            location=route.meeting(lang),
            # No personal link: a calendar entry is shared and synced where a mail is not.
            description=f"{details}\n\n{t('invite_manage', lang)}\n{page}",
            url=page,
            organiser_name=event.sender(lang),
            organiser_address=event.sender_address,
            attendee_name=letter.name,
            attendee_address=letter.email,
            tentative=bool(waiting),
            stamp=now,
        )
    )


# Text parts go out quoted-printable in UTF-8: readable in any mail reader, safe through any
# relay. Built with the classic MIME classes: the same message as EmailMessage.set_content
# builds, at a fifth of the CPU (every sign-up during the rush composes one; bench/rush.py).
_UTF8 = Charset("utf-8")
_UTF8.header_encoding = _UTF8.body_encoding = QP
WIRE = email.policy.compat32.clone(linesep="\r\n")  # CRLF line ends, as on the wire


def _text_part(body: str, subtype: str, **params: str) -> MIMEText:
    part = MIMEText(body, subtype, _UTF8)  # type: ignore[arg-type]  # a Charset: its QP
    for key, value in params.items():
        part.set_param(key, value)
    return part


# An address with letters outside ASCII before the @ (SMTPUTF8) cannot go through the classic
# header encoders, which would RFC 2047-encode the address itself: the header is written with
# this stand-in, and wire() puts the address's UTF-8 bytes in its place.
_UTF8_STAND_IN = "x-utf8-local-part"


def _address(name: str, address: str) -> str:
    address = wire_address(address)
    if needs_smtputf8(address):
        address = f"{_UTF8_STAND_IN}@{address.rpartition('@')[2]}"
    return formataddr((name, address), charset=_UTF8)


def compose(letter: Letter, event: Event, *, now: dt.datetime) -> Message:
    """The whole message: text, HTML and (for changes of a seat) the invite, inline and attached."""
    subject, paragraphs, facts, after = _lines(letter, event)
    sender = event.sender_address or "noreply@localhost"
    alternative = MIMEMultipart("alternative")
    alternative.attach(_text_part(_text(letter, event, paragraphs, facts, after), "plain"))
    alternative.attach(_text_part(_html(letter, event, paragraphs, facts, after), "html"))
    msg: Message = alternative
    if letter.kind.invite and letter.route is not None:
        ics = _invite(letter, event, now)
        method = "CANCEL" if letter.kind is MailKind.CANCELLED else "REQUEST"
        alternative.attach(_text_part(ics.decode(), "calendar", method=method))
        attachment = MIMEApplication(ics, "ics")
        attachment.add_header("Content-Disposition", "attachment", filename="invitation.ics")
        msg = MIMEMultipart("mixed", _subparts=[alternative, attachment])
    msg["Subject"] = Header(subject, _UTF8)
    msg["From"] = _address(event.sender(letter.lang), sender)
    msg["To"] = _address(letter.name, letter.email)
    if needs_smtputf8(letter.email):
        msg.utf8_local = letter.email.rpartition("@")[0]  # type: ignore[attr-defined]
    if event.contact_address:
        msg["Reply-To"] = event.contact_address
    msg["Date"] = format_datetime(now.astimezone(event.timezone))
    domain = sender.partition("@")[2] or "localhost"
    msg["Message-ID"] = letter.message_id or make_msgid("excursions", domain=domain)
    msg["Auto-Submitted"] = "auto-generated"
    msg["Content-Language"] = letter.lang
    return msg


def wire(message: Message) -> bytes:
    """The message as it goes to the mail server (and into an .eml file)."""
    data = message.as_bytes(policy=WIRE)
    local = getattr(message, "utf8_local", None)  # an SMTPUTF8 recipient: its own letters (RFC 6532)
    return data.replace(_UTF8_STAND_IN.encode(), local.encode(), 1) if local else data
