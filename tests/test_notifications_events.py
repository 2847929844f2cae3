"""Issue 14 §1 events: "assignment opened" when a campaign opens and when a rater is added to
an open campaign, "visit opened" when HR creates a visit, "your review released"; each once;
the texts never tell a subject who rates them. Also on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from server.extensions import db
from server.models import Notification
from server.services.notifications import events
from server.services.notifications.texts import render
from tests.factories import campaign_and_form, make_assignment, make_unit, make_user

NOW = datetime(2026, 12, 5, 2, tzinfo=UTC)


def notes(user_id: int, kind: str | None = None) -> list[Notification]:
    stmt = select(Notification).where(Notification.user_id == user_id)
    if kind:
        stmt = stmt.where(Notification.kind == kind)
    return list(db.session.scalars(stmt.order_by(Notification.id)))


def _peer_world():
    subject = make_user(name="Wang Fang")
    rater = make_user(name="Zhao Lei")
    campaign, version = campaign_and_form(status="draft", period_end=date(2026, 12, 20))
    task = make_assignment(campaign, rater, version, "peer", subject_id=subject.id)
    own = make_assignment(campaign, subject, version, "self", subject_id=subject.id)
    return subject, rater, campaign, version, task, own


def test_opened_when_the_campaign_opens_once_and_only_to_raters(app):
    subject, rater, campaign, version, task, own = _peer_world()
    assert events.announce_tasks(db.session) == {"assignment_opened": 0, "visit_opened": 0}
    campaign.status = "open"
    db.session.commit()
    assert events.announce_tasks(db.session)["assignment_opened"] == 2
    assert events.announce_tasks(db.session)["assignment_opened"] == 0
    db.session.commit()
    [told] = notes(rater.id)
    assert told.link == f"/form/{task.id}" and told.campaign_id == campaign.id
    assert "Wang Fang" in render(told.kind, told.params, "en")["body"]  # whom THEY rate
    [mine] = notes(subject.id)
    assert mine.params["relationship"] == "self"
    for locale in ("en", "zh-CN"):
        words = render(mine.kind, mine.params, locale)
        assert "Zhao Lei" not in words["title"] + words["body"]
    assert "Zhao Lei" not in str(mine.params)


def test_a_rater_added_to_an_open_campaign_is_told(app):
    _, _, campaign, version, _, _ = _peer_world()
    campaign.status = "open"
    db.session.commit()
    events.announce_tasks(db.session)
    late = make_user()
    make_assignment(campaign, late, version, "peer", subject_id=make_user().id)
    assert events.announce_tasks(db.session)["assignment_opened"] == 1
    assert len(notes(late.id, "assignment_opened")) == 1


def test_a_visit_created_for_a_shopper_is_told_in_local_time(app):
    shopper = make_user(role="shopper")
    unit = make_unit()
    campaign, version = campaign_and_form(status="open", period_end=date(2026, 12, 31))
    start = datetime(2026, 12, 8, 1, tzinfo=UTC)
    make_assignment(
        campaign,
        shopper,
        version,
        unit_id=unit.id,
        visit_window_start=start,
        visit_window_end=start + timedelta(hours=8),
    )
    assert events.announce_tasks(db.session)["visit_opened"] == 1
    [told] = notes(shopper.id)
    body = render(told.kind, told.params, "en")["body"]
    assert body == "Visit window: 2026-12-08 09:00 to 2026-12-08 17:00."  # Asia/Shanghai
    assert render(told.kind, told.params, "en")["title"] == f"New visit: {unit.name['en']}"


def test_review_released_goes_to_each_subject_once(app):
    subject, rater, campaign, *_ = _peer_world()
    campaign.status, campaign.released_at = "released", NOW - timedelta(hours=1)
    db.session.commit()
    assert events.announce_releases(db.session, NOW) == 1
    assert events.announce_releases(db.session, NOW) == 0
    db.session.commit()
    [told] = notes(subject.id)
    assert told.kind == "review_released" and told.link == "/reviews"
    assert notes(rater.id) == []
    assert render(told.kind, told.params, "zh-CN")["title"] == "您的评估报告已发布"


def test_an_old_release_is_not_announced(app):
    subject, _, campaign, *_ = _peer_world()
    campaign.status, campaign.released_at = "released", NOW - timedelta(days=30)
    db.session.commit()
    assert events.announce_releases(db.session, NOW) == 0


@pytest.mark.usefixtures("pg_app")
def test_events_and_the_claim_on_postgresql():
    from server.services.notifications import dispatch
    from server.services.notifications.clock import MailRules

    subject, rater, campaign, *_ = _peer_world()
    campaign.status = "open"
    db.session.commit()
    assert events.announce_tasks(db.session)["assignment_opened"] == 2
    db.session.commit()
    assert events.announce_tasks(db.session)["assignment_opened"] == 0
    plan = dispatch.plan(db.session, datetime(2026, 12, 5, 3, tzinfo=UTC), MailRules())
    letter = next(x for x in plan.letters if x.user.id == rater.id)
    assert dispatch.claim(db.session, letter, NOW)
    assert not dispatch.claim(db.session, letter, NOW)
    db.session.commit()
