"""The supervisor's daily observation (issue 18 §2): many per day per supervisor per
employee, each its own submission (a replay of the same id is stored once), the assignment
stays listed, `replaces` does not apply, every observation feeds the indicators, and the
form says in both languages that observations are not anonymous."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from server.extensions import db
from server.models import Assignment, Campaign, Submission
from server.services.forms.forms import load_competencies, load_form_file
from server.services.scorecard.report import period_cards
from tests.api_client import ApiClient
from tests.factories import latest_version, make_assignment, make_campaign, sync_forms
from tests.test_forms_sync import FORMS_DIR
from tests.test_scorecard_gather import DEFS, TZ
from tests.worlds import store_with_staff


@pytest.fixture
def rounds(app):
    sync_forms()
    world = store_with_staff()
    version = latest_version("supervisor-observation")
    campaign = make_campaign("360", form={"supervisor": version})
    world["version"] = version
    world["assignments"] = [
        make_assignment(campaign, world["manager"], version, "supervisor", subject_id=s.id)
        for s in world["staff"]
    ]
    api = ApiClient(app.test_client())
    assert api.login(world["manager"].email).status_code == 200
    world["api"] = api
    return world


def observation(world, assignment, greeted: bool, **kw):
    now = datetime.now(UTC).isoformat()
    return {
        "id": str(uuid.uuid4()),
        "assignment_id": assignment.id,
        "form_version_id": world["version"].id,
        "answers": {
            "greeted_proactively": greeted,
            "discovered_needs": True,
            "polite_language": True,
            "offered_help": False,
        },
        "na": [],
        "started_at": now,
        "completed_at": now,
        "device_time": now,
        **kw,
    }


def send(world, *items):
    resp = world["api"].post("/api/v1/sync", json={"submissions": list(items)})
    assert resp.status_code == 200, resp.get_json()
    return [r["status"] for r in resp.get_json()["results"]]


def test_the_form_is_repeatable_and_says_supervisors_are_not_anonymous():
    catalogue = load_competencies(FORMS_DIR / "competencies.yaml")
    form = load_form_file(FORMS_DIR / "supervisor-observation.yaml", catalogue)
    assert form["repeatable"] is True
    assert "not anonymous" in form["description"]["en"]
    assert "不匿名" in form["description"]["zh-CN"]
    assert "repeatable" not in load_form_file(FORMS_DIR / "customer-satisfaction.yaml", catalogue)


def test_many_observations_a_day_each_stored_once(rounds):
    first, second = rounds["assignments"]
    a, b, c = (observation(rounds, first, True), observation(rounds, first, False),
               observation(rounds, second, True))  # fmt: skip
    assert send(rounds, a, b) == ["created", "created"]
    assert send(rounds, a, c) == ["duplicate", "created"]  # a replay is stored once
    stored = db.session.scalar(
        select(func.count()).select_from(Submission).where(Submission.assignment_id == first.id)
    )
    assert stored == 2
    db.session.expire_all()
    assert {a.status for a in db.session.scalars(select(Assignment))} == {"pending"}
    listed = rounds["api"].get("/api/v1/me/assignments").get_json()["assignments"]
    assert {x["id"]: x["repeatable"] for x in listed} == {first.id: True, second.id: True}


def test_replaces_does_not_apply(rounds):
    first = rounds["assignments"][0]
    stored = observation(rounds, first, True)
    send(rounds, stored)
    again = observation(rounds, first, False, replaces=stored["id"])
    resp = rounds["api"].post("/api/v1/sync", json={"submissions": [again]}).get_json()
    result = resp["results"][0]
    assert result["status"] == "invalid"
    assert result["error"]["details"]["fields"] == {"replaces": "not_applicable"}


def test_every_observation_feeds_the_indicators(rounds):
    first = rounds["assignments"][0]
    send(rounds, *[observation(rounds, first, greeted=i < 4) for i in range(5)])
    today = datetime.now(UTC)
    cards = period_cards(db.session, DEFS, "month", today.date(), by="subject", tz=TZ, now=today)
    greeting = cards[first.subject_id].card.indicators["greeting_rate"]
    assert greeting.n == 5
    assert greeting.value == pytest.approx(80.0)


def test_a_closed_campaign_lists_no_observation_rounds(rounds):
    campaign = db.session.get(Assignment, rounds["assignments"][0].id).campaign_id
    db.session.get(Campaign, campaign).status = "closed"
    db.session.commit()
    listed = rounds["api"].get("/api/v1/me/assignments").get_json()["assignments"]
    assert listed == []
