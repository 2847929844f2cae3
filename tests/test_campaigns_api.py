"""SPEC §7 campaign workflow, §8 HR API: Campaign endpoints: success paths, error codes and the role
matrix."""

from __future__ import annotations

import pytest

from server.extensions import db
from server.models import Assignment
from tests.factories import ApiClient, forms_for, make_campaign, make_user, sync_forms
from tests.worlds import make_team


def body(kind: str = "360", **extra):
    return {
        "name": {"en": "H1 review", "zh-CN": "上半年评估"},
        "kind": kind,
        "period_start": "2026-01-01",
        "period_end": "2026-06-30",
        "forms": forms_for(kind, sync_forms()),
        **extra,
    }


def test_create_get_patch_and_list(hr_client):
    resp = hr_client.post("/api/v1/campaigns", json=body(peer_min=2, peer_max=4))
    assert resp.status_code == 201, resp.get_json()
    created = resp.get_json()
    assert created["status"] == "draft" and created["peer_max"] == 4
    assert set(created["forms"]) == {"self", "supervisor", "peer", "subordinate"}
    cid = created["id"]
    resp = hr_client.patch(f"/api/v1/campaigns/{cid}", json={"report_locale": "en"})
    assert resp.status_code == 200 and resp.get_json()["report_locale"] == "en"
    listed = hr_client.get("/api/v1/campaigns?kind=360").get_json()["campaigns"]
    assert [c["id"] for c in listed] == [cid]
    assert hr_client.get(f"/api/v1/campaigns/{cid}").get_json()["name"]["zh-CN"] == "上半年评估"


@pytest.mark.parametrize(
    "patch, code",
    [
        ({"name": {"en": "only english"}}, "invalid"),
        ({"kind": "weekly"}, "invalid"),
        ({"period_end": "2025-01-01"}, "invalid"),
        ({"surprise": 1}, "invalid"),
        ({"peer_min": "3"}, "invalid"),
    ],
)
def test_create_validation_errors(hr_client, patch, code):
    resp = hr_client.post("/api/v1/campaigns", json={**body(), **patch})
    assert resp.status_code == 422 and resp.get_json()["error"]["code"] == code


def test_lifecycle_over_http(hr_client):
    make_team(3)
    cid = hr_client.post("/api/v1/campaigns", json=body()).get_json()["id"]
    resp = hr_client.post(f"/api/v1/campaigns/{cid}/open")
    assert resp.status_code == 409 and resp.get_json()["error"]["code"] == "no_assignments"
    gen = hr_client.post(f"/api/v1/campaigns/{cid}/assignments/generate")
    assert gen.status_code == 200 and gen.get_json()["created"] > 0
    again = hr_client.post(f"/api/v1/campaigns/{cid}/assignments/generate").get_json()
    assert again["created"] == 0
    assert hr_client.post(f"/api/v1/campaigns/{cid}/release").status_code == 409
    for action, status in (
        ("open", "open"),
        ("close", "closed"),
        ("release", "released"),
        ("unrelease", "closed"),
    ):
        resp = hr_client.post(f"/api/v1/campaigns/{cid}/{action}")
        assert resp.status_code == 200 and resp.get_json()["status"] == status
    assert hr_client.get("/api/v1/campaigns/9999").status_code == 404


def test_assignment_endpoints(hr_client):
    team = make_team(3)
    campaign = make_campaign("360")
    cid = campaign.id
    hr_client.post(f"/api/v1/campaigns/{cid}/assignments/generate")
    rows = hr_client.get(f"/api/v1/campaigns/{cid}/assignments?relationship=supervisor")
    supervisors = rows.get_json()["assignments"]
    assert supervisors and all(a["relationship"] == "supervisor" for a in supervisors)
    outsider = make_user(name="Outsider")
    add = hr_client.post(
        f"/api/v1/campaigns/{cid}/assignments",
        json={"relationship": "peer", "rater_id": outsider.id, "subject_id": team["staff"][0].id},
    )
    assert add.status_code == 201 and add.get_json()["rater"]["name"] == "Outsider"
    dup = hr_client.post(
        f"/api/v1/campaigns/{cid}/assignments",
        json={"relationship": "peer", "rater_id": outsider.id, "subject_id": team["staff"][0].id},
    )
    assert dup.status_code == 409
    aid = add.get_json()["id"]
    moved = hr_client.patch(
        f"/api/v1/campaigns/{cid}/assignments/{aid}", json={"rater_id": team["boss"].id}
    )
    assert moved.status_code in (200, 409)
    assert hr_client.patch(f"/api/v1/campaigns/{cid}/assignments/{aid}", json={}).status_code == 422
    assert hr_client.delete(f"/api/v1/campaigns/{cid}/assignments/{aid}").status_code == 204
    assert hr_client.delete(f"/api/v1/campaigns/{cid}/assignments/{aid}").status_code == 404
    other = make_campaign("360")
    first = db.session.scalar(db.select(Assignment.id).where(Assignment.campaign_id == cid))
    assert hr_client.delete(f"/api/v1/campaigns/{other.id}/assignments/{first}").status_code == 404


