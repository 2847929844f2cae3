"""notify() (issue 14 §1): one notification per event key, whatever the repetition."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from server.extensions import db
from server.models import Notification
from server.services.notifications import KINDS, notify
from tests.factories import make_user


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    keys=st.lists(st.sampled_from(["a", "b", "c", "reminder:1:2026-12-05"]), max_size=12),
    kind=st.sampled_from(sorted(KINDS)),
)
def test_each_event_key_is_recorded_once(app, keys, kind):
    user = make_user()
    db.session.commit()
    made = [notify(db.session, user.id, kind, key=f"{user.id}:{k}") for k in keys]
    db.session.commit()
    stored = db.session.scalar(
        select(func.count()).select_from(Notification).where(Notification.user_id == user.id)
    )
    assert stored == len(set(keys))
    assert sum(n is not None for n in made) == len(set(keys))


def test_an_event_recorded_again_after_commit_is_not_recorded_twice(app):
    user = make_user()
    db.session.commit()
    assert notify(db.session, user.id, "review_released", key="rr:1", link="/reviews") is not None
    db.session.commit()
    assert notify(db.session, user.id, "review_released", key="rr:1") is None
    db.session.commit()
    note = db.session.scalar(select(Notification).where(Notification.key == "rr:1"))
    assert note is not None and note.email == "pending" and note.link == "/reviews"


def test_an_unknown_kind_is_a_programming_error(app):
    user = make_user()
    db.session.commit()
    with pytest.raises(ValueError):
        notify(db.session, user.id, "no_such_kind", key="x")
