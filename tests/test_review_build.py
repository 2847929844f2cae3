"""build_review: rows, anonymity of every figure, comments, derived figures (SPEC §6)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from server.extensions import db
from server.services.reviews import review
from tests.factories import (
    add_submission,
    campaign_and_form,
    make_unit,
    make_user,
    q_rating,
    q_text,
    ratings,
)
from tests.factories import definition as make_def
from tests.factories import section as sec


def form360() -> dict[str, Any]:
    return make_def(
        [
            sec("s1", [q_rating("q1"), q_rating("q2", allow_na=True)], competency="comp_a"),
            sec("s2", [q_rating("q3")], competency="comp_b"),
            sec("s3", [q_text("remarks", comment=True)], weight=0),
        ],
        key="service-360-t",
    )


def add(c, fv, subject, rel, value, na=None, **extra):
    d = fv.definition
    answers = ratings(d, value, **extra)
    for q in na or []:
        answers.pop(q, None)
    return add_submission(c, fv, subject.id, rel, answers, na=na, rater_id=make_user().id)


def rows(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["key"]: r for r in data["rows"]}


@pytest.fixture
def worked(app):
    """Manager 3.0 (n 1), direct reports 4.0 (n 3), peers n 2 (rating 1, distinctive)."""
    emp = make_user(unit_id=make_unit().id)
    c, fv = campaign_and_form(form360())
    add(c, fv, emp, "supervisor", 3)
    for _ in range(3):
        add(c, fv, emp, "subordinate", 4, remarks="report says hi")
    for _ in range(2):
        add(c, fv, emp, "peer", 1, remarks="PEER-SECRET")
    add(c, fv, emp, "self", 5)
    db.session.commit()
    return c, emp


def test_back_calculation_worked_example_in_review(worked) -> None:
    c, emp = worked
    data = review.build_review(db.session, c.id, emp.id)
    r = rows(data)
    assert [x["key"] for x in data["rows"]] == [
        "self",
        "supervisor",
        "peer",
        "subordinate",
        "colleagues",
        "others",
        "customer",
        "mystery_shopper",
    ]
    assert not r["peer"]["visible"] and r["peer"]["hidden_reason"] == {"code": "fewer_than", "k": 3}
    assert not r["subordinate"]["visible"]
    assert r["subordinate"]["hidden_reason"] == {"code": "back_calculation"}
    assert r["colleagues"]["visible"] and r["colleagues"]["n"] == 5
    assert r["others"]["visible"] and r["others"]["n"] == 6
    assert r["colleagues"]["form_score"] == pytest.approx((3 * 75 + 2 * 0) / 5)
    assert r["others"]["form_score"] == pytest.approx((50 + 3 * 75) / 6)
    assert r["customer"]["hidden_reason"] == {"code": "no_responses"}
    # Hidden rows give no number, not even their size (colleagues n 5 - reports n 3 = peers).
    assert r["peer"]["n"] is None and r["subordinate"]["n"] is None
    assert r["customer"]["n"] == 0
    item = data["items"][0]
    assert set(item["rows"]) == {"self", "supervisor", "colleagues", "others"}
    assert item["rows"]["colleagues"]["mean"] == pytest.approx((3 * 4 + 2 * 1) / 5)


def test_employee_json_reveals_no_hidden_group_value(worked) -> None:
    c, emp = worked
    data = review.build_review(db.session, c.id, emp.id)
    assert json.dumps(data, ensure_ascii=False).count("PEER-SECRET") == 2
    # The hidden groups' own figures: peers rated 1 (native 1.0, 0 on 0-100) and
    # reports rated 4 (75); none may appear as a row/item/competency value.
    comments = data["comments"]
    assert set(comments) == {"colleagues"}
    assert (
        sorted(x["text"] for x in comments["colleagues"])
        == ["PEER-SECRET"] * 2 + ["report says hi"] * 3
    )
    for row in data["rows"]:
        if row["key"] in ("peer", "subordinate"):
            assert row["form_score"] is None and row["competencies"] == {}
    for item in data["items"]:
        assert not {"peer", "subordinate"} & set(item["rows"])
        for fig in item["rows"].values():
            assert fig["mean"] not in (1.0, 4.0) or fig["n"] == 1
    # Hidden-only figures: peers' native 1 / 0 points, reports' native 4 / 75 points.
    # No mean, score or gap anywhere in the employee JSON may equal one of them.
    hidden_values = (0.0, 75.0, 1.0, 4.0)
    means = [f[k] for i in data["items"] for f in i["rows"].values() for k in ("mean", "mean_100")]
    means += [r["form_score"] for r in data["rows"] if r["form_score"] is not None]
    means += [c["score"] for r in data["rows"] for c in r["competencies"].values()]
    means += [x["mean_100"] for x in data["top_items"] + data["bottom_items"]]
    means += [
        g[k]
        for g in data["gaps"]["items"] + data["gaps"]["competencies"]
        for k in ("others",)
        if g[k] is not None
    ]
    assert means and not [m for m in means if any(abs(m - h) < 1e-9 for h in hidden_values)]


def test_peer_hidden_while_reports_shown_alone_is_blocked(app) -> None:
    emp = make_user()
    c, fv = campaign_and_form(form360())
    add(c, fv, emp, "peer", 2)
    for _ in range(4):
        add(c, fv, emp, "subordinate", 5)
    data = review.build_review(db.session, c.id, emp.id)
    r = rows(data)
    assert not r["peer"]["visible"] and not r["subordinate"]["visible"]
    assert r["colleagues"]["visible"]


def test_customer_hidden_below_threshold(app) -> None:
    emp = make_user()
    c, fv = campaign_and_form(form360(), groups=("customer",))
    for _ in range(2):
        add(c, fv, emp, "customer", 5, remarks="CUST")
    data = review.build_review(db.session, c.id, emp.id)
    assert not data["customer"]["visible"] and data["customer"]["form_score"] is None
    assert data["customer"]["n"] is None and rows(data)["customer"]["n"] is None
    assert "CUST" not in json.dumps(data)
    assert data["overall_index"] is None


def test_per_item_threshold_after_na(app) -> None:
    """Peers n3, reports n3, one peer N/A on q2: q2 hides peers and reports, pools shown."""
    emp = make_user()
    c, fv = campaign_and_form(form360())
    add(c, fv, emp, "peer", 4, na=["q2"])
    add(c, fv, emp, "peer", 4)
    add(c, fv, emp, "peer", 4)
    for _ in range(3):
        add(c, fv, emp, "subordinate", 2)
    data = review.build_review(db.session, c.id, emp.id)
    items = {i["id"]: i for i in data["items"]}
    assert set(items["q1"]["rows"]) == {"peer", "subordinate", "colleagues", "others"}
    assert set(items["q2"]["rows"]) == {"colleagues", "others"}
    assert items["q2"]["rows"]["colleagues"]["n"] == 5


def test_comment_order_not_stable_across_builds(app) -> None:
    emp = make_user()
    c, fv = campaign_and_form(form360())
    for k in range(8):
        add(c, fv, emp, "peer", 4, remarks=f"comment {k}")
    orders = {
        tuple(x["text"] for x in review.build_review(db.session, c.id, emp.id)["comments"]["peer"])
        for _ in range(6)
    }
    assert len(orders) > 1
    entry = review.build_review(db.session, c.id, emp.id)["comments"]["peer"][0]
    assert set(entry) == {"question_id", "question_label", "text"}


def test_item_figures_distribution_rwg_and_disagree(app) -> None:
    emp = make_user()
    c, fv = campaign_and_form(form360())
    for v in (4, 4, 5):
        add(c, fv, emp, "peer", v)
    for v in (1, 5, 3):
        add(c, fv, emp, "subordinate", v)
    items = {i["id"]: i for i in review.build_review(db.session, c.id, emp.id)["items"]}
    peer = items["q1"]["rows"]["peer"]
    assert peer["distribution"] == {"1": 0, "2": 0, "3": 0, "4": 2, "5": 1}
    assert peer["r_wg"] == pytest.approx(0.8333, abs=1e-4) and not peer["disagree"]
    sub = items["q1"]["rows"]["subordinate"]
    assert sub["r_wg"] == 0.0 and sub["disagree"]
    assert peer["mean"] == pytest.approx(13 / 3)
    assert peer["mean_100"] == pytest.approx(100 * (0.75 + 0.75 + 1) / 3)


def test_overall_index_renormalised_over_present_rows(app) -> None:
    emp = make_user()
    c, fv = campaign_and_form(
        form360(),
        group_weights={
            "supervisor": 30,
            "colleagues": 30,
            "customer": 20,
            "mystery_shopper": 20,
            "self": 0,
        },
    )
    add(c, fv, emp, "supervisor", 5)  # 100
    for _ in range(3):
        add(c, fv, emp, "peer", 3)  # 50
    add(c, fv, emp, "self", 1)  # weight 0
    data = review.build_review(db.session, c.id, emp.id)
    assert data["overall_index"] == pytest.approx(75.0)
    assert data["index_rows"] == ["supervisor", "colleagues"]


def test_gaps_blind_spot_and_hidden_strength(app) -> None:
    emp = make_user()
    c, fv = campaign_and_form(form360(), gap_threshold=15.0)
    add(c, fv, emp, "self", 5, q3=1)
    add(c, fv, emp, "supervisor", 3, q3=3)
    data = review.build_review(db.session, c.id, emp.id)
    comps = {g["key"]: g for g in data["gaps"]["competencies"]}
    assert comps["comp_a"]["gap"] == 50.0 and comps["comp_a"]["flag"] == "blind_spot"
    assert comps["comp_b"]["gap"] == -50.0 and comps["comp_b"]["flag"] == "hidden_strength"
    c2, fv2 = campaign_and_form(form360(), gap_threshold=60.0)
    add(c2, fv2, emp, "self", 5)
    add(c2, fv2, emp, "supervisor", 3)
    data = review.build_review(db.session, c2.id, emp.id)
    assert {g["flag"] for g in data["gaps"]["items"]} == {None}


def test_top_and_bottom_five_with_id_tie_break(app) -> None:
    emp = make_user()
    d = make_def([sec("s", [q_rating(f"i{k}") for k in range(7)], competency="x")], key="seven")
    c, fv = campaign_and_form(d)
    answers = {"i0": 5, "i1": 5, "i2": 4, "i3": 3, "i4": 3, "i5": 2, "i6": 1}
    add_submission(c, fv, emp.id, "supervisor", answers)
    data = review.build_review(db.session, c.id, emp.id)
    assert [x["id"] for x in data["top_items"]] == ["i0", "i1", "i2", "i3", "i4"]
    assert [x["id"] for x in data["bottom_items"]] == ["i6", "i5", "i3", "i4", "i2"]


def test_rank_ties_share_rank_and_percentile(app) -> None:
    unit = make_unit()
    people = [make_user(unit_id=unit.id) for _ in range(4)]
    c, fv = campaign_and_form(form360())
    for person, value in zip(people, (5, 4, 4, 2), strict=True):
        add(c, fv, person, "supervisor", value)
    ranks = [review.build_review(db.session, c.id, p.id)["rank"] for p in people]
    assert [r["rank"] for r in ranks] == [1, 2, 2, 4]
    assert [r["percentile"] for r in ranks] == [
        100.0,
        pytest.approx(100 / 3),
        pytest.approx(100 / 3),
        0.0,
    ]
    assert {r["of"] for r in ranks} == {4}


def test_rank_single_employee_has_no_percentile_and_can_be_disabled(app) -> None:
    emp = make_user(unit_id=make_unit().id)
    c, fv = campaign_and_form(form360())
    add(c, fv, emp, "supervisor", 4)
    assert review.build_review(db.session, c.id, emp.id)["rank"] == {
        "rank": 1,
        "of": 1,
        "percentile": None,
    }
    c2, fv2 = campaign_and_form(form360(), rank_enabled=False)
    add(c2, fv2, emp, "supervisor", 4)
    assert review.build_review(db.session, c2.id, emp.id)["rank"] is None


def test_hidden_rows_not_in_index_or_rank(app) -> None:
    unit = make_unit()
    a, b = make_user(unit_id=unit.id), make_user(unit_id=unit.id)
    c, fv = campaign_and_form(form360())
    add(c, fv, a, "supervisor", 3)
    add(c, fv, a, "peer", 5)  # hidden (n 1 < 3): must not lift a's index
    add(c, fv, b, "supervisor", 3)
    ra = review.build_review(db.session, c.id, a.id)
    assert ra["overall_index"] == pytest.approx(50.0)
    assert ra["rank"]["rank"] == 1 and ra["rank"]["of"] == 2
    assert review.build_review(db.session, c.id, b.id)["rank"]["rank"] == 1


def test_trend_against_previous_campaign_same_form_key(app) -> None:
    emp = make_user()
    old, fv = campaign_and_form(form360(), period_end=date(2025, 12, 31))
    add(old, fv, emp, "supervisor", 3)
    other, fv_other = campaign_and_form(
        make_def([sec("z", [q_rating("q1")])], key="other-form"), period_end=date(2026, 3, 31)
    )
    add(other, fv_other, emp, "supervisor", 1)
    changed = make_def(
        [
            sec(
                "s1",
                [q_rating("q1"), q_rating("q2", scale={"min": 1, "max": 7})],
                competency="comp_a",
            ),
            sec("s2", [q_rating("q3"), q_rating("q_new")], competency="comp_b"),
        ],
        key="service-360-t",
    )
    new, fv_new = campaign_and_form(changed)
    add(new, fv_new, emp, "supervisor", 5)
    trend = review.build_review(db.session, new.id, emp.id)["trend"]
    assert trend["previous_campaign"]["id"] == old.id
    # new: s1 (100 + 400/6) / 2, s2 100 -> form (250/3 + 100) / 2; old 50
    new_form = (250 / 3 + 100) / 2
    assert trend["rows"]["supervisor"]["form_score_delta"] == pytest.approx(new_form - 50)
    assert trend["overall_index_delta"] == pytest.approx(new_form - 50)
    assert trend["items"]["q1"] == pytest.approx(50.0)
    assert trend["items"]["q2"] == "not_comparable"  # scale changed
    assert trend["items"]["q_new"] == "not_comparable"
    assert trend["rows"]["supervisor"]["competencies"]["comp_a"] == pytest.approx(250 / 3 - 50)


def test_trend_skips_unreleased_previous_for_employee(app) -> None:
    emp = make_user()
    old, fv = campaign_and_form(form360(), period_end=date(2025, 12, 31), status="closed")
    add(old, fv, emp, "supervisor", 3)
    new, fv2 = campaign_and_form(form360())
    add(new, fv2, emp, "supervisor", 5)
    assert review.build_review(db.session, new.id, emp.id)["trend"] is None
    hr = review.build_review(db.session, new.id, emp.id, audience="hr")
    assert hr["trend"]["previous_campaign"]["id"] == old.id


def customer_form() -> dict[str, Any]:
    return make_def(
        [
            sec(
                "exp",
                [
                    q_rating("overall_satisfaction"),
                    q_rating("recommend", scale={"min": 0, "max": 10}),
                ],
            ),
            sec("fb", [q_text("comment", comment=True)], weight=0),
        ],
        key="customer-t",
        relationships=["customer"],
    )


def test_customer_block_satisfaction_and_nps(app) -> None:
    emp = make_user()
    c, fv = campaign_and_form(customer_form(), kind="customer", groups=("customer",))
    for sat, rec in ((5, 10), (4, 9), (3, 7), (2, 3)):
        add_submission(
            c,
            fv,
            emp.id,
            "customer",
            {"overall_satisfaction": sat, "recommend": rec, "comment": f"c{sat}"},
        )
    data = review.build_review(db.session, c.id, emp.id)
    cust = data["customer"]
    assert cust["visible"] and cust["n"] == 4
    assert cust["satisfaction"] == {"mean": 3.5, "scale": {"min": 1, "max": 5}}
    assert cust["recommendation"]["mean"] == pytest.approx(29 / 4)
    assert cust["recommendation"]["nps"] == pytest.approx(100 * (2 - 1) / 4)
    assert sorted(x["text"] for x in data["comments"]["customer"]) == ["c2", "c3", "c4", "c5"]


@pytest.mark.parametrize("peers", [1, 2])
def test_adding_a_rater_to_a_hidden_group_never_reveals_it(app, peers: int) -> None:
    """Peers stay below 3: neither peers nor (by subtraction) anything peer-only shows."""
    emp = make_user()
    c, fv = campaign_and_form(form360())
    add(c, fv, emp, "supervisor", 3)
    for _ in range(3):
        add(c, fv, emp, "subordinate", 4)
    for _ in range(peers):
        add(c, fv, emp, "peer", 1, remarks="PEER")
    data = review.build_review(db.session, c.id, emp.id)
    r = rows(data)
    assert not r["peer"]["visible"] and not r["subordinate"]["visible"]
    shown = {k for k, v in r.items() if v["visible"]}
    # With subordinate hidden, colleagues and others never isolate the peers.
    assert not ({"colleagues", "subordinate"} <= shown)
    assert not ({"others", "supervisor", "subordinate"} <= shown)
    for item in data["items"]:
        assert "peer" not in item["rows"] and "subordinate" not in item["rows"]
    assert r["colleagues"]["visible"] and r["colleagues"]["n"] == 3 + peers  # pooled >= 3
