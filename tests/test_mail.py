"""Mail: which changes send what, how it reads in both languages, and that it really arrives
through a real SMTP server (aiosmtpd) — plain, STARTTLS with a login, and TLS — exactly once."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest

from excursions.event import load_event
from excursions.mail.compose import Letter, compose
from excursions.mail.kinds import MailKind, MailOrder, mails_for
from excursions.mail.transport import (
    FileTransport,
    MailUrlError,
    Security,
    SmtpTransport,
    transport_from_url,
)
from excursions.mail.worker import MailWorker
from excursions.routes import load_routes
from excursions.signups import Book, Status, Window, cancel, clean_participant, sign_up
from excursions.store import outbox
from tests.conftest import EVENT_FILE, HOSTILE, SHIPPED_ROUTES
from tests.support.processes import free_port
from tests.support.smtp_sink import Certificates, SmtpServer

UTC = dt.UTC
NOW = dt.datetime(2022, 4, 1, 12, tzinfo=UTC)
OPEN = Window(dt.datetime(2022, 3, 1, tzinfo=UTC), dt.datetime(2022, 4, 19, tzinfo=UTC))
CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture(scope="module")
def event():
    return load_event(EVENT_FILE)


@pytest.fixture(scope="module")
def routes(event):
    from excursions.routes import Area

    area = Area(event.venue.lat, event.venue.lon, event.venue.area_radius_km)
    return load_routes(SHIPPED_ROUTES, area).by_id()


# --- which mail a change sends (pure) ---------------------------------------------------------

A, B, C = "a@x.dk", "b@x.dk", "c@x.dk"


def _orders(decision) -> list[tuple[str, MailKind, str | None, str | None, int | None]]:
    return [(o.participant, o.kind, o.route_id, o.previous_route_id, o.position) for o in mails_for(decision)]


@pytest.mark.parametrize(
    ("books", "action", "expected"),
    [
        ({"r1": Book("r1", 2)}, ("signup", A, "r1"), [(A, MailKind.SIGNED_UP, "r1", None, None)]),
        (
            {"r1": Book("r1", 1, (B,))},
            ("signup", A, "r1"),
            [(A, MailKind.WAITLISTED, "r1", None, 1)],
        ),
        (
            {"r1": Book("r1", 1, (A,), (B,)), "r2": Book("r2", 5)},
            ("signup", A, "r2"),
            [(A, MailKind.MOVED, "r2", "r1", None), (B, MailKind.PROMOTED, "r1", None, None)],
        ),
        (
            {"r1": Book("r1", 5), "r2": Book("r2", 1, (B,), (C,))},
            ("signup", A, "r2"),
            [(A, MailKind.WAITLISTED, "r2", None, 2)],
        ),
        (
            {"r1": Book("r1", 1, (A,), (B, C))},
            ("cancel", A, None),
            [(A, MailKind.CANCELLED, "r1", None, None), (B, MailKind.PROMOTED, "r1", None, None)],
        ),
        ({"r1": Book("r1", 1, (A,))}, ("signup", A, "r1"), []),  # already there: nothing to say
    ],
)
def test_each_change_mails_each_person_it_touched_once(books, action, expected):
    op, who, route = action
    decision = sign_up(books, who, route, NOW, OPEN) if op == "signup" else cancel(books, who)
    assert _orders(decision) == expected


# --- how it reads -----------------------------------------------------------------------------


def parse(data: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(data, policy=email.policy.default)


def parts(msg) -> dict[str, str | bytes]:
    out = {}
    for part in msg.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        if part.get_filename():
            kind = f"attachment:{part.get_filename()}"
        out[kind] = part.get_content()
    return out


def read_invite(data: bytes | str):
    cal = icalendar.Calendar.from_ical(data)
    (ev,) = cal.walk("VEVENT")
    return cal, ev


def letter(kind: MailKind, lang: str, route, **more) -> Letter:
    return Letter(
        kind=kind,
        lang=lang,
        name=more.pop("name", "Anna Berg"),
        email="anna@odense.dk",
        participant_id=7,
        link="http://localhost:8501/signup?token=tok123" + ("&lang=en" if lang == "en" else ""),
        route=route,
        sequence=more.pop("sequence", 1),
        **more,
    )


SUBJECTS = {
    ("da", MailKind.SIGNED_UP): "Tilmeldt: Nye skove i Odense",
    ("en", MailKind.SIGNED_UP): "Signed up: New forests in Odense",
    ("da", MailKind.WAITLISTED): "Venteliste: Nye skove i Odense",
    ("en", MailKind.WAITLISTED): "Waiting list: New forests in Odense",
    ("da", MailKind.MOVED): "Flyttet til: Nye skove i Odense",
    ("en", MailKind.MOVED): "Moved to: New forests in Odense",
    ("da", MailKind.PROMOTED): "Du har fået en plads: Nye skove i Odense",
    ("en", MailKind.PROMOTED): "You have a seat: New forests in Odense",
    ("da", MailKind.CANCELLED): "Afmeldt: Nye skove i Odense",
    ("en", MailKind.CANCELLED): "Cancelled: New forests in Odense",
    ("da", MailKind.ALREADY_SIGNED_UP): "Dit personlige link til udflugterne",
    ("en", MailKind.ALREADY_SIGNED_UP): "Your personal link to the excursions",
    ("da", MailKind.LINK): "Dit personlige link til udflugterne",
    ("en", MailKind.LINK): "Your personal link to the excursions",
}


@pytest.mark.parametrize(("lang", "kind"), list(SUBJECTS))
def test_every_kind_reads_in_danish_and_english_with_link_and_invite(event, routes, lang, kind):
    route = routes["skovrejsning"]
    more = {"previous": routes["biogas-fangel"]} if kind is MailKind.MOVED else {}
    if kind in (MailKind.ALREADY_SIGNED_UP, MailKind.LINK):
        more["status"] = Status.CONFIRMED
    msg = parse(bytes(compose(letter(kind, lang, route, **more), event, now=NOW)))
    assert msg["Subject"] == SUBJECTS[(lang, kind)]
    assert msg["To"].addresses[0].addr_spec == "anna@odense.dk"
    assert msg["From"].addresses[0].addr_spec == event.sender_address
    assert msg["Content-Language"] == lang
    body = parts(msg)
    text = body["text/plain"]
    assert "signup?token=tok123" in text and "signup?token=tok123" in body["text/html"]
    hello = "Hej Anna Berg" if lang == "da" else "Hello Anna Berg"
    assert text.startswith(hello)
    if kind.invite:
        cal, ev = read_invite(body["attachment:invitation.ics"])
        assert body["text/calendar"].replace("\r\n", "\n") == body[
            "attachment:invitation.ics"
        ].decode().replace("\r\n", "\n")
        assert str(cal["METHOD"]) == ("CANCEL" if kind is MailKind.CANCELLED else "REQUEST")
        start = ev.decoded("DTSTART")
        assert start.tzinfo.key == "Europe/Copenhagen"  # with the zone, not a fixed offset
        assert start == route.departure and start.astimezone(CPH).strftime("%H:%M") == "13:45"
        assert str(ev["LOCATION"]) == route.meeting(lang)  # in the letter's language
        assert route.title(lang) in str(ev["SUMMARY"])
        assert ev["DTSTART"].params["TZID"] == "Europe/Copenhagen" and cal.walk("VTIMEZONE")
    else:
        assert "attachment:invitation.ics" not in body
    if kind is not MailKind.CANCELLED and kind.invite:
        departure = "20. april 2022 kl. 13:45" if lang == "da" else "20 April 2022, 13:45"
        assert departure in text and route.meeting(lang) in text


def test_the_invite_keeps_its_uid_and_grows_its_sequence_through_a_move_and_a_cancellation(event, routes):
    first = read_invite(
        parts(
            parse(bytes(compose(letter(MailKind.SIGNED_UP, "da", routes["skovrejsning"]), event, now=NOW)))
        )["attachment:invitation.ics"]
    )[1]
    moved = read_invite(
        parts(
            parse(
                bytes(
                    compose(
                        letter(
                            MailKind.MOVED,
                            "da",
                            routes["biogas-fangel"],
                            sequence=2,
                            previous=routes["skovrejsning"],
                        ),
                        event,
                        now=NOW,
                    )
                )
            )
        )["attachment:invitation.ics"]
    )[1]
    gone = read_invite(
        parts(
            parse(
                bytes(
                    compose(
                        letter(MailKind.CANCELLED, "da", routes["biogas-fangel"], sequence=3), event, now=NOW
                    )
                )
            )
        )["attachment:invitation.ics"]
    )[1]
    assert str(first["UID"]) == str(moved["UID"]) == str(gone["UID"])
    assert [int(e["SEQUENCE"]) for e in (first, moved, gone)] == [1, 2, 3]
    assert str(moved["LOCATION"]) == routes["biogas-fangel"].meeting_point
    assert str(gone["STATUS"]) == "CANCELLED"


def test_a_hostile_name_is_escaped_in_the_html_part(event, routes):
    msg = parse(
        bytes(compose(letter(MailKind.SIGNED_UP, "da", routes["skovrejsning"], name=HOSTILE), event, now=NOW))
    )
    html = parts(msg)["text/html"]
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


# --- the transport setting --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp://u:p%40ss@mail.example:587",
            SmtpTransport("mail.example", 587, Security.STARTTLS, "u", "p@ss"),
        ),
        ("smtps://u:p@mail.example", SmtpTransport("mail.example", 465, Security.TLS, "u", "p")),
        ("smtp+plain://relay", SmtpTransport("relay", 25, Security.NONE)),
        ("smtp://h:2525?cafile=/ca.pem", SmtpTransport("h", 2525, Security.STARTTLS, cafile="/ca.pem")),
        ("file:///srv/outbox", FileTransport(Path("/srv/outbox"))),
        ("", FileTransport(Path("/data/outbox"))),
    ],
)
def test_mail_url_choices(url, expected):
    assert transport_from_url(url, Path("/data")) == expected


@pytest.mark.parametrize("url", ["http://mail.example", "smtp://", "smtp://h:notaport", "file://"])
def test_a_bad_mail_url_is_refused_with_what_to_write(url):
    with pytest.raises(MailUrlError):
        transport_from_url(url, Path("/data"))


# --- through a real SMTP server ----------------------------------------------------------------


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    return Certificates(tmp_path_factory.mktemp("ca"))


@pytest.fixture
def mail_store(store):
    from tests.conftest import make_routes

    store.sync_routes(make_routes([1, 5]), NOW)
    return store


def make_worker(store, transport, event, routes, **kw) -> MailWorker:
    catalogue = {"r00": routes["skovrejsning"], "r01": routes["biogas-fangel"]}
    return MailWorker(store, transport, lambda: (event, catalogue), **kw)


def every_kind(store) -> str:
    """One of each mail, in order; returns the first participant's link."""
    a = clean_participant("a@odense.dk", "Anna", "Odense", "da")
    b = clean_participant("b@odense.dk", "Bo", "Vejle", "en")
    link_a = store.signup(a, "r00", now=NOW, window=OPEN).token  # A: signed up
    link_b = store.signup(b, "r00", now=NOW, window=OPEN).token  # B: waiting list
    store.switch(link_a, "r01", now=NOW, window=OPEN)  # A: moved; B: promoted
    store.cancel_own(link_b, now=NOW)  # B: cancelled
    store.signup(clean_participant(" A@Odense.dk ", "Not Anna"), "r00", now=NOW, window=OPEN)  # A: already
    store.request_link("a@odense.dk", now=NOW, session="s1")  # A: link again
    return link_a


