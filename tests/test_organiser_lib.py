"""The organiser's library: password, overview, fill-up replay, import, export, check-in."""

from __future__ import annotations

import datetime as dt
import io
import threading
from zoneinfo import ZoneInfo

import openpyxl
import pandas as pd
import pytest

from excursions.access import PasswordHashError, hash_password, verify_password
from excursions.exports import guide_sheet, people_frame, to_csv, to_xlsx
from excursions.fillup import replay
from excursions.model import LoggedEvent, RouteCount
from excursions.overview import Attention, bikes_needed, buses_needed, overview
from excursions.overview_text import attention_text, overview_feed
from excursions.registrations import (
    ImportRefused,
    RegistrationFileError,
    RowAction,
    current_routes,
    guess_mapping,
    parse_mapping,
    plan,
    read_table,
    registrations,
)
from excursions.routes import Mode, load_routes
from excursions.signups import NO_FACTS, EventFacts, EventKind, ParticipantInput, Status, Window
from excursions.ui.overview_panel import metrics_html, table_html
from tests.conftest import SHIPPED_ROUTES, hostile_doc, make_routes, write_route
from tests.support.overview_table import OverviewReader

UTC = dt.UTC
NOW = dt.datetime(2022, 4, 1, 12, tzinfo=UTC)
OPEN = Window(dt.datetime(2022, 3, 1, tzinfo=UTC), dt.datetime(2022, 4, 19, tzinfo=UTC))


# --- password -------------------------------------------------------------------------------


def test_password_hash_is_salted_and_verifies():
    a, b = hash_password("hemmelig"), hash_password("hemmelig")
    assert a != b and a.startswith("scrypt$")
    assert verify_password("hemmelig", a) and not verify_password("Hemmelig", a)


def test_malformed_hash_says_how_to_fix_it():
    with pytest.raises(PasswordHashError, match="hash-password"):
        verify_password("x", "plain-text-password")


# --- overview -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def routes(area):
    return load_routes(SHIPPED_ROUTES, area).routes


def test_overview_totals_per_mode(routes):
    counts = {r.id: RouteCount(r.id, r.mode, r.capacity, min(10, r.capacity), 0) for r in routes}
    counts["ejby-moelle-renseanlaeg"] = RouteCount("ejby-moelle-renseanlaeg", Mode.BUS, 45, 45, 4)
    view = overview(routes, counts)
    bus = next(m for m in view.modes if m.mode is Mode.BUS)
    assert bus.routes == 8 and bus.confirmed == 7 * 10 + 45 and bus.waitlisted == 4
    assert view.capacity == sum(r.capacity for r in routes)
    ejby = next(row for row in view.rows if row.route.id == "ejby-moelle-renseanlaeg")
    assert ejby.fill == 1.0 and ejby.stands_out
    assert not next(row for row in view.rows if row.route.id == "skovrejsning").stands_out


@pytest.mark.parametrize(
    ("capacity", "confirmed", "waiting", "expect", "says"),
    [
        (45, 10, 0, Attention.NONE, ""),
        (45, 41, 0, Attention.FEW, "⚠️ næsten fuld"),  # 4 seats left
        (45, 44, 0, Attention.FEW, "⚠️ næsten fuld"),
        (45, 45, 0, Attention.FULL, "⛔ fuld"),  # full, nobody waiting: not "nearly full"
        (45, 45, 1, Attention.FULL_WAITING, "⛔ fuld – 1 venter"),
        (45, 45, 7, Attention.FULL_WAITING, "⛔ fuld – 7 venter"),
        (20, 20, 0, Attention.FULL, "⛔ fuld"),
    ],
)
def test_the_overview_says_full_only_when_full_and_nearly_full_only_with_seats_left(
    routes, capacity, confirmed, waiting, expect, says
):
    route = next(r for r in routes if r.id == "ejby-moelle-renseanlaeg")
    (row,) = overview(
        [route], {route.id: RouteCount(route.id, route.mode, capacity, confirmed, waiting)}
    ).rows
    assert row.attention is expect
    assert attention_text(row.count, "da") == says


