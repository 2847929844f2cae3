"""Scoring of one submission (SPEC §5): question, section, form and competency scores.

One answer's score in [0, 1] comes from the scorer table in
server.services.scoring.question_scores. `score_submission` is pure: it reads a normalised
form definition (see server.services.forms.forms) plus the raw answers and N/A list and
returns every figure at full precision. `apply_scores` stores those figures on a Submission
and (re)creates its ItemScore rows, the per-item table the aggregation reads.

Choices where SPEC §5 is silent (documented here, tested in tests/test_scoring_*):
- An answer that cannot be scored (a rating outside its scale, an unknown
  choice option, a non-numeric number, a multi-choice value that is not a
  list) is treated as unanswered: it neither scores 0 nor counts. The sync
  validator rejects such answers before they are stored; this keeps the
  scorer total and every score inside [0, 100].
- A choice whose highest option score is 0 (or a multi-choice with
  max_score 0) cannot discriminate and never counts.
- A question listed as N/A although it does not allow N/A is still N/A
  (the rater said they could not judge); validation is the sync layer's job.
- Section scores with Σw = 0 (only weight-0 knock-out items counted) are N/A
  unless `section_zero` sets them to 0; the form score is None when no
  section has a score (or all scored sections weigh 0) and no form_zero fires.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import Table, delete, insert
from sqlalchemy.orm import Session

from server.services.forms.show_if import visible_questions
from server.services.scoring.question_scores import native_value, question_score

POLICIES = ("section_zero", "form_zero", "flag_only")


@dataclass(slots=True)
class ItemResult:
    """One scored question of a submission."""

    question_id: str
    section_id: str
    competency: str | None
    value_num: float | None
    score: float | None
    weight: float
    counted: bool
    is_na: bool


@dataclass
class SubmissionScore:
    """Every figure of one submission, unrounded."""

    form_score: float | None
    outcome: str
    critical_failures: list[str] = field(default_factory=list)
    section_scores: dict[str, float | None] = field(default_factory=dict)
    competency_scores: dict[str, float | None] = field(default_factory=dict)
    items: list[ItemResult] = field(default_factory=list)


def _items(
    definition: dict[str, Any], answers: dict[str, Any], na: set[str]
) -> tuple[list[ItemResult], list[tuple[str, str, bool]]]:
    """Score each scored question; also return (qid, sid, critical) of counted ones."""
    given = {k: v for k, v in answers.items() if k not in na and v is not None}
    visible = visible_questions(definition, given)
    items: list[ItemResult] = []
    crit: list[tuple[str, str, bool]] = []
    for section in definition["sections"]:
        sid = section["id"]
        for q in section["questions"]:
            if not q.get("scored"):
                continue
            qid = q["id"]
            is_na = qid in na
            value = given.get(qid)
            s = question_score(q, value) if qid in visible else None
            counted = s is not None and not is_na
            items.append(
                ItemResult(
                    qid,
                    sid,
                    q.get("competency"),
                    native_value(q, value, s) if counted else None,
                    s if counted else None,
                    float(q.get("weight", 1)),
                    counted,
                    is_na,
                )
            )
            if counted:
                crit.append((qid, sid, bool(q.get("critical")) and s == 0.0))
    return items, crit


def _weighted(items: list[ItemResult]) -> float | None:
    total = sum(i.weight for i in items)
    if total <= 0:
        return None
    return 100.0 * sum(i.weight * (i.score or 0.0) for i in items) / total


def _form_score(definition: dict[str, Any], sections: dict[str, float | None]) -> float | None:
    weights = {s["id"]: float(s.get("weight", 1)) for s in definition["sections"]}
    present = [(weights[sid], S) for sid, S in sections.items() if S is not None]
    total = sum(w for w, _ in present)
    if total <= 0:
        return None
    return sum(w * S for w, S in present) / total


def resolve_policy(definition: dict[str, Any], policy: str | None) -> str:
    """Return the policy in force: the override when given, else the form's."""
    chosen = policy or definition.get("critical_policy") or "section_zero"
    if chosen not in POLICIES:
        raise ValueError(f"unknown critical policy {chosen!r}")
    return chosen


def score_submission(
    definition: dict[str, Any],
    answers: dict[str, Any],
    na: list[str],
    policy: str | None = None,
) -> SubmissionScore:
    """Score one submission exactly per SPEC §5 (full precision, nothing rounded)."""
    chosen = resolve_policy(definition, policy)
    items, counted_meta = _items(definition, answers or {}, set(na or []))
    failures = [qid for qid, _, failed in counted_meta if failed]
    failed_sections = {sid for _, sid, failed in counted_meta if failed}
    counted = [i for i in items if i.counted]
    sections: dict[str, float | None] = {}
    for section in definition["sections"]:
        sid = section["id"]
        S = _weighted([i for i in counted if i.section_id == sid])
        sections[sid] = 0.0 if chosen == "section_zero" and sid in failed_sections else S
    form = _form_score(definition, sections)
    if chosen == "form_zero" and failures:
        form = 0.0
    competencies: dict[str, float | None] = {}
    for key in dict.fromkeys(i.competency for i in items if i.competency):
        competencies[key] = _weighted([i for i in counted if i.competency == key])
    return SubmissionScore(
        form_score=form,
        outcome="fail" if failures else "pass",
        critical_failures=failures,
        section_scores=sections,
        competency_scores=competencies,
        items=items,
    )


