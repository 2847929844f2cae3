"""Demo certification (issue 16 §2): shopper2 passed the complaint-scenario quiz a week ago,
shopper3 failed it an hour ago (waits for the retry delay); shopper1 has not taken it, so the
demo shows each state. Attempts go through the service that scores them (idempotent: a
shopper with any attempt is left alone)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import QuizAttempt, User
from server.services.certification import attempts, quiz_forms

QUIZ = "quiz-complaint-scenario"
RIGHT = {
    "stay_in_role": False,
    "when_present": "after_greeting",
    "escalate": True,
    "evidence": ["receipt_photo", "staff_name", "visit_time"],
    "when_report": "after_leaving",
}
WRONG = {**RIGHT, "stay_in_role": True, "when_present": "at_entry", "evidence": ["guess"]}


def build(session: Session) -> list[str]:
    """Add the demo attempts that are missing; return one line for the demo's summary."""
    version = quiz_forms.current_quiz(session, QUIZ)
    now = datetime.now(UTC).replace(microsecond=0)
    for email, answers, ago in (
        ("shopper2@demo.example", RIGHT, timedelta(days=7)),
        ("shopper3@demo.example", WRONG, timedelta(hours=1)),
    ):
        user = session.scalar(select(User).where(User.email == email))
        taken = user is not None and session.scalar(
            select(QuizAttempt.id).where(QuizAttempt.user_id == user.id).limit(1)
        )
        if user is not None and not taken:
            attempts.submit(session, user, version.id, answers, now - ago)
    return ["certification: shopper2 certified for the complaint scenario, shopper3 waits"]
