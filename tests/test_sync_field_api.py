"""SPEC §8 field API, §7 late submissions: GET /me/assignments, GET /forms/versions/{id} (ETag,
304), late acceptance, malformed sync."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from server.extensions import db
from server.models import ActionItem, AuditEvent, Submission
from tests.factories import good_answers, make_assignment, make_campaign, make_user, sub

VISIT = {
    "visit_window_start": datetime(2026, 5, 1, 9, tzinfo=UTC),
    "visit_window_end": datetime(2026, 5, 1, 18, tzinfo=UTC),
    "scenario": {"en": "Ask about a refund", "zh-CN": "询问退款"},
}
pytestmark = pytest.mark.world("field", visit=VISIT)


def test_my_assignments_lists_pending_visits_with_staff(world: dict[str, Any]) -> None:
    resp = world["client"].get("/api/v1/me/assignments")
    assert resp.status_code == 200
    [item] = resp.get_json()["assignments"]
    assert item["id"] == world["visit"].id and item["relationship"] == "mystery_shopper"
    assert item["form_version_id"] == world["version"].id and item["form_key"] == "field-test"
    assert item["campaign"]["status"] == "open" and item["subject"] is None
    visit = item["visit"]
    assert visit["unit"]["name"] == world["store"].name and visit["unit"]["latitude"] == 31.23
    assert visit["scenario"]["en"] == "Ask about a refund"
    assert visit["window_start"].startswith("2026-05-01T09:00")
    staff_ids = {s["id"] for s in visit["staff"]}
    expected = {u.id for u in world["staff"]} | {world["manager"].id, world["team_member"].id}
    assert staff_ids == expected
    assert item["rejected"] is None


def test_assignments_hide_draft_submitted_and_others(app: Any, world: dict[str, Any]) -> None:
    draft = make_campaign("mixed", form=world["version"], status="draft")
    make_assignment(draft, world["client"].user, world["version"])
    other = make_user(role="shopper")
    make_assignment(world["campaign"], other, world["version"])
    closed = make_campaign("mixed", form=world["version"], status="closed")
    late_one = make_assignment(closed, world["client"].user, world["version"])
    ids = {a["id"] for a in world["client"].get("/api/v1/me/assignments").get_json()["assignments"]}
    assert ids == {world["visit"].id, late_one.id}
    world["client"].post(
        "/api/v1/sync", json={"submissions": [sub(world["visit"], world["version"])]}
    )
    ids = {a["id"] for a in world["client"].get("/api/v1/me/assignments").get_json()["assignments"]}
    assert ids == {late_one.id}


def test_rejected_visit_is_listed_again_with_the_id_to_replace(world: dict[str, Any]) -> None:
    item = sub(world["visit"], world["version"])
    world["client"].post("/api/v1/sync", json={"submissions": [item]})
    row = db.session.get(Submission, item["id"])
    row.status, row.review_reason = "rejected", "No receipt"
    world["visit"].status = "pending"
    db.session.commit()
    [listed] = world["client"].get("/api/v1/me/assignments").get_json()["assignments"]
    rejected = listed["rejected"]
    assert (rejected["submission_id"], rejected["reason"]) == (item["id"], "No receipt")
    assert rejected["answers"] == item["answers"]  # reopened with the earlier report


def test_assignments_need_login(client: Any) -> None:
    assert client.get("/api/v1/me/assignments").status_code == 401


def test_form_version_etag_and_304(world: dict[str, Any]) -> None:
    url = f"/api/v1/forms/versions/{world['version'].id}"
    resp = world["client"].get(url)
    assert resp.status_code == 200
    assert resp.headers["ETag"] == f'"{world["version"].sha256}"'
    assert resp.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    body = resp.get_json()
    assert body == {
        "id": world["version"].id,
        "form_key": "field-test",
        "version": 1,
        "sha256": world["version"].sha256,
        "definition": world["version"].definition,
    }
    cached = world["client"].get(url, headers={"If-None-Match": resp.headers["ETag"]})
    assert cached.status_code == 304 and cached.data == b""
    assert cached.headers["ETag"] == resp.headers["ETag"]
    stale = world["client"].get(url, headers={"If-None-Match": '"deadbeef"'})
    assert stale.status_code == 200


@pytest.mark.parametrize("version_id", ["999999", "99999999999999999999"])
def test_unknown_form_version_is_404(world: dict[str, Any], version_id: str) -> None:
    resp = world["client"].get(f"/api/v1/forms/versions/{version_id}")
    assert resp.status_code == 404 and resp.get_json()["error"]["code"] == "not_found"


def test_form_version_needs_login(client: Any, world: dict[str, Any]) -> None:
    assert client.get(f"/api/v1/forms/versions/{world['version'].id}").status_code == 401


def _late_submission(world: dict[str, Any], relationship: str = "peer") -> Submission:
    world["campaign"].status = "closed"
    db.session.commit()
    subject = make_user(manager_id=world["manager"].id, unit_id=world["store"].id)
    assignment = make_assignment(
        world["campaign"],
        world["client"].user,
        world["version"],
        relationship=relationship,
        subject_id=subject.id,
    )
    item = sub(assignment, world["version"], answers=good_answers(greeted=False))
    resp = world["client"].post("/api/v1/sync", json={"submissions": [item]})
    assert resp.get_json()["results"][0]["status"] == "late"
    return db.session.get(Submission, item["id"])


def test_hr_accepts_a_late_submission(world: dict[str, Any], hr_client: Any) -> None:
    late = _late_submission(world)
    assert db.session.scalars(select(ActionItem)).all() == []  # late: no action until accepted
    resp = hr_client.post(f"/api/v1/submissions/{late.id}/accept-late")
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json() == {
        "id": late.id,
        "status": "received",
        "is_late": True,
        "late_accepted": True,
    }
    db.session.expire_all()
    row = db.session.get(Submission, late.id)
    assert row.late_accepted and row.status == "received" and row.is_late
    [action] = db.session.scalars(select(ActionItem)).all()
    assert action.kind == "critical_failure" and action.question_id == "greeted"
    assert db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.object_id == late.id)
    ).all() == ["late_accepted"]
    again = hr_client.post(f"/api/v1/submissions/{late.id}/accept-late")
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_accepted"


def test_accept_late_access_and_errors(
    world: dict[str, Any], hr_client: Any, employee_client: Any
) -> None:
    late = _late_submission(world)
    assert world["client"].post(f"/api/v1/submissions/{late.id}/accept-late").status_code == 403
    assert employee_client.post(f"/api/v1/submissions/{late.id}/accept-late").status_code == 403
    assert hr_client.post(f"/api/v1/submissions/{uuid.uuid4()}/accept-late").status_code == 404
    assert hr_client.post("/api/v1/submissions/%00/accept-late").status_code == 404
    on_time = make_assignment(
        make_campaign("mixed", form=world["version"]),
        world["client"].user,
        world["version"],
        unit_id=world["store"].id,
    )
    item = sub(on_time, world["version"])
    world["client"].post("/api/v1/sync", json={"submissions": [item]})
    resp = hr_client.post(f"/api/v1/submissions/{item['id']}/accept-late")
    assert resp.status_code == 409 and resp.get_json()["error"]["code"] == "not_late"


@pytest.mark.parametrize(
    "raw",
    [
        b"{oops",
        b"[]",
        b'{"submissions": 5}',
        b'{"submissions": null}',
        b"{}",
        b'{"submissions": [], "extra": 1}',
    ],
)
def test_malformed_sync_request_is_4xx(world: dict[str, Any], raw: bytes) -> None:
    resp = world["client"].post(
        "/api/v1/sync", data=raw, headers={"Content-Type": "application/json"}
    )
    assert 400 <= resp.status_code < 500 and resp.get_json()["error"]["code"]


def test_bad_items_are_invalid_one_by_one(world: dict[str, Any]) -> None:
    version = world["version"]
    good = sub(world["visit"], version)
    items: list[Any] = [
        None,
        7,
        [],
        {"id": "x"},
        {**sub(world["visit"], version), "assignment_id": "1"},
        {**sub(world["visit"], version), "assignment_id": 2**63},
        {**sub(world["visit"], version), "device_time": "yesterday"},
        {**sub(world["visit"], version), "geo": {"lat": 91, "lon": 0}},
        {**sub(world["visit"], version), "na": ["smile", "smile"]},
        {**sub(world["visit"], version), "na": ["greeted"]},
        {**sub(world["visit"], version), "answers": {"smile\x00": 3}},
        {**sub(world["visit"], version), "unexpected": True},
        {**sub(world["visit"], version), "answers": good_answers(day="2026-02-30")},
        {**sub(world["visit"], version), "answers": good_answers(at="25:00")},
        {**sub(world["visit"], version), "answers": good_answers(points=["a", "a"])},
        {**sub(world["visit"], version), "answers": good_answers(note="x" * 10_001)},
        {**sub(world["visit"], version), "device_time": "9999-12-31T23:59:59-05:00"},
        {**sub(world["visit"], version), "started_at": "0001-01-01T00:00:00+14:00"},
        {
            **sub(world["visit"], version),
            "geo": {"lat": 1, "lon": 1, "captured_at": "9999-12-31T23:59:59-12:00"},
        },
        good,
    ]
    resp = world["client"].post(
        "/api/v1/sync",
        data=json.dumps({"submissions": items}),
        headers={"Content-Type": "application/json"},
    )
    assert resp.status_code == 200, resp.get_json()
    statuses = [r["status"] for r in resp.get_json()["results"]]
    assert statuses == ["invalid"] * (len(items) - 1) + ["created"]
    fields = [r["error"]["details"]["fields"] for r in resp.get_json()["results"][:-1]]
    assert fields[9] == {"greeted": "na_not_allowed"}
    assert fields[12] == {"day": "type"} and fields[13] == {"at": "type"}
    assert fields[14] == {"points": "option"} and fields[15] == {"note": "too_long"}


def test_deeply_nested_json_is_400_not_500(app: Any, world: dict[str, Any], hr_client: Any) -> None:
    deep = "[" * 100_000
    headers = {"Content-Type": "application/json"}
    resp = world["client"].post("/api/v1/sync", data=deep, headers=headers)
    assert resp.status_code == 400 and resp.get_json()["error"]["code"] == "bad_request"
    public = app.test_client().post(
        "/api/v1/public/links/" + "a" * 32 + "/responses", data='{"a":' * 100_000, headers=headers
    )
    assert public.status_code == 400
    patch = hr_client.patch("/api/v1/action-items/1", data=deep, headers=headers)
    assert patch.status_code == 400
