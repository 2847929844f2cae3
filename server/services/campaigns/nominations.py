"""Peer nominations: the subject proposes peers, their manager or HR approves.

Rules: only campaigns with peer_selection = nomination, while draft or open; the
subject proposes a whole list at once (replacing their undecided proposals) and the
list plus already-approved peers must hold between peer_min and peer_max people;
nominees are other active employees, never the subject's manager or direct
reports (they rate as supervisor / subordinate anyway). Approval never exceeds
peer_max approved peers. An approved nomination becomes a peer assignment as soon as
the subject has assignments (else at the next generation).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain_errors import Conflict, Invalid, NotFound
from server.models import Assignment, Campaign, PeerNomination, Submission, User
from server.schemas.base import valid_id
from server.services.campaigns.assignments import ensure_peer
from server.services.org import accounts

STAFF = ("hr", "admin")


def _nomination_campaign(campaign: Campaign) -> None:
    if campaign.peer_selection != "nomination" or campaign.kind not in ("360", "mixed"):
        raise Conflict("not_nomination", "This campaign chooses peers automatically.")
    if campaign.status not in ("draft", "open"):
        raise Conflict("invalid_transition", "Nominations are closed for this campaign.")


def list_nominations(
    session: Session, campaign: Campaign, viewer: User, subject_id: int | None = None
) -> list[PeerNomination]:
    """HR sees all; an employee sees their own and those of their direct reports."""
    stmt = select(PeerNomination).where(PeerNomination.campaign_id == campaign.id)
    if viewer.role not in STAFF:
        reports = select(User.id).where(User.manager_id == viewer.id)
        stmt = stmt.where(
            (PeerNomination.subject_id == viewer.id) | PeerNomination.subject_id.in_(reports)
        )
    if subject_id is not None:
        stmt = stmt.where(PeerNomination.subject_id == subject_id)
    return list(session.scalars(stmt.order_by(PeerNomination.subject_id, PeerNomination.id)))


def propose(
    session: Session,
    actor: User,
    campaign: Campaign,
    nominee_ids: list[int],
    subject_id: int | None = None,
) -> list[PeerNomination]:
    """Replace the subject's undecided proposals with `nominee_ids`."""
    _nomination_campaign(campaign)
    subject = _subject(session, actor, subject_id)
    current = {
        n.nominee_id: n
        for n in session.scalars(
            select(PeerNomination).where(
                PeerNomination.campaign_id == campaign.id, PeerNomination.subject_id == subject.id
            )
        )
    }
    wanted = list(dict.fromkeys(nominee_ids))
    _check_nominees(session, subject, wanted, current)
    _check_count(campaign, {i for i, n in current.items() if n.status == "approved"} | set(wanted))
    _replace_proposals(session, campaign, subject, wanted, current)
    accounts.audit(
        session, actor, "peers_nominated", campaign, subject_id=subject.id, nominee_ids=wanted
    )
    return list_nominations(session, campaign, actor, subject.id)


def _check_count(campaign: Campaign, peers: set[int]) -> None:
    """The proposed list plus approved peers must hold peer_min to peer_max people."""
    total = len(peers)
    if total < campaign.peer_min or total > campaign.peer_max:
        raise Invalid(
            "peer_count",
            "Nominate between {min} and {max} peers (approved ones included).",
            {"min": campaign.peer_min, "max": campaign.peer_max, "count": total},
            params={"min": campaign.peer_min, "max": campaign.peer_max},
        )


def _replace_proposals(
    session: Session,
    campaign: Campaign,
    subject: User,
    wanted: list[int],
    current: dict[int, PeerNomination],
) -> None:
    for nominee_id, nomination in current.items():
        if nomination.status == "proposed" and nominee_id not in wanted:
            session.delete(nomination)
    for nominee_id in wanted:
        if nominee_id not in current:
            session.add(
                PeerNomination(
                    campaign_id=campaign.id,
                    subject_id=subject.id,
                    nominee_id=nominee_id,
                    status="proposed",
                )
            )
    session.flush()


def _subject(session: Session, actor: User, subject_id: int | None) -> User:
    if subject_id is None or subject_id == actor.id:
        if actor.role != "employee":
            raise Invalid(
                "invalid", "Say whose peers these are.", {"fields": {"subject_id": "required"}}
            )
        return actor
    if actor.role not in STAFF:
        raise NotFound("not_found", "No such employee.")
    subject = session.get(User, subject_id)
    if subject is None or subject.role != "employee":
        raise NotFound("not_found", "No such employee.")
    return subject


