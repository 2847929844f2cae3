"""Writing an export file: CSV (UTF-8 with a BOM, so spreadsheet programs open Chinese names
correctly) and XLSX.

CSV cells never start a formula (OWASP CSV injection): a text cell whose first character is
`=`, `+`, `-`, `@`, tab or carriage return gets a leading `'` (see `csv_cell`). Figures are
written as numbers and stay as they are (a negative gap reads "-12.5", which a spreadsheet
takes as a number, never as a formula). XLSX needs no prefix: every string is written as
text (no formula, URL or number conversion), so "=1+1" stays the text "=1+1".
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

#: First characters with which a spreadsheet starts a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Text that gets the `'` prefix: a formula start, after any number of quotes already there
#: (so that "'=x" is written "''=x" and every prefixed cell reads back unambiguously).
_PREFIXED = re.compile(r"'*[=+\-@\t\r]")


def csv_cell(value: Any) -> Any:
    """One CSV cell that no spreadsheet runs as a formula, its value still readable.

    Text starting with `=`, `+`, `-`, `@`, tab or carriage return (also after leading `'`s)
    gets one leading `'`: `=cmd|' /C calc'!A0` is written `'=cmd|' /C calc'!A0`. Real numbers
    (int, float; not strings that look like numbers) are exempt: written by the csv module
    they read as numbers ("-12.5"), which a spreadsheet never evaluates. None is empty.
    `csv_text` undoes the prefix.
    """
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if _PREFIXED.match(text) else text


def csv_text(cell: str) -> str:
    """The readable text of a cell written by `csv_cell` (drops the one added `'`)."""
    return cell[1:] if cell.startswith("'") and _PREFIXED.match(cell[1:]) else cell


def to_csv(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> bytes:
    """CSV (UTF-8 with BOM); missing figures are empty cells; no cell starts a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_cell(c) for c in columns])
    for row in rows:
        writer.writerow([csv_cell(row.get(k)) for k in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(columns: Sequence[str], rows: Iterable[dict[str, Any]], sheet: str) -> bytes:
    """One-sheet workbook with a bold, frozen header row."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    ws = book.add_worksheet(sheet)
    bold = book.add_format({"bold": True})
    ws.write_row(0, 0, list(columns), bold)
    ws.freeze_panes(1, 0)
    for r, row in enumerate(rows, start=1):
        for c, key in enumerate(columns):
            value = row.get(key)
            if value is not None:
                ws.write(r, c, value)
    book.close()
    return buffer.getvalue()
