"""The review's mystery-shop block (SPEC §6): the employee's approved visits (sections,
critical failures, narrative, photos) and their roll-up per unit and month."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Attachment, OrgUnit, Submission, SubmissionAttachment
from server.services.reviews.review_sections import questions
from server.services.scoring import aggregation
from server.services.scoring.aggregation import SubjectAggregate


def unit_names(session: Session, ids: set[int | None]) -> dict[int, dict[str, str]]:
    """Return {unit id: bilingual name} for the given ids."""
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    return dict(
        session.execute(select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_(wanted))).all()
    )


def _when(sub: Submission) -> Any:
    return sub.completed_at or sub.received_at


def _photos(session: Session, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    rows = session.execute(
        select(
            SubmissionAttachment.submission_id,
            SubmissionAttachment.question_id,
            Attachment.sha256,
            Attachment.mime_type,
        )
        .join(Attachment, Attachment.sha256 == SubmissionAttachment.attachment_sha256)
        .where(SubmissionAttachment.submission_id.in_(ids))
        .order_by(SubmissionAttachment.question_id, Attachment.sha256)
    )
    out: dict[str, list[dict[str, Any]]] = {}
    for sid, qid, sha, mime in rows:
        out.setdefault(sid, []).append({"sha256": sha, "question_id": qid, "mime_type": mime})
    return out


def _visit(
    sub: Submission,
    definition: Mapping[str, Any],
    units: Mapping[int, Any],
    photos: Mapping[str, list[dict[str, Any]]],
) -> dict[str, Any]:
    labels = {q["id"]: q["label"] for _, q in questions(definition)}
    narrative = next(
        (
            sub.answers.get(q["id"])
            for _, q in questions(definition)
            if q["type"] == "text"
            and q.get("comment")
            and isinstance(sub.answers.get(q["id"]), str)
        ),
        None,
    )
    scores = sub.section_scores or {}
    return {
        "submission_id": sub.id,
        "date": _when(sub).date().isoformat(),
        "unit": units.get(sub.unit_id) if sub.unit_id else None,
        "form_score": sub.form_score,
        "outcome": sub.outcome,
        "sections": [
            {"id": s["id"], "title": s["title"], "score": scores.get(s["id"])}
            for s in definition["sections"]
        ],
        "critical_failures": [
            {"id": q, "label": labels.get(q)} for q in sub.critical_failures or []
        ],
        "narrative": narrative or None,
        "photos": photos.get(sub.id, []),
    }


def mystery_shop(
    session: Session, agg: SubjectAggregate, definitions: Mapping[int, dict[str, Any]]
) -> dict[str, Any]:
    """The employee's approved visits and their roll-up per unit and month."""
    decision = agg.decisions["mystery_shopper"]
    ids = [f.id for f in agg.submissions if f.relationship == "mystery_shopper"]
    if not decision.visible or not ids:
        return {
            "visible": False,
            "hidden_reason": decision.hidden_reason,
            "visits": [],
            "rollup": [],
        }
    subs = sorted(
        session.scalars(select(Submission).where(Submission.id.in_(ids))),
        key=lambda s: (_when(s), s.id),
    )
    units = unit_names(session, {s.unit_id for s in subs})
    photos = _photos(session, ids)
    visits = [_visit(s, definitions[s.form_version_id], units, photos) for s in subs]
    keyed = [(s.unit_id, _when(s).strftime("%Y-%m"), s.form_score, s.id) for s in subs]
    rollup = aggregation.mystery_rollup(keyed, aggregation.pooled_points(session, ids))
    for entry in rollup:
        entry["unit"] = units.get(entry["unit"]) if entry["unit"] else None
    return {"visible": True, "hidden_reason": None, "visits": visits, "rollup": rollup}
