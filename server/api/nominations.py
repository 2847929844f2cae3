"""Peer nominations: employees propose their peers, their manager or HR decides."""

from __future__ import annotations

from typing import Any

from server.api.access import current, login_required
from server.api.body import Blueprint
from server.errors import ApiError
from server.extensions import db
from server.models import Campaign, PeerNomination
from server.schemas.campaigns import (
    CandidateListSchema,
    MyNominationsSchema,
    NominateSchema,
    NominationListArgs,
    NominationListSchema,
    NominationSchema,
)
from server.services.campaigns import campaigns, nominations
from server.services.org import people

blp = Blueprint(
    "nominations",
    __name__,
    url_prefix="/api/v1",
    description="Peer nominations (employee: own and direct reports'; hr, admin: all)",
)


def _campaign(campaign_id: int) -> Campaign:
    """The campaign, hidden (404) from non-staff unless it is an open nomination campaign."""
    user = current()
    if user.role == "shopper":
        raise ApiError(404, "not_found", "No such campaign.")
    campaign = campaigns.get_campaign(db.session, campaign_id)
    if user.role == "employee" and (
        campaign.peer_selection != "nomination"
        or campaign.status not in ("draft", "open", "closed")
    ):
        raise ApiError(404, "not_found", "No such campaign.")
    return campaign


def dump(n: PeerNomination) -> dict[str, Any]:
    """A nomination with subject and nominee."""
    return {
        "id": n.id,
        "campaign_id": n.campaign_id,
        "subject": people.person_by_id(db.session, n.subject_id, people.HR),
        "nominee": people.person_by_id(db.session, n.nominee_id, people.HR),
        "status": n.status,
        "decided_by_id": n.decided_by_id,
        "decided_at": n.decided_at,
    }


def _listing(campaign: Campaign, found: list[PeerNomination]) -> dict[str, Any]:
    return {
        "nominations": [dump(n) for n in found],
        "peer_min": campaign.peer_min,
        "peer_max": campaign.peer_max,
    }


@blp.route("/campaigns/<id:campaign_id>/nominations", methods=["GET"])
@login_required
@blp.arguments(NominationListArgs, location="query")
@blp.response(200, NominationListSchema)
def list_nominations(args: dict[str, Any], campaign_id: int) -> dict[str, Any]:
    """Nominations: HR/admin all (?subject_id=); an employee their own and their direct
    reports' (to approve). Shoppers and non-nomination campaigns: 404."""
    campaign = _campaign(campaign_id)
    found = nominations.list_nominations(db.session, campaign, current(), args.get("subject_id"))
    return _listing(campaign, found)


@blp.route("/campaigns/<id:campaign_id>/nominations", methods=["POST"])
@login_required
@blp.arguments(NominateSchema)
@blp.response(200, NominationListSchema)
def nominate(body: dict[str, Any], campaign_id: int) -> dict[str, Any]:
    """Propose peers {nominee_ids: [...]} (replaces undecided proposals). Employees nominate
    for themselves; HR passes subject_id. Approved + proposed must lie within
    [peer_min, peer_max] (422 `peer_count`); bad nominees 422 `invalid`."""
    campaign = _campaign(campaign_id)
    found = nominations.propose(
        db.session, current(), campaign, body["nominee_ids"], body.get("subject_id")
    )
    db.session.commit()
    return _listing(campaign, found)


def _decide(campaign_id: int, nomination_id: int, approve: bool) -> dict[str, Any]:
    campaign = _campaign(campaign_id)
    nomination = nominations.get_for_decision(db.session, current(), campaign, nomination_id)
    nominations.decide(db.session, current(), campaign, nomination, approve)
    db.session.commit()
    return dump(nomination)


@blp.route("/campaigns/<id:campaign_id>/nominations/<id:nomination_id>/approve", methods=["POST"])
@login_required
@blp.response(200, NominationSchema)
def approve(campaign_id: int, nomination_id: int) -> dict[str, Any]:
    """Approve: the subject's manager or HR (else 404). Beyond peer_max: 409 `peer_count`.
    Creates the peer assignment once the campaign's assignments exist."""
    return _decide(campaign_id, nomination_id, True)


@blp.route("/campaigns/<id:campaign_id>/nominations/<id:nomination_id>/reject", methods=["POST"])
@login_required
@blp.response(200, NominationSchema)
def reject(campaign_id: int, nomination_id: int) -> dict[str, Any]:
    """Reject: the subject's manager or HR (else 404)."""
    return _decide(campaign_id, nomination_id, False)


@blp.route("/campaigns/<id:campaign_id>/nomination-candidates", methods=["GET"])
@login_required
@blp.response(200, CandidateListSchema)
def candidates(campaign_id: int) -> dict[str, Any]:
    """Colleagues the current employee may nominate (not self, manager or direct reports)."""
    _campaign(campaign_id)
    found = nominations.candidates(db.session, current())
    return {"candidates": [people.person(u, people.HR) for u in found]}


@blp.route("/me/nominations", methods=["GET"])
@login_required
@blp.response(200, MyNominationsSchema)
def my_nominations() -> dict[str, Any]:
    """For the current employee: nomination campaigns (draft/open) with peer_min/max and
    their own nominations, plus `to_decide`: proposed nominations of their direct reports."""
    user = current()
    result = []
    for campaign in nominations.open_for(db.session, user):
        found = nominations.list_nominations(db.session, campaign, user)
        result.append(
            {
                "campaign": {
                    "id": campaign.id,
                    "name": campaign.name,
                    "status": campaign.status,
                    "period_start": campaign.period_start,
                    "period_end": campaign.period_end,
                },
                "peer_min": campaign.peer_min,
                "peer_max": campaign.peer_max,
                "nominations": [dump(n) for n in found if n.subject_id == user.id],
                "to_decide": [
                    dump(n) for n in found if n.subject_id != user.id and n.status == "proposed"
                ],
            }
        )
    return {"campaigns": result}
