"""Raw data exports for HR: answers in long format and a wide per-employee summary.

Choices where SPEC is silent:
- Only counted submissions are exported (the ones every figure is built from; the newest of a
  `replaces` chain, approved mystery shops, accepted late ones).
- Long format has one row per scored question a rater answered or marked N/A. Free-text
  comments are left out: next to a rater code stable across questions they would break the
  comment rule of SPEC section 6 (no identifier stable across questions).
- Raters in anonymous groups (peer, subordinate, customer) appear as random codes drawn once
  per campaign and stored (RaterCode), so repeated exports agree but campaigns cannot be
  linked. Self, supervisor and mystery shoppers keep their identity (employee number, or
  email when there is none), which HR already knows.
- Scores are exported at full precision on 0-100; CSV is UTF-8 with a BOM so spreadsheet
  programs open Chinese names correctly.
- The wide summary is built from the same review data as the PDF (audience "hr"), so it shows
  exactly the visible figures and nothing hidden.
- Writing the files (CSV without formulas, XLSX as text): server.services.exports.files
  (`csv_cell`, `csv_text`, `to_csv` are offered here too).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Form, FormVersion, ItemScore, RaterCode, Submission, User
from server.services.exports.files import csv_cell, csv_text, to_csv, to_xlsx
from server.services.exports.stars import star_column
from server.services.reviews import reports
from server.services.scoring import aggregation, anonymity

__all__ = ["csv_cell", "csv_text", "export", "missing_rater_keys", "rater_codes", "to_csv"]

ROW_KEYS = anonymity.ROWS
ANSWER_COLUMNS = [
    "campaign_id",
    "campaign",
    "subject_employee_number",
    "subject_name",
    "relationship",
    "rater",
    "form_key",
    "form_version",
    "section",
    "competency",
    "item",
    "value",
    "score",
    "na",
]
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _new_code(taken: set[str]) -> str:
    while True:
        code = "R-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
        if code not in taken:
            taken.add(code)
            return code


def rater_codes(session: Session, campaign_id: int, keys: Iterable[str]) -> dict[str, str]:
    """Stored codes for these rater keys, drawing (and flushing) new ones where missing."""
    rows = session.scalars(select(RaterCode).where(RaterCode.campaign_id == campaign_id)).all()
    codes = {r.rater_key: r.code for r in rows}
    taken = set(codes.values())
    for key in sorted(set(keys) - set(codes)):
        codes[key] = _new_code(taken)
        session.add(RaterCode(campaign_id=campaign_id, rater_key=key, code=codes[key]))
    session.flush()
    return codes


def _rater_key(sub: Submission) -> str:
    return f"user:{sub.rater_id}" if sub.rater_id is not None else f"submission:{sub.id}"


def _identity(user: User | None) -> str:
    if user is None:
        return ""
    return user.employee_number or user.email


def _value(raw: Any) -> Any:
    if isinstance(raw, list):
        return ";".join(str(v) for v in raw)
    return raw


def answer_rows(session: Session, campaign_id: int) -> list[dict[str, Any]]:
    """One dict per exported answer (columns ANSWER_COLUMNS)."""
    campaign = reports.get_campaign(session, campaign_id)
    ids = [f.id for f in aggregation.effective_submissions(session, campaign_id)]
    subs = {s.id: s for s in session.scalars(select(Submission).where(Submission.id.in_(ids)))}
    codes = rater_codes(
        session,
        campaign_id,
        [_rater_key(s) for s in subs.values() if anonymity.unnamed(s.relationship)],
    )
    users = _people(session, subs.values())
    versions = _versions(session)
    scores = session.scalars(
        select(ItemScore)
        .where(ItemScore.submission_id.in_(ids))
        .order_by(ItemScore.submission_id, ItemScore.id)
    )
    name = campaign.name.get(campaign.report_locale) or next(iter(campaign.name.values()), "")
    head = {"campaign_id": campaign_id, "campaign": name}
    who: dict[str, dict[str, Any]] = {}
    out = []
    for item in scores:
        sub = subs[item.submission_id]
        if not (item.counted or item.is_na):
            continue
        if sub.id not in who:
            who[sub.id] = _who(sub, users, codes, versions)
        out.append({**head, **who[sub.id], **_answer(item, sub)})
    return out


def _who(
    sub: Submission,
    users: dict[int, User],
    codes: dict[str, str],
    versions: dict[int, tuple[str, int]],
) -> dict[str, Any]:
    """The subject, rater (a code for anonymous groups) and form columns of a submission."""
    subject = users.get(sub.subject_id) if sub.subject_id else None
    rater = (
        codes[_rater_key(sub)]
        if anonymity.unnamed(sub.relationship)
        else _identity(users.get(sub.rater_id) if sub.rater_id else None)
    )
    form_key, version = versions.get(sub.form_version_id, ("", None))
    return {
        "subject_employee_number": subject.employee_number if subject else "",
        "subject_name": subject.name if subject else "",
        "relationship": sub.relationship,
        "rater": rater,
        "form_key": form_key,
        "form_version": version,
    }


def _versions(session: Session) -> dict[int, tuple[str, int]]:
    """{form version id: (form key, version number)}."""
    return {
        v.id: (key, v.version)
        for v, key in session.execute(
            select(FormVersion, Form.key).join(Form, Form.id == FormVersion.form_id)
        )
    }


def _people(session: Session, subs: Iterable[Submission]) -> dict[int, User]:
    """The subjects and raters of these submissions, by id."""
    wanted = set()
    for s in subs:
        wanted |= {s.subject_id, s.rater_id}
    return {u.id: u for u in session.scalars(select(User).where(User.id.in_(wanted)))}


def _answer(item: ItemScore, sub: Submission) -> dict[str, Any]:
    """The answer columns of one item score."""
    return {
        "section": item.section_id,
        "competency": item.competency or "",
        "item": item.question_id,
        "value": None if item.is_na else _value(sub.answers.get(item.question_id)),
        "score": None if item.score is None or item.is_na else 100 * item.score,
        "na": bool(item.is_na),
    }


def summary_columns(competencies: Sequence[str]) -> list[str]:
    """Wide-summary header: identity, index, then n, form score and competencies per row."""
    columns = ["campaign_id", "employee_id", "employee_number", "name", "unit", "overall_index"]
    for row in ROW_KEYS:
        columns += [f"{row}.n", f"{row}.form_score"] + [f"{row}.{c}" for c in competencies]
    return columns


def summary_row(review: dict[str, Any]) -> dict[str, Any]:
    """One employee's visible figures, flattened."""
    employee, locale = review["employee"], review["campaign"].get("locale") or "zh-CN"
    unit = employee.get("unit") or {}
    out: dict[str, Any] = {
        "campaign_id": review["campaign"]["id"],
        "employee_id": employee["id"],
        "employee_number": employee.get("employee_number") or "",
        "name": employee["name"],
        "unit": (unit.get("name") or {}).get(locale, "") if unit else "",
        "overall_index": review.get("overall_index"),
    }
    for row in review["rows"]:
        if not row.get("visible"):
            continue
        out[f"{row['key']}.n"] = row["n"]
        out[f"{row['key']}.form_score"] = row.get("form_score")
        for key, figure in (row.get("competencies") or {}).items():
            out[f"{row['key']}.{key}"] = figure.get("score")
    return out