EXPECTED = [
    ("a@odense.dk", "Tilmeldt: Nye skove i Odense"),
    ("b@odense.dk", "Waiting list: New forests in Odense"),
    ("a@odense.dk", "Flyttet til: Biogas og landbrug ved Fangel"),
    ("b@odense.dk", "You have a seat: New forests in Odense"),
    ("b@odense.dk", "Cancelled: New forests in Odense"),
    ("a@odense.dk", "Dit personlige link til udflugterne"),
    ("a@odense.dk", "Dit personlige link til udflugterne"),
]


@pytest.mark.parametrize("mode", ["plain", "starttls", "tls"])
def test_each_kind_arrives_once_through_a_real_smtp_server(mail_store, event, routes, certificates, mode):
    scheme = {"plain": "smtp+plain", "starttls": "smtp", "tls": "smtps"}[mode]
    login = "" if mode == "plain" else "sender:s3cret@"
    with SmtpServer(mode, certificates, user="sender" if login else "", password="s3cret") as server:
        url = f"{scheme}://{login}127.0.0.1:{server.port}?cafile={certificates.cafile}"
        worker = make_worker(mail_store, transport_from_url(url, Path("/unused")), event, routes)
        every_kind(mail_store)
        assert worker.drain().sent == 7
        assert worker.drain().sent == 0  # nothing twice
        got = server.sink.messages()
    assert [(m["To"].addresses[0].addr_spec, m["Subject"]) for m in got] == EXPECTED
    assert len({m["Message-ID"] for m in got}) == 7
    assert {r.sender for r in server.sink.received} == {event.sender_address}
    tally = mail_store.mail_tally()
    assert (tally[outbox.MailStatus.SENT], tally[outbox.MailStatus.QUEUED]) == (7, 0)
    # every mailed link works and belongs to the person it went to
    for m in got:
        link = next(line for line in parts(m)["text/plain"].splitlines() if "/signup?token=" in line)
        query = parse_qs(urlsplit(link).query)
        view = mail_store.participant(query["token"][0])
        assert view is not None and view.email == m["To"].addresses[0].addr_spec
        assert query.get("lang", ["da"])[0] == m["Content-Language"]