@pytest.mark.parametrize(("confirmed", "seats", "buses"), [(0, 50, 0), (1, 50, 1), (49, 50, 1), (50, 50, 2)])
def test_buses_needed_counts_the_guide(confirmed, seats, buses):
    assert buses_needed(confirmed, seats) == buses


def test_bikes_only_where_the_event_provides_them(routes):
    campus = next(r for r in routes if r.id == "campus-odense-paa-cykel")
    tarup = next(r for r in routes if r.id == "cykelsti-til-tarup")
    assert bikes_needed(campus.bikes_provided, 12) == 12 and bikes_needed(tarup.bikes_provided, 12) == 0


# --- fill-up --------------------------------------------------------------------------------


def ev(i, kind, route, facts=NO_FACTS, email="x"):
    return LoggedEvent(i, NOW + dt.timedelta(minutes=i), email, route, kind, facts)


def test_replay_counts_signups_and_marks_when_a_route_filled():
    events = [
        ev(1, EventKind.CONFIRMED, "a"),
        ev(2, EventKind.CONFIRMED, "a"),
        ev(3, EventKind.WAITLISTED, "a"),
        ev(4, EventKind.LEFT, "a", EventFacts(was=Status.CONFIRMED, other_route="b")),
        ev(5, EventKind.PROMOTED, "a"),
        ev(6, EventKind.CONFIRMED, "b"),
        ev(7, EventKind.CAPACITY_CHANGED, "b", EventFacts(capacity_before=1, capacity_after=3)),
        ev(8, EventKind.CANCELLED, "b", EventFacts(was=Status.CONFIRMED)),
    ]
    result = replay(events, {"a": 2, "b": 3})
    assert list(result.total["signed_up"]) == [1, 2, 3, 2, 2, 3, 3, 2]
    assert result.full_at == {"a": NOW + dt.timedelta(minutes=2), "b": NOW + dt.timedelta(minutes=6)}
    a = result.per_route[result.per_route["route"] == "a"]
    assert list(a["signed_up"]) == [1, 2, 3, 2, 2]


@pytest.mark.parametrize(
    ("minutes", "extended"),
    [(60, True), (2, False)],  # an hour after the last sign-up; before it (a clock behind)
)
def test_with_now_every_line_goes_on_to_now_at_its_last_value(minutes, extended):
    """Issue 27, item 18: the lines stopped at their last event, not at now."""
    events = [
        ev(1, EventKind.CONFIRMED, "a"),
        ev(2, EventKind.CONFIRMED, "b"),
        ev(3, EventKind.CONFIRMED, "a"),
    ]
    now = NOW + dt.timedelta(minutes=minutes)
    result = replay(events, {"a": 5, "b": 5}, now=now)
    last = result.per_route.groupby("route").last()
    if extended:
        assert dict(last["signed_up"]) == {"a": 2, "b": 1} and set(last["at"]) == {now}
        assert list(result.total["signed_up"])[-2:] == [3, 3] and result.total["at"].iloc[-1] == now
    else:
        assert len(result.total) == 3 and len(result.per_route) == 3


def test_replay_of_the_store_log_matches_the_counts(store):
    store.sync_routes(make_routes([2, 1]), NOW)
    for i in range(5):
        store.signup(ParticipantInput(f"p{i}@x.dk", "P"), ["r00", "r01"][i % 2], now=NOW, window=OPEN)
    store.cancel("p0@x.dk", now=NOW)
    counts = {c.route_id: c for c in store.counts()}
    result = replay(store.events(), {k: c.capacity for k, c in counts.items()})
    assert result.total["signed_up"].iloc[-1] == sum(c.confirmed + c.waitlisted for c in counts.values())
    assert set(result.full_at) == {"r00", "r01"}


# --- import ---------------------------------------------------------------------------------

HEADER = ["Navn", "E-mail", "Kommune", "Udflugt"]
ROWS = [
    ["Søren Ærø", "soren@odense.dk", "Odense Kommune", "Nye skove i Odense"],
    ["Åse Øberg", "ASE@Aarhus.dk", "Aarhus Kommune", "ejby-moelle-renseanlaeg"],
    ["Bjørn Æbelø", "bjorn@vejle.dk", "Vejle Kommune", "EJBY MØLLE RENSEANLÆG: BIOENERGI FRA SPILDEVAND"],
]


