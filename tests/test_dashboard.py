"""The HR dashboard (issue 15, server.services.dashboard and GET /campaigns/{id}/dashboard):
units ranked, score distribution, competency heat map, completion, trend over cycles, and
the anonymity rule: a unit with fewer employees with an index than the threshold shows
"too few responses" and its answers never change any visible figure."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import update

from server.extensions import db
from server.models import Submission
from server.services.dashboard import dashboard
from tests.factories import (
    add_submission,
    campaign_and_form,
    make_campaign,
    make_unit,
    make_user,
    rating_form,
)

ANSWERS = {"q1": 5, "q2": 4, "q3": 3}  # 1-5: comp_a (q1) 100, comp_b (q2 75, q3 50) 62.5


def _world(sizes: tuple[int, ...] = (3, 2)) -> dict[str, Any]:
    """A released 360 on a rating form; per unit `sizes[i]` employees, each rated by one
    supervisor (threshold 1), so each employee's index is that supervisor's form score."""
    campaign, fv = campaign_and_form(rating_form(), status="released")
    boss = make_user(name="Boss")
    units = []
    for i, size in enumerate(sizes):
        unit = make_unit(path=f"Co/U{i}", name={"en": f"U{i}", "zh-CN": f"单元{i}"})
        staff = [make_user(name=f"E{i}-{j}", unit_id=unit.id) for j in range(size)]
        units.append({"unit": unit, "staff": staff})
    for u in units:
        for e in u["staff"]:
            add_submission(campaign, fv, e.id, "supervisor", ANSWERS, rater_id=boss.id)
    db.session.commit()
    return {"campaign": campaign, "fv": fv, "units": units, "boss": boss}


def _drop(subject_ids: list[int]) -> None:
    """Take the subjects' submissions out of every figure (rejected: never counted)."""
    db.session.execute(
        update(Submission).where(Submission.subject_id.in_(subject_ids)).values(status="rejected")
    )


def _rows(d: dict[str, Any], key: str) -> dict[str, dict[str, Any]]:
    return {r["unit"]["path"]: r for r in d[key]}


def test_units_ranked_distribution_heatmap(app: Any) -> None:
    w = _world((3, 4, 2))
    low = w["units"][1]["staff"][0]  # one lower score in U1: U1's mean drops below U0's
    _drop([low.id])
    add_submission(w["campaign"], w["fv"], low.id, "supervisor", {"q1": 1, "q2": 1, "q3": 1})
    db.session.commit()
    d = dashboard.build_dashboard(db.session, w["campaign"].id)
    assert d["threshold"] == 3
    units = d["units"]
    assert [u["unit"]["path"] for u in units] == ["Co/U0", "Co/U1", "Co/U2"]
    assert [u["rank"] for u in units] == [1, 2, None]
    assert units[0]["index"] == units[0]["index"] and units[0]["n"] == 3
    assert units[2] == {**units[2], "shown": False, "n": None, "index": None}
    assert sum(b["count"] for b in d["distribution"]) == 7  # U2's two employees left out
    assert [b["count"] for b in d["distribution"] if b["low"] == 0] == [1]
    heat = _rows(d, "heatmap")
    assert heat["Co/U0"]["scores"] == {"comp_a": 100.0, "comp_b": 62.5}
    assert heat["Co/U2"] == {**heat["Co/U2"], "shown": False}
    assert set(heat["Co/U2"]["scores"].values()) == {None}
    assert [c["key"] for c in d["competencies"]] == ["comp_a", "comp_b"]


def test_trend_over_cycles_of_the_same_kind(app: Any) -> None:
    w = _world((3,))
    earlier = make_campaign(form=w["fv"], status="released", period_end=date(2025, 12, 31))
    for e in w["units"][0]["staff"]:
        add_submission(earlier, w["fv"], e.id, "supervisor", {"q1": 1, "q2": 1, "q3": 1})
    make_campaign(form=w["fv"], status="draft", period_end=date(2025, 6, 30))  # no drafts
    db.session.commit()
    trend = dashboard.build_dashboard(db.session, w["campaign"].id)["trend"]
    assert [t["campaign"]["id"] for t in trend] == [earlier.id, w["campaign"].id]
    assert [t["index"] for t in trend][0] == 0.0 and trend[1]["n"] == 3


def test_hidden_unit_answers_change_no_visible_figure(app: Any) -> None:
    w = _world((3, 2))
    baseline = dashboard.build_dashboard(db.session, w["campaign"].id)
    hidden = w["units"][1]["staff"]

    @settings(max_examples=25, deadline=None)
    @given(st.lists(st.tuples(*[st.integers(1, 5)] * 3), min_size=2, max_size=2))
    def check(answers: list[tuple[int, int, int]]) -> None:
        _drop([e.id for e in hidden])
        for e, (a, b, c) in zip(hidden, answers, strict=True):
            values = {"q1": a, "q2": b, "q3": c}
            add_submission(w["campaign"], w["fv"], e.id, "supervisor", values)
        db.session.commit()
        assert dashboard.build_dashboard(db.session, w["campaign"].id) == baseline

    check()


def test_api_hr_only_closed_schema(app: Any, hr_client: Any, employee_client: Any) -> None:
    w = _world((3, 2))
    url = f"/api/v1/campaigns/{w['campaign'].id}/dashboard"
    resp = hr_client.get(url)
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert set(body) == {
        "campaign",
        "threshold",
        "units",
        "distribution",
        "competencies",
        "heatmap",
        "completion",
        "trend",
    }
    assert [u["shown"] for u in body["units"]] == [True, False]
    assert employee_client.get(url).status_code in (403, 404)
    assert hr_client.get("/api/v1/campaigns/999999/dashboard").status_code == 404


def test_dashboard_on_postgresql(pg_app: Any) -> None:
    w = _world((3, 2))
    d = dashboard.build_dashboard(db.session, w["campaign"].id)
    assert [u["shown"] for u in d["units"]] == [True, False]
    assert sum(b["count"] for b in d["distribution"]) == 3
