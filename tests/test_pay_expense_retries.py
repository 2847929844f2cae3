"""Issue 16 §3 expenses recorded offline (the PWA's outbox) through the API: a random
sequence of expense POST retries (same id and content, responses lost: the client sends
again) interleaved across expenses, then the visit's report through POST /sync (also
retried), stores each expense exactly once; once the report is in, a new expense is 409
`expenses_locked` and a late retry of a stored one still answers it, nothing stored lost;
after HR approves, the amount payable is fee + min(sum of receipts, cap)."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from server.demo.demo_answers import fake_answers
from server.extensions import db
from server.models import FormVersion, Submission, VisitExpense
from tests.pay_scene import paid_scene
from tests.test_pay_api import login, upload

SETTINGS = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def report_body(visit: Any, seed: int, photos: list[str]) -> dict[str, Any]:
    """A valid report of the visit as the PWA sends it to POST /sync (`photos`: uploaded)."""
    version = db.session.get(FormVersion, visit.form_version_id)
    at = datetime.now(UTC).replace(microsecond=0)
    answers, na = fake_answers(
        version.definition,
        random.Random(seed),
        0.9,
        overrides={"visit_type": "in_store"},
        context={
            "photos": lambda qid: [photos.pop()] if photos else [],
            "datetime": at.isoformat(),
        },
    )
    return {
        "id": str(uuid.uuid4()),
        "assignment_id": visit.id,
        "form_version_id": version.id,
        "answers": answers,
        "na": na,
        "started_at": (at - timedelta(minutes=30)).isoformat(),
        "completed_at": at.isoformat(),
        "device_time": at.isoformat(),
        "staff_id": None,
    }


def post_expense(api: Any, visit_id: int, body: dict[str, Any]) -> Any:
    return api.post(f"/api/v1/me/visits/{visit_id}/expenses", json=body)


@SETTINGS
@given(
    fee=st.integers(min_value=0, max_value=10**7),
    cap=st.integers(min_value=0, max_value=10**6),
    amounts=st.lists(st.integers(min_value=1, max_value=10**6), min_size=1, max_size=4),
    tries=st.lists(st.integers(min_value=1, max_value=3), min_size=4, max_size=4),
    sync_tries=st.integers(min_value=1, max_value=3),
    seed=st.integers(min_value=0, max_value=2**16),
)
def test_expense_retries_then_the_report_store_each_expense_once_and_pay_fee_plus_capped_receipts(
    app: Any,
    fee: int,
    cap: int,
    amounts: list[int],
    tries: list[int],
    sync_tries: int,
    seed: int,
) -> None:
    s = paid_scene(fee=fee, cap=cap)
    api, hr = login(app, s["shopper"]), login(app, s["hr"][0])
    visit_id = s["visit"].id
    rng = random.Random(seed)
    bodies = [
        {
            "id": str(uuid.uuid4()),
            "amount_minor": amount,
            "currency": "CNY",
            "note": f"receipt {i}",
            "receipt_sha256": upload(api, seed * 10 + i),
        }
        for i, amount in enumerate(amounts)
    ]
    # every attempt of every expense, in a random interleaving; a lost response is a retry
    attempts = [b for b, n in zip(bodies, tries, strict=False) for _ in range(n)]
    rng.shuffle(attempts)
    for body in attempts:
        resp = post_expense(api, visit_id, body)
        assert resp.status_code == 201, resp.get_json()
        assert resp.get_json()["expense"]["id"] == body["id"]

    photos = [upload(api, seed * 10 + 7), upload(api, seed * 10 + 8)]
    report = report_body(s["visit"], seed, photos)
    for n in range(sync_tries):  # the phone sends its report again after a lost answer
        result = api.post("/api/v1/sync", json={"submissions": [report]}).get_json()["results"][0]
        assert result["status"] == ("created" if n == 0 else "duplicate"), result

    late = post_expense(api, visit_id, {**bodies[0], "id": str(uuid.uuid4())})
    assert late.status_code == 409 and late.get_json()["error"]["code"] == "expenses_locked"
    again = post_expense(api, visit_id, rng.choice(bodies))  # a late retry of a stored one
    assert again.status_code == 201, again.get_json()

    db.session.expire_all()
    stored = db.session.scalars(
        select(VisitExpense).where(VisitExpense.assignment_id == visit_id)
    ).all()
    assert sorted((e.id, e.amount_minor) for e in stored) == sorted(
        (b["id"], b["amount_minor"]) for b in bodies
    )
    reports = db.session.scalar(
        select(func.count()).select_from(Submission).where(Submission.assignment_id == visit_id)
    )
    assert reports == 1

    decided = hr.post(f"/api/v1/submissions/{report['id']}/review", json={"decision": "approve"})
    assert decided.status_code == 200, decided.get_json()
    [row] = api.get("/api/v1/me/pay").get_json()["visits"]
    payable = fee + min(sum(amounts), cap)
    assert (row["receipts_minor"], row["reimbursed_minor"]) == (
        sum(amounts),
        min(sum(amounts), cap),
    )
    assert row["total_minor"] == payable
    assert row["state"] == ("payable" if payable else "nothing_to_pay")