def csv_bytes(rows, encoding="cp1252", sep=";"):
    text = "\r\n".join(sep.join(r) for r in [HEADER, *rows]) + "\r\n"
    return text.encode(encoding)


def xlsx_bytes(rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in [HEADER, *rows]:
        ws.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (csv_bytes(ROWS, "cp1252"), "tilmeldinger.csv"),
        (csv_bytes(ROWS, "utf-8-sig"), "tilmeldinger.csv"),
        (csv_bytes(ROWS, "utf-8", sep=","), "export.csv"),
        (xlsx_bytes(ROWS), "tilmeldinger.xlsx"),
    ],
    ids=["cp1252-semicolon", "utf8-bom", "utf8-comma", "xlsx"],
)
def test_real_export_formats_read_with_danish_letters(routes, data, name):
    frame = read_table(data, name)
    mapping = guess_mapping(list(frame.columns))
    assert mapping == {"name": "Navn", "email": "E-mail", "organisation": "Kommune", "excursion": "Udflugt"}
    rows = plan(frame, mapping, routes, {})
    assert [(r.action, r.name, r.route_id) for r in rows] == [
        (RowAction.NEW, "Søren Ærø", "skovrejsning"),
        (RowAction.NEW, "Åse Øberg", "ejby-moelle-renseanlaeg"),
        (RowAction.NEW, "Bjørn Æbelø", "ejby-moelle-renseanlaeg"),
    ]
    assert rows[1].email == "ase@aarhus.dk"


def test_three_bad_rows_refuse_the_whole_file_naming_each(routes):
    bad = [
        *ROWS,
        ["", "x@y.dk", "", "skovrejsning"],
        ["Ny", "ikke-en-mail", "", "skovrejsning"],
        ["Tredje", "t@y.dk", "", "Månetur"],
    ]
    rows = plan(read_table(csv_bytes(bad), "f.csv"), guess_mapping(HEADER), routes, {})
    with pytest.raises(ImportRefused) as info:
        registrations(rows)
    assert [r.row for r in info.value.bad] == [5, 6, 7]
    message = str(info.value)
    assert "row 5: name" in message and "row 6: email" in message and "row 7: excursion 'Månetur'" in message


def test_duplicate_email_in_a_file_is_an_error(routes):
    rows = plan(read_table(csv_bytes([ROWS[0], ROWS[0]]), "f.csv"), guess_mapping(HEADER), routes, {})
    assert rows[1].action is RowAction.ERROR and "also in row 2" in rows[1].reason


def test_mapping_from_the_command_line_and_its_errors():
    assert parse_mapping("name=Navn, email=E-mail,excursion=Tur") == {
        "name": "Navn",
        "email": "E-mail",
        "excursion": "Tur",
    }
    with pytest.raises(RegistrationFileError, match="field=column"):
        parse_mapping("navn=Navn")
    frame = read_table(csv_bytes(ROWS), "f.csv")
    with pytest.raises(RegistrationFileError, match="no column called 'Tur'"):
        plan(frame, {"name": "Navn", "email": "E-mail", "excursion": "Tur"}, [], {})


@pytest.mark.parametrize(
    ("data", "name", "says"),
    [
        (b"", "empty.csv", "cannot be read"),
        (b"Navn;E-mail\r\n", "header.csv", "no rows"),
        (b"PK\x03\x04garbage", "broken.xlsx", "cannot be read"),
    ],
)
def test_unreadable_files_are_named(data, name, says):
    with pytest.raises(RegistrationFileError, match=says) as info:
        read_table(data, name)
    assert name in str(info.value)


