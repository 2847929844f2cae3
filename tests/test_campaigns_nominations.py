"""SPEC §7 peer nominations: Peer nominations: the subject proposes within min/max, the manager or
HR decides."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from server.domain_errors import DomainError
from server.errors import status_of
from server.extensions import db
from server.models import Assignment
from server.services.campaigns import assignments, nominations
from tests.factories import make_campaign, make_user
from tests.worlds import make_team


@pytest.fixture
def setup(app):
    team = make_team(5)
    campaign = make_campaign("360", peer_selection="nomination", peer_min=2, peer_max=3)
    return team, campaign


def test_subject_proposes_within_bounds(setup):
    team, campaign = setup
    me, others = team["staff"][0], team["staff"][1:]
    with pytest.raises(DomainError) as info:
        nominations.propose(db.session, me, campaign, [others[0].id])
    assert info.value.code == "peer_count" and info.value.details["count"] == 1
    with pytest.raises(DomainError):
        nominations.propose(db.session, me, campaign, [o.id for o in others])  # 4 > max 3
    found = nominations.propose(db.session, me, campaign, [others[0].id, others[1].id])
    assert [n.status for n in found] == ["proposed", "proposed"]
    found = nominations.propose(db.session, me, campaign, [others[1].id, others[2].id])
    assert {n.nominee_id for n in found} == {others[1].id, others[2].id}


@pytest.mark.parametrize("who, reason", [("self", "self"), ("manager", "manager_or_report")])
def test_invalid_nominees(setup, who, reason):
    team, campaign = setup
    me = team["staff"][0]
    bad = me if who == "self" else team["manager"]
    with pytest.raises(DomainError) as info:
        nominations.propose(db.session, me, campaign, [bad.id, team["staff"][1].id])
    assert info.value.details["fields"]["nominee_ids"][str(bad.id)] == reason


def test_manager_approves_and_peer_assignment_follows(setup):
    team, campaign = setup
    me, peers = team["staff"][0], team["staff"][1:3]
    found = nominations.propose(db.session, me, campaign, [p.id for p in peers])
    assignments.generate(db.session, None, campaign)  # no peers yet: none approved
    assert not db.session.scalars(
        select(Assignment).where(Assignment.relationship == "peer", Assignment.subject_id == me.id)
    ).all()
    manager = team["manager"]
    nomination = nominations.get_for_decision(db.session, manager, campaign, found[0].id)
    nominations.decide(db.session, manager, campaign, nomination, True)
    peer_rows = db.session.scalars(
        select(Assignment).where(Assignment.relationship == "peer", Assignment.subject_id == me.id)
    ).all()
    assert [a.rater_id for a in peer_rows] == [found[0].nominee_id]
    assert nomination.decided_by_id == manager.id


def test_only_manager_or_hr_decides(setup):
    team, campaign = setup
    me = team["staff"][0]
    found = nominations.propose(
        db.session, me, campaign, [team["staff"][1].id, team["staff"][2].id]
    )
    for stranger in (me, team["staff"][3], team["boss"]):
        with pytest.raises(DomainError) as info:
            nominations.get_for_decision(db.session, stranger, campaign, found[0].id)
        assert status_of(info.value) == 404
    hr = make_user(role="hr")
    assert nominations.get_for_decision(db.session, hr, campaign, found[0].id)


def test_approval_capped_at_peer_max(setup):
    team, campaign = setup
    me = team["staff"][0]
    hr = make_user(role="hr")
    found = nominations.propose(db.session, me, campaign, [s.id for s in team["staff"][1:4]])
    nominations.decide(db.session, hr, campaign, found[0], True)
    nominations.decide(db.session, hr, campaign, found[1], True)
    campaign.peer_max = 2  # HR lowered the maximum while the campaign is a draft
    with pytest.raises(DomainError) as info:
        nominations.decide(db.session, hr, campaign, found[2], True)
    assert info.value.code == "peer_count" and found[2].status == "proposed"


def test_automatic_campaign_refuses_nominations(app):
    team = make_team(3)
    campaign = make_campaign("360")
    with pytest.raises(DomainError) as info:
        nominations.propose(db.session, team["staff"][0], campaign, [team["staff"][1].id])
    assert info.value.code == "not_nomination"


def test_generation_uses_approved_nominations(setup):
    team, campaign = setup
    me = team["staff"][0]
    hr = make_user(role="hr")
    found = nominations.propose(db.session, me, campaign, [s.id for s in team["staff"][1:3]])
    nominations.decide(db.session, hr, campaign, found[0], True)
    nominations.decide(db.session, hr, campaign, found[1], False)
    assignments.generate(db.session, None, campaign)
    raters = db.session.scalars(
        select(Assignment.rater_id).where(
            Assignment.relationship == "peer", Assignment.subject_id == me.id
        )
    ).all()
    assert raters == [found[0].nominee_id]
