"""Opening action items (SPEC §3): which answers of a counted submission call for one
(failed critical items; bottom-scale customer ratings of shown questions), their titles,
due times, random ids and, for anonymous groups, a clock that starts on the next full hour
(see server.services.actions.actions)."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import ActionItem, Campaign, FormVersion, Submission
from server.models.campaign import DEFAULT_ACTION_DUE_HOURS
from server.schemas.base import MAX_ID
from server.services.actions.owners import owner_for
from server.services.forms.answers import is_empty, questions_by_id
from server.services.forms.show_if import visible_questions
from server.services.notifications import notify
from server.services.scoring import anonymity

#: (stage stamp, its due time) in stage order.
DUE = (
    ("acknowledged_at", "ack_due_at"),
    ("responded_at", "response_due_at"),
    ("planned_at", "plan_due_at"),
    ("closed_at", "followup_due_at"),
)
TITLES = {
    "critical_failure": {"en": "Failed critical item: {en}", "zh-CN": "关键项未通过：{zh}"},
    "customer_low_rating": {
        "en": "Lowest customer rating: {en}",
        "zh-CN": "顾客给出最低评分：{zh}",
    },
}


def to_hour(value: datetime) -> datetime:
    """Cut a time down to its hour."""
    return value.replace(minute=0, second=0, microsecond=0)


def next_hour(value: datetime) -> datetime:
    """The first full hour at or after `value`."""
    floor = to_hour(value)
    return floor if floor == value else floor + timedelta(hours=1)


def _triggers(submission: Submission, definition: dict[str, Any]) -> list[tuple[str, str]]:
    found = [(qid, "critical_failure") for qid in submission.critical_failures or []]
    if submission.relationship != "customer":
        return found
    given = {
        k: v
        for k, v in (submission.answers or {}).items()
        if not is_empty(v) and k not in (submission.na or [])
    }
    shown = visible_questions(definition, given)
    for qid, question in questions_by_id(definition).items():
        if (
            question["type"] == "rating"
            and qid in shown
            and qid in given
            and given[qid] == question["scale"]["min"]
            and (qid, "critical_failure") not in found
        ):
            found.append((qid, "customer_low_rating"))
    return found


def create_for_submission(
    session: Session, submission: Submission, now: datetime | None = None
) -> list[ActionItem]:
    """Open the action items a counted submission calls for (idempotent per question)."""
    version = session.get(FormVersion, submission.form_version_id)
    campaign = session.get(Campaign, submission.campaign_id)
    if version is None or campaign is None:
        return []
    triggers = _triggers(submission, version.definition)
    if not triggers:
        return []
    done = _opened(session, submission)
    questions = questions_by_id(version.definition)
    owner = owner_for(session, submission.subject_id, submission.unit_id)
    hours = {**DEFAULT_ACTION_DUE_HOURS, **(campaign.action_due_hours or {})}
    now = _clock_start(submission, now)
    triggers = [(qid, kind) for qid, kind in triggers if qid not in done]
    ids = free_ids(session, len(triggers))
    created = [
        ActionItem(
            id=item_id,
            campaign_id=campaign.id,
            submission_id=submission.id,
            unit_id=submission.unit_id,
            subject_id=submission.subject_id,
            owner_id=owner,
            kind=kind,
            question_id=qid,
            title=_title(kind, questions[qid]["label"], qid),
            status="open",
            notes=[],
            created_at=now,
            **_due_times(now, hours),
        )
        for (qid, kind), item_id in zip(triggers, ids, strict=True)
    ]
    session.add_all(created)
    session.flush()
    _announce(session, submission, created)
    return created


def _announce(session: Session, submission: Submission, created: list[ActionItem]) -> None:
    """Tell the owner at once for named groups; anonymous groups' items are announced on
    the full hour their clock starts (server.services.actions.escalation.announce)."""
    if not anonymity.unnamed(submission.relationship):
        for item in created:
            notify_assigned(session, item)


def _opened(session: Session, submission: Submission) -> set[str | None]:
    """Questions of the submission that already have an item."""
    stmt = select(ActionItem.question_id).where(ActionItem.submission_id == submission.id)
    return set(session.scalars(stmt))


def _clock_start(submission: Submission, now: datetime | None) -> datetime:
    """When the items' clock starts. Raters never named: their items carry no submission
    id, no rater and no time finer than the hour (the next full hour)."""
    now = now or datetime.now(UTC)
    return next_hour(now) if anonymity.unnamed(submission.relationship) else now


def _title(kind: str, label: dict[str, str], qid: str) -> dict[str, str]:
    return {
        lang: text.format(en=label.get("en", qid), zh=label.get("zh-CN", qid))
        for lang, text in TITLES[kind].items()
    }


def _due_times(start: datetime, hours: dict[str, Any]) -> dict[str, datetime]:
    """{due column: time} counted from `start` with the campaign's action_due_hours."""
    return {
        due: start + timedelta(hours=float(hours[key]))
        for key, (_, due) in zip(("ack", "response", "plan", "followup"), DUE, strict=True)
    }


def free_ids(session: Session, count: int) -> list[int]:
    """`count` unused action-item ids drawn at random from 1..MAX_ID.

    Not a sequence: an id in order would tell HR and the owner when an item of an
    anonymous group was opened relative to items of known time (finer than the hour its
    created_at shows), and consecutive ids would tie the items of one hidden rater's
    submission together although its submission id is withheld (SPEC §6, issue 11).
    """
    ids: list[int] = []
    while len(ids) < count:
        wanted = {secrets.randbelow(MAX_ID) + 1 for _ in range(count - len(ids))} - set(ids)
        taken = set(session.scalars(select(ActionItem.id).where(ActionItem.id.in_(wanted))))
        ids += sorted(wanted - taken)
    return ids


def notify_assigned(session: Session, item: ActionItem) -> bool:
    """Tell the owner an item is theirs (once per item)."""
    if item.owner_id is None:
        return False
    return (
        notify(
            session,
            item.owner_id,
            "action_assigned",
            key=f"action_assigned:{item.id}",
            params={"item_id": item.id, "title": item.title, "due_at": item.ack_due_at.isoformat()},
            link=f"/actions/{item.id}",
            campaign_id=item.campaign_id,
        )
        is not None
    )
