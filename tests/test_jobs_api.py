"""Issue 16 §1, §4 job board over HTTP: HR publishes (new and converted visits), a shopper
sees open jobs nearest first and only their own taken jobs, takes, schedules, cancels; a
second shopper no longer sees a taken job; HR's applications carry the rating; the conflict
list; shoppers never see applications; a shopper withdraws their own pending application."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from server.extensions import db
from server.models import AuditEvent, VisitTerms
from server.services.visits import visits
from tests.api_client import ApiClient
from tests.conftest import _logged_in
from tests.factories import make_campaign, make_user
from tests.jobs_world import store

START = (datetime.now(UTC) + timedelta(days=5)).replace(microsecond=0)
P = "/api/v1"


def _setup(app, hr_client, mode="first_come"):
    campaign = make_campaign("mystery_shop", status="open")
    near, far = store("Near", 31.2310, 121.4740), store("Far", 31.30, 121.60)
    db.session.commit()
    resp = hr_client.put(f"{P}/campaigns/{campaign.id}/job-settings", json={"mode": mode})
    assert resp.status_code == 200, resp.get_json()
    jobs = []
    for unit in (far, near):
        resp = hr_client.post(
            f"{P}/campaigns/{campaign.id}/jobs",
            json={
                "unit_id": unit.id,
                "window_start": START.isoformat(),
                "window_end": (START + timedelta(days=2)).isoformat(),
                "scenario": {"en": "Buy a coffee", "zh-CN": "买一杯咖啡"},
                "fee_minor": 8000,
                "expense_cap_minor": 3000,
            },
        )
        assert resp.status_code == 201, resp.get_json()
        assert resp.get_json()["open"] is True
        jobs.append(resp.get_json()["id"])
    return campaign, near, far, jobs


def test_board_take_schedule_cancel(app, hr_client, shopper_client):
    campaign, near, far, (far_job, near_job) = _setup(app, hr_client)
    other: ApiClient = _logged_in(app, "shopper")
    board = shopper_client.get(f"{P}/jobs?latitude=31.2304&longitude=121.4737").get_json()
    assert [j["id"] for j in board["jobs"]] == [near_job, far_job]
    first = board["jobs"][0]
    assert first["fee_minor"] == 8000 and first["unit"]["latitude"] == 31.2310
    assert first["unmet"] == [] and first["mode"] == "first_come"
    taken = shopper_client.post(f"{P}/jobs/{near_job}/take", json={})
    assert taken.status_code == 200, taken.get_json()
    assert [j["id"] for j in other.get(f"{P}/jobs").get_json()["jobs"]] == [far_job]
    again = other.post(f"{P}/jobs/{near_job}/take", json={})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "job_taken"
    assert other.get(f"{P}/me/jobs").get_json()["jobs"] == []
    when = (START + timedelta(days=1)).isoformat()
    assert (
        other.post(f"{P}/me/jobs/{near_job}/schedule", json={"scheduled_at": when}).status_code
        == 404
    )
    assert other.post(f"{P}/me/jobs/{near_job}/cancel", json={}).status_code == 404
    done = shopper_client.post(f"{P}/me/jobs/{near_job}/schedule", json={"scheduled_at": when})
    assert done.status_code == 200 and done.get_json()["scheduled_at"].startswith(when[:16])
    mine = shopper_client.get(f"{P}/me/jobs").get_json()["jobs"]
    assert [j["id"] for j in mine] == [near_job] and mine[0]["status"] == "scheduled"
    today = shopper_client.get(f"{P}/me/assignments").get_json()
    assert near_job in {a["id"] for a in today["assignments"]}  # in Today like any visit
    assert shopper_client.post(f"{P}/me/jobs/{near_job}/cancel", json={}).status_code == 204
    assert near_job in [j["id"] for j in other.get(f"{P}/jobs").get_json()["jobs"]]


def test_hr_publishes_an_existing_visit_and_lists_jobs(app, hr_client):
    campaign = make_campaign("mystery_shop", status="open")
    unit, shopper = store("S", 31.0, 121.0), make_user(role="shopper")
    visit = visits.create_visit(
        db.session,
        None,
        campaign,
        {
            "unit_id": unit.id,
            "shopper_id": shopper.id,
            "window_start": START,
            "window_end": START + timedelta(days=1),
        },
    )
    db.session.commit()
    resp = hr_client.post(
        f"{P}/visits/{visit.id}/job",
        json={"fee_minor": 5000, "expense_cap_minor": 0, "min_rating": 4.0},
    )
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["open"] is True and resp.get_json()["requirements"]["min_rating"] == 4.0
    assert db.session.get(VisitTerms, visit.id).fee_minor == 5000
    listed = hr_client.get(f"{P}/campaigns/{campaign.id}/jobs").get_json()["jobs"]
    assert [j["id"] for j in listed] == [visit.id]
    bad = hr_client.post(
        f"{P}/visits/{visit.id}/job", json={"fee_minor": 1.5, "expense_cap_minor": 0}
    )
    assert bad.status_code == 422


def test_applications_with_ratings_for_hr_only(app, hr_client, shopper_client):
    _, near, _, (_, near_job) = _setup(app, hr_client, mode="approval")
    assert shopper_client.post(f"{P}/jobs/{near_job}/take", json={}).status_code == 409
    applied = shopper_client.post(f"{P}/jobs/{near_job}/apply", json={})
    assert applied.status_code == 201, applied.get_json()
    assert shopper_client.get(f"{P}/job-applications").status_code == 403
    rows = hr_client.get(f"{P}/job-applications?status=pending").get_json()["applications"]
    assert rows[0]["shopper"] == {
        "id": shopper_client.user.id,
        "name": shopper_client.user.name,
        "rating": 3.0,
        "visits": 0,
        "provisional": True,
    }
    decided = hr_client.post(
        f"{P}/job-applications/{rows[0]['id']}/decision", json={"decision": "approve"}
    )
    assert decided.get_json() == {"id": rows[0]["id"], "status": "approved"}
    assert [j["id"] for j in shopper_client.get(f"{P}/me/jobs").get_json()["jobs"]] == [near_job]


def test_conflict_list_and_home(app, hr_client, shopper_client):
    _, near, _, (far_job, near_job) = _setup(app, hr_client)
    shopper = shopper_client.user
    added = hr_client.post(
        f"{P}/job-conflicts",
        json={"shopper_id": shopper.id, "unit_id": near.id, "note": "Sister works there"},
    )
    assert added.status_code == 201, added.get_json()
    dup = hr_client.post(f"{P}/job-conflicts", json={"shopper_id": shopper.id, "unit_id": near.id})
    assert dup.status_code == 409
    assert [j["id"] for j in shopper_client.get(f"{P}/jobs").get_json()["jobs"]] == [far_job]
    assert shopper_client.get(f"{P}/job-conflicts").status_code == 403
    cid = added.get_json()["id"]
    assert hr_client.delete(f"{P}/job-conflicts/{cid}").status_code == 204
    assert hr_client.get(f"{P}/job-conflicts").get_json() == {"conflicts": []}
    home = shopper_client.put(
        f"{P}/me/home", json={"latitude": 31.30, "longitude": 121.60, "area": "Pudong"}
    )
    assert home.get_json()["home"]["area"] == "Pudong"
    ids = [j["id"] for j in shopper_client.get(f"{P}/jobs").get_json()["jobs"]]
    assert ids == [far_job, near_job]
    assert (
        shopper_client.put(f"{P}/me/home", json={"latitude": 91, "longitude": 0}).status_code == 422
    )


def test_a_shopper_withdraws_a_pending_application(app, hr_client, shopper_client):
    _, _, _, (far_job, near_job) = _setup(app, hr_client, mode="approval")
    other: ApiClient = _logged_in(app, "shopper")
    mine = shopper_client.post(f"{P}/jobs/{near_job}/apply", json={}).get_json()["id"]
    theirs = other.post(f"{P}/jobs/{near_job}/apply", json={}).get_json()["id"]
    listed = {j["id"]: j for j in shopper_client.get(f"{P}/jobs").get_json()["jobs"]}
    assert listed[near_job]["applied"] and listed[near_job]["application_id"] == mine
    assert listed[far_job]["application_id"] is None
    foreign = shopper_client.post(f"{P}/me/job-applications/{theirs}/withdraw", json={})
    assert foreign.status_code == 404 and foreign.get_json()["error"]["code"] == "not_found"
    assert hr_client.post(f"{P}/me/job-applications/{mine}/withdraw", json={}).status_code == 403
    done = shopper_client.post(f"{P}/me/job-applications/{mine}/withdraw", json={})
    assert done.get_json() == {"id": mine, "status": "withdrawn"}
    again = shopper_client.post(f"{P}/me/job-applications/{mine}/withdraw", json={})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_withdrawn"
    pending = hr_client.get(f"{P}/job-applications?status=pending").get_json()["applications"]
    assert [a["id"] for a in pending] == [theirs]
    everything = hr_client.get(f"{P}/job-applications").get_json()["applications"]
    assert {a["id"]: a["status"] for a in everything} == {mine: "withdrawn", theirs: "pending"}
    assert not shopper_client.get(f"{P}/jobs").get_json()["jobs"][0]["applied"]
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "job_application_withdrawn")
    ).all()
    assert [(e.actor_id, e.object_id) for e in events] == [(shopper_client.user.id, str(mine))]
    # HR decides the other one: from then on it cannot be withdrawn
    hr_client.post(f"{P}/job-applications/{theirs}/decision", json={"decision": "decline"})
    late = other.post(f"{P}/me/job-applications/{theirs}/withdraw", json={})
    assert late.status_code == 409 and late.get_json()["error"]["code"] == "already_decided"
    # a withdrawn application may be made again
    back = shopper_client.post(f"{P}/jobs/{near_job}/apply", json={})
    assert back.status_code == 201 and back.get_json() == {"id": mine, "status": "pending"}
