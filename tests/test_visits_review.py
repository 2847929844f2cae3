"""SPEC §7 mystery-shop visits: Mystery-shop visits: creation, review decisions and every evidence
check."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from server.domain_errors import DomainError
from server.errors import status_of
from server.extensions import db
from server.models import Attachment, AuditEvent, Submission, SubmissionAttachment
from server.services.campaigns import campaigns
from server.services.visits import visits
from tests.factories import make_attachment, make_campaign, make_user
from tests.worlds import make_team

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
END = START + timedelta(hours=8)


@pytest.fixture
def visit(app):
    team = make_team(3)
    shopper = make_user(role="shopper")
    campaign = make_campaign("mystery_shop")
    campaigns.open_campaign(db.session, None, campaign)
    assignment = visits.create_visit(
        db.session,
        None,
        campaign,
        {
            "unit_id": team["unit"].id,
            "shopper_id": shopper.id,
            "window_start": START,
            "window_end": END,
            "scenario": {"en": "Ask about a refund", "zh-CN": "咨询退款"},
        },
    )
    db.session.commit()
    return {"team": team, "shopper": shopper, "campaign": campaign, "assignment": assignment}


def submit(
    v,
    *,
    photos=(),
    lat=None,
    lon=None,
    accuracy=None,
    skew=None,
    replaces=None,
    assignment=None,
    staff=None,
) -> Submission:
    a = assignment or v["assignment"]
    sub = Submission(
        id=str(uuid.uuid4()),
        assignment_id=a.id,
        campaign_id=a.campaign_id,
        form_version_id=a.form_version_id,
        relationship="mystery_shopper",
        rater_id=a.rater_id,
        unit_id=a.unit_id,
        subject_id=staff,
        reported_staff_id=staff,
        answers={},
        na=[],
        content_sha256="0" * 64,
        geo_lat=lat,
        geo_lon=lon,
        geo_accuracy=accuracy,
        time_skew_seconds=skew,
        replaces_id=replaces,
        status="received",
    )
    db.session.add(sub)
    db.session.flush()
    for sha, captured in photos:
        if db.session.get(Attachment, sha) is None:
            make_attachment(sha, size=10, captured_at=captured)
        db.session.add(
            SubmissionAttachment(submission_id=sub.id, question_id="receipt", attachment_sha256=sha)
        )
    a.status = "submitted"
    db.session.commit()
    return sub


def test_create_visit_validates(visit):
    campaign, team = visit["campaign"], visit["team"]
    assert visit["assignment"].relationship == "mystery_shopper"
    assert visit["assignment"].due_at == END
    base = {
        "unit_id": team["unit"].id,
        "shopper_id": visit["shopper"].id,
        "window_start": START,
        "window_end": END,
    }
    for bad, field in (
        (dict(shopper_id=team["staff"][0].id), "shopper_id"),
        (dict(unit_id=9999), "unit_id"),
        (dict(window_end=START), "window_end"),
    ):
        with pytest.raises(DomainError) as info:
            visits.create_visit(db.session, None, campaign, {**base, **bad})
        assert field in info.value.details["fields"]
    with pytest.raises(DomainError) as info:
        visits.create_visit(db.session, None, make_campaign("360"), base)
    assert info.value.code == "wrong_kind"


def test_haversine_known_distance():
    # Shanghai Nanjing Road -> Beijing Wangfujing is about 1,067 km.
    d = visits.haversine_m(31.2363, 121.4803, 39.9139, 116.4109)
    assert 1_060_000 < d < 1_075_000
    assert visits.haversine_m(31.0, 121.0, 31.0, 121.0) == 0


def test_checkin_distance(visit):
    near = submit(visit, lat=31.2370, lon=121.4810)  # ~100 m away
    checks = visits.evidence(db.session, near)
    assert checks["checkin"]["ok"] is True and 50 < checks["checkin"]["distance_m"] < 150
    far = submit(visit, lat=31.2500, lon=121.4803, replaces=near.id)  # ~1.5 km
    checks = visits.evidence(db.session, far)
    assert checks["checkin"]["ok"] is False and "checkin" in checks["flags"]
    assert checks["summary"]["distance_m"] == checks["checkin"]["distance_m"]
    blind = submit(visit, replaces=far.id)
    assert visits.evidence(db.session, blind)["checkin"]["ok"] is None


def test_photo_capture_times_against_window(visit):
    inside = submit(visit, photos=[("a" * 64, START + timedelta(hours=1))])
    assert visits.evidence(db.session, inside)["photos"]["ok"] is True
    outside = submit(
        visit, photos=[("b" * 64, START - timedelta(days=1)), ("c" * 64, None)], replaces=inside.id
    )
    photos = visits.evidence(db.session, outside)["photos"]
    assert photos["ok"] is False
    assert [p["inside_window"] for p in photos["photos"]] == [False, None]


def test_duplicate_photo_hash_across_visits(visit):
    other = visits.create_visit(
        db.session,
        None,
        visit["campaign"],
        {
            "unit_id": visit["team"]["unit"].id,
            "shopper_id": visit["shopper"].id,
            "window_start": START + timedelta(days=7),
            "window_end": END + timedelta(days=7),
        },
    )
    first = submit(visit, photos=[("d" * 64, START)])
    # a resubmission of the same visit may reuse its photo: no flag
    again = submit(visit, photos=[("d" * 64, START)], replaces=first.id)
    assert visits.evidence(db.session, again)["duplicates"]["ok"] is True
    copy = submit(visit, photos=[("d" * 64, START)], assignment=other)
    dup = visits.evidence(db.session, copy)["duplicates"]
    assert dup["ok"] is False and {m["submission_id"] for m in dup["matches"]} == {
        first.id,
        again.id,
    }


def test_clock_skew(visit):
    ok = submit(visit, skew=-42.0)
    assert visits.evidence(db.session, ok)["clock_skew"]["ok"] is True
    bad = submit(visit, skew=3600.0, replaces=ok.id)
    assert visits.evidence(db.session, bad)["clock_skew"]["ok"] is False


def test_approve_records_reviewer_and_audit(visit):
    hr = make_user(role="hr")
    sub = submit(visit)
    visits.review(db.session, hr, sub, {"decision": "approve"})
    assert sub.status == "approved" and sub.reviewer_id == hr.id and sub.reviewed_at
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "visit_approved"))
    assert event.object_id == sub.id and event.actor_id == hr.id
    with pytest.raises(DomainError) as info:
        visits.review(db.session, hr, sub, {"decision": "approve"})
    assert info.value.code == "already_decided"


def test_reject_needs_reason_and_reopens_the_visit(visit):
    hr = make_user(role="hr")
    sub = submit(visit)
    with pytest.raises(DomainError) as info:
        visits.review(db.session, hr, sub, {"decision": "reject", "reason": "  "})
    assert status_of(info.value) == 422
    visits.review(db.session, hr, sub, {"decision": "reject", "reason": "Photo is blurred"})
    assert sub.status == "rejected" and sub.review_reason == "Photo is blurred"
    assert visit["assignment"].status == "pending"
    assert visits.list_visits(db.session, visit["campaign"], "rejected")[0][1].id == sub.id
    resubmitted = submit(visit, replaces=sub.id)
    rows = visits.list_visits(db.session, visit["campaign"])
    assert rows[0][1].id == resubmitted.id and visits.visit_status(rows[0][1]) == "awaiting_review"
    with pytest.raises(DomainError) as info:
        visits.review(db.session, hr, sub, {"decision": "approve"})
    assert info.value.code == "superseded"


def test_correct_identified_employee(visit):
    hr = make_user(role="hr")
    staff = visit["team"]["staff"]
    sub = submit(visit, staff=staff[0].id)
    visits.review(
        db.session,
        hr,
        sub,
        {"decision": "correct", "staff_id": staff[1].id, "reason": "Badge misread"},
    )
    assert sub.subject_id == staff[1].id and sub.reported_staff_id == staff[0].id
    assert sub.status == "received"
    outsider = make_user(name="Outsider")
    with pytest.raises(DomainError) as info:
        visits.review(db.session, hr, sub, {"decision": "correct", "staff_id": outsider.id})
    assert info.value.details["fields"]["staff_id"] == "not_unit_staff"
    visits.review(db.session, hr, sub, {"decision": "correct", "staff_id": None})
    assert sub.subject_id is None
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "visit_staff_corrected"))


def test_late_submission_is_accepted_by_approval(visit):
    hr = make_user(role="hr")
    sub = submit(visit)
    sub.status, sub.is_late = "late", True
    visits.review(db.session, hr, sub, {"decision": "approve"})
    assert sub.status == "approved" and sub.late_accepted


def test_visit_status_filter(visit):
    assert [
        visits.visit_status(s) for _, s in visits.list_visits(db.session, visit["campaign"])
    ] == ["scheduled"]
    submit(visit)
    assert len(visits.list_visits(db.session, visit["campaign"], "awaiting_review")) == 1
    assert visits.list_visits(db.session, visit["campaign"], "scheduled") == []


def test_correction_moves_the_visit_follow_ups(visit):
    from server.models import ActionItem

    hr = make_user(role="hr")
    staff = visit["team"]["staff"]
    sub = submit(visit, staff=staff[0].id)
    item = ActionItem(
        campaign_id=sub.campaign_id,
        submission_id=sub.id,
        subject_id=staff[0].id,
        kind="critical_failure",
        title={"en": "x", "zh-CN": "x"},
        ack_due_at=START,
        response_due_at=START,
        plan_due_at=START,
        followup_due_at=START,
    )
    db.session.add(item)
    db.session.flush()
    visits.review(db.session, hr, sub, {"decision": "correct", "staff_id": staff[2].id})
    db.session.refresh(item)
    assert item.subject_id == staff[2].id
