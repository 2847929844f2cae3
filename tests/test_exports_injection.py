"""SPEC §8 exports: Exports carry no formulas: CSV cells never start one, XLSX keeps such values as
text."""

from __future__ import annotations

import csv
import io

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.extensions import db
from server.services.exports import exports
from tests.reports_data import build

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
CALC = "=cmd|' /C calc'!A0"
# Text a user could save: no lone surrogates and no C0 controls other than tab/CR/LF.
_chars = st.characters(
    blacklist_categories=("Cs",),
    blacklist_characters=[chr(c) for c in range(32) if chr(c) not in "\t\r\n"],
)
plain = st.text(_chars, max_size=12)
hostile = st.one_of(
    plain,
    st.tuples(st.sampled_from(DANGEROUS), plain).map("".join),
    st.tuples(st.integers(1, 3), st.sampled_from(DANGEROUS), plain).map(
        lambda t: "'" * t[0] + t[1] + t[2]
    ),
    st.sampled_from([CALC, "@SUM(1+1)*cmd|' /C calc'!A0", "+1+1", "-2+3", "\t=1", "\r=1"]),
)


def cells(body: bytes) -> list[list[str]]:
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def assert_no_formula(table: list[list[str]]) -> None:
    for row in table:
        for cell in row:
            assert not cell.startswith(DANGEROUS), (cell, row)


def url(data, name: str) -> str:
    return f"/api/v1/campaigns/{data.campaign.id}/exports/{name}"


def org_csv(data, names: dict[str, str]) -> bytes:
    """The org import file renaming these employee numbers (everything else unchanged)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["employee_number", "name", "email", "unit_path", "manager_employee_number"])
    for user in (data.manager, data.employee, data.other):
        manager = user.manager.employee_number if user.manager else ""
        writer.writerow(
            [
                user.employee_number,
                names.get(user.employee_number, user.name),
                user.email,
                data.unit.path,
                manager,
            ]
        )
    return out.getvalue().encode("utf-8")


def test_names_imported_through_the_org_import_are_neutralised(app, hr_client) -> None:
    data = build(app)
    spray = "@SUM(1+1)*cmd|' /C calc'!A0"
    resp = hr_client.post(
        "/api/v1/org/import",
        data={"file": (io.BytesIO(org_csv(data, {"E1041": CALC, "E1042": spray})), "org.csv")},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 200, resp.get_json()
    db.session.expire_all()
    assert data.employee.name == CALC  # the import keeps the name as typed
    for kind in ("answers", "summary"):
        resp = hr_client.get(url(data, f"{kind}.csv"))
        assert resp.status_code == 200
        table = cells(resp.data)
        assert_no_formula(table)
        column = table[0].index("subject_name" if kind == "answers" else "name")
        names = {row[column] for row in table[1:]}
        assert {"'" + CALC, "'" + spray} <= names
        assert {exports.csv_text(n) for n in names} >= {CALC, spray}


def test_content_type_is_sent_once_with_one_charset(app, hr_client) -> None:
    data = build(app)
    resp = hr_client.get(url(data, "answers.csv"))
    assert resp.headers.getlist("Content-Type") == ["text/csv; charset=utf-8"]
    xlsx = hr_client.get(url(data, "answers.xlsx"))
    assert xlsx.headers.getlist("Content-Type") == [
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ]


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(employee=hostile, other=hostile, campaign=hostile.filter(bool), unit=hostile.filter(bool))
def test_no_csv_cell_starts_a_formula_and_values_read_back(
    app, hr_client, employee: str, other: str, campaign: str, unit: str
) -> None:
    data = getattr(app, "_injection_data", None)
    if data is None:
        data = app._injection_data = build(app)  # type: ignore[attr-defined]
    data.employee.name, data.other.name = employee, other
    locale = data.campaign.report_locale
    data.campaign.name = {**data.campaign.name, locale: campaign}
    data.unit.name = {**data.unit.name, locale: unit}
    db.session.commit()
    answers = cells(hr_client.get(url(data, "answers.csv")).data)
    summary = cells(hr_client.get(url(data, "summary.csv")).data)
    assert_no_formula(answers)
    assert_no_formula(summary)
    head = answers[0]
    by_number = {
        row[head.index("subject_employee_number")]: row[head.index("subject_name")]
        for row in answers[1:]
    }
    assert exports.csv_text(by_number["E1041"]) == employee
    assert exports.csv_text(by_number["E1042"]) == other
    assert {exports.csv_text(row[head.index("campaign")]) for row in answers[1:]} == {campaign}
    head = summary[0]
    rows = {row[head.index("employee_number")]: row for row in summary[1:]}
    assert exports.csv_text(rows["E1041"][head.index("name")]) == employee
    assert exports.csv_text(rows["E1042"][head.index("name")]) == other
    assert {exports.csv_text(r[head.index("unit")]) for r in rows.values()} == {unit}


@given(value=hostile)
def test_csv_cell_is_safe_and_reversible(value: str) -> None:
    cell = exports.csv_cell(value)
    assert not cell.startswith(DANGEROUS)
    assert exports.csv_text(cell) == value
    if not value.startswith(DANGEROUS) and not value.startswith("'"):
        assert cell == value  # ordinary text is untouched


@given(number=st.one_of(st.integers(-(10**6), 10**6), st.floats(-1e6, 1e6)))
def test_real_numbers_stay_numbers(number: float) -> None:
    """A figure (negative gap -12.5) is written as the number: spreadsheets never run it."""
    body = exports.to_csv(["gap", "note"], [{"gap": number, "note": str(number)}])
    gap, note = cells(body)[1]
    assert gap == str(number)
    assert float(gap) == number
    assert exports.csv_text(note) == str(number)  # the same text as a string is prefixed
    assert not note.startswith(DANGEROUS)


def test_xlsx_keeps_formula_like_values_as_text(app, hr_client) -> None:
    data = build(app)
    data.employee.name = CALC
    data.other.name = "+1+1"
    db.session.commit()
    for kind in ("answers", "summary"):
        body = hr_client.get(url(data, f"{kind}.xlsx")).data
        sheet = openpyxl.load_workbook(io.BytesIO(body)).active
        found = {}
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.value
                if cell.value in (CALC, "+1+1"):
                    found[cell.value] = cell.data_type
        assert found == {CALC: "s", "+1+1": "s"}