def summary_rows(session: Session, campaign_id: int) -> tuple[list[str], list[dict[str, Any]]]:
    """Header and one row per rated employee of the campaign."""
    reports.get_campaign(session, campaign_id)
    rows: list[dict[str, Any]] = []
    competencies: list[str] = []
    for employee_id in reports.subject_ids(session, campaign_id):
        review = reports.build_review_data(session, campaign_id, employee_id, "hr")
        competencies = competencies or [c["key"] for c in review.get("competencies", [])]
        rows.append(summary_row(review))
    return star_column(session, campaign_id, summary_columns(competencies), rows), rows


def export(session: Session, campaign_id: int, kind: str, fmt: str) -> tuple[bytes, str, str]:
    """Build an export: (body, filename, MIME type). kind: answers|summary, fmt: csv|xlsx."""
    if kind == "answers":
        columns, rows = ANSWER_COLUMNS, answer_rows(session, campaign_id)
    else:
        columns, rows = summary_rows(session, campaign_id)
    filename = f"campaign-{campaign_id}-{kind}.{fmt}"
    if fmt == "csv":
        return to_csv(columns, rows), filename, "text/csv; charset=utf-8"
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return to_xlsx(columns, rows, kind), filename, mime


def missing_rater_keys(session: Session, campaign_id: int) -> set[str]:
    """Rater keys of the campaign's anonymous submissions that have no stored code yet.

    A GET export only reads (server.database): the caller draws these codes in a short write
    transaction first (`rater_codes`), so `answer_rows` then finds every code stored.
    """
    rows = session.execute(
        select(Submission.id, Submission.rater_id).where(
            Submission.campaign_id == campaign_id,
            Submission.relationship.in_(anonymity.UNNAMED_GROUPS),
        )
    ).all()
    keys = {f"user:{rater}" if rater is not None else f"submission:{sid}" for sid, rater in rows}
    stored = session.scalars(
        select(RaterCode.rater_key).where(RaterCode.campaign_id == campaign_id)
    )
    return keys - set(stored)