def test_import_twice_changes_nothing_and_an_update_moves_people(store, routes):
    store.sync_routes(routes, NOW)
    frame = read_table(csv_bytes(ROWS), "f.csv")
    first = plan(frame, guess_mapping(HEADER), routes, current_routes(store.people()))
    store.import_registrations(registrations(first), now=NOW)
    events_after_first = len(store.events())
    again = plan(frame, guess_mapping(HEADER), routes, current_routes(store.people()))
    assert {r.action for r in again} == {RowAction.UNCHANGED}
    store.import_registrations(registrations(again), now=NOW)
    assert len(store.events()) == events_after_first and len(store.people()) == 3
    updated = [ROWS[0], ROWS[1], ["Bjørn Æbelø", "bjorn@vejle.dk", "Vejle Kommune", "skovrejsning"]]
    moved = plan(
        read_table(csv_bytes(updated), "f.csv"), guess_mapping(HEADER), routes, current_routes(store.people())
    )
    assert [r.action for r in moved] == [RowAction.UNCHANGED, RowAction.UNCHANGED, RowAction.MOVED]
    before = store.status_of("bjorn@vejle.dk")[0]
    assert [r.previous_route_id for r in moved] == ["", "", before] and before != "skovrejsning"
    store.import_registrations(registrations(moved), now=NOW)
    assert store.status_of("bjorn@vejle.dk")[0] == "skovrejsning" and len(store.people()) == 3


def test_a_failing_row_rolls_back_the_whole_import(store, routes):
    store.sync_routes(routes, NOW)
    rows = plan(read_table(csv_bytes(ROWS), "f.csv"), guess_mapping(HEADER), routes, {})
    todo = registrations(rows)
    todo[-1] = type(todo[-1])(todo[-1].person, "no-such-route")
    with pytest.raises(Exception, match="no-such-route"):
        store.import_registrations(todo, now=NOW)
    assert store.people() == [] and store.events() == []


# --- export ---------------------------------------------------------------------------------


@pytest.fixture
def filled(store, routes):
    store.sync_routes(routes, NOW)
    store.import_registrations(
        registrations(plan(read_table(csv_bytes(ROWS), "f.csv"), guess_mapping(HEADER), routes, {})), now=NOW
    )
    return store


def test_csv_export_opens_with_danish_letters_and_round_trips(filled, routes, tmp_path):
    by_id = {r.id: r for r in routes}
    data = to_csv(people_frame(filled.people(), by_id))
    assert data.startswith(b"\xef\xbb\xbf") and b";" in data.splitlines()[0]
    back = pd.read_csv(io.BytesIO(data), sep=";", encoding="utf-8-sig")
    assert set(back["Navn"]) == {"Søren Ærø", "Åse Øberg", "Bjørn Æbelø"}
    rows = plan(
        read_table(data, "export.csv"),
        guess_mapping(list(back.columns)),
        routes,
        current_routes(filled.people()),
    )
    assert {r.action for r in rows} == {RowAction.UNCHANGED} and len(rows) == 3


def test_xlsx_export_reads_back_in_a_spreadsheet_reader(filled, routes):
    data = to_xlsx(people_frame(filled.people("ejby-moelle-renseanlaeg"), {r.id: r for r in routes}))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:4] == ("Navn", "Organisation", "E-mail", "Status")
    assert {v[0] for v in values[1:]} == {"Åse Øberg", "Bjørn Æbelø"}


def test_guide_sheet_lists_the_confirmed_with_escaped_names(store, routes):
    store.sync_routes(routes, NOW)
    store.signup(
        ParticipantInput("h@x.dk", "<script>alert(1)</script>", "Org"), "skovrejsning", now=NOW, window=OPEN
    )
    route = next(r for r in routes if r.id == "skovrejsning")
    page = guide_sheet(route, store.people("skovrejsning"), "TM '22", "20. april 2022 kl. 13:45")
    assert "&lt;script&gt;" in page and "<script>" not in page
    assert page.count("☐") == 1


# --- check-in -------------------------------------------------------------------------------