def test_progress_and_outstanding(hr_client):
    make_team(2)
    campaign = make_campaign("360")
    hr_client.post(f"/api/v1/campaigns/{campaign.id}/assignments/generate")
    data = hr_client.get(f"/api/v1/campaigns/{campaign.id}/progress").get_json()
    assert data["total"] > 0 and data["submitted"] == 0 and data["rate"] == 0
    assert {r["relationship"] for r in data["by_relationship"]} >= {"self", "supervisor"}
    pending = hr_client.get(f"/api/v1/campaigns/{campaign.id}/outstanding?relationship=self")
    assert len(pending.get_json()["outstanding"]) == 4


def test_my_progress_for_the_subject_only(app):
    team = make_team(3)
    campaign = make_campaign("360")
    from server.services.campaigns import assignments

    assignments.generate(db.session, None, campaign)
    db.session.commit()
    manager = ApiClient(app.test_client())
    manager.login(team["manager"].email)
    data = manager.get(f"/api/v1/campaigns/{campaign.id}/my-progress").get_json()
    # Issue 11: a group below its threshold shows "fewer than k", never a count.
    assert data["relationships"]["subordinate"] == {"hidden": True, "fewer_than": 3}
    assert data["relationships"]["supervisor"] == {"expected": 1, "submitted": 0}
    assert all(s.name not in str(data) for s in team["staff"])
    stranger = ApiClient(app.test_client())
    stranger.login(make_user().email)
    assert stranger.get(f"/api/v1/campaigns/{campaign.id}/my-progress").status_code == 404


HR_ONLY = [
    ("get", "/api/v1/campaigns"),
    ("post", "/api/v1/campaigns"),
    ("get", "/api/v1/campaigns/{cid}"),
    ("patch", "/api/v1/campaigns/{cid}"),
    ("delete", "/api/v1/campaigns/{cid}"),
    ("post", "/api/v1/campaigns/{cid}/open"),
    ("post", "/api/v1/campaigns/{cid}/close"),
    ("post", "/api/v1/campaigns/{cid}/release"),
    ("post", "/api/v1/campaigns/{cid}/unrelease"),
    ("post", "/api/v1/campaigns/{cid}/assignments/generate"),
    ("get", "/api/v1/campaigns/{cid}/assignments"),
    ("post", "/api/v1/campaigns/{cid}/assignments"),
    ("patch", "/api/v1/campaigns/{cid}/assignments/1"),
    ("delete", "/api/v1/campaigns/{cid}/assignments/1"),
    ("get", "/api/v1/campaigns/{cid}/progress"),
    ("get", "/api/v1/campaigns/{cid}/outstanding"),
]


@pytest.mark.parametrize("role, expected", [("employee", 403), ("shopper", 403), (None, 401)])
@pytest.mark.parametrize("method, url", HR_ONLY)
def test_access_matrix(app, role, expected, method, url):
    campaign = make_campaign("360")
    client = ApiClient(app.test_client())
    if role:
        client.login(make_user(role=role).email)
    resp = getattr(client, method)(url.format(cid=campaign.id), json={})
    assert resp.status_code == expected
    assert resp.get_json()["error"]["code"] == ("forbidden" if role else "unauthenticated")


@pytest.mark.parametrize("role", ["hr", "admin"])
def test_staff_roles_allowed(app, role):
    client = ApiClient(app.test_client())
    client.login(make_user(role=role).email)
    assert client.get("/api/v1/campaigns").status_code == 200
