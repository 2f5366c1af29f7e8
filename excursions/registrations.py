"""Import from the registration system: read a CSV or XLSX export, map its columns,
preview what each row will do, and apply all rows or none.

Danish exports come as ';'-separated text in UTF-8 with a BOM or in cp1252, or as
XLSX; excursions are named by id or by title, in any case and with or without
accents. Re-importing the same file changes nothing; an updated file moves the
people it moves.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from excursions.cells import restore
from excursions.errors import ExcursionsError
from excursions.model import Registration
from excursions.routes import Route
from excursions.signups import InputError, ParticipantInput, Status, clean_participant
from excursions.text import fold

FIELDS = ("name", "email", "organisation", "excursion")
REQUIRED = ("name", "email", "excursion")
HEADER_GUESSES = {
    "name": ("navn", "name", "fulde navn", "deltager", "full name"),
    "email": ("e-mail", "email", "mail", "e-mailadresse", "email address"),
    "organisation": ("organisation", "kommune", "organization", "arbejdsplads", "municipality"),
    "excursion": ("udflugt", "excursion", "ekskursion", "tur", "route"),
}


class RegistrationFileError(ExcursionsError):
    """The file cannot be read as a table, or the column mapping does not fit it. Codes:
    file_encoding, file_unreadable, file_empty (value ``file``), map_syntax, map_missing
    (``fields``), map_unknown_column (``columns``, ``has``)."""


class ImportRefused(ExcursionsError):
    """Rows with errors: nothing was imported. Lists each bad row."""

    def __init__(self, bad: Sequence[PlanRow]):
        self.bad = list(bad)
        lines = "\n".join(f"  row {r.row}: {r.reason}" for r in self.bad)
        super().__init__(
            f"{len(self.bad)} row(s) have errors, nothing was imported:\n{lines}", "rows_refused", n=len(bad)
        )


class RowProblem(StrEnum):
    """Why a row cannot be imported; a field's own problem comes as its InputError code."""

    NO_SUCH_EXCURSION = "no_such_excursion"  # values: wanted
    DUPLICATE = "duplicate"  # values: other (the row it repeats)


class RowAction(StrEnum):
    NEW = "new"
    MOVED = "moved"
    UNCHANGED = "unchanged"
    REGISTERED = "registered"  # no excursion: may sign up when sign-up is for registered only
    ERROR = "error"


@dataclass(frozen=True)
class PlanRow:
    row: int  # as a spreadsheet shows it: the header is row 1
    action: RowAction
    email: str = ""
    name: str = ""
    organisation: str = ""
    route_id: str = ""
    previous_route_id: str = ""  # a move: where the person is now
    reason: str = ""  # in English, for the shell
    problem: str = ""  # a RowProblem, or the InputError code of the field at fault
    field: str = ""  # the field at fault, for an InputError
    values: tuple[tuple[str, object], ...] = ()  # the numbers and names the problem's words need


ENCODINGS = "UTF-8 (with or without BOM), UTF-16 with BOM (Excel's 'Unicode text') or Windows-1252"
UNREADABLE = f"the file is not in an encoding the import reads; save it as {ENCODINGS}"


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise RegistrationFileError(
                f"the file is not valid UTF-16 text; save it as {ENCODINGS}", "file_encoding"
            ) from None
    if b"\x00" in data:  # UTF-16 or UTF-32 without a BOM, or not text at all
        raise RegistrationFileError(UNREADABLE, "file_encoding")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RegistrationFileError(UNREADABLE, "file_encoding")


def read_table(data: bytes, filename: str) -> pd.DataFrame:
    """All cells as text; the first row is the header."""
    name = filename.lower()
    try:
        if name.endswith((".xlsx", ".xlsm")):
            frame = pd.read_excel(io.BytesIO(data), dtype=str, engine="openpyxl")
        else:
            text = _decode(data)
            sample = text[:4096]
            try:
                delimiter = csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
            except csv.Error:
                delimiter = ";" if sample.count(";") >= sample.count(",") else ","
            frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False)
    except RegistrationFileError as exc:
        raise RegistrationFileError(f"{filename}: {exc}", exc.code, file=filename) from None
    except Exception as exc:  # pandas/openpyxl raise many kinds for a broken file
        raise RegistrationFileError(
            f"{filename}: cannot be read as a table ({exc})", "file_unreadable", file=filename
        ) from None
    frame = frame.fillna("")
    frame.columns = [str(c).strip() for c in frame.columns]
    if frame.empty:
        raise RegistrationFileError(f"{filename}: has a header but no rows", "file_empty", file=filename)
    return frame


