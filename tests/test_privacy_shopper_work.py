"""Erasure and the export cover a shopper's work (registry.ERASURE): the expense keeps its
amount without the receipt photo, the home position and declared conflicts go, the API
tokens they created are revoked, and the export lists every one of these rows."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from server.extensions import db
from server.models import (
    ApiToken,
    Attachment,
    JobApplication,
    JobConflict,
    QuizAttempt,
    ShopperHome,
    User,
    VisitExpense,
)
from server.services.privacy import collect
from server.services.tokens import tokens
from tests.factories import (
    ApiClient,
    campaign_and_form,
    make_assignment,
    make_attachment,
    make_unit,
    make_user,
)

PRIVACY = "/api/v1/admin/privacy"


def _shopper_work() -> tuple[int, str, int]:
    shopper = make_user(role="shopper", name="Sam Shopper", email="sam@x.test")
    campaign, version = campaign_and_form(status="open")
    visit = make_assignment(campaign, shopper, version)
    make_attachment("r" * 64, uploaded_by_id=shopper.id, storage_key="photos/r.jpg")
    expense = VisitExpense(
        id=str(uuid.uuid4()),
        assignment_id=visit.id,
        amount_minor=1250,
        currency="CNY",
        receipt_sha256="r" * 64,
        created_by_id=shopper.id,
    )
    db.session.add_all(
        [
            expense,
            ShopperHome(user_id=shopper.id, latitude=31.2, longitude=121.4, area="Jing'an"),
            JobConflict(shopper_id=shopper.id, unit_id=make_unit().id, note="sister works here"),
            JobApplication(assignment_id=visit.id, shopper_id=shopper.id),
        ]
    )
    token = tokens.issue(db.session, shopper, "mine", ["reviews:read"], 30, datetime.now(UTC))
    db.session.commit()
    return shopper.id, expense.id, token.row.id


def test_export_lists_and_erasure_handles_shopper_work(admin_client: ApiClient) -> None:
    person, expense_id, token_id = _shopper_work()
    user = db.session.get(User, person)
    assert user is not None
    work = collect.shopper_work(db.session, user)
    assert [e["amount_minor"] for e in work["expenses_recorded"]] == [1250]
    assert work["home"][0]["area"] == "Jing'an" and len(work["job_conflicts"]) == 1
    assert len(work["job_applications"]) == 1 and work["api_tokens"][0]["name"] == "mine"
    assert "secret_hash" not in work["api_tokens"][0]
    resp = admin_client.post(f"{PRIVACY}/people/{person}/erase", json={"confirm": True})
    assert resp.status_code == 200, resp.get_json()
    db.session.expire_all()
    expense = db.session.get(VisitExpense, expense_id)
    assert expense is not None and expense.amount_minor == 1250
    assert expense.receipt_sha256 is None and db.session.get(Attachment, "r" * 64) is None
    assert db.session.get(ShopperHome, person) is None
    assert db.session.scalars(select(JobConflict)).all() == []
    assert len(db.session.scalars(select(JobApplication)).all()) == 1
    row: Any = db.session.get(ApiToken, token_id)
    assert row.revoked_at is not None
    assert db.session.scalars(select(QuizAttempt)).all() == []
