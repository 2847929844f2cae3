"""A small closed-loop world (issue 14 §2): a team with its manager and the manager's boss,
HR, a campaign, and action items opened at chosen times with the default due hours."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from server.extensions import db
from server.models import ActionItem, Submission
from server.services.actions.opening import free_ids
from tests.factories import make_campaign, make_user
from tests.worlds import make_team

HOURS = {"ack": 1, "response": 24, "plan": 48, "followup": 72}


def loop_world(kind: str = "customer") -> dict[str, Any]:
    """Team (boss > manager > staff), one HR user, an open campaign."""
    team = make_team(3)
    hr = make_user(role="hr", name="HR One")
    campaign = make_campaign(kind, status="open")
    return {**team, "hr": hr, "campaign": campaign}


def make_item(
    w: dict[str, Any],
    created: datetime,
    *,
    subject: Any = None,
    owner: Any = "manager",
    submission: Submission | None = None,
    **stamps: Any,
) -> ActionItem:
    """An action item about `subject` (default the first staff member) opened at `created`."""
    subject = subject if subject is not None else w["staff"][0]
    owner = w["manager"] if owner == "manager" else owner
    [item_id] = free_ids(db.session, 1)
    item = ActionItem(
        id=item_id,
        campaign_id=w["campaign"].id,
        submission_id=submission.id if submission else None,
        unit_id=w["unit"].id,
        subject_id=subject.id if subject else None,
        owner_id=owner.id if owner else None,
        kind="critical_failure",
        question_id="greeted",
        title={"en": "Failed critical item: Greeted", "zh-CN": "关键项未通过：问候"},
        status=stamps.pop("status", "open"),
        notes=[],
        created_at=created,
        ack_due_at=created + timedelta(hours=HOURS["ack"]),
        response_due_at=created + timedelta(hours=HOURS["response"]),
        plan_due_at=created + timedelta(hours=HOURS["plan"]),
        followup_due_at=created + timedelta(hours=HOURS["followup"]),
        **stamps,
    )
    db.session.add(item)
    db.session.commit()
    return item
