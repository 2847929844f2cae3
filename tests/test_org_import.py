"""SPEC §7 org import: Org import: all-or-nothing, every bad row with its line, idempotent, CSV and
XLSX."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from server.domain_errors import DomainError
from server.errors import status_of
from server.extensions import db
from server.models import AuditEvent, OrgUnit, User
from server.services.org import org_import

HEADER = "employee_number,name,email,unit_path,manager_employee_number,job_title,locale\n"
GOOD = HEADER + (
    "E1,王芳,wang@x.test,Acme/East/Store 1,,Store Manager,zh-CN\n"
    "E2,Li Wei,li@x.test,Acme/East/Store 1/Team A,E1,Team Lead,en\n"
    "E3,张娜,zhang@x.test,Acme/East/Store 1/Team A,E2,Sales,\n"
)


def run(text: str, name: str = "org.csv") -> org_import.ImportResult:
    rows = org_import.read_rows(name, text.encode("utf-8"))
    result = org_import.import_org(db.session, rows, None)
    db.session.commit()
    return result


def errors_of(text: str) -> list[dict]:
    with pytest.raises(DomainError) as info:
        run(text)
    db.session.rollback()
    assert status_of(info.value) == 422
    return info.value.details["rows"]


def test_import_creates_users_units_and_managers(app):
    result = run(GOOD)
    assert (result.created, result.updated, result.units_created) == (3, 0, 4)
    e3 = db.session.scalar(select(User).where(User.employee_number == "E3"))
    assert e3.manager.employee_number == "E2" and e3.manager.manager.employee_number == "E1"
    assert e3.locale == "zh-CN" and e3.password_hash is None
    team = db.session.scalar(select(OrgUnit).where(OrgUnit.path == "Acme/East/Store 1/Team A"))
    assert e3.unit_id == team.id and team.kind == "team"
    assert team.parent.path == "Acme/East/Store 1" and team.parent.kind == "branch"
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "org_imported"))


def test_reimport_updates_instead_of_duplicating(app):
    run(GOOD)
    again = run(GOOD)
    assert (again.created, again.updated, again.unchanged, again.units_created) == (0, 0, 3, 0)
    changed = run(GOOD.replace("Sales,", "Senior Sales,").replace("li@x.test", "LI.wei@x.test"))
    assert (changed.created, changed.updated, changed.unchanged) == (0, 2, 1)
    assert db.session.scalar(select(func.count()).select_from(User)) == 3
    e2 = db.session.scalar(select(User).where(User.employee_number == "E2"))
    assert e2.email == "li.wei@x.test"


def test_manager_change_counts_as_update(app):
    run(GOOD)
    result = run(GOOD.replace("Sales,", "Sales,").replace(",E2,Sales", ",E1,Sales"))
    assert result.updated == 1
    e3 = db.session.scalar(select(User).where(User.employee_number == "E3"))
    assert e3.manager.employee_number == "E1"


def test_every_bad_row_is_reported_and_nothing_is_saved(app):
    text = HEADER + (
        "E1,王芳,wang@x.test,Acme/Store,,Mgr,zh-CN\n"  # line 2 ok
        "E2,,li@x.test,Acme/Store,E1,,en\n"  # line 3 missing name
        "E3,张娜,wang@x.test,Acme/Store,E1,,zh-CN\n"  # line 4 duplicate email
        "E4,赵敏,zhao@x.test,Acme/Store,E99,,zh-CN\n"  # line 5 unknown manager
        "E5,周杰,zhou@x.test,Acme/Store,E1,,fr\n"  # line 6 bad locale
        "E6,吴刚,wu@x.test,Acme/Store,E7,,zh-CN\n"  # line 7 cycle E6->E7->E6
        "E7,孙丽,sun@x.test,Acme/Store,E6,,zh-CN\n"  # line 8 cycle
        "E1,王芳,wang2@x.test,Acme/Store,,,zh-CN\n"  # line 9 duplicate number
        "E8,何平,not-an-email,Acme/Store,E8,,zh-CN\n"  # line 10 bad email, self manager
    )
    found = {(e["line"], e["reason"]) for e in errors_of(text)}
    assert found == {
        (3, "missing_field"),
        (4, "duplicate_email"),
        (5, "unknown_manager"),
        (6, "bad_locale"),
        (7, "manager_cycle"),
        (8, "manager_cycle"),
        (9, "duplicate_employee_number"),
        (10, "bad_email"),
        (10, "self_manager"),
    }
    assert db.session.scalar(select(func.count()).select_from(User)) == 0
    assert db.session.scalar(select(func.count()).select_from(OrgUnit)) == 0


def test_cycle_through_existing_database_users(app):
    run(GOOD)
    # E1 now reports to E3, who reports (in the database) to E2, who reports to E1.
    errors = errors_of(HEADER + "E1,王芳,wang@x.test,Acme/East/Store 1,E3,,zh-CN\n")
    assert [(e["line"], e["reason"]) for e in errors] == [(2, "manager_cycle")]


def test_email_owned_by_another_employee_is_rejected(app):
    run(GOOD)
    errors = errors_of(HEADER + "E9,New,zhang@x.test,Acme/East,,,zh-CN\n")
    assert errors[0]["reason"] == "duplicate_email" and errors[0]["line"] == 2


def test_missing_columns_are_reported_on_line_1(app):
    errors = errors_of("employee_number,name\nE1,X\n")
    assert errors[0]["line"] == 1 and errors[0]["reason"] == "missing_columns"


def test_xlsx_with_chinese_headers_and_numeric_numbers(app):
    book = Workbook()
    sheet = book.active
    sheet.append(["工号", "姓名", "邮箱", "部门路径", "上级工号", "职位", "语言"])
    sheet.append([1001, "王芳", "wang@x.test", "Acme/Store", None, "店长", "zh-CN"])
    sheet.append([1002, "Li Wei", "li@x.test", "Acme/Store", 1001, "Sales", "en"])
    buffer = io.BytesIO()
    book.save(buffer)
    rows = org_import.read_rows("org.xlsx", buffer.getvalue())
    result = org_import.import_org(db.session, rows, None)
    assert result.created == 2
    li = db.session.scalar(select(User).where(User.employee_number == "1002"))
    assert li.manager.employee_number == "1001" and li.locale == "en"


def test_unknown_file_type_is_415(app):
    with pytest.raises(DomainError) as info:
        org_import.read_rows("org.pdf", b"%PDF")
    assert status_of(info.value) == 415


def test_damaged_xlsx_is_422(app):
    with pytest.raises(DomainError) as info:
        org_import.read_rows("org.xlsx", b"not a zip")
    assert status_of(info.value) == 422


def test_chinese_unit_names_column(app):
    text = (
        HEADER.strip() + ",unit_path_zh\n"
        "E1,王芳,wang@x.test,Acme/East/Store 1,,Mgr,zh-CN,华信/华东/一号店\n"
    )
    run(text)
    store = db.session.scalar(select(OrgUnit).where(OrgUnit.path == "Acme/East/Store 1"))
    assert store.name == {"en": "Store 1", "zh-CN": "一号店"}
    assert store.parent.name == {"en": "East", "zh-CN": "华东"}
    errors = errors_of(
        HEADER.strip() + ",unit_path_zh\nE2,李伟,li@x.test,Acme/East,,Mgr,zh-CN,华信\n"
    )
    assert errors[0]["reason"] == "bad_unit_path" and errors[0]["column"] == "unit_path_zh"


def test_reimport_fills_chinese_names_of_untranslated_units(app):
    run(GOOD)
    text = GOOD.replace(HEADER, HEADER.strip() + ",unit_path_zh\n").replace(
        "Acme/East/Store 1,,Store Manager,zh-CN",
        "Acme/East/Store 1,,Store Manager,zh-CN,华信/华东/一号店",
    )
    text = (
        "\n".join(line if line.count(",") == 7 else line + "," for line in text.strip().split("\n"))
        + "\n"
    )
    run(text)
    store = db.session.scalar(select(OrgUnit).where(OrgUnit.path == "Acme/East/Store 1"))
    assert store.name["zh-CN"] == "一号店"
