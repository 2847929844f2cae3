"""Review endpoints: access matrix (SPEC §9), 404 for someone else's review, audit."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from server.extensions import db
from server.models import AuditEvent
from tests.api_client import signed_in as login
from tests.factories import (
    add_submission,
    campaign_and_form,
    make_unit,
    make_user,
    rating_form,
    ratings,
)


@pytest.fixture
def setup(app):
    unit = make_unit()
    manager = make_user(unit_id=unit.id)
    emp = make_user(unit_id=unit.id, manager_id=manager.id)
    stranger = make_user(unit_id=unit.id)
    c, fv = campaign_and_form(rating_form(), status="closed", manager_visibility=True)
    add_submission(c, fv, emp.id, "supervisor", ratings(fv.definition, 4), rater_id=manager.id)
    add_submission(c, fv, emp.id, "self", ratings(fv.definition, 5), rater_id=emp.id)
    db.session.commit()
    return {"campaign": c, "emp": emp, "manager": manager, "stranger": stranger, "unit": unit}


def url(s) -> str:
    return f"/api/v1/campaigns/{s['campaign'].id}/reviews/{s['emp'].id}"


def release(s, **changes) -> None:
    s["campaign"].status = "released"
    for key, value in changes.items():
        setattr(s["campaign"], key, value)
    db.session.commit()


@pytest.mark.parametrize(
    ("who", "released", "expected"),
    [
        ("hr", False, 200),
        ("hr", True, 200),
        ("admin", False, 200),
        ("emp", False, 404),
        ("emp", True, 200),
        ("manager", False, 404),
        ("manager", True, 200),
        ("stranger", True, 404),
        ("shopper", True, 404),
    ],
)
def test_review_access_matrix(app, setup, who, released, expected) -> None:
    if released:
        release(setup)
    if who in ("hr", "admin", "shopper"):
        user = make_user(role=who)
    else:
        user = setup[who]
    resp = login(app, user).get(url(setup))
    assert resp.status_code == expected, resp.get_json()
    if expected == 200:
        body = resp.get_json()
        assert body["employee"]["id"] == setup["emp"].id
        assert [r["key"] for r in body["rows"]][:2] == ["self", "supervisor"]
    else:
        assert resp.get_json()["error"]["code"] == "not_found"


def test_manager_needs_campaign_permission(app, setup) -> None:
    release(setup, manager_visibility=False)
    assert login(app, setup["manager"]).get(url(setup)).status_code == 404


def test_review_requires_login(client, setup) -> None:
    assert client.get(url(setup)).status_code == 401


def test_unknown_campaign_employee_or_non_subject_is_404(app, setup) -> None:
    api = login(app, make_user(role="hr"))
    c = setup["campaign"].id
    assert api.get(f"/api/v1/campaigns/999999/reviews/{setup['emp'].id}").status_code == 404
    assert api.get(f"/api/v1/campaigns/{c}/reviews/999999").status_code == 404
    assert api.get(f"/api/v1/campaigns/{c}/reviews/{setup['stranger'].id}").status_code == 404


def test_hr_read_is_audited(app, setup) -> None:
    hr = make_user(role="hr")
    assert login(app, hr).get(url(setup)).status_code == 200
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "review.read"))
    assert [(e.actor_id, e.object_id) for e in events] == [(hr.id, str(setup["emp"].id))]


def test_me_reviews_lists_released_only(app, setup) -> None:
    api = login(app, setup["emp"])
    assert api.get("/api/v1/me/reviews").get_json() == {"reviews": []}
    release(setup)
    body = api.get("/api/v1/me/reviews").get_json()
    assert [r["campaign"]["id"] for r in body["reviews"]] == [setup["campaign"].id]
    assert body["reviews"][0]["overall_index"] == pytest.approx(75.0)
    assert login(app, setup["stranger"]).get("/api/v1/me/reviews").get_json() == {"reviews": []}


def test_me_reviews_requires_login(client) -> None:
    assert client.get("/api/v1/me/reviews").status_code == 401


@pytest.mark.parametrize(
    ("role", "expected"), [("hr", 200), ("admin", 200), ("employee", 403), ("shopper", 403)]
)
def test_unit_summary_access(app, setup, role, expected) -> None:
    api = login(app, make_user(role=role))
    resp = api.get(f"/api/v1/campaigns/{setup['campaign'].id}/units/{setup['unit'].id}/summary")
    assert resp.status_code == expected
    if expected == 200:
        body = resp.get_json()
        assert [e["id"] for e in body["employees"]] == [setup["emp"].id]
        assert body["employees"][0]["rank"] == {"rank": 1, "of": 1, "percentile": None}


def test_unit_summary_unknown_ids_404(app, setup) -> None:
    api = login(app, make_user(role="hr"))
    c = setup["campaign"].id
    assert api.get(f"/api/v1/campaigns/{c}/units/999999/summary").status_code == 404
    assert api.get(f"/api/v1/campaigns/999999/units/{setup['unit'].id}/summary").status_code == 404
