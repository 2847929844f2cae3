"""The one visit rule (`visits.new_visit`): HR's visit (`visits.create_visit`, for a shopper)
and the job board's visit (`jobs.publishing.publish`, no shopper yet) are made by it, so they
accept and refuse the same plans and store the same visit; each records only its own audit
event, and a job's refusal still speaks of the job."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from server.domain_errors import Conflict, Invalid
from server.extensions import db
from server.models import AuditEvent
from server.services.jobs import publishing
from server.services.visits import visits
from tests.factories import make_campaign
from tests.jobs_world import DAY, T0, world

FIELDS = (
    "campaign_id",
    "relationship",
    "unit_id",
    "subject_id",
    "status",
    "form_version_id",
    "visit_window_start",
    "visit_window_end",
    "due_at",
    "scenario",
)


def _outcome(make: Any) -> tuple[str, Any]:
    try:
        visit = make()
    except Invalid as err:
        db.session.rollback()
        return err.message, err.details
    db.session.commit()
    return "made", {field: getattr(visit, field) for field in FIELDS}


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    start=st.integers(min_value=0, max_value=5),
    days=st.integers(min_value=-2, max_value=3),
    known_unit=st.booleans(),
    scenario=st.none() | st.just({"en": "Buy a coffee", "zh-CN": "买一杯咖啡"}),
)
def test_a_job_and_an_hr_visit_follow_the_one_visit_rule(
    app: Any, start: int, days: int, known_unit: bool, scenario: Any
) -> None:
    w = world()
    plan = {
        "unit_id": w["near"].id if known_unit else 10**6,
        "window_start": T0 + start * DAY,
        "window_end": T0 + (start + days) * DAY,
        "scenario": scenario,
    }
    terms = {"fee_minor": 100, "expense_cap_minor": 0}
    shopper = w["shoppers"][0]
    hr_visit = _outcome(
        lambda: visits.create_visit(
            db.session, w["hr"], w["campaign"], {**plan, "shopper_id": shopper.id}
        )
    )
    job = _outcome(lambda: publishing.publish(db.session, w["hr"], w["campaign"], plan | terms))
    if hr_visit[0] == "made":
        assert job == hr_visit
    else:
        assert (hr_visit[0], job[0]) == ("The visit is invalid.", "The job is invalid.")
        assert job[1] == hr_visit[1]
        assert "shopper_id" not in job[1]["fields"]


def test_each_way_records_its_own_audit_event(app: Any) -> None:
    w = world()
    plan = {"unit_id": w["near"].id, "window_start": T0, "window_end": T0 + DAY}
    visit = visits.create_visit(
        db.session, w["hr"], w["campaign"], {**plan, "shopper_id": w["shoppers"][0].id}
    )
    job = publishing.publish(
        db.session, w["hr"], w["campaign"], {**plan, "fee_minor": 1, "expense_cap_minor": 0}
    )
    db.session.commit()
    events = db.session.execute(
        select(AuditEvent.action, AuditEvent.object_id).where(
            AuditEvent.object_type == "Assignment",
            AuditEvent.object_id.in_([str(visit.id), str(job.id)]),
        )
    ).all()
    assert sorted(events) == sorted(
        [("visit_created", str(visit.id)), ("job_published", str(job.id))]
    )
    assert job.rater_id is None and visit.rater_id == w["shoppers"][0].id


def test_a_job_names_no_shopper_even_when_the_data_does(app: Any) -> None:
    w = world()
    data = {
        "unit_id": w["near"].id,
        "window_start": T0,
        "window_end": T0 + DAY,
        "shopper_id": w["shoppers"][0].id,
        "fee_minor": 1,
        "expense_cap_minor": 0,
    }
    assert publishing.publish(db.session, w["hr"], w["campaign"], data).rater_id is None


@pytest.mark.parametrize("kind_status", [("360", "open"), ("mystery_shop", "closed")])
def test_both_ways_refuse_a_campaign_that_plans_no_visits(app: Any, kind_status: Any) -> None:
    w = world()
    campaign = make_campaign(kind_status[0])
    campaign.status = kind_status[1]
    db.session.commit()
    plan = {"unit_id": w["near"].id, "window_start": T0, "window_end": T0 + DAY}
    codes = []
    for make in (
        lambda: visits.create_visit(
            db.session, w["hr"], campaign, {**plan, "shopper_id": w["shoppers"][0].id}
        ),
        lambda: publishing.publish(
            db.session, w["hr"], campaign, {**plan, "fee_minor": 1, "expense_cap_minor": 0}
        ),
    ):
        with pytest.raises(Conflict) as err:
            make()
        codes.append(err.value.code)
        db.session.rollback()
    assert codes[0] == codes[1]