def test_two_guides_checking_in_at_once_lose_nothing(store):
    store.sync_routes(make_routes([60]), NOW)
    emails = [f"g{i:02d}@x.dk" for i in range(60)]
    for e in emails:
        store.signup(ParticipantInput(e, e), "r00", now=NOW, window=OPEN, new_token=False)

    def guide(part, name):
        for e in part:
            store.check_in(e, "r00", True, now=NOW, by=name)

    threads = [threading.Thread(target=guide, args=(emails[i::2], f"guide {i}")) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [p.present for p in store.people("r00")] == [True] * 60
    store.check_in(emails[0], "r00", False, now=NOW)
    assert sum(1 for p in store.people("r00") if p.present) == 59


def test_the_overview_table_escapes_route_text_and_sorts_numbers_as_numbers(tmp_path):
    write_route(tmp_path, hostile_doc())
    (route,) = load_routes(tmp_path).routes
    full = RouteCount(route.id, route.mode, route.capacity, route.capacity, 2)
    view = overview([route], {route.id: full})
    tz = ZoneInfo("Europe/Copenhagen")
    table = table_html(view, "da", tz, 50)
    assert "<img" not in table and "<script" not in table.lower()
    shown = OverviewReader(table)
    row = shown.rows[route.id]
    assert row["Udflugt"] == route.title_da  # the hostile title, as text
    assert row["Bemærk"] == "⛔ fuld – 2 venter" and row["Fyldt"] == "100 %"
    keys = shown.sort_keys[route.id]
    assert (keys["Ledige"], keys["Kapacitet"]) == ("0", str(route.capacity))  # numbers sort as such
    assert keys["Afgang"] == route.departure.astimezone(dt.UTC).isoformat()  # and times as times
    assert row["Afgang"] == route.departure.astimezone(tz).strftime("%H:%M")  # one day: the time
    metrics = metrics_html(view, "da")
    assert "<img" not in metrics and f"{route.capacity} / {route.capacity}" in metrics


def test_the_feed_fills_the_overview_cells_as_the_page_drew_them(routes):
    """What the follower writes into a cell is what a page run would have written there."""
    counts = tuple(
        RouteCount(r.id, r.mode, r.capacity, min(i * 3, r.capacity), 2 if i * 3 > r.capacity else 0)
        for i, r in enumerate(routes)
    )
    view = overview(routes, {c.route_id: c for c in counts})
    for lang in ("da", "en"):
        shown = OverviewReader(metrics_html(view, lang) + table_html(view, lang, ZoneInfo("UTC"), 50))
        feed = overview_feed(counts, lang, 50)
        index = {h: i for i, h in enumerate(shown.headings)}
        for route_id, cells in shown.rows.items():
            live = sorted(index[h] for h in shown.live[route_id])
            fed = feed["rows"][route_id]
            words = ["fill", "confirmed", "waiting", "free", "capacity", "attention", "transport"]
            expect = [f"{fed['fill']} %", *(str(fed[k]) for k in words[1:])]
            got = [list(cells.values())[i] for i in live]
            assert len(got) in (6, 7) and got == expect[: len(got)], route_id
        for name, value in feed["metrics"].items():
            assert shown.metrics[name].endswith(value), (lang, name)


# --- check-in tally ---------------------------------------------------------------------------


def test_checkin_counts_only_people_with_a_seat_and_names_who_is_missing():
    from excursions.checkin import checkin_tally
    from excursions.model import PersonRow

    def row(name, status, present):
        return PersonRow(f"{name}@x.dk", name, "", "r", status, None, present)

    tally = checkin_tally(
        [
            row("Ane", Status.CONFIRMED, True),
            row("Bo", Status.CONFIRMED, None),
            row("Cai", Status.CONFIRMED, False),
            row("Dea", Status.WAITLISTED, None),
        ]
    )
    assert (len(tally.expected), tally.present, tally.missing) == (3, 1, ("Bo", "Cai"))


def test_a_refused_capacity_carries_the_numbers_of_the_moment_it_was_refused(store):
    store.sync_routes(make_routes([3]), NOW)
    for i in range(3):
        store.signup(ParticipantInput(f"p{i}@x.dk", "P"), "r00", now=NOW, window=OPEN)
    result = store.set_capacity("r00", 1, now=NOW)
    assert (result.refusal.confirmed, result.refusal.requested, result.refusal.must_move) == (3, 1, 2)


@pytest.mark.parametrize("bom", [True, False], ids=["utf-16 with BOM", "utf-16 without BOM"])
def test_a_utf16_file_is_read_or_refused_naming_the_encodings_that_work(bom):
    text = "Navn\tE-mail\tKommune\tUdflugt\r\nSøren Ærø\tsoren@odense.dk\tOdense\tNye skove i Odense\r\n"
    data = text.encode("utf-16") if bom else text.encode("utf-16-le")
    if bom:
        frame = read_table(data, "tilmeldinger.txt")
        assert list(frame.columns) == HEADER and frame.iloc[0]["Navn"] == "Søren Ærø"
    else:
        with pytest.raises(RegistrationFileError, match=r"tilmeldinger\.txt: .*save it as UTF-8"):
            read_table(data, "tilmeldinger.txt")


@pytest.mark.parametrize(
    ("names", "ordered"),
    [
        (["Bo", "Ane", "Cai"], ["Ane", "Bo", "Cai"]),
        (["Åse", "Zeuthen", "Ørsted", "Æbelø"], ["Zeuthen", "Æbelø", "Ørsted", "Åse"]),  # æ, ø, å last
        (["émile", "Eva", "Ebbe"], ["Ebbe", "émile", "Eva"]),  # other accents with their letter
        (["bo", "Bo", "Ane"], ["Ane", "bo", "Bo"]),  # case does not order
    ],
)
def test_check_in_lists_are_in_danish_alphabetical_order(names, ordered):
    from excursions.checkin import checkin_tally
    from excursions.model import PersonRow

    people = [PersonRow(f"{i}@x.dk", n, "", "r", Status.CONFIRMED, None, None) for i, n in enumerate(names)]
    assert [p.name for p in checkin_tally(people).expected] == ordered


@pytest.mark.parametrize(
    ("query", "found"),
    [("", 3), ("mølle", 1), ("MOLLE", 1), ("odense", 2), ("kommune", 2), ("zzz", 0)],
)
def test_a_guide_finds_a_name_by_part_of_it_or_the_organisation(query, found):
    from excursions.checkin import matching
    from excursions.model import PersonRow

    people = [
        PersonRow("a@x.dk", "Anna Mølle", "Odense Kommune", "r", Status.CONFIRMED, None, None),
        PersonRow("b@x.dk", "Bo Odense", "Vejle Kommune", "r", Status.CONFIRMED, None, None),
        PersonRow("c@x.dk", "Cai Berg", "KL", "r", Status.CONFIRMED, None, None),
    ]
    assert len(matching(people, query)) == found


def test_the_printed_guide_list_is_alphabetical_like_the_check_in(store, routes):
    store.sync_routes(routes, NOW)
    for email, name in [("z@x.dk", "Åse Å"), ("y@x.dk", "Bo B"), ("x@x.dk", "Anna A")]:
        store.signup(ParticipantInput(email, name, "Org"), "skovrejsning", now=NOW, window=OPEN)
    route = next(r for r in routes if r.id == "skovrejsning")
    page = guide_sheet(route, store.people("skovrejsning"), "TM '22", "20. april 2022 kl. 13:45")
    assert page.index("Anna A") < page.index("Bo B") < page.index("Åse Å")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["Navn", "E-mail", "Kommune/organisation", "Udflugt"], {"organisation": "Kommune/organisation"}),
        (["Fulde navn", "Deltagerens e-mail", "Arbejdsplads", "Tur"], {"email": "Deltagerens e-mail"}),
        (
            ["Name", "Email", "Municipality / organisation", "Route"],
            {"organisation": "Municipality / organisation"},
        ),
        (
            ["Navn", "E-mail", "Kommune", "Organisation", "Udflugt"],
            {"organisation": "Organisation"},
        ),  # exact first
    ],
)
def test_common_headers_of_registration_exports_are_mapped(header, expected):
    mapping = guess_mapping(header)
    assert set(mapping) == {"name", "email", "organisation", "excursion"}
    assert expected.items() <= mapping.items()
    assert len(set(mapping.values())) == 4  # a column serves one field


def test_the_import_says_how_many_it_mails():
    from excursions.registrations import PlanRow, RowAction, mails_on_import

    rows = [PlanRow(i, action) for i, action in enumerate(RowAction)] + [PlanRow(9, RowAction.NEW)]
    assert mails_on_import(rows) == 3  # two new, one moved; unchanged, registered and errors send none
