"""SPEC §7 mystery-shop visits: Visit endpoints end to end: HR plans, the shopper syncs, HR reviews
with evidence."""

from __future__ import annotations

import hashlib
import random
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from server.demo.demo_answers import fake_answers, jpeg_photo
from server.extensions import db
from server.models import ActionItem, FormVersion
from tests.factories import ApiClient, make_user

NOW = datetime.now(UTC).replace(microsecond=0)


pytestmark = pytest.mark.world(
    "visits",
    window_start=(NOW - timedelta(hours=2)).isoformat(),
    window_end=(NOW + timedelta(hours=2)).isoformat(),
    scenario={"en": "Return a faulty charger", "zh-CN": "退换有故障的充电器"},
)


def upload(client: ApiClient, seed: int, captured: datetime) -> str:
    data = jpeg_photo(seed, captured, "receipt")
    sha = hashlib.sha256(data).hexdigest()
    resp = client.put(
        f"/api/v1/attachments/{sha}", data=data, headers={"Content-Type": "image/jpeg"}
    )
    assert resp.status_code in (200, 201), resp.get_json()
    return sha


def send(world, *, critical_pass=True, replaces=None, seed=1, captured=NOW, geo=None):
    visit = world["visit"]
    version = db.session.get(FormVersion, world["campaign"].forms[0].form_version_id)
    shas = [
        upload(world["shopper"], seed, captured),
        upload(world["shopper"], seed + 1000, captured),
    ]
    answers, na = fake_answers(
        version.definition,
        random.Random(seed),
        0.9,
        overrides={"visit_type": "in_store", "greeted_proactively": critical_pass},
        context={
            "photos": lambda qid: [shas.pop()] if shas else [],
            "datetime": captured.isoformat(),
        },
    )
    sub = {
        "id": str(uuid.uuid4()),
        "assignment_id": visit["id"],
        "form_version_id": version.id,
        "answers": answers,
        "na": na,
        "started_at": captured.isoformat(),
        "completed_at": captured.isoformat(),
        "device_time": datetime.now(UTC).isoformat(),
        "staff_id": world["team"]["staff"][0].id,
        "geo": geo
        or {"lat": 31.2364, "lon": 121.4804, "accuracy": 20, "captured_at": captured.isoformat()},
    }
    if replaces:
        sub["replaces"] = replaces
    resp = world["shopper"].post("/api/v1/sync", json={"submissions": [sub]})
    result = resp.get_json()["results"][0]
    assert result["status"] == "created", result
    return sub["id"]


def test_queue_detail_and_approve(world):
    hr = world["hr"]
    sid = send(world)
    queue = hr.get("/api/v1/submissions?relationship=mystery_shopper&status=received")
    rows = queue.get_json()["submissions"]
    assert [r["id"] for r in rows] == [sid]
    ev = rows[0]["evidence"]
    assert ev["distance_m"] < 50 and ev["photos_in_window"] is True
    assert ev["duplicate_photos"] == [] and abs(ev["clock_skew_seconds"]) < 60
    detail = hr.get(f"/api/v1/submissions/{sid}").get_json()["submission"]
    assert detail["reported_staff"]["id"] == world["team"]["staff"][0].id
    assert detail["evidence"]["checks"]["flags"] == []
    assert len(detail["photos"]) == 2 and detail["visit"]["scenario"]["en"]
    assert {s["id"] for s in detail["unit_staff"]} >= {s.id for s in world["team"]["staff"]}
    resp = hr.post(f"/api/v1/submissions/{sid}/review", json={"decision": "approve"})
    assert resp.status_code == 200
    approved = resp.get_json()["submission"]
    assert approved["status"] == "approved" and approved["reviewer"]["id"]
    listed = hr.get(f"/api/v1/campaigns/{world['campaign'].id}/visits?status=approved")
    assert [v["id"] for v in listed.get_json()["visits"]] == [world["visit"]["id"]]


