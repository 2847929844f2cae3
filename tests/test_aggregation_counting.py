"""Counted submissions (SPEC §6), roll-ups, and the same aggregation on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from server.extensions import db
from server.services.reviews import review
from server.services.scoring import aggregation
from server.services.scoring.anonymity import thresholds_for
from tests.factories import (
    add_submission,
    campaign_and_form,
    definition,
    make_unit,
    make_user,
    q_yes_no,
    rating_form,
    ratings,
    section,
)

T = thresholds_for(None)


def counted_ids(campaign_id: int, subject_id: int) -> set[str]:
    return {f.id for f in aggregation.effective_submissions(db.session, campaign_id, [subject_id])}


@pytest.mark.parametrize(
    ("rel", "status", "is_late", "accepted", "counts"),
    [
        ("peer", "received", False, False, True),
        ("peer", "rejected", False, False, False),
        ("peer", "late", True, False, False),
        ("peer", "late", True, True, True),
        ("peer", "received", True, False, False),
        ("customer", "received", False, False, True),
        ("mystery_shopper", "received", False, False, False),
        ("mystery_shopper", "approved", False, False, True),
        ("mystery_shopper", "rejected", False, False, False),
    ],
)
def test_counted_status_rules(app, rel, status, is_late, accepted, counts) -> None:
    emp = make_user()
    c, fv = campaign_and_form(rating_form())
    sub = add_submission(
        c,
        fv,
        emp.id,
        rel,
        ratings(fv.definition, 4),
        status=status,
        is_late=is_late,
        late_accepted=accepted,
    )
    assert aggregation.counted_status(rel, status, is_late, accepted) is counts
    assert (sub.id in counted_ids(c.id, emp.id)) is counts


def _report(c: Any, fv: Any, emp: Any, value: int, status: str, replaces: Any = None) -> Any:
    """A mystery-shop report about `emp` rating every item `value`, replacing `replaces`."""
    answers = ratings(fv.definition, value)
    replaces_id = replaces.id if replaces else None
    return add_submission(
        c, fv, emp.id, "mystery_shopper", answers, status=status, replaces_id=replaces_id
    )


def test_only_newest_counted_of_a_replaces_chain(app) -> None:
    emp = make_user()
    c, fv = campaign_and_form(rating_form(), groups=("mystery_shopper",))
    first = _report(c, fv, emp, 2, "rejected")
    second = _report(c, fv, emp, 3, "approved", replaces=first)
    third = _report(c, fv, emp, 5, "received", replaces=second)
    assert counted_ids(c.id, emp.id) == {second.id}  # third not approved yet
    third.status = "approved"
    db.session.flush()
    assert counted_ids(c.id, emp.id) == {third.id}
    agg = aggregation.aggregate_campaign(db.session, c.id, T)
    assert agg[emp.id].decisions["mystery_shopper"].n == 1
    assert agg[emp.id].items["q1"]["mystery_shopper"].mean == 5.0


def test_means_over_raters_each_submission_weighs_one(app) -> None:
    emp = make_user()
    c, fv = campaign_and_form(rating_form(n_items=4))
    for v in (2, 4, 5):
        add_submission(c, fv, emp.id, "peer", ratings(fv.definition, v))
    add_submission(c, fv, emp.id, "peer", ratings(fv.definition, 1), status="rejected")
    agg = aggregation.aggregate_subject(db.session, c.id, emp.id, T)
    assert agg.form_scores["peer"] == (pytest.approx(100 * (0.25 + 0.75 + 1) / 3), 3)
    fig = agg.items["q1"]["peer"]
    assert (fig.n, fig.mean, fig.mean_100) == (3, pytest.approx(11 / 3), pytest.approx(100 * 2 / 3))


def _campaign_figures(app_db_session) -> None:
    """Whole-campaign and per-employee aggregation agree, hidden figures absent."""
    unit = make_unit()
    emps = [make_user(unit_id=unit.id) for _ in range(3)]
    c, fv = campaign_and_form(rating_form(n_items=4))
    for k, emp in enumerate(emps):
        add_submission(c, fv, emp.id, "supervisor", ratings(fv.definition, 3 + k % 2))
        for v in (2, 3, 5)[: 3 - k]:
            add_submission(c, fv, emp.id, "peer", ratings(fv.definition, v))
        for v in (4, 4, 5):
            add_submission(
                c,
                fv,
                emp.id,
                "subordinate",
                ratings(fv.definition, v),
                na=["q2"] if v == 5 and k == 0 else None,
            )
    db.session.commit()
    whole = aggregation.aggregate_campaign(db.session, c.id, T)
    for emp in emps:
        one = aggregation.aggregate_subject(db.session, c.id, emp.id, T)
        assert whole[emp.id].form_scores == one.form_scores
        assert whole[emp.id].competencies == one.competencies
        assert set(whole[emp.id].items) == set(one.items)
        for qid, rows in one.items.items():
            assert set(whole[emp.id].items[qid]) == set(rows)
            for row, fig in rows.items():
                other = whole[emp.id].items[qid][row]
                assert (other.n, other.mean_100) == (fig.n, pytest.approx(fig.mean_100))
                assert other.mean == pytest.approx(fig.mean)
    assert "peer" not in whole[emps[1].id].items["q1"]  # 2 peers: hidden
    assert "subordinate" not in whole[emps[1].id].items["q1"]  # back-calculation
    assert "peer" not in whole[emps[0].id].items["q2"]  # report N/A -> reports n 2 on q2
    summary = review.build_unit_summary(db.session, c.id, unit.id)
    assert [e["rank"]["rank"] for e in summary["employees"]] == sorted(
        e["rank"]["rank"] for e in summary["employees"]
    )


def test_campaign_aggregation_matches_per_employee_sqlite(app) -> None:
    _campaign_figures(db.session)


def test_campaign_aggregation_matches_per_employee_postgresql(pg_app) -> None:
    _campaign_figures(db.session)


def test_campaign_aggregation_with_many_excluded_submissions_uses_join(app, monkeypatch) -> None:
    monkeypatch.setattr(aggregation, "EXCLUDE_LIST_MAX", 0)
    emp = make_user()
    c, fv = campaign_and_form(rating_form())
    add_submission(c, fv, emp.id, "supervisor", ratings(fv.definition, 5))
    add_submission(c, fv, emp.id, "supervisor", ratings(fv.definition, 1), status="rejected")
    whole = aggregation.aggregate_campaign(db.session, c.id, T)
    assert whole[emp.id].items["q1"]["supervisor"].mean == 5.0


def test_mystery_rollup_worked_example(app) -> None:
    """Visits 9/10 and 3/4 in one unit and month -> mean 82.5, pooled 85.7."""
    unit = make_unit()
    emp = make_user(unit_id=unit.id)
    d = definition(
        [section("s", [q_yes_no(f"y{k}") for k in range(10)])],
        key="ms-test",
        relationships=["mystery_shopper"],
    )
    c, fv = campaign_and_form(d, kind="mystery_shop", groups=("mystery_shopper",))
    when = datetime(2026, 3, 14, 10, tzinfo=UTC)
    a = {f"y{k}": k < 9 for k in range(10)}
    b = {f"y{k}": k < 3 for k in range(4)}
    for answers in (a, b):
        add_submission(
            c,
            fv,
            emp.id,
            "mystery_shopper",
            answers,
            status="approved",
            unit_id=unit.id,
            completed_at=when,
        )
    add_submission(
        c, fv, emp.id, "mystery_shopper", a, status="rejected", unit_id=unit.id, completed_at=when
    )
    data = review.build_review(db.session, c.id, emp.id)
    rollup = data["mystery_shop"]["rollup"]
    assert len(rollup) == 1 and rollup[0]["month"] == "2026-03" and rollup[0]["visits"] == 2
    assert rollup[0]["mean"] == pytest.approx(82.5)
    assert round(rollup[0]["pooled"], 1) == 85.7
    assert rollup[0]["unit"] == unit.name
    assert len(data["mystery_shop"]["visits"]) == 2
    summary = review.build_unit_summary(db.session, c.id, unit.id)
    assert summary["mystery_shop_trend"] == [
        {
            "month": "2026-03",
            "visits": 2,
            "mean": pytest.approx(82.5),
            "pooled": pytest.approx(1200 / 14),
        }
    ]


def test_replaces_chain_is_transitive_and_skips_uncounted_links(app) -> None:
    emp = make_user()
    c, fv = campaign_and_form(rating_form(), groups=("mystery_shopper",))
    a = _report(c, fv, emp, 2, "approved")
    b = _report(c, fv, emp, 3, "rejected", replaces=a)
    assert counted_ids(c.id, emp.id) == {a.id}  # newest *counted* of the chain
    z = _report(c, fv, emp, 4, "approved", replaces=b)
    assert counted_ids(c.id, emp.id) == {z.id}
    assert aggregation.superseded_ids(db.session, c.id) == {a.id, b.id}
    whole = aggregation.aggregate_campaign(db.session, c.id, T)
    assert whole[emp.id].decisions["mystery_shopper"].n == 1


def test_replacement_walk_searches_the_partial_index(app) -> None:
    """With planner statistics (ANALYZE) over a table whose replaces_id is almost all NULL,
    the chain walk must still search the partial index, not scan every submission."""
    from sqlalchemy import event, text

    c, fv = campaign_and_form(rating_form())
    people = [make_user() for _ in range(12)]
    subs = [add_submission(c, fv, p.id, "peer", ratings(fv.definition, 4)) for p in people * 5]
    add_submission(c, fv, people[0].id, "peer", ratings(fv.definition, 2), replaces_id=subs[0].id)
    db.session.commit()
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    seen: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        if "replaces_id IN" in statement:
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        counted = counted_ids(c.id, people[0].id)
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    assert subs[0].id not in counted and len(counted) == 5  # the walk still finds the chain
    assert seen, "the chain walk issued no replaces_id query"
    conn = db.session.connection().connection.driver_connection
    for statement, parameters in seen:
        plan = " | ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + statement, parameters))
        assert "ix_submission_replaces_id" in plan and "SCAN submission" not in plan, plan
