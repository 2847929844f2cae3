"""Events found by looking (a periodic action, every 5 minutes): "assignment opened for
you", "visit opened for you", "your review released".

Looking instead of hooking the campaign code means every way a task comes to exist is
covered (a campaign opened by HR or by the recurring scheduler, a rater added to an open
campaign, a visit created by HR) and each is told exactly once: the event key is unique
(`notify`), and a task already told is not even looked at again (NOT EXISTS on the key).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Select, String, cast, exists, literal, select
from sqlalchemy.orm import Session

from server.models import Assignment, Campaign, Notification, Submission, User
from server.services.notifications import assignments as tasks
from server.services.notifications.clock import MailRules, user_zone
from server.services.notifications.notify import notify

#: A released campaign is announced to its subjects for this long after release.
RELEASE_WINDOW = timedelta(days=7)
RATER_RELATIONSHIPS = ("self", "supervisor", "peer", "subordinate")


def _untold(kind: str, relationships: tuple[str, ...]) -> Select[Assignment, Campaign]:
    key = literal(f"{kind}:") + cast(Assignment.id, String)
    stmt = (
        select(Assignment, Campaign)
        .join(Campaign, Campaign.id == Assignment.campaign_id)
        .where(
            Campaign.status == "open",
            Assignment.status == "pending",
            Assignment.rater_id.is_not(None),
            Assignment.relationship.in_(relationships),
            ~exists().where(Notification.key == key),
        )
        .order_by(Assignment.id)
    )
    return stmt


def announce_tasks(session: Session, rules: MailRules | None = None) -> dict[str, int]:
    """Tell each rater of a pending task in an open campaign that it is open (once)."""
    rules = rules or MailRules()
    told = {"assignment_opened": 0, "visit_opened": 0}
    for kind, rels in (
        ("assignment_opened", RATER_RELATIONSHIPS),
        ("visit_opened", ("mystery_shopper",)),
    ):
        for assignment, campaign in session.execute(_untold(kind, rels)).all():
            rater = session.get(User, assignment.rater_id)
            if rater is None or not rater.active:
                continue
            note = notify(
                session,
                rater.id,
                kind,
                key=f"{kind}:{assignment.id}",
                params=tasks.task_params(
                    session, assignment, campaign, user_zone(session, rater, rules)
                ),
                link=tasks.link(assignment),
                campaign_id=campaign.id,
            )
            told[kind] += note is not None
    return told


def _subjects(session: Session, campaign_id: int) -> set[int]:
    assigned = select(Assignment.subject_id).where(
        Assignment.campaign_id == campaign_id, Assignment.subject_id.is_not(None)
    )
    visited = select(Submission.subject_id).where(
        Submission.campaign_id == campaign_id, Submission.subject_id.is_not(None)
    )
    return {i for i in (*session.scalars(assigned), *session.scalars(visited)) if i}


def announce_releases(session: Session, now: datetime) -> int:
    """Tell each employee rated in a recently released campaign that their review is out."""
    campaigns = session.scalars(
        select(Campaign).where(
            Campaign.status == "released", Campaign.released_at >= now - RELEASE_WINDOW
        )
    )
    told = 0
    for campaign in campaigns:
        prefix = f"review_released:{campaign.id}:"
        known = set(
            session.scalars(select(Notification.key).where(Notification.key.startswith(prefix)))
        )
        for user_id in sorted(_subjects(session, campaign.id)):
            user = session.get(User, user_id)
            if f"{prefix}{user_id}" in known or user is None or not user.active:
                continue
            told += (
                notify(
                    session,
                    user_id,
                    "review_released",
                    key=f"{prefix}{user_id}",
                    params={"campaign": dict(campaign.name or {})},
                    link="/reviews",
                    campaign_id=campaign.id,
                )
                is not None
            )
    return told
