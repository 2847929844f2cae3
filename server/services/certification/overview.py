"""What a shopper and HR see of certification: the shopper's quizzes with their state, passes
and attempts (their own only), and HR's list of who is certified for what."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import FormVersion, QuizAttempt, ShopperCertification, User
from server.services.certification import attempts, quiz_forms

#: The newest attempts a shopper's overview lists.
ATTEMPTS_SHOWN = 50


def attempt_row(attempt: QuizAttempt) -> dict[str, Any]:
    """One scored attempt as the API gives it (which questions were wrong, not the answers)."""
    return {
        "id": attempt.id,
        "form_key": attempt.form_key,
        "scenario": attempt.scenario,
        "score": attempt.score,
        "pass_mark": attempt.pass_mark,
        "passed": attempt.passed,
        "correct": attempt.correct,
        "total": attempt.total,
        "wrong": list(attempt.wrong),
        "submitted_at": attempt.submitted_at,
    }


def attempt_result(session: Session, attempt: QuizAttempt) -> dict[str, Any]:
    """A just-scored attempt with, after a failure, when the next one is allowed."""
    version = session.get_one(FormVersion, attempt.form_version_id)
    return {**attempt_row(attempt), "retry_at": attempts.retry_at(attempt, version.definition)}


def _passes(session: Session, user_id: int) -> list[ShopperCertification]:
    return list(
        session.scalars(
            select(ShopperCertification)
            .where(ShopperCertification.user_id == user_id)
            .order_by(ShopperCertification.passed_at.desc(), ShopperCertification.id.desc())
        )
    )


def quiz_state(
    session: Session,
    user_id: int,
    version: FormVersion,
    passes: list[ShopperCertification],
    now: datetime,
) -> dict[str, Any]:
    """One quiz for the shopper: certified (since when), not yet, or wait until a time."""
    definition = version.definition
    settings = definition["quiz"]
    held = [p for p in passes if p.scenario == settings["scenario"] and p.passed_at <= now]
    last = attempts.last_attempt(session, user_id, version.form.key)
    wait = attempts.retry_at(last, definition)
    if wait is not None and wait <= now:
        wait = None
    state = "certified" if held else ("wait" if wait else "not_certified")
    return {
        "form_key": version.form.key,
        "form_version_id": version.id,
        "title": definition["title"],
        "description": definition["description"],
        "scenario": settings["scenario"],
        "pass_mark": settings["pass_mark"],
        "retry_after_hours": settings["retry_after_hours"],
        "questions": sum(len(s["questions"]) for s in definition["sections"]),
        "state": state,
        "certified_at": held[0].passed_at if held else None,
        "retry_at": wait,
        "last_attempt": attempt_row(last) if last else None,
    }


def my_certification(session: Session, user: User, now: datetime) -> dict[str, Any]:
    """The shopper's quizzes, passes (newest first, history kept) and newest attempts."""
    passes = _passes(session, user.id)
    mine = session.scalars(
        select(QuizAttempt)
        .where(QuizAttempt.user_id == user.id)
        .order_by(QuizAttempt.submitted_at.desc(), QuizAttempt.id.desc())
        .limit(ATTEMPTS_SHOWN)
    )
    return {
        "quizzes": [
            quiz_state(session, user.id, v, passes, now)
            for v in quiz_forms.current_quizzes(session)
        ],
        "certifications": [
            {"scenario": p.scenario, "score": p.score, "passed_at": p.passed_at} for p in passes
        ],
        "attempts": [attempt_row(a) for a in mine],
    }


def holders(session: Session, scenario: str | None) -> list[dict[str, Any]]:
    """Who holds which certification: one row per shopper and scenario (first and latest
    pass, the latest score, how many passes), by scenario then name."""
    query = (
        select(ShopperCertification, User)
        .join(User, User.id == ShopperCertification.user_id)
        .order_by(ShopperCertification.passed_at, ShopperCertification.id)
    )
    if scenario is not None:
        query = query.where(ShopperCertification.scenario == scenario)
    rows: dict[tuple[str, int], dict[str, Any]] = {}
    for cert, user in session.execute(query):
        row = rows.setdefault(
            (cert.scenario, user.id),
            {
                "user_id": user.id,
                "name": user.name,
                "email": user.email,
                "scenario": cert.scenario,
                "first_passed_at": cert.passed_at,
                "passes": 0,
            },
        )
        row.update(last_passed_at=cert.passed_at, score=cert.score, passes=row["passes"] + 1)
    return sorted(rows.values(), key=lambda r: (r["scenario"], r["name"].casefold(), r["user_id"]))
