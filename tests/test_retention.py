"""Issue 17 §5 retention, with controlled time (time-machine): each data kind past its
period is deleted or pseudonymised, nothing within its period is touched, the report (count
per kind) is recorded once per slot and shown to admins."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from server import storage
from server.extensions import db
from server.models import (
    Attachment,
    AuditEvent,
    CustomerContact,
    Job,
    Notification,
    ReviewPdf,
    Submission,
    User,
)
from server.models.base import utcnow
from server.services.org import accounts
from server.services.privacy import erasure, policy, retention
from server.tasks import periodic
from tests.factories import add_submission, campaign_and_form, make_attachment, make_user

T0 = datetime(2027, 1, 10, 12, 0, tzinfo=UTC)
DAYS = 10
ALL_TEN = dict.fromkeys(policy.KINDS, DAYS)
MODELS = (Attachment, AuditEvent, CustomerContact, Job, Notification, ReviewPdf)


def _job(store: Any, kind: str, key: str) -> None:
    job_id = str(uuid.uuid4())
    store.put(key.format(job_id), b"PK\x03\x04 file")
    db.session.add(
        Job(
            id=job_id,
            kind=kind,
            status="done",
            total=1,
            done=1,
            failures=[],
            result_path=key.format(job_id),
            finished_at=utcnow(),
        )
    )


def world() -> dict[str, Any]:
    """One row (and object) of every kind, all created now."""
    store = storage.for_app()
    campaign, version = campaign_and_form()
    subject, rater, leaver = make_user(), make_user(), make_user(name="Leaver Person")
    submission = add_submission(
        campaign, version, subject.id, "peer", {"q1": 4}, rater_id=rater.id,
        submitted_by_ip="10.1.2.3", geo_lat=31.2, geo_lon=121.4,
    )  # fmt: skip
    store.put("ab/photo.jpg", b"jpeg")
    make_attachment("ab" * 32, storage_key="ab/photo.jpg", uploaded_by_id=rater.id)
    db.session.add(
        CustomerContact(
            submission_id=submission.id, phone="13800000000", consent="contact-v1", locale="en"
        )
    )
    db.session.add(Notification(key="n1", user_id=subject.id, kind="review_released"))
    store.put("reviews/" + "c" * 64 + ".pdf", b"%PDF-1.4")
    db.session.add(
        ReviewPdf(
            campaign_id=campaign.id,
            employee_id=subject.id,
            content_hash="c" * 64,
            storage_key="reviews/" + "c" * 64 + ".pdf",
        )
    )
    _job(store, "reviews_zip", "zips/{}.zip")
    _job(store, "export", "exports/{}.csv")
    _job(store, "privacy_export", "privacy/{}.zip")
    accounts.audit(db.session, None, "test.event")
    accounts.set_active(leaver, False)
    db.session.commit()
    return {"store": store, "submission": submission.id, "leaver": leaver.id}


def counts() -> dict[str, int]:
    return {m.__name__: db.session.scalar(select(func.count()).select_from(m)) for m in MODELS}


def _tick(at: datetime) -> Any:
    with time_machine.travel(at, tick=False):
        return periodic.tick(db.session, utcnow(), ["retention"])["retention"]


def test_nothing_within_its_period_is_touched_and_all_past_it_goes(app: Any) -> None:
    app.config["RETENTION_DAYS"] = ALL_TEN
    with time_machine.travel(T0, tick=False):
        w = world()
    before = counts()
    period = timedelta(days=DAYS)
    assert _tick(T0 + period - timedelta(minutes=1)) == dict.fromkeys(policy.KINDS, 0)
    assert counts() == before
    report = _tick(T0 + period + timedelta(minutes=1))
    assert report == {
        "raw_submissions": 1,
        "photos": 1,
        "generated_files": 2,  # the review PDF and the review ZIP
        "export_files": 2,  # the campaign export and the personal-data export
        "audit_events": before["AuditEvent"],
        "inactive_accounts": 1,
        "notifications": 1,
        "customer_contacts": 1,
        "webhook_deliveries": 0,  # none in this world (tests/test_retention_webhooks.py)
    }
    after = counts()
    assert after["Job"] == after["ReviewPdf"] == after["Attachment"] == 0
    assert after["Notification"] == after["CustomerContact"] == 0
    assert after["AuditEvent"] == 1  # only the erasure of the leaver, made just now
    sub = db.session.get(Submission, w["submission"])
    assert sub is not None and sub.submitted_by_ip is None and sub.geo_lat is None
    assert sub.answers == {"q1": 4} and sub.form_score is not None  # reviews depend on it
    leaver = db.session.get(User, w["leaver"])
    assert leaver is not None and erasure.is_erased(leaver)
    for key in ("ab/photo.jpg", "reviews/" + "c" * 64 + ".pdf"):
        assert not w["store"].exists(key)
    # once per slot; the next slot finds nothing left
    assert _tick(T0 + period + timedelta(minutes=2)) is None
    assert _tick(T0 + period + timedelta(hours=1)) == dict.fromkeys(policy.KINDS, 0)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(offset=st.integers(min_value=0, max_value=DAYS * 86400 - 1))
def test_any_time_within_the_period_touches_nothing(app: Any, offset: int) -> None:
    if not db.session.scalar(select(func.count()).select_from(Job)):
        with time_machine.travel(T0, tick=False):
            world()
    before = counts()
    with time_machine.travel(T0 + timedelta(seconds=offset), tick=False):
        report = retention.sweep(db.session, storage.for_app(), utcnow(), ALL_TEN)
    db.session.commit()
    assert report == dict.fromkeys(policy.KINDS, 0)
    assert counts() == before


def test_defaults_drop_generated_files_and_keep_what_reviews_depend_on(app: Any) -> None:
    with time_machine.travel(T0, tick=False):
        w = world()
    report = _tick(T0 + timedelta(days=31))
    assert report["generated_files"] == 2 and report["export_files"] == 2
    assert report["raw_submissions"] == report["photos"] == 0
    assert report["notifications"] == report["audit_events"] == 0
    assert report["inactive_accounts"] == 0
    sub = db.session.get(Submission, w["submission"])
    assert sub is not None and sub.submitted_by_ip == "10.1.2.3"
    assert w["store"].exists("ab/photo.jpg")


def test_periods_reject_unknown_kinds_and_bad_days() -> None:
    assert policy.periods({}) == policy.DEFAULTS
    assert policy.periods({"photos": 5})["photos"] == 5
    for bad in ({"nope": 1}, {"photos": 0}, {"photos": True}, {"photos": 1.5}):
        try:
            policy.periods(bad)
        except ValueError:
            continue
        raise AssertionError(bad)
