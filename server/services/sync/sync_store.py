"""Storing one submission: canonical hash, row, scores, photos, action items; late acceptance.

Shared by the sync batch (server.services.sync.sync, which writes many rows at once with
`submission_row`) and customer responses (one ORM Submission through `store`).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain_errors import Conflict
from server.models import Attachment, FormVersion, Submission, SubmissionAttachment, User
from server.services.actions import actions
from server.services.forms import answers
from server.services.org import accounts
from server.services.scoring import scoring
from server.services.webhooks import emit as webhook_events


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    if isinstance(value, date | uuid.UUID):
        return str(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def content_hash(data: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of a loaded submission.

    N/A order is ignored, and so is `device_time`: it is the device clock at the moment of
    each send (used for the skew check), so a retry hours later is still the same content.
    """
    canonical = {**data, "na": sorted(data.get("na") or [])}
    canonical.pop("device_time", None)
    text = json.dumps(
        canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default
    )
    # surrogatepass: an item whose answers hold a lone surrogate is refused later by the
    # answer rules (invalid_characters); hashing it must not fail first.
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def pinned_version(session: Session, current_id: int, sent_id: int) -> FormVersion | None:
    """Return the sent version when it belongs to the same form as the current one."""
    sent = session.get(FormVersion, sent_id)
    current = session.get(FormVersion, current_id)
    if sent is None or current is None or sent.form_id != current.form_id:
        return None
    return sent


def missing_hashes(
    session: Session, definition: dict[str, Any], given: dict[str, Any]
) -> list[str]:
    """Hashes referenced by photo answers that the server does not hold yet."""
    wanted = sorted({sha for _, sha in answers.photo_refs(definition, given)})
    if not wanted:
        return []
    held = set(session.scalars(select(Attachment.sha256).where(Attachment.sha256.in_(wanted))))
    return [sha for sha in wanted if sha not in held]


def submission_row(
    data: dict[str, Any], digest: str, now: datetime, late: bool, **fields: Any
) -> dict[str, Any]:
    """The `submission` columns for loaded client data (plus the given fields)."""
    geo = data.get("geo") or {}
    device_time = data.get("device_time")
    skew = (now - _aware(device_time)).total_seconds() if device_time else None
    return dict(
        id=data["id"],
        answers=data["answers"],
        na=list(data["na"]),
        content_sha256=digest,
        started_at=data.get("started_at"),
        completed_at=data.get("completed_at"),
        device_time=device_time,
        received_at=now,
        time_skew_seconds=skew,
        geo_lat=geo.get("lat"),
        geo_lon=geo.get("lon"),
        geo_accuracy=geo.get("accuracy"),
        geo_captured_at=geo.get("captured_at"),
        status="late" if late else "received",
        is_late=late,
        late_accepted=False,
        **fields,
    )


def new_submission(
    data: dict[str, Any], digest: str, now: datetime, late: bool, **fields: Any
) -> Submission:
    """Build a Submission object from loaded client data (customer responses)."""
    return Submission(**submission_row(data, digest, now, late, **fields))


def store(
    session: Session, submission: Submission, definition: dict[str, Any], count_actions: bool
) -> None:
    """Insert a submission with its photo links and scores; open action items if it counts."""
    session.add(submission)
    session.flush()
    refs = dict.fromkeys(answers.photo_refs(definition, submission.answers))
    session.add_all(
        SubmissionAttachment(submission_id=submission.id, question_id=qid, attachment_sha256=sha)
        for qid, sha in refs
    )
    scoring.apply_scores(session, submission, definition)
    if count_actions:
        actions.create_for_submission(session, submission)
    webhook_events.submission_stored(session, submission)
    session.flush()


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def accept_late(session: Session, submission: Submission, user: User) -> Submission:
    """HR accepts a late submission: it counts from now on (mystery shops still need review)."""
    if not submission.is_late:
        raise Conflict("not_late", "This submission was not late.")
    if submission.late_accepted:
        raise Conflict("already_accepted", "This late submission was already accepted.")
    submission.late_accepted = True
    if submission.status == "late":
        submission.status = "received"
    if submission.relationship != "mystery_shopper":
        actions.create_for_submission(session, submission)
    accounts.audit(session, user, "late_accepted", submission)
    session.flush()
    return submission