def score_columns(result: SubmissionScore) -> dict[str, Any]:
    """The Submission score columns of a result (for ORM objects and bulk rows alike)."""
    return {
        "form_score": result.form_score,
        "outcome": result.outcome,
        "critical_failures": list(result.critical_failures),
        "section_scores": dict(result.section_scores),
        "competency_scores": dict(result.competency_scores),
    }


def item_score_rows(
    result: SubmissionScore,
    submission_id: str,
    campaign_id: int,
    subject_id: int | None,
    relationship: str,
) -> list[dict[str, Any]]:
    """One `item_score` row (as a plain dict) per scored question of a result."""
    return [
        {
            "submission_id": submission_id,
            "campaign_id": campaign_id,
            "subject_id": subject_id,
            "relationship": relationship,
            "question_id": i.question_id,
            "section_id": i.section_id,
            "competency": i.competency,
            "value_num": i.value_num,
            "score": i.score,
            "weight": i.weight,
            "counted": i.counted,
            "is_na": i.is_na,
        }
        for i in result.items
    ]


def insert_item_scores(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert item_score rows with one driver-level executemany.

    Every column is a plain number, bool or string, so the rows go to the DB-API
    cursor as they are, skipping SQLAlchemy's per-row parameter processing (the
    statement itself is compiled once per dialect and column set, and cached).
    """
    from server.models import ItemScore

    if not rows:
        return
    conn = session.connection()
    keys = tuple(rows[0])
    compiled = _compiled_inserts.get((conn.dialect.name, keys))
    if compiled is None:
        table = cast(Table, ItemScore.__table__)
        compiled = insert(table).compile(dialect=conn.dialect, column_keys=keys)
        _compiled_inserts[(conn.dialect.name, keys)] = compiled
    if compiled.positional:
        pick = itemgetter(*(compiled.positiontup or ()))
        params: list[Any] = [pick(row) for row in rows]
    else:
        params = rows
    conn.exec_driver_sql(str(compiled), params)


_compiled_inserts: dict[tuple[str, tuple[str, ...]], Any] = {}


def apply_scores(
    session: Session, submission: Any, definition: dict[str, Any], policy: str | None = None
) -> SubmissionScore:
    """Score a Submission, fill its score columns and (re)create its ItemScore rows.

    Policy: the given override, else the campaign's critical_policy, else the form's.
    Flushes, never commits; safe to call again after a rule change. The sync batch
    path scores with `score_submission` + `item_score_rows` and inserts in bulk instead.
    """
    from server.models import Campaign, ItemScore

    if policy is None:
        campaign = session.get(Campaign, submission.campaign_id)
        policy = campaign.critical_policy if campaign is not None else None

    result = score_submission(definition, submission.answers or {}, submission.na or [], policy)
    for key, value in score_columns(result).items():
        setattr(submission, key, value)
    session.flush()
    session.execute(delete(ItemScore).where(ItemScore.submission_id == submission.id))
    insert_item_scores(
        session,
        item_score_rows(
            result,
            submission.id,
            submission.campaign_id,
            submission.subject_id,
            submission.relationship,
        ),
    )
    session.expire(submission, ["item_scores"])
    return result


def recompute(session: Session, campaign_id: int | None = None, batch_size: int = 500) -> int:
    """Re-score every submission (of one campaign, or all) after a rule change; return count.

    Flushes per batch and never commits: the caller commits once, so a failure
    leaves the stored scores untouched.
    """
    from sqlalchemy import select

    from server.models import Campaign, FormVersion, Submission

    stmt = select(Submission.id).order_by(Submission.campaign_id, Submission.id)
    if campaign_id is not None:
        stmt = stmt.where(Submission.campaign_id == campaign_id)
    ids = list(session.scalars(stmt))
    definitions: dict[int, dict[str, Any]] = dict(
        session.execute(select(FormVersion.id, FormVersion.definition)).all()
    )
    policies: dict[int, str | None] = dict(
        session.execute(select(Campaign.id, Campaign.critical_policy)).all()
    )
    for start in range(0, len(ids), batch_size):
        chunk = session.scalars(
            select(Submission).where(Submission.id.in_(ids[start : start + batch_size]))
        )
        for sub in chunk:
            apply_scores(
                session,
                sub,
                definitions[sub.form_version_id],
                policies.get(sub.campaign_id) or None,
            )
    return len(ids)
