"""The scene of the pay tests (issue 16 §3): the review-timer scene (an open mystery-shop
campaign, a store, a shopper, HR users, one visit) with pay terms, receipts the shopper
uploaded and expenses recorded through the service. Works on `app` and `pg_app`."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from server.extensions import db
from server.models import AttachmentHolder, VisitExpense, VisitTerms
from server.services.pay import expenses
from server.services.visits import visits
from tests.factories import make_attachment
from tests.timers_scene import T0, hr_return, report, run, scene

__all__ = ["T0", "expense", "hr_approve", "hr_return", "paid_scene", "report", "run"]


def paid_scene(
    fee: int = 5000, cap: int = 3000, reimburse: bool = False, currency: str = "CNY"
) -> dict[str, Any]:
    """A visit with terms {fee, cap, currency, reimburse_on_reject}."""
    s = scene()
    db.session.add(
        VisitTerms(
            assignment_id=s["visit"].id,
            fee_minor=fee,
            expense_cap_minor=cap,
            currency=currency,
            reimburse_on_reject=reimburse,
        )
    )
    db.session.commit()
    return s


def receipt(s: dict[str, Any], tag: str) -> str:
    """A receipt photo the scene's shopper uploaded (its hash)."""
    sha = hashlib.sha256(f"{tag}-{uuid.uuid4()}".encode()).hexdigest()
    make_attachment(sha, uploaded_by_id=s["shopper"].id)
    db.session.add(AttachmentHolder(sha256=sha, user_id=s["shopper"].id))
    db.session.commit()
    return sha


def expense(s: dict[str, Any], amount: int, note: str = "coffee") -> VisitExpense:
    """The shopper records an expense with a fresh receipt."""
    data = {
        "id": str(uuid.uuid4()),
        "amount_minor": amount,
        "currency": "CNY",
        "note": note,
        "receipt_sha256": receipt(s, note),
    }
    row = expenses.add(db.session, s["shopper"], s["visit"], data)
    db.session.commit()
    return row


def hr_approve(s: dict[str, Any], sub: Any) -> None:
    visits.review(db.session, s["hr"][0], sub, {"decision": "approve"})
    db.session.commit()