def test_starttls_is_required_not_skipped(mail_store, event, routes, certificates):
    with SmtpServer("plain") as server:  # offers no STARTTLS
        worker = make_worker(
            mail_store, transport_from_url(f"smtp://127.0.0.1:{server.port}", Path("/x")), event, routes
        )
        mail_store.signup(clean_participant("a@odense.dk", "Anna"), "r00", now=NOW, window=OPEN)
        assert worker.run_once().failed == 1
        assert server.sink.received == []
    (mail,) = mail_store.mail_queue()
    assert mail.status is outbox.MailStatus.QUEUED and "STARTTLS" in mail.last_error


def test_a_refusing_server_loses_nothing_temporary_then_for_good(mail_store, event, routes):
    clock = [NOW]
    with SmtpServer("plain") as server:
        transport = transport_from_url(f"smtp+plain://127.0.0.1:{server.port}", Path("/x"))
        worker = make_worker(mail_store, transport, event, routes, clock=lambda: clock[0])
        mail_store.signup(clean_participant("a@odense.dk", "Anna"), "r00", now=NOW, window=OPEN)
        server.sink.refuse = "451 4.3.0 try again later"
        assert worker.run_once().failed == 1
        (mail,) = mail_store.mail_queue()
        assert (mail.status, mail.attempts, mail.next_attempt_at) == (
            outbox.MailStatus.QUEUED,
            1,
            NOW + outbox.FIRST_RETRY,
        )
        assert worker.run_once() == worker.run_once().__class__()  # not due yet: nothing tried
        clock[0] = NOW + outbox.FIRST_RETRY
        server.sink.refuse = "550 5.1.1 no such mailbox"
        assert worker.run_once().failed == 1
        (mail,) = mail_store.mail_queue()
        assert mail.status is outbox.MailStatus.FAILED and mail.last_error.startswith("550")
        assert mail_store.retry_failed_mail(now=clock[0]) == 1  # the organiser's button
        server.sink.refuse = ""
        assert worker.run_once().sent == 1
        (got,) = server.sink.messages()
    (mail,) = mail_store.mail_queue()
    assert mail.status is outbox.MailStatus.SENT and mail.message is None  # the link is not kept
    assert got["Message-ID"] == mail.message_id  # every try sent the same message


