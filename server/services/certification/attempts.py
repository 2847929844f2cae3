"""Take a quiz: the server checks and scores the answers, records the attempt and, on a
pass, the certification (issue 16 §2).

Rules: only the quiz's current version is answered (an app holding an older one is told to
reload); the answers are checked like any form's (server.services.forms.answers) and scored
here, never by the client; after a failed attempt the next one is refused until
`retry_after_hours` (the quiz's current setting) have passed, also when two attempts race
(the user's row is locked while one is checked and stored); a passed attempt may be
followed by another at any time, and each pass is kept (history).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain_errors import Conflict, Invalid, NotFound
from server.models import FormVersion, QuizAttempt, User
from server.services.certification import quiz_forms, scoring, status
from server.services.forms import answers as form_answers


def last_attempt(session: Session, user_id: int, form_key: str) -> QuizAttempt | None:
    """The user's newest attempt at the quiz `form_key`."""
    return session.scalar(
        select(QuizAttempt)
        .where(QuizAttempt.user_id == user_id, QuizAttempt.form_key == form_key)
        .order_by(QuizAttempt.submitted_at.desc(), QuizAttempt.id.desc())
        .limit(1)
    )


def retry_at(last: QuizAttempt | None, definition: dict[str, Any]) -> datetime | None:
    """When the next attempt is allowed after `last` (None: no wait, it passed or is none)."""
    if last is None or last.passed:
        return None
    return last.submitted_at + timedelta(hours=definition["quiz"]["retry_after_hours"])


def _refuse_early(
    session: Session, user_id: int, form_key: str, definition: dict[str, Any], now: datetime
) -> None:
    allowed = retry_at(last_attempt(session, user_id, form_key), definition)
    if allowed is not None and now < allowed:
        shown = allowed.strftime("%Y-%m-%d %H:%M UTC")
        raise Conflict(
            "retry_later",
            "You can take this quiz again after {retry_at}.",
            {"retry_at": allowed.isoformat()},
            params={"retry_at": shown},
        )


def _current_version(session: Session, version_id: int) -> FormVersion:
    """The quiz version asked for, when it is its form's current one."""
    asked = session.get(FormVersion, version_id)
    if asked is None or not quiz_forms.is_quiz(asked.definition):
        raise NotFound("not_found", "No such quiz.")
    version = quiz_forms.current_quiz(session, asked.form.key)
    if version.id != asked.id:
        raise Conflict(
            "quiz_changed",
            "This quiz has changed since you opened it: reload it and answer again.",
            {"form_version_id": version.id},
        )
    return version


def submit(
    session: Session, user: User, version_id: int, answers: dict[str, Any], now: datetime
) -> QuizAttempt:
    """Score and record `user`'s attempt at a quiz version (see the module docstring)."""
    version = _current_version(session, version_id)
    form_key, definition = version.form.key, version.definition
    # One attempt of a shopper at a time: a second one waits here until the first is
    # committed, then sees it (its retry delay included). PostgreSQL row lock; SQLite has
    # a single writer.
    session.scalar(select(User.id).where(User.id == user.id).with_for_update())
    _refuse_early(session, user.id, form_key, definition, now)
    errors = form_answers.validate(definition, answers, [])
    if errors:
        raise Invalid("invalid", "Some answers are not valid.", {"fields": errors})
    result = scoring.score_attempt(definition, answers)
    scenario = definition["quiz"]["scenario"]
    attempt = QuizAttempt(
        user_id=user.id,
        form_version_id=version.id,
        form_key=form_key,
        scenario=scenario,
        answers=answers,
        correct=result.correct,
        total=result.total,
        score=result.score,
        pass_mark=result.pass_mark,
        passed=result.passed,
        wrong=result.wrong,
        submitted_at=now,
    )
    session.add(attempt)
    if result.passed:
        status.record_pass(session, user.id, scenario, result.score, now)
    session.flush()
    return attempt
