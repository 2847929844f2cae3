"""The employee's response to a review (issue 15): acknowledge with a comment, write the
development plan; who may (employee own, manager of, HR reads; others 404); the PDF prints
both; the next cycle's review shows the last plan's goals with the change in their items."""

from __future__ import annotations

import io
from datetime import date

import pypdf
import pytest

from server.extensions import db
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
    manager = make_user(unit_id=unit.id, job_title="Team Lead / 组长")
    emp = make_user(unit_id=unit.id, manager_id=manager.id, job_title="Team Lead / 组长")
    stranger = make_user(unit_id=unit.id)
    hr = make_user(role="hr")
    c, fv = campaign_and_form(rating_form(), status="released", manager_visibility=True)
    add_submission(c, fv, emp.id, "supervisor", ratings(fv.definition, 3), rater_id=manager.id)
    add_submission(c, fv, emp.id, "self", ratings(fv.definition, 5), rater_id=emp.id)
    db.session.commit()
    return {"c": c, "fv": fv, "emp": emp, "manager": manager, "stranger": stranger, "hr": hr}


def base(s) -> str:
    return f"/api/v1/campaigns/{s['c'].id}/reviews/{s['emp'].id}"


GOAL = {
    "focus": "q1",
    "goal": "Greet every guest within 10 seconds",
    "actions": "Practise the greeting at the morning briefing",
    "due": "2027-06-30",
    "measure": "Others rate q1 at 4 or more",
}


@pytest.mark.parametrize(
    ("who", "ack", "plan"),
    [("emp", 200, 200), ("manager", 403, 200), ("hr", 403, 403), ("stranger", 404, 404)],
)
def test_who_may_acknowledge_and_plan(app, setup, who, ack, plan):
    api = login(app, setup[who])
    r = api.post(f"{base(setup)}/acknowledgement", json={"comment": "Thank you."})
    assert r.status_code == ack, r.get_json()
    r = api.post(f"{base(setup)}/plan", json={"goals": [GOAL]})
    assert r.status_code == plan, r.get_json()


def test_nothing_before_release(app, setup):
    setup["c"].status = "closed"
    db.session.commit()
    api = login(app, setup["emp"])
    assert api.post(f"{base(setup)}/acknowledgement", json={}).status_code == 404


def test_acknowledgement_is_in_the_review_hr_list_and_pdf(app, setup):
    emp = login(app, setup["emp"])
    r = emp.post(f"{base(setup)}/acknowledgement", json={"comment": "谢谢，我会改进问候。"})
    assert r.status_code == 200 and r.get_json()["comment"] == "谢谢，我会改进问候。"
    review = login(app, setup["manager"]).get(base(setup)).get_json()
    assert review["acknowledgement"]["comment"] == "谢谢，我会改进问候。"
    hr = login(app, setup["hr"])
    listed = hr.get(f"/api/v1/campaigns/{setup['c'].id}/acknowledgements").get_json()
    assert [a["employee_id"] for a in listed["acknowledgements"]] == [setup["emp"].id]
    pdf = hr.get(f"{base(setup)}.pdf")
    text = pdf_text(pdf.data)
    assert "谢谢，我会改进问候。" in text


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_plan_rules(app, setup):
    api = login(app, setup["emp"])
    bad = api.post(f"{base(setup)}/plan", json={"goals": [{**GOAL, "focus": "nope"}]})
    assert bad.status_code == 422
    assert api.post(f"{base(setup)}/plan", json={"goals": [GOAL] * 4}).status_code == 422
    assert api.post(f"{base(setup)}/plan", json={"goals": []}).status_code == 422
    no_due = {k: v for k, v in GOAL.items() if k != "due"}
    assert api.post(f"{base(setup)}/plan", json={"goals": [no_due]}).status_code == 422
    ok = api.post(f"{base(setup)}/plan", json={"goals": [GOAL]})
    assert ok.status_code == 200
    goal = ok.get_json()["goals"][0]
    assert goal["due"] == "2027-06-30" and goal["baseline"] == pytest.approx(50.0)


def test_plan_in_pdf_replaces_blank_page_and_shows_due_date(app, setup):
    setup["c"].locale = "zh-CN"
    db.session.commit()
    login(app, setup["manager"]).post(f"{base(setup)}/plan", json={"goals": [GOAL]})
    hr = login(app, setup["hr"])
    text = pdf_text(hr.get(f"{base(setup)}.pdf").data)
    assert "Greet every guest within 10 seconds" in text
    assert "2027年6月30日" in text
    assert "签名" not in text  # no blank paper page with signature lines
    assert "组长" in text and "Team Lead" not in text


def test_next_cycle_shows_last_plans_goals_and_change(app, setup):
    login(app, setup["emp"]).post(f"{base(setup)}/plan", json={"goals": [GOAL]})
    fv = setup["fv"]
    emp, manager = setup["emp"], setup["manager"]
    from tests.factories import make_campaign

    c2 = make_campaign(form=fv, status="released", period_end=date(2026, 12, 31))
    add_submission(c2, fv, emp.id, "supervisor", ratings(fv.definition, 4), rater_id=manager.id)
    add_submission(c2, fv, emp.id, "self", ratings(fv.definition, 5), rater_id=emp.id)
    db.session.commit()
    review = login(app, emp).get(f"/api/v1/campaigns/{c2.id}/reviews/{emp.id}").get_json()
    (goal,) = review["previous_plan"]
    assert goal["goal"] == GOAL["goal"]
    assert goal["baseline"] == pytest.approx(50.0) and goal["now"] == pytest.approx(75.0)
    assert goal["change"] == pytest.approx(25.0)
