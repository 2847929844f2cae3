"""SPEC §7 org import, §8 HR API: Org endpoints and `flask org import`: success, row errors, dry
run, roles."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from server.extensions import db
from server.models import OrgUnit, User
from tests.factories import ApiClient, make_user

CSV = (
    "employee_number,name,email,unit_path,manager_employee_number,job_title,locale\n"
    "E1,王芳,wang@x.test,Acme/Store 1,,Store Manager,zh-CN\n"
    "E2,Li Wei,li@x.test,Acme/Store 1,E1,Sales,en\n"
)


def upload(client, text: str, name: str = "org.csv", query: str = ""):
    return client.post(
        f"/api/v1/org/import{query}",
        data={"file": (io.BytesIO(text.encode()), name)},
        content_type="multipart/form-data",
    )


def employees() -> int:
    return db.session.scalar(select(func.count()).where(User.employee_number.is_not(None)))


def test_import_ok_then_reimport(hr_client):
    resp = upload(hr_client, CSV)
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["created"] == 2 and resp.get_json()["units_created"] == 2
    again = upload(hr_client, CSV).get_json()
    assert again["created"] == 0 and again["unchanged"] == 2
    assert employees() == 2


def test_import_errors_are_422_with_lines(hr_client):
    resp = upload(hr_client, CSV + "E3,赵敏,zhao@x.test,Acme/Store 1,E9,,xx\n")
    assert resp.status_code == 422
    err = resp.get_json()["error"]
    assert err["code"] == "import_invalid"
    assert {(r["line"], r["reason"]) for r in err["details"]["rows"]} == {
        (4, "unknown_manager"),
        (4, "bad_locale"),
    }
    assert employees() == 0


def test_dry_run_changes_nothing(hr_client):
    resp = upload(hr_client, CSV, query="?dry_run=true")
    assert resp.status_code == 200 and resp.get_json()["created"] == 2
    assert resp.get_json()["dry_run"] is True and employees() == 0


def test_missing_file_and_bad_type(hr_client):
    assert (
        hr_client.post(
            "/api/v1/org/import", data={}, content_type="multipart/form-data"
        ).status_code
        == 422
    )
    assert upload(hr_client, "x", name="org.exe").status_code == 415


def test_units_list_and_update(hr_client):
    upload(hr_client, CSV)
    units = hr_client.get("/api/v1/org/units").get_json()["units"]
    store = next(u for u in units if u["path"] == "Acme/Store 1")
    resp = hr_client.patch(
        f"/api/v1/org/units/{store['id']}",
        json={"name": {"en": "Store 1", "zh-CN": "一号店"}, "latitude": 31.2, "longitude": 121.4},
    )
    assert resp.status_code == 200 and resp.get_json()["name"]["zh-CN"] == "一号店"
    assert (
        hr_client.patch(f"/api/v1/org/units/{store['id']}", json={"latitude": 120}).status_code
        == 422
    )
    assert hr_client.patch("/api/v1/org/units/9999", json={"kind": "team"}).status_code == 404


@pytest.mark.parametrize(
    "method, url",
    [
        ("post", "/api/v1/org/import"),
        ("get", "/api/v1/org/units"),
        ("patch", "/api/v1/org/units/1"),
    ],
)
@pytest.mark.parametrize("role, expected", [("employee", 403), ("shopper", 403), (None, 401)])
def test_access_matrix(app, method, url, role, expected):
    client = ApiClient(app.test_client())
    if role:
        client.login(make_user(role=role).email)
    assert getattr(client, method)(url).status_code == expected


def test_cli_import(app, runner, tmp_path):
    good = tmp_path / "org.csv"
    good.write_text(CSV, encoding="utf-8")
    result = runner.invoke(args=["org", "import", str(good)])
    assert result.exit_code == 0 and "2 created" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text(CSV + "E2,Dup,dup@x.test,Acme,,,en\n", encoding="utf-8")
    result = runner.invoke(args=["org", "import", str(bad)])
    assert result.exit_code == 1
    assert "line 4: duplicate_employee_number" in result.output
    assert db.session.scalar(select(func.count()).select_from(OrgUnit)) == 2