def test_reject_then_resubmit_then_approve_opens_action_item(world):
    hr = world["hr"]
    first = send(world, critical_pass=False)
    resp = hr.post(f"/api/v1/submissions/{first}/review", json={"decision": "reject"})
    assert resp.status_code == 422
    hr.post(
        f"/api/v1/submissions/{first}/review",
        json={"decision": "reject", "reason": "收据照片模糊 / receipt unreadable"},
    )
    mine = world["shopper"].get("/api/v1/me/assignments").get_json()["assignments"]
    assert [a["id"] for a in mine] == [world["visit"]["id"]]
    second = send(world, critical_pass=False, replaces=first, seed=7)
    queue = hr.get("/api/v1/submissions?relationship=mystery_shopper").get_json()
    assert [r["id"] for r in queue["submissions"]] == [second]
    assert db.session.scalar(select(ActionItem).where(ActionItem.submission_id == second)) is None
    hr.post(f"/api/v1/submissions/{second}/review", json={"decision": "approve"})
    item = db.session.scalar(select(ActionItem).where(ActionItem.submission_id == second))
    assert item is not None and item.question_id == "greeted_proactively"


def test_evidence_flags_far_checkin_old_photos_and_duplicates(world, hr_client):
    other = hr_client.post(
        f"/api/v1/campaigns/{world['campaign'].id}/visits",
        json={
            "unit_id": world["team"]["unit"].id,
            "shopper_id": world["visit"]["shopper"]["id"],
            "window_start": (NOW - timedelta(hours=1)).isoformat(),
            "window_end": (NOW + timedelta(hours=1)).isoformat(),
        },
    ).get_json()
    sid = send(
        world, captured=NOW - timedelta(days=3), geo={"lat": 31.30, "lon": 121.48, "accuracy": 10}
    )
    ev = hr_client.get(f"/api/v1/submissions/{sid}").get_json()["submission"]["evidence"]
    assert set(ev["checks"]["flags"]) == {"checkin", "photos"}
    assert ev["distance_m"] > 6000
    world["visit"] = other
    dup = send(world, captured=NOW - timedelta(days=3))  # same photos, another visit
    ev = hr_client.get(f"/api/v1/submissions/{dup}").get_json()["submission"]["evidence"]
    assert "duplicates" in ev["checks"]["flags"] and len(ev["duplicate_photos"]) == 2


def test_correct_staff_over_http(world):
    hr = world["hr"]
    sid = send(world)
    target = world["team"]["staff"][1].id
    resp = hr.post(
        f"/api/v1/submissions/{sid}/review", json={"decision": "correct", "staff_id": target}
    )
    assert resp.status_code == 200 and resp.get_json()["submission"]["staff"]["id"] == target
    bad = hr.post(
        f"/api/v1/submissions/{sid}/review", json={"decision": "approve", "staff_id": target}
    )
    assert bad.status_code == 422
    assert (
        hr.post(f"/api/v1/submissions/{sid}/review", json={"decision": "maybe"}).status_code == 422
    )
    assert hr.get("/api/v1/submissions/nope").status_code == 404


def test_visit_creation_errors(world, hr_client):
    cid = world["campaign"].id
    resp = hr_client.post(
        f"/api/v1/campaigns/{cid}/visits",
        json={
            "unit_id": world["team"]["unit"].id,
            "shopper_id": world["team"]["staff"][0].id,
            "window_start": NOW.isoformat(),
            "window_end": NOW.isoformat(),
        },
    )
    assert resp.status_code == 422
    assert set(resp.get_json()["error"]["details"]["fields"]) == {"shopper_id", "window_end"}
    assert hr_client.get(f"/api/v1/campaigns/{cid}/visits?status=bogus").status_code == 422


@pytest.mark.parametrize(
    "method, url",
    [
        ("get", "/api/v1/campaigns/1/visits"),
        ("post", "/api/v1/campaigns/1/visits"),
        ("get", "/api/v1/submissions"),
        ("get", "/api/v1/submissions/x"),
        ("post", "/api/v1/submissions/x/review"),
    ],
)
@pytest.mark.parametrize("role, expected", [("employee", 403), ("shopper", 403), (None, 401)])
def test_access_matrix(app, method, url, role, expected):
    client = ApiClient(app.test_client())
    if role:
        client.login(make_user(role=role).email)
    assert getattr(client, method)(url, json={}).status_code == expected