def test_back_off_doubles_and_is_capped():
    waits = [outbox.retry_wait(n).total_seconds() for n in range(1, 9)]
    assert waits == [30, 60, 120, 240, 480, 960, 1800, 1800]


def test_no_server_at_all_leaves_every_mail_for_later(mail_store, event, routes):
    port = free_port()  # nothing listens there
    worker = make_worker(
        mail_store, transport_from_url(f"smtp+plain://127.0.0.1:{port}", Path("/x")), event, routes
    )
    for i in range(3):
        mail_store.signup(clean_participant(f"p{i}@odense.dk", "P"), "r01", now=NOW, window=OPEN)
    assert worker.run_once().failed == 3
    assert all(m.attempts == 1 and "cannot connect" in m.last_error for m in mail_store.mail_queue())


def test_the_default_writes_eml_files_a_person_can_open(mail_store, event, routes, tmp_path):
    worker = make_worker(mail_store, transport_from_url("", tmp_path), event, routes)
    mail_store.signup(clean_participant("a@odense.dk", "Anna"), "r00", now=NOW, window=OPEN)
    assert worker.drain().sent == 1
    (path,) = (tmp_path / "outbox").glob("*.eml")
    msg = parse(path.read_bytes())
    assert msg["Subject"] == "Tilmeldt: Nye skove i Odense" and "attachment:invitation.ics" in parts(msg)


