"""The job board's scene (issue 16 §1): an open mystery-shop campaign, stores with positions,
shoppers, HR, and jobs published on the board. Works on SQLite (`app`) and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from server.extensions import db
from server.models import Assignment, Campaign, OrgUnit, User
from server.services.jobs import publishing
from tests.factories import make_campaign, make_unit, make_user

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
#: Shanghai People's Square and two stores around it.
HOME = (31.2304, 121.4737)


def store(name: str, lat: float | None, lon: float | None, **kw: Any) -> OrgUnit:
    return make_unit(
        name={"en": name, "zh-CN": name + "店"}, latitude=lat, longitude=lon, kind="store", **kw
    )


def job(
    campaign: Campaign, hr: User, unit: OrgUnit, start: datetime = T0 + 3 * DAY, **kw: Any
) -> Assignment:
    data = {
        "unit_id": unit.id,
        "window_start": start,
        "window_end": start + 2 * DAY,
        "scenario": {"en": "Buy a coffee", "zh-CN": "买一杯咖啡"},
        "fee_minor": 8000,
        "expense_cap_minor": 3000,
        **kw,
    }
    row = publishing.publish(db.session, hr, campaign, data)
    db.session.commit()
    return row


def world(**settings: Any) -> dict[str, Any]:
    hr = make_user(role="hr")
    campaign = make_campaign("mystery_shop", status="open")
    if settings:
        publishing.update_settings(db.session, campaign, settings)
        db.session.commit()
    near = store("Near", 31.2310, 121.4740)
    far = store("Far", 31.30, 121.60)
    return {
        "hr": hr,
        "campaign": campaign,
        "near": near,
        "far": far,
        "shoppers": [make_user(role="shopper"), make_user(role="shopper")],
    }


def matrix_jobs(ids: dict[str, Any]) -> None:
    """The access matrix's job board objects (tests/test_access_matrix.py): S1's job (own),
    S2's job (foreign), a conflict and S1's and S2's pending applications; their ids go into
    `ids`."""
    from server.models import JobApplication, JobConflict, JobOffer

    start = datetime(2030, 6, 1, 9, 0, tzinfo=UTC)
    for key, shopper in (("offer_s1", "S1"), ("offer_s2", "S2")):
        visit = Assignment(
            campaign_id=ids["cms"],
            relationship="mystery_shopper",
            rater_id=ids[shopper],
            unit_id=ids["u1"],
            form_version_id=ids["vms"],
            visit_window_start=start,
            visit_window_end=start + DAY,
        )
        db.session.add(visit)
        db.session.flush()
        db.session.add(JobOffer(assignment_id=visit.id))
        ids[key] = visit.id
    conflict = JobConflict(shopper_id=ids["S1"], unit_id=ids["u2"])
    application = JobApplication(assignment_id=ids["offer_s2"], shopper_id=ids["S1"])
    foreign = JobApplication(assignment_id=ids["offer_s1"], shopper_id=ids["S2"])
    db.session.add_all([conflict, application, foreign])
    db.session.flush()
    ids["job_conflict"], ids["job_application"] = conflict.id, application.id
    ids["job_application_s2"] = foreign.id
