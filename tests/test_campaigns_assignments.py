"""SPEC §7 campaign workflow: 360 generation (self, supervisor, subordinates, peers), idempotence
and HR edits."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from server.domain_errors import DomainError
from server.extensions import db
from server.models import Assignment
from server.services.campaigns import assignments, campaigns
from tests.factories import make_campaign, make_user
from tests.worlds import make_team


def triples(campaign) -> set[tuple[str, int, int]]:
    rows = db.session.execute(
        select(Assignment.relationship, Assignment.rater_id, Assignment.subject_id).where(
            Assignment.campaign_id == campaign.id
        )
    ).all()
    return {tuple(r) for r in rows}


def test_generation_follows_the_org_chart(app):
    team = make_team(4)
    campaign = make_campaign("360", peer_min=2, peer_max=3)
    result = assignments.generate(db.session, None, campaign)
    got = triples(campaign)
    manager, boss, staff = team["manager"], team["boss"], team["staff"]
    assert ("self", manager.id, manager.id) in got
    assert ("supervisor", boss.id, manager.id) in got
    assert {("subordinate", s.id, manager.id) for s in staff} <= got
    for s in staff:
        assert ("supervisor", manager.id, s.id) in got
        peers = {r for rel, r, subj in got if rel == "peer" and subj == s.id}
        assert len(peers) == 3 and peers <= {x.id for x in staff} | {boss.id}
        assert manager.id not in peers  # the manager rates as supervisor, not peer
    # the manager's peers exclude the boss and the direct reports: nobody left
    assert not {r for rel, r, subj in got if rel == "peer" and subj == manager.id}
    assert manager.id in result.below_min
    assert result.created == len(got)


def test_generation_is_idempotent_and_deterministic(app):
    make_team(6)
    campaign = make_campaign("360")
    first = assignments.generate(db.session, None, campaign)
    before = triples(campaign)
    second = assignments.generate(db.session, None, campaign)
    assert first.created > 0 and second.created == 0 and triples(campaign) == before
    # same choice on a fresh campaign with the same id -> same peers (pure function of ids)
    subject = db.session.get(
        Assignment,
        min(
            a
            for (a,) in db.session.execute(
                select(Assignment.id).where(Assignment.relationship == "peer")
            )
        ),
    ).subject_id
    chosen = {r for rel, r, s in before if rel == "peer" and s == subject}
    from server.models import User

    everyone = assignments.scope_employees(db.session)
    picked = assignments.pick_peers(campaign, db.session.get(User, subject), everyone)
    assert set(picked) == chosen and len(picked) == campaign.peer_max


def test_removed_peer_stays_removed_after_regeneration(app):
    make_team(5)
    campaign = make_campaign("360")
    assignments.generate(db.session, None, campaign)
    peer = db.session.scalar(select(Assignment).where(Assignment.relationship == "peer"))
    key = (peer.relationship, peer.rater_id, peer.subject_id)
    assignments.remove_assignment(db.session, None, campaign, peer)
    assignments.generate(db.session, None, campaign)
    assert key not in triples(campaign)


def test_new_employee_gets_assignments_on_regeneration(app):
    team = make_team(3)
    campaign = make_campaign("360")
    assignments.generate(db.session, None, campaign)
    newcomer = make_user(name="New", unit_id=team["unit"].id, manager_id=team["manager"].id)
    result = assignments.generate(db.session, None, campaign)
    got = triples(campaign)
    assert ("self", newcomer.id, newcomer.id) in got
    assert ("subordinate", newcomer.id, team["manager"].id) in got
    assert result.created >= 3


def test_scope_by_unit_and_inactive_people_are_skipped(app):
    team = make_team(3)
    other = make_user(name="Elsewhere")
    team["staff"][0].active = False
    db.session.commit()
    campaign = make_campaign("360")
    assignments.generate(db.session, None, campaign, unit_id=team["unit"].id)
    subjects = {s for _, _, s in triples(campaign)}
    raters = {r for _, r, _ in triples(campaign)}
    assert other.id not in subjects and team["staff"][0].id not in subjects | raters


def test_hr_add_move_remove_until_release(app):
    team = make_team(3)
    campaign = make_campaign("360")
    assignments.generate(db.session, None, campaign)
    a, b = team["staff"][0], team["staff"][1]
    outsider = make_user(name="Outsider")
    added = assignments.add_assignment(
        db.session,
        None,
        campaign,
        {"relationship": "peer", "rater_id": outsider.id, "subject_id": a.id},
    )
    with pytest.raises(DomainError) as info:
        assignments.add_assignment(
            db.session,
            None,
            campaign,
            {"relationship": "peer", "rater_id": outsider.id, "subject_id": a.id},
        )
    assert info.value.code == "duplicate_assignment"
    with pytest.raises(DomainError):
        assignments.add_assignment(
            db.session,
            None,
            campaign,
            {"relationship": "peer", "rater_id": a.id, "subject_id": a.id},
        )
    assert added.rater_id == outsider.id and b.id != a.id
    added.status = "submitted"
    with pytest.raises(DomainError) as info:
        assignments.remove_assignment(db.session, None, campaign, added)
    assert info.value.code == "has_submission"
    added.status = "pending"
    campaigns.open_campaign(db.session, None, campaign)
    campaigns.close_campaign(db.session, None, campaign)
    campaigns.release_campaign(db.session, None, campaign)
    with pytest.raises(DomainError) as info:
        assignments.remove_assignment(db.session, None, campaign, added)
    assert info.value.code == "campaign_released"


def test_move_to_another_rater(app):
    team = make_team(3)
    campaign = make_campaign("360")
    assignments.generate(db.session, None, campaign)
    supervisor = db.session.scalar(
        select(Assignment).where(
            Assignment.relationship == "supervisor", Assignment.subject_id == team["staff"][0].id
        )
    )
    deputy = make_user(name="Deputy")
    assignments.move_assignment(db.session, None, campaign, supervisor, {"rater_id": deputy.id})
    assert supervisor.rater_id == deputy.id
    self_row = db.session.scalar(select(Assignment).where(Assignment.relationship == "self"))
    with pytest.raises(DomainError):
        assignments.move_assignment(db.session, None, campaign, self_row, {"rater_id": deputy.id})


def test_generation_refused_for_other_kinds_and_after_close(app):
    make_team(2)
    with pytest.raises(DomainError):
        assignments.generate(db.session, None, make_campaign("customer"))
    campaign = make_campaign("360")
    assignments.generate(db.session, None, campaign)
    campaigns.open_campaign(db.session, None, campaign)
    campaigns.close_campaign(db.session, None, campaign)
    with pytest.raises(DomainError):
        assignments.generate(db.session, None, campaign)