def test_queued_mail_is_written_with_the_change_or_not_at_all(mail_store):
    """A refused sign-up queues nothing; an order for a stranger's address names nobody."""
    mail_store.signup(clean_participant("a@odense.dk", "Anna"), "nowhere", now=NOW, window=OPEN)
    assert mail_store.mail_queue() == []
    assert MailOrder("x", MailKind.LINK, None).kind.invite is False


def test_mail_that_keeps_failing_does_not_crowd_out_mail_never_tried(mail_store, event, routes):
    clock = [NOW]
    port = free_port()  # down
    worker = make_worker(
        mail_store,
        transport_from_url(f"smtp+plain://127.0.0.1:{port}", Path("/x")),
        event,
        routes,
        clock=lambda: clock[0],
        first_retry=dt.timedelta(seconds=1),
    )
    for i in range(4):
        mail_store.signup(clean_participant(f"p{i}@odense.dk", "P"), "r01", now=NOW, window=OPEN)
    assert worker.run_once(limit=2).failed == 2
    clock[0] = NOW + dt.timedelta(seconds=5)  # the first two are due again, the others still waiting
    assert worker.run_once(limit=2).failed == 2
    assert sorted(m.attempts for m in mail_store.mail_queue()) == [1, 1, 1, 1]


@pytest.mark.parametrize(
    ("lang", "sender", "again", "not_offered"),
    [
        ("da", "TM '22 udflugter", "tilmelde dig en udflugt igen", "skifte udflugt eller melde fra"),
        ("en", "TM '22 excursions", "sign up for an excursion again", "switch excursion or cancel"),
    ],
)
def test_a_cancellation_mail_offers_signing_up_again_from_the_sender_in_its_language(
    event, routes, lang, sender, again, not_offered
):
    """Issue 27 item 10: the cancellation offered to switch or cancel what was gone, and an
    English mail came from and was signed by the Danish sender name."""
    msg = parse(bytes(compose(letter(MailKind.CANCELLED, lang, routes["skovrejsning"]), event, now=NOW)))
    text = parts(msg)["text/plain"]
    assert again in text and not_offered not in text
    assert msg["From"].addresses[0].display_name == sender
    assert text.rstrip().splitlines()[-2 if event.contact_address else -1] == sender


@pytest.mark.parametrize(
    ("lang", "moved", "cancelled"),
    [
        ("da", "En arrangør har flyttet din tilmelding.", "En arrangør har meldt dig fra."),
        ("en", "An organiser has moved your sign-up.", "An organiser has cancelled your sign-up."),
    ],
)
def test_an_organisers_move_and_cancel_say_an_organiser_did_it(
    mail_store, event, routes, tmp_path, lang, moved, cancelled
):
    """Issue 27, item 10: the person did not do it, so the mail must not read as if they had."""
    worker = make_worker(mail_store, transport_from_url("", tmp_path), event, routes)
    own = mail_store.signup(clean_participant("own@odense.dk", "Ole", "", lang), "r01", now=NOW, window=OPEN)
    mail_store.signup(clean_participant("aase@ærø.dk", "Åse Ørsted", "", lang), "r01", now=NOW, window=OPEN)
    mail_store.switch(own.token, "r00", now=NOW + dt.timedelta(minutes=1), window=OPEN)  # by themselves
    mail_store.move("aase@ærø.dk", "r00", now=NOW + dt.timedelta(minutes=2))  # by an organiser
    mail_store.cancel("aase@ærø.dk", now=NOW + dt.timedelta(minutes=3))
    worker.drain()
    texts = {}
    for path in sorted((tmp_path / "outbox").glob("*.eml")):
        msg = parse(path.read_bytes())
        texts[(str(msg["To"]), msg["Subject"].split(":")[0])] = parts(msg)["text/plain"]
    said = [text for (to, _), text in texts.items() if "aase@" in to]
    assert sum(moved in text for text in said) == 1 and sum(cancelled in text for text in said) == 1
    assert event.contact_address in next(text for text in said if moved in text)
    assert not any(moved in text for (to, _), text in texts.items() if to.startswith("Ole"))
