"""SPEC §7 peer nominations, §9 access: Nomination endpoints: employees only see their own and their
reports'; others get 404."""

from __future__ import annotations

from sqlalchemy import select

from server.extensions import db
from server.models import Assignment
from tests.api_client import signed_in as login
from tests.factories import ApiClient, make_campaign, make_user
from tests.worlds import make_team


def test_employee_nominates_manager_approves(app):
    team = make_team(4)
    campaign = make_campaign("360", peer_selection="nomination", peer_min=2, peer_max=3)
    me, peers = team["staff"][0], team["staff"][1:3]
    mine = login(app, me)
    cands = mine.get(f"/api/v1/campaigns/{campaign.id}/nomination-candidates").get_json()
    ids = {c["id"] for c in cands["candidates"]}
    assert me.id not in ids and team["manager"].id not in ids and peers[0].id in ids
    few = mine.post(
        f"/api/v1/campaigns/{campaign.id}/nominations", json={"nominee_ids": [peers[0].id]}
    )
    assert few.status_code == 422 and few.get_json()["error"]["code"] == "peer_count"
    ok = mine.post(
        f"/api/v1/campaigns/{campaign.id}/nominations", json={"nominee_ids": [p.id for p in peers]}
    )
    assert ok.status_code == 200 and len(ok.get_json()["nominations"]) == 2
    nid = ok.get_json()["nominations"][0]["id"]
    # the subject cannot approve their own, a colleague cannot even see it
    assert (
        mine.post(f"/api/v1/campaigns/{campaign.id}/nominations/{nid}/approve").status_code == 404
    )
    colleague = login(app, team["staff"][3])
    assert (
        colleague.get(f"/api/v1/campaigns/{campaign.id}/nominations").get_json()["nominations"]
        == []
    )
    assert (
        colleague.post(f"/api/v1/campaigns/{campaign.id}/nominations/{nid}/reject").status_code
        == 404
    )
    manager = login(app, team["manager"])
    seen = manager.get(f"/api/v1/campaigns/{campaign.id}/nominations").get_json()
    assert {n["subject"]["id"] for n in seen["nominations"]} == {me.id}
    resp = manager.post(f"/api/v1/campaigns/{campaign.id}/nominations/{nid}/approve")
    assert resp.status_code == 200 and resp.get_json()["status"] == "approved"


def test_hr_nominates_for_a_subject_and_generation_follows(app, hr_client):
    team = make_team(3)
    campaign = make_campaign("360", peer_selection="nomination", peer_min=1, peer_max=2)
    me = team["staff"][0]
    resp = hr_client.post(
        f"/api/v1/campaigns/{campaign.id}/nominations",
        json={"nominee_ids": [team["staff"][1].id], "subject_id": me.id},
    )
    assert resp.status_code == 200
    nid = resp.get_json()["nominations"][0]["id"]
    hr_client.post(f"/api/v1/campaigns/{campaign.id}/nominations/{nid}/approve")
    hr_client.post(f"/api/v1/campaigns/{campaign.id}/assignments/generate")
    raters = db.session.scalars(
        select(Assignment.rater_id).where(
            Assignment.relationship == "peer", Assignment.subject_id == me.id
        )
    ).all()
    assert raters == [team["staff"][1].id]
    missing = hr_client.post(
        f"/api/v1/campaigns/{campaign.id}/nominations", json={"nominee_ids": [team["staff"][1].id]}
    )
    assert missing.status_code == 422


def test_shoppers_and_automatic_campaigns_get_404(app):
    team = make_team(2)
    auto = make_campaign("360")
    employee = login(app, team["staff"][0])
    assert employee.get(f"/api/v1/campaigns/{auto.id}/nominations").status_code == 404
    nominating = make_campaign("360", peer_selection="nomination")
    shopper = login(app, make_user(role="shopper"))
    assert shopper.get(f"/api/v1/campaigns/{nominating.id}/nominations").status_code == 404
    anonymous = ApiClient(app.test_client())
    assert anonymous.get(f"/api/v1/campaigns/{nominating.id}/nominations").status_code == 401
    assert (
        employee.post(
            f"/api/v1/campaigns/{nominating.id}/nominations",
            json={"nominee_ids": [], "subject_id": team["staff"][1].id},
        ).status_code
        == 404
    )


def test_my_nominations_lists_campaigns_and_decisions(app):
    team = make_team(3)
    campaign = make_campaign("360", peer_selection="nomination", peer_min=1, peer_max=2)
    make_campaign("360")  # automatic: not listed
    me = login(app, team["staff"][0])
    me.post(
        f"/api/v1/campaigns/{campaign.id}/nominations", json={"nominee_ids": [team["staff"][1].id]}
    )
    mine = me.get("/api/v1/me/nominations").get_json()["campaigns"]
    assert [c["campaign"]["id"] for c in mine] == [campaign.id]
    assert mine[0]["peer_max"] == 2 and len(mine[0]["nominations"]) == 1
    manager = login(app, team["manager"]).get("/api/v1/me/nominations").get_json()
    assert len(manager["campaigns"][0]["to_decide"]) == 1
    shopper = login(app, make_user(role="shopper"))
    assert shopper.get("/api/v1/me/nominations").get_json() == {"campaigns": []}


def test_withdrawn_approval_removes_the_pending_peer(app, hr_client):
    team = make_team(3)
    campaign = make_campaign("360", peer_selection="nomination", peer_min=1, peer_max=2)
    hr_client.post(f"/api/v1/campaigns/{campaign.id}/assignments/generate")
    me = team["staff"][0]
    nid = hr_client.post(
        f"/api/v1/campaigns/{campaign.id}/nominations",
        json={"nominee_ids": [team["staff"][1].id], "subject_id": me.id},
    ).get_json()["nominations"][0]["id"]
    hr_client.post(f"/api/v1/campaigns/{campaign.id}/nominations/{nid}/approve")
    peers = select(Assignment).where(
        Assignment.relationship == "peer", Assignment.subject_id == me.id
    )
    assert len(db.session.scalars(peers).all()) == 1
    resp = hr_client.post(f"/api/v1/campaigns/{campaign.id}/nominations/{nid}/reject")
    assert resp.status_code == 200 and resp.get_json()["status"] == "rejected"
    assert db.session.scalars(peers).all() == []