def _words(header: str) -> str:
    """A header as its words, one space apart: 'Kommune/organisation' -> 'kommune organisation'."""
    return " ".join(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", fold(header)))


def guess_mapping(columns: Sequence[str]) -> dict[str, str]:
    """field -> column, from the header names a registration export usually has: a header
    that is one of the guesses, else one that has a guess among its words ("Kommune/
    organisation", "Deltagerens e-mail"); a column serves one field only."""
    headers = {c: _words(c) for c in columns}
    mapping: dict[str, str] = {}
    for exact in (True, False):
        for field, guesses in HEADER_GUESSES.items():
            found = (
                None
                if field in mapping
                else next(
                    (
                        column
                        for guess in guesses  # the likelier header first
                        for column, words in headers.items()
                        if column not in mapping.values()
                        and (words == guess if exact else f" {guess} " in f" {words} ")
                    ),
                    None,
                )
            )
            if found is not None:
                mapping[field] = found
    return mapping


def mails_on_import(rows: Sequence[PlanRow]) -> int:
    """How many people an import mails at once: everyone it signs up or moves (a freed seat
    may mail one more, from the waiting list)."""
    return sum(1 for r in rows if r.action in (RowAction.NEW, RowAction.MOVED))


def parse_mapping(text: str) -> dict[str, str]:
    """'name=Navn,email=E-mail,…' (the CLI's --map) -> {field: column}."""
    mapping = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        field, _, column = part.partition("=")
        field = field.strip().lower()
        if field not in FIELDS or not column.strip():
            raise RegistrationFileError(
                f"--map: {part!r} should be field=column with field one of {', '.join(FIELDS)}", "map_syntax"
            )
        mapping[field] = column.strip()
    return mapping


def route_index(routes: Sequence[Route]) -> dict[str, str]:
    """Folded id and titles -> route id."""
    index = {}
    for r in routes:
        for key in (r.id, r.title_da, r.title_en):
            index[fold(key).strip()] = r.id
    return index


def _refused(row: int, email: str, name: str, reason: str, problem: str, field: str, **values) -> PlanRow:
    return PlanRow(
        row,
        RowAction.ERROR,
        email,
        name,
        reason=reason,
        problem=problem,
        field=field,
        values=tuple(values.items()),
    )


def plan(
    frame: pd.DataFrame,
    mapping: Mapping[str, str],
    routes: Sequence[Route],
    current: Mapping[str, str | None],
) -> list[PlanRow]:
    """What each row would do. current: e-mail -> route the person is on now (or None)."""
    missing = [f for f in REQUIRED if f not in mapping]
    if missing:
        raise RegistrationFileError(f"map a column to: {', '.join(missing)}", "map_missing", fields=missing)
    unknown = [c for c in mapping.values() if c not in frame.columns]
    if unknown:
        raise RegistrationFileError(
            f"no column called {', '.join(map(repr, unknown))}; the file has {', '.join(frame.columns)}",
            "map_unknown_column",
            columns=unknown,
            has=list(frame.columns),
        )
    index = route_index(routes)
    seen: dict[str, int] = {}
    out = []
    for i, rec in enumerate(frame.to_dict("records"), start=2):
        # A list this app exported has its formula-like cells quoted (excursions.cells).
        value = {f: restore(str(rec.get(col, "")).strip()) for f, col in mapping.items()}
        wanted = value.get("excursion", "")
        route_id = index.get(fold(wanted).strip())
        try:
            person = clean_participant(
                value.get("email", ""), value.get("name", ""), value.get("organisation", "")
            )
        except InputError as exc:
            out.append(
                _refused(
                    i,
                    value.get("email", ""),
                    value.get("name", ""),
                    f"{exc.field}: {exc}",
                    exc.code,
                    exc.field,
                    **exc.values,
                )
            )
            continue
        if route_id is None and wanted:
            reason = f"excursion {wanted!r} matches no route id or title"
            out.append(
                _refused(
                    i,
                    person.email,
                    person.name,
                    reason,
                    RowProblem.NO_SUCH_EXCURSION,
                    "excursion",
                    wanted=wanted,
                )
            )
            continue
        if person.email in seen:
            other = seen[person.email]
            reason = f"{person.email} is also in row {other}"
            out.append(
                _refused(i, person.email, person.name, reason, RowProblem.DUPLICATE, "email", other=other)
            )
            continue
        seen[person.email] = i
        now_on = current.get(person.email)
        if route_id is None:
            action = RowAction.REGISTERED
        elif now_on is None:
            action = RowAction.NEW
        else:
            action = RowAction.UNCHANGED if now_on == route_id else RowAction.MOVED
        previous = now_on or "" if action is RowAction.MOVED else ""
        out.append(
            PlanRow(i, action, person.email, person.name, person.organisation, route_id or "", previous)
        )
    return out


def registrations(rows: Sequence[PlanRow]) -> list[Registration]:
    """The rows to apply; refuses the whole file if any row has an error."""
    bad = [r for r in rows if r.action is RowAction.ERROR]
    if bad:
        raise ImportRefused(bad)
    return [Registration(ParticipantInput(r.email, r.name, r.organisation), r.route_id or None) for r in rows]


def current_routes(people: Sequence) -> dict[str, str | None]:
    """e-mail -> route, from the store's people() rows."""
    return {p.email: p.route_id for p in people if p.status in (Status.CONFIRMED, Status.WAITLISTED)}
