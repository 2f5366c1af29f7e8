"""Lists for guides and bus companies: CSV for Danish Excel, XLSX, and a printable page."""

from __future__ import annotations

import html
import io
from collections.abc import Sequence

import pandas as pd

from excursions.cells import neutralise
from excursions.checkin import checkin_tally
from excursions.model import PersonRow
from excursions.routes import Route
from excursions.signups import Status

COLUMNS_DA = {
    "name": "Navn",
    "organisation": "Organisation",
    "email": "E-mail",
    "status": "Status",
    "position": "Venteliste nr.",
    "excursion": "Udflugt",
    "title": "Titel",
}
STATUS_DA = {Status.CONFIRMED: "tilmeldt", Status.WAITLISTED: "venteliste"}


def people_frame(
    people: Sequence[PersonRow], routes: dict[str, Route], waiting_only: bool = False
) -> pd.DataFrame:
    """One row per person; Danish headers the importer also reads back."""
    rows = [
        {
            COLUMNS_DA["name"]: p.name,
            COLUMNS_DA["organisation"]: p.organisation,
            COLUMNS_DA["email"]: p.email,
            COLUMNS_DA["status"]: STATUS_DA.get(p.status, ""),
            COLUMNS_DA["position"]: p.position or "",
            COLUMNS_DA["excursion"]: p.route_id or "",
            COLUMNS_DA["title"]: routes[p.route_id].title_da if p.route_id in routes else "",
        }
        for p in people
        if not waiting_only or p.status is Status.WAITLISTED
    ]
    return pd.DataFrame(rows, columns=list(COLUMNS_DA.values()))


def wishes_frame(
    people: Sequence[tuple[str, str, str, Sequence[str]]], routes: dict[str, Route], depth: int
) -> pd.DataFrame:
    """The wish round's lists, one row per person: their wishes by id and title, best first."""
    columns = [COLUMNS_DA["name"], COLUMNS_DA["organisation"], COLUMNS_DA["email"]]
    for i in range(depth):
        columns += [f"{i + 1}. ønske", f"{i + 1}. ønske (titel)"]
    rows = []
    for name, email, organisation, ranked in people:
        row = {COLUMNS_DA["name"]: name, COLUMNS_DA["organisation"]: organisation, COLUMNS_DA["email"]: email}
        for i in range(depth):
            route_id = ranked[i] if i < len(ranked) else ""
            row[f"{i + 1}. ønske"] = route_id
            row[f"{i + 1}. ønske (titel)"] = routes[route_id].title_da if route_id in routes else ""
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)


def to_csv(frame: pd.DataFrame) -> bytes:
    """';'-separated, UTF-8 with BOM: opens with æøå intact in Danish Excel; no cell can
    run as a formula (excursions.cells)."""
    return frame.map(neutralise).to_csv(sep=";", index=False).encode("utf-8-sig")


def to_xlsx(frame: pd.DataFrame, sheet: str = "Deltagere") -> bytes:
    """Every text cell quoted like the CSV's and typed as a string, never as a formula."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.map(neutralise).to_excel(writer, index=False, sheet_name=sheet[:31])
        ws = writer.sheets[sheet[:31]]
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        for column in ws.columns:
            width = max(len(str(c.value or "")) for c in column)
            ws.column_dimensions[column[0].column_letter].width = min(60, width + 2)
    return buffer.getvalue()


def guide_sheet(route: Route, people: Sequence[PersonRow], event_name: str, departure: str) -> str:
    """One printable page for the guide: confirmed people, a box to tick, a line for notes."""
    e = html.escape
    confirmed = sum(1 for p in people if p.status is Status.CONFIRMED)
    rows = "".join(
        f"<tr><td class='box'>☐</td><td>{e(p.name)}</td><td>{e(p.organisation)}</td><td></td></tr>"
        for p in checkin_tally(people).expected  # alphabetical, as the guide's check-in list
    )
    return f"""<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>{e(route.title_da)}</title>
<style>
@page {{ size: A4; margin: 14mm; }}
body {{ font: 11pt/1.35 system-ui, sans-serif; color: #000; }}
h1 {{ font-size: 15pt; margin: 0 0 2mm; }}
p {{ margin: 0 0 4mm; }}
table {{ width: 100%; border-collapse: collapse; }}
th, td {{ border-bottom: 1px solid #999; padding: 1.6mm 2mm; text-align: left; }}
td.box {{ width: 8mm; font-size: 14pt; }}
</style></head><body>
<h1>{e(route.title_da)}</h1>
<p>{e(event_name)} · {e(departure)} · {e(route.meeting_point)} · {confirmed} deltagere</p>
<table><thead><tr><th>Mødt</th><th>Navn</th><th>Organisation</th><th>Note</th></tr></thead>
<tbody>{rows}</tbody></table>
</body></html>
"""
