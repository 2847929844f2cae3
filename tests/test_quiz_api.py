"""Issue 16 §2 through the API: a shopper takes a quiz (the served quiz has no correct
answers, the server scores), a failure allows a retry only after the delay (time-machine),
passes are kept as history and certify the scenario, a shopper sees only their own attempts,
and HR sees who is certified for what."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import time_machine

from server.extensions import db
from server.models import QuizAttempt, ShopperCertification
from server.services.certification import status
from tests.api_client import ApiClient
from tests.factories import latest_version, make_user, sync_forms

KEY = "quiz-complaint-scenario"
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
RIGHT = {
    "stay_in_role": False,
    "when_present": "after_greeting",
    "escalate": True,
    "evidence": ["visit_time", "receipt_photo", "staff_name"],
    "when_report": "after_leaving",
}


def answers(wrong: int = 0) -> dict[str, Any]:
    """The right answers with the first `wrong` of them replaced by a wrong one."""
    bad = {
        "stay_in_role": True,
        "when_present": "at_entry",
        "escalate": False,
        "evidence": ["guess"],
        "when_report": "in_store",
    }
    return {k: (bad[k] if i < wrong else v) for i, (k, v) in enumerate(RIGHT.items())}


class Clocked:
    """A user's API client that logs in again at each moment it is used (a session from
    another day of the time machine is not one the server accepts)."""

    def __init__(self, app, user) -> None:
        self.app, self.email = app, user.email

    def at(self, moment: datetime, method: str, url: str, **kwargs: Any) -> Any:
        with time_machine.travel(moment, tick=False):
            client = ApiClient(self.app.test_client())
            assert client.login(self.email).status_code == 200
            return getattr(client, method)(url, **kwargs)

    def get(self, url: str, at: datetime | None = None, **kwargs: Any) -> Any:
        return self.at(at or datetime.now(UTC), "get", url, **kwargs)

    def post(self, url: str, at: datetime | None = None, **kwargs: Any) -> Any:
        return self.at(at or datetime.now(UTC), "post", url, **kwargs)


def shopper(app) -> tuple[Any, Clocked]:
    user = make_user(role="shopper")
    return user, Clocked(app, user)


def quiz_id() -> int:
    sync_forms()
    return latest_version(KEY).id


def attempt(client: Clocked, version_id: int, given: dict[str, Any], at: datetime) -> Any:
    body = {"form_version_id": version_id, "answers": given}
    return client.post("/api/v1/me/quiz-attempts", at=at, json=body)


def test_the_quiz_as_served_has_no_correct_answers(app):
    vid = quiz_id()
    _, client = shopper(app)
    mine = client.get("/api/v1/me/certification").get_json()
    [state] = mine["quizzes"]
    assert state["form_version_id"] == vid and state["state"] == "not_certified"
    assert (state["scenario"], state["pass_mark"], state["questions"]) == ("complaint", 80, 5)
    served = client.get(f"/api/v1/forms/versions/{vid}")
    assert served.status_code == 200
    body = served.get_json()
    assert body["definition"]["kind"] == "quiz"
    assert body["definition"]["quiz"]["pass_mark"] == 80
    assert '"correct"' not in json.dumps(body) and '"correct"' not in json.dumps(mine)
    stored = latest_version(KEY).definition  # the server keeps them
    assert all("correct" in q for s in stored["sections"] for q in s["questions"])


def test_a_pass_is_scored_by_the_server_and_certifies_the_scenario(app):
    vid = quiz_id()
    user, client = shopper(app)
    resp = attempt(client, vid, answers(wrong=1), T0)
    assert resp.status_code == 201, resp.get_json()
    result = resp.get_json()
    assert (result["score"], result["pass_mark"], result["passed"]) == (80.0, 80, True)
    assert (result["correct"], result["total"], result["wrong"]) == (4, 5, ["stay_in_role"])
    assert result["retry_at"] is None
    assert status.is_certified(db.session, user.id, "complaint", T0)
    mine = client.get("/api/v1/me/certification", at=T0 + timedelta(minutes=5)).get_json()
    assert mine["quizzes"][0]["state"] == "certified"
    assert mine["quizzes"][0]["certified_at"] == T0.isoformat()
    assert mine["certifications"] == [
        {"scenario": "complaint", "score": 80.0, "passed_at": T0.isoformat()}
    ]


def test_a_failure_allows_a_retry_only_after_the_delay(app):
    vid = quiz_id()
    user, client = shopper(app)
    failed = attempt(client, vid, answers(wrong=2), T0).get_json()
    assert (failed["score"], failed["passed"]) == (60.0, False)
    assert failed["wrong"] == ["stay_in_role", "when_present"]
    allowed = T0 + timedelta(hours=24)
    assert failed["retry_at"] == allowed.isoformat()
    early = attempt(client, vid, answers(), allowed - timedelta(seconds=1))
    assert early.status_code == 409
    error = early.get_json()["error"]
    assert error["code"] == "retry_later"
    assert error["details"] == {"retry_at": allowed.isoformat()}
    assert "2026-12-02 09:00 UTC" in error["message"]
    mine = client.get("/api/v1/me/certification", at=T0 + timedelta(hours=1)).get_json()
    [state] = mine["quizzes"]
    assert (state["state"], state["retry_at"]) == ("wait", allowed.isoformat())
    assert state["last_attempt"]["passed"] is False
    assert not status.is_certified(db.session, user.id, "complaint", allowed)
    ok = attempt(client, vid, answers(), allowed)
    assert ok.status_code == 201 and ok.get_json()["passed"] is True
    assert status.is_certified(db.session, user.id, "complaint", allowed)


def test_the_retry_message_is_translated(app):
    vid = quiz_id()
    _, client = shopper(app)
    attempt(client, vid, answers(wrong=5), T0)
    resp = client.post(
        "/api/v1/me/quiz-attempts",
        at=T0,
        json={"form_version_id": vid, "answers": answers()},
        headers={"Accept-Language": "zh-CN"},
    )
    message = resp.get_json()["error"]["message"]
    assert "2026-12-02 09:00 UTC" in message and "You can" not in message


def test_passing_twice_keeps_both_passes(app):
    vid = quiz_id()
    user, client = shopper(app)
    attempt(client, vid, answers(), T0)
    later = T0 + timedelta(days=30)
    assert attempt(client, vid, answers(wrong=1), later).status_code == 201  # no wait after a pass
    rows = db.session.scalars(
        db.select(ShopperCertification).where(ShopperCertification.user_id == user.id)
    ).all()
    assert sorted((r.passed_at, r.score) for r in rows) == [(T0, 100.0), (later, 80.0)]
    mine = client.get("/api/v1/me/certification", at=later).get_json()
    assert [c["passed_at"] for c in mine["certifications"]] == [later.isoformat(), T0.isoformat()]
    assert [a["score"] for a in mine["attempts"]] == [80.0, 100.0]


def test_a_shopper_sees_only_their_own_attempts(app):
    vid = quiz_id()
    _, first = shopper(app)
    other, second = shopper(app)
    attempt(first, vid, answers(wrong=3), T0)
    mine = second.get("/api/v1/me/certification").get_json()
    assert mine["attempts"] == [] and mine["certifications"] == []
    assert mine["quizzes"][0]["state"] == "not_certified"
    # the other shopper's failure imposes no wait on this one
    assert attempt(second, vid, answers(), T0).status_code == 201
    assert {a.user_id for a in db.session.scalars(db.select(QuizAttempt))} >= {other.id}


def test_answers_are_checked_like_a_form(app):
    vid = quiz_id()
    _, client = shopper(app)
    missing = attempt(client, vid, {"stay_in_role": True}, T0)
    assert missing.status_code == 422
    fields = missing.get_json()["error"]["details"]["fields"]
    assert fields["when_present"] == "required"
    bad = attempt(client, vid, {**answers(), "when_present": "zz", "nope": 1}, T0)
    assert bad.get_json()["error"]["details"]["fields"] == {
        "when_present": "option",
        "nope": "unknown_question",
    }
    assert db.session.scalar(db.select(db.func.count()).select_from(QuizAttempt)) == 0


def test_only_the_current_version_of_a_quiz_is_answered(app):
    vid = quiz_id()
    _, client = shopper(app)
    not_quiz = latest_version("mystery-shop-store").id
    assert attempt(client, not_quiz, answers(), T0).status_code == 404
    assert attempt(client, 2**31 - 1, answers(), T0).status_code == 404
    from tests.factories import save_form

    newer = dict(latest_version(KEY).definition)
    newer["quiz"] = {**newer["quiz"], "pass_mark": 60}
    save_form(newer)
    stale = attempt(client, vid, answers(), T0)
    assert stale.status_code == 409
    assert stale.get_json()["error"]["code"] == "quiz_changed"


def test_the_body_is_strict(app):
    quiz_id()
    _, client = shopper(app)
    for body in ({}, {"form_version_id": "1", "answers": {}}, {"form_version_id": 1},
                 {"form_version_id": 1, "answers": [], "extra": 1}):  # fmt: skip
        resp = client.post("/api/v1/me/quiz-attempts", json=body)
        assert resp.status_code == 422, body


def test_only_shoppers_take_quizzes_and_hr_sees_the_holders(app, hr_client):
    vid = quiz_id()
    staff = Clocked(app, make_user(role="employee"))
    assert staff.get("/api/v1/me/certification").status_code == 403
    assert attempt(staff, vid, answers(), T0).status_code == 403
    ann, ann_client = shopper(app)
    bob, bob_client = shopper(app)
    attempt(ann_client, vid, answers(), T0)
    attempt(ann_client, vid, answers(wrong=1), T0 + timedelta(days=2))
    attempt(bob_client, vid, answers(wrong=2), T0)
    assert ann_client.get("/api/v1/certification/holders").status_code == 403
    rows = hr_client.get("/api/v1/certification/holders").get_json()["holders"]
    assert [(r["user_id"], r["scenario"], r["passes"]) for r in rows] == [(ann.id, "complaint", 2)]
    [row] = rows
    assert row["first_passed_at"] == T0.isoformat()
    assert row["last_passed_at"] == (T0 + timedelta(days=2)).isoformat()
    assert row["score"] == 80.0 and row["name"] == ann.name
    none = hr_client.get("/api/v1/certification/holders?scenario=fitting-room")
    assert none.get_json()["holders"] == []
    assert hr_client.get("/api/v1/certification/holders?scenario=BAD KEY").status_code == 422


def test_a_quiz_is_not_a_campaign_form(app, hr_client):
    versions = sync_forms()
    resp = hr_client.post(
        "/api/v1/campaigns",
        json={
            "name": {"en": "Visits", "zh-CN": "暗访"},
            "kind": "mystery_shop",
            "period_start": "2026-01-01",
            "period_end": "2026-06-30",
            "forms": {"mystery_shopper": versions[KEY]},
        },
    )
    assert resp.status_code == 422, resp.get_json()
    fields = resp.get_json()["error"]["details"]["fields"]
    assert fields["forms"]["mystery_shopper"] == "A certification quiz is not a campaign form."


def test_a_quiz_is_not_a_recurring_campaign_form(app, hr_client):
    sync_forms()
    resp = hr_client.post(
        "/api/v1/cycle-templates",
        json={
            "name": {"en": "Monthly visits", "zh-CN": "每月暗访"},
            "kind": "mystery_shop",
            "forms": {"mystery_shopper": KEY},
            "recurrence": "monthly",
            "start_date": "2026-12-01",
        },
    )
    assert resp.status_code == 422, resp.get_json()
    assert resp.get_json()["error"]["details"]["fields"]["forms.mystery_shopper"] == (
        "form_is_a_quiz"
    )
