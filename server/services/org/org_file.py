"""Reading an org chart upload (CSV or XLSX) into rows numbered as a spreadsheet shows them.

Columns (header row, any order; English or Chinese names): see server.services.org.org_import.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from server.domain_errors import Invalid, Term, TooLarge, UnsupportedMedia

COLUMNS = (
    "employee_number",
    "name",
    "email",
    "unit_path",
    "manager_employee_number",
    "job_title",
    "locale",
    "unit_path_zh",
)
REQUIRED = ("employee_number", "name", "email", "unit_path")
ALIASES = {
    "工号": "employee_number",
    "姓名": "name",
    "邮箱": "email",
    "部门路径": "unit_path",
    "部门路径（中文）": "unit_path_zh",
    "部门路径(中文)": "unit_path_zh",
    "上级工号": "manager_employee_number",
    "职位": "job_title",
    "语言": "locale",
    "manager": "manager_employee_number",
    "unit": "unit_path",
}
MAX_ROWS = 20_000


@dataclass
class ImportRow:
    line: int
    values: dict[str, str]


def read_rows(filename: str, data: bytes) -> list[ImportRow]:
    """Parse a CSV or XLSX upload into rows numbered as a spreadsheet shows them."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        table = _xlsx_table(data)
    elif name.endswith((".csv", ".txt")):
        table = _csv_table(data)
    else:
        raise UnsupportedMedia("unsupported_media_type", "Upload a .csv or .xlsx file.")
    if not table:
        raise Invalid("import_invalid", "The file is empty.", {"rows": []})
    header = [_column(h) for h in table[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        row = {
            "line": 1,
            "reason": "missing_columns",
            "column": None,
            "message": Term("Missing columns: {columns}", columns=", ".join(missing)),
        }
        raise Invalid("import_invalid", "The header row lacks required columns.", {"rows": [row]})
    if len(table) - 1 > MAX_ROWS:
        raise TooLarge("too_large", "At most {max} rows per import.", params={"max": MAX_ROWS})
    rows = []
    for index, cells in enumerate(table[1:], start=2):
        values = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header) if h}
        if any(values.values()):
            rows.append(ImportRow(index, values))
    return rows


def _column(raw: str) -> str:
    key = raw.strip().lower().replace(" ", "_").replace("-", "_")
    key = ALIASES.get(raw.strip(), ALIASES.get(key, key))
    return key if key in COLUMNS else ""


def _csv_table(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as err:
            raise Invalid("import_invalid", "The CSV is neither UTF-8 nor GB18030.") from err
    return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]


def _xlsx_table(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many types for a damaged file
        raise Invalid("import_invalid", "The file is not a readable XLSX workbook.") from err
    sheet = book.worksheets[0]
    table = [[_cell(c) for c in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    return table


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # employee numbers typed as numbers
    return str(value).strip()
