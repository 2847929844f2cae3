"""Who may read a review (SPEC §9): the one rule, for the review API, the PDF, the photos a
review shows and the team view.

HR and admins read any review of a campaign at any time (marked DRAFT before release); an
employee reads their own review once the campaign is released; a manager reads a direct
report's released review when the campaign allows it (`manager_visibility`). Everything else
answers 404, so a review's existence never leaks: a review exists when the employee is
rated in the campaign (`is_subject`).

`may_read_review` is the rule in Python, `may_read_review_clause` the same rule as SQL (for
queries over many campaigns or photos); a test checks that both agree on every case.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, false, or_, select, true
from sqlalchemy.orm import Session

from server.models import Assignment, Campaign, Submission, User

STAFF = ("hr", "admin")


def may_read_review(
    user: User, campaign: Campaign, employee: User, *, staff_rights: bool = True
) -> bool:
    """Apply the rule of the module docstring. `staff_rights=False` leaves out the HR/admin
    clause: what the user reads as the employee or as their manager (the team view)."""
    if staff_rights and user.role in STAFF:
        return True
    if campaign.status != "released":
        return False
    if employee.id == user.id:
        return True
    return bool(campaign.manager_visibility) and employee.manager_id == user.id


def may_read_review_clause(user: User, *, staff_rights: bool = True) -> ColumnElement[bool]:
    """`may_read_review` as SQL over `Campaign` and the employee's `User` row (the query
    joins both)."""
    if staff_rights and user.role in STAFF:
        return true()
    if user.id is None:
        return false()
    return and_(
        Campaign.status == "released",
        or_(
            User.id == user.id,
            and_(Campaign.manager_visibility.is_(True), User.manager_id == user.id),
        ),
    )


def is_subject(session: Session, campaign_id: int, employee_id: int) -> bool:
    """Tell whether the employee is rated in the campaign (whether the review exists)."""
    assigned = (
        select(Assignment.id)
        .where(Assignment.campaign_id == campaign_id, Assignment.subject_id == employee_id)
        .limit(1)
    )
    if session.scalar(assigned) is not None:
        return True
    visited = (
        select(Submission.id)
        .where(Submission.campaign_id == campaign_id, Submission.subject_id == employee_id)
        .limit(1)
    )
    return session.scalar(visited) is not None


def readable_review(
    session: Session, user: User, campaign_id: int, employee_id: int
) -> tuple[Campaign, User] | None:
    """The campaign and employee of a review this user may read, or None (the caller
    answers 404 whatever the reason: no campaign, no employee, no access, no review)."""
    campaign = session.get(Campaign, campaign_id)
    employee = session.get(User, employee_id)
    if campaign is None or employee is None or not may_read_review(user, campaign, employee):
        return None
    if not is_subject(session, campaign_id, employee_id):
        return None
    return campaign, employee


def audience_of(user: User) -> str:
    """The review-data audience for this reader."""
    return "hr" if user.role in STAFF else "employee"


def managers_may_see_clause() -> ColumnElement[bool]:
    """The campaigns whose results a manager may see for their direct reports (SPEC §9:
    where the campaign allows it). The self-check month grid uses it for open campaigns."""
    return Campaign.manager_visibility.is_(True)