def _check_nominees(
    session: Session, subject: User, wanted: list[int], current: dict[int, PeerNomination]
) -> None:
    bad: dict[str, str] = {}
    for nominee_id in wanted:
        nominee = session.get(User, nominee_id)
        if nominee is None or not nominee.active or nominee.role != "employee":
            bad[str(nominee_id)] = "unknown_employee"
        elif nominee.id == subject.id:
            bad[str(nominee_id)] = "self"
        elif nominee.id == subject.manager_id or nominee.manager_id == subject.id:
            bad[str(nominee_id)] = "manager_or_report"
        elif nominee_id in current and current[nominee_id].status == "rejected":
            bad[str(nominee_id)] = "already_rejected"
    if bad:
        raise Invalid("invalid", "Some nominees cannot be peers.", {"fields": {"nominee_ids": bad}})


def get_for_decision(
    session: Session, actor: User, campaign: Campaign, nomination_id: int
) -> PeerNomination:
    """Return a nomination the actor may decide (HR, or the subject's manager), else 404."""
    nomination = session.get(PeerNomination, nomination_id) if valid_id(nomination_id) else None
    if nomination is None or nomination.campaign_id != campaign.id:
        raise NotFound("not_found", "No such nomination.")
    if actor.role not in STAFF:
        subject = session.get(User, nomination.subject_id)
        if subject is None or subject.manager_id != actor.id:
            raise NotFound("not_found", "No such nomination.")
    return nomination


def decide(
    session: Session, actor: User, campaign: Campaign, nomination: PeerNomination, approve: bool
) -> PeerNomination:
    """Approve or reject a nomination; approval creates the peer assignment when possible."""
    _nomination_campaign(campaign)
    if approve and nomination.status != "approved":
        _room_for_one_more(session, campaign, nomination)
    if not approve and nomination.status == "approved":
        _withdraw(session, actor, campaign, nomination)
    nomination.status = "approved" if approve else "rejected"
    nomination.decided_by_id = actor.id
    nomination.decided_at = datetime.now(UTC)
    session.flush()
    if approve:
        ensure_peer(session, campaign, nomination.nominee_id, nomination.subject_id)
    accounts.audit(
        session,
        actor,
        "nomination_" + nomination.status,
        nomination,
        campaign_id=campaign.id,
        subject_id=nomination.subject_id,
        nominee_id=nomination.nominee_id,
    )
    return nomination


def _room_for_one_more(session: Session, campaign: Campaign, nomination: PeerNomination) -> None:
    approved = session.scalars(
        select(PeerNomination.id).where(
            PeerNomination.campaign_id == campaign.id,
            PeerNomination.subject_id == nomination.subject_id,
            PeerNomination.status == "approved",
        )
    ).all()
    if len(approved) >= campaign.peer_max:
        raise Conflict(
            "peer_count",
            "Already {max} approved peers.",
            {"max": campaign.peer_max},
            params={"max": campaign.peer_max},
        )


def _withdraw(
    session: Session, actor: User, campaign: Campaign, nomination: PeerNomination
) -> None:
    if actor.role not in STAFF and campaign.status != "draft":
        # Whether the peer answered (or declined) is theirs to keep: a manager's
        # withdrawal that succeeded or failed on it would name a hidden rater
        # (SPEC §6). One answer for every peer; HR may still move raters.
        raise Conflict(
            "peer_locked",
            "An approved peer cannot be withdrawn once the campaign is open; ask HR.",
        )
    _drop_pending_peer(session, campaign, nomination)


def _drop_pending_peer(session: Session, campaign: Campaign, nomination: PeerNomination) -> None:
    """Withdrawing an approval removes the peer assignment unless it was answered."""
    assignment = session.scalar(
        select(Assignment).where(
            Assignment.campaign_id == campaign.id,
            Assignment.relationship == "peer",
            Assignment.rater_id == nomination.nominee_id,
            Assignment.subject_id == nomination.subject_id,
        )
    )
    if assignment is None:
        return
    answered = session.scalar(
        select(Submission.id).where(Submission.assignment_id == assignment.id).limit(1)
    )
    if assignment.status != "pending" or answered is not None:
        raise Conflict("has_submission", "This peer has already answered.")
    session.delete(assignment)
    session.flush()


def open_for(session: Session, user: User) -> list[Campaign]:
    """Nomination campaigns (draft or open) in which `user` is, or will be, a subject."""
    if user.role != "employee" or not user.active:
        return []
    return list(
        session.scalars(
            select(Campaign)
            .where(
                Campaign.peer_selection == "nomination",
                Campaign.kind.in_(("360", "mixed")),
                Campaign.status.in_(("draft", "open")),
            )
            .order_by(Campaign.period_end)
        )
    )


def candidates(session: Session, actor: User) -> list[User]:
    """Colleagues an employee may nominate: active employees except self, manager, reports."""
    stmt = select(User).where(User.role == "employee", User.active.is_(True), User.id != actor.id)
    users = session.scalars(stmt.order_by(User.unit_id, User.name)).all()
    return [u for u in users if u.id != actor.manager_id and u.manager_id != actor.id]
