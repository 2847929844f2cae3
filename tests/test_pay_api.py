"""Issue 16 §3 pay through the API: the shopper records an expense with a receipt uploaded
through the attachment pipeline, HR sees it with its checks, sets terms and an adjustment
with a reason, approves, and the shopper sees the amount payable; another shopper's visit,
expense or receipt is 404; money is strict integers; a payment run paid with a reference
and exported as CSV and XLSX for finance (exact types, no-store, no formula)."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import timedelta

import openpyxl
import pytest

from server.extensions import db
from tests.api_client import ApiClient
from tests.factories import image_bytes, make_user, sha
from tests.pay_scene import T0, paid_scene, report
from tests.timers_scene import notes

H = timedelta(hours=1)
CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def login(app, user) -> ApiClient:
    api = ApiClient(app.test_client())
    assert api.login(user.email).status_code == 200
    return api


def upload(api: ApiClient, seed: int) -> str:
    data = image_bytes(color=((seed * 37) % 256, (seed * 91) % 256, 90))
    resp = api.put(
        f"/api/v1/attachments/{sha(data)}", data=data, headers={"Content-Type": "image/jpeg"}
    )
    assert resp.status_code in (200, 201), resp.get_json()
    return sha(data)


def add_expense(api: ApiClient, visit_id: int, amount, receipt: str, **kw):
    body = {"id": str(uuid.uuid4()), "amount_minor": amount, "currency": "CNY", "note": "Tea"}
    return api.post(
        f"/api/v1/me/visits/{visit_id}/expenses", json={**body, "receipt_sha256": receipt, **kw}
    )


@pytest.fixture
def world(app):
    s = paid_scene(fee=5000, cap=3000)
    s["api"] = login(app, s["shopper"])
    s["hr_api"] = login(app, s["hr"][0])
    return s


def test_shopper_expense_then_hr_approval_makes_the_amount_payable(app, world):
    api, hr, visit_id = world["api"], world["hr_api"], world["visit"].id
    receipt = upload(api, 1)
    created = add_expense(api, visit_id, 1800, receipt)
    assert created.status_code == 201, created.get_json()
    assert add_expense(api, visit_id, 1550, upload(api, 2)).status_code == 201
    mine = api.get(f"/api/v1/me/visits/{visit_id}/pay").get_json()
    assert mine["editable"] is True and [e["amount_minor"] for e in mine["expenses"]] == [
        1800,
        1550,
    ]
    seen = hr.get(f"/api/v1/visits/{visit_id}/pay").get_json()
    assert seen["expenses"][0]["receipt_sha256"] == receipt
    assert seen["expenses"][0]["receipt_checks"]["reused_on"] == []
    assert hr.get(f"/api/v1/attachments/{receipt}").status_code == 200
    adjusted = hr.put(
        f"/api/v1/visits/{visit_id}/adjustment",
        json={"amount_minor": -500, "reason": "Late report"},
    )
    assert adjusted.status_code == 200, adjusted.get_json()
    sub = report(world, T0)
    assert api.get(f"/api/v1/me/visits/{visit_id}/pay").get_json()["editable"] is False
    locked = add_expense(api, visit_id, 100, receipt)
    assert locked.status_code == 409 and locked.get_json()["error"]["code"] == "expenses_locked"
    assert (
        hr.post(f"/api/v1/submissions/{sub.id}/review", json={"decision": "approve"}).status_code
        == 200
    )
    pay = api.get("/api/v1/me/pay").get_json()
    [row] = pay["visits"]
    assert row["state"] == "payable"
    assert (row["fee_minor"], row["receipts_minor"], row["reimbursed_minor"]) == (5000, 3350, 3000)
    assert (row["adjustment_minor"], row["adjustment_reason"], row["total_minor"]) == (
        -500,
        "Late report",
        7500,
    )
    assert pay["payable"] == [{"currency": "CNY", "amount_minor": 7500}]
    assert len(notes("visit_payable")) == 1


def test_another_shoppers_visit_expense_and_receipt_are_404(app, world):
    api, visit_id = world["api"], world["visit"].id
    receipt = upload(api, 3)
    expense_id = add_expense(api, visit_id, 900, receipt).get_json()["expense"]["id"]
    other = login(app, make_user(role="shopper"))
    db.session.commit()
    for resp in (
        other.get(f"/api/v1/me/visits/{visit_id}/pay"),
        other.patch(f"/api/v1/me/visits/{visit_id}/expenses/{expense_id}", json={"note": "x"}),
        other.delete(f"/api/v1/me/visits/{visit_id}/expenses/{expense_id}"),
        add_expense(other, visit_id, 100, upload(other, 4)),
        other.get(f"/api/v1/attachments/{receipt}"),
    ):
        assert resp.status_code == 404, resp.get_json()
    assert other.get("/api/v1/me/pay").get_json()["visits"] == []
    # and someone else's photo cannot be claimed as one's own receipt
    theirs = paid_scene()
    thief = login(app, theirs["shopper"])
    stolen = add_expense(thief, theirs["visit"].id, 100, receipt)
    assert stolen.status_code == 422
    assert stolen.get_json()["error"]["details"]["fields"]["receipt_sha256"] == "unknown_photo"


@pytest.mark.parametrize("amount", [12.5, "1250", 0, -1, 100_000_001, True, None])
def test_money_is_a_strict_positive_integer_of_minor_units(app, world, amount):
    resp = add_expense(world["api"], world["visit"].id, amount, upload(world["api"], 5))
    assert resp.status_code == 422


def test_hr_terms_and_adjustment_rules(app, world):
    hr, visit_id = world["hr_api"], world["visit"].id
    terms = {
        "fee_minor": 8000,
        "expense_cap_minor": 2000,
        "currency": "CNY",
        "reimburse_on_reject": True,
    }
    resp = hr.put(f"/api/v1/visits/{visit_id}/terms", json=terms)
    assert resp.status_code == 200 and resp.get_json()["pay"]["reimburse_on_reject"] is True
    assert (
        hr.put(
            f"/api/v1/visits/{visit_id}/terms", json={**terms, "reimburse_on_reject": 1}
        ).status_code
        == 422
    )
    no_reason = hr.put(f"/api/v1/visits/{visit_id}/adjustment", json={"amount_minor": 100})
    assert no_reason.status_code == 422
    below = hr.put(
        f"/api/v1/visits/{visit_id}/adjustment", json={"amount_minor": -8001, "reason": "x"}
    )
    assert below.status_code == 422
    shopper = world["api"].put(f"/api/v1/visits/{visit_id}/terms", json=terms)
    assert shopper.status_code == 403


def test_payment_run_paid_once_and_exported_for_finance(app, world):
    hr, api, visit_id = world["hr_api"], world["api"], world["visit"].id
    world["shopper"].name = '=HYPERLINK("http://x")'
    db.session.commit()
    add_expense(api, visit_id, 1000, upload(api, 6))
    sub = report(world, T0)
    hr.post(f"/api/v1/submissions/{sub.id}/review", json={"decision": "approve"})
    created = hr.post(
        "/api/v1/payment-runs", json={"period_start": "2026-01-01", "period_end": "2099-12-31"}
    )
    assert created.status_code == 201, created.get_json()
    run = created.get_json()["run"]
    assert run["totals"] == [{"currency": "CNY", "amount_minor": 6000}] and run["status"] == "open"
    assert run["shoppers"][0]["lines"][0]["visit_id"] == visit_id
    empty = hr.post(
        "/api/v1/payment-runs", json={"period_start": "2026-01-01", "period_end": "2099-12-31"}
    )
    assert empty.status_code == 409 and empty.get_json()["error"]["code"] == "nothing_payable"
    paid = hr.post(f"/api/v1/payment-runs/{run['id']}/paid", json={"reference": "FIN-7"})
    assert paid.status_code == 200 and paid.get_json()["run"]["reference"] == "FIN-7"
    again = hr.post(f"/api/v1/payment-runs/{run['id']}/paid", json={"reference": "FIN-8"})
    assert again.status_code == 409
    row = api.get("/api/v1/me/pay").get_json()["visits"][0]
    assert row["state"] == "paid" and row["paid"]["reference"] == "FIN-7" and row["paid"]["at"]
    assert len(notes("visit_paid")) == 1
    out = hr.get(f"/api/v1/payment-runs/{run['id']}.csv")
    assert out.status_code == 200
    assert (
        out.headers["Content-Type"] == CSV and out.headers["Cache-Control"] == "private, no-store"
    )
    text = out.data.decode("utf-8")
    assert text.startswith("\ufeff")
    [line] = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert line["shopper_name"] == '\'=HYPERLINK("http://x")'  # never a formula
    assert (line["total_minor"], line["total"], line["reference"]) == ("6000", "60.00", "FIN-7")
    book = hr.get(f"/api/v1/payment-runs/{run['id']}.xlsx")
    assert (
        book.headers["Content-Type"] == XLSX
        and book.headers["Cache-Control"] == "private, no-store"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(book.data)).active
    header = [c.value for c in sheet[1]]
    values = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert values["total_minor"] == 6000 and values["shopper_name"] == '=HYPERLINK("http://x")'
    assert sheet.cell(2, header.index("shopper_name") + 1).data_type == "s"
    assert hr.get("/api/v1/payment-runs").get_json()["runs"][0]["visits"] == 1


def test_hr_pay_list_shows_each_visit_with_its_shopper_state_and_total(app, world):
    """GET /pay/visits: HR finds visits by pay state instead of typing a visit number; the
    row is the one the visit's own page shows (same state and figures), with its shopper;
    a visit without terms is not listed; a shopper or employee gets 403."""
    from server.models import Assignment

    api, hr, visit_id = world["api"], world["hr_api"], world["visit"].id
    assert add_expense(api, visit_id, 1800, upload(api, 3)).status_code == 201
    bare = Assignment(
        campaign_id=world["visit"].campaign_id,
        form_version_id=world["visit"].form_version_id,
        relationship="mystery_shopper",
        rater_id=world["shopper"].id,
        unit_id=world["visit"].unit_id,
        status="pending",
    )
    db.session.add(bare)
    db.session.commit()

    def listed(query: str = "") -> list[dict]:
        resp = hr.get(f"/api/v1/pay/visits{query}")
        assert resp.status_code == 200, resp.get_json()
        assert resp.get_json()["truncated"] is False
        return resp.get_json()["visits"]

    [row] = listed()
    assert row["visit_id"] == visit_id and row["state"] == "pending"
    assert row["shopper"] == {"id": world["shopper"].id, "name": world["shopper"].name}
    assert listed("?state=payable") == []
    sub = report(world, T0)
    assert (
        hr.post(f"/api/v1/submissions/{sub.id}/review", json={"decision": "approve"}).status_code
        == 200
    )
    [row] = listed("?state=payable")
    own = hr.get(f"/api/v1/visits/{visit_id}/pay").get_json()["pay"]
    assert {k: v for k, v in row.items() if k != "shopper"} == own
    assert row["total_minor"] == 5000 + 1800
    assert listed(f"?campaign_id={world['visit'].campaign_id}&state=payable") == [row]
    assert listed("?campaign_id=999999") == []
    assert listed("?state=pending") == []
    for bad in ("?state=owed", "?campaign_id=0", "?campaign_id=x", "?state=%00"):
        resp = hr.get(f"/api/v1/pay/visits{bad}")
        assert resp.status_code == 422, bad
        assert resp.get_json()["error"]["code"] == "invalid"
    assert api.get("/api/v1/pay/visits").status_code == 403
    assert login(app, make_user()).get("/api/v1/pay/visits").status_code == 403
