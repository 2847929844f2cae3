"""Issue 16 §2 on PostgreSQL (`pg_app`): two attempts of one shopper at the same moment, the
first one failing, cannot both be scored: the second waits for the first and is then refused
by the retry delay."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.domain_errors import Conflict
from server.extensions import db
from server.models import QuizAttempt, User
from server.services.certification import attempts
from tests.factories import latest_version, make_user, sync_forms
from tests.test_quiz_api import KEY, answers

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_pg_a_racing_second_attempt_waits_and_meets_the_retry_delay(pg_app):
    sync_forms()
    vid = latest_version(KEY).id
    shopper = make_user(role="shopper")
    first = Session(db.engine)
    out: list = []

    def second() -> None:
        with pg_app.app_context():
            try:
                user = db.session.get(User, shopper.id)
                out.append(attempts.submit(db.session, user, vid, answers(), T0).passed)
                db.session.commit()
            except Conflict as err:
                out.append(err.code)
                db.session.rollback()

    try:
        failed = attempts.submit(first, first.get(User, shopper.id), vid, answers(wrong=5), T0)
        assert failed.passed is False
        thread = threading.Thread(target=second)
        thread.start()
        thread.join(1.5)
        assert thread.is_alive(), "the second attempt waits for the shopper's row lock"
        first.commit()
        thread.join(timeout=30)
    finally:
        first.close()
    assert out == ["retry_later"]
    count = db.session.scalar(select(func.count()).select_from(QuizAttempt))
    assert count == 1
