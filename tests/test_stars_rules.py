"""Service stars (issue 14 §5): the worked example of tests/stars_world.py, the tie rule, the
minimum of observations, the period's score over several campaigns, and the league figure."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from server.extensions import db
from server.models import LeagueEntry, ServiceStar, StarPeriod
from server.services.stars import compute, periods, read, score, selection
from tests import stars_world
from tests.factories import add_submission, campaign_and_form, make_unit, make_user

NOW = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
NOV = (date(2026, 11, 1), date(2026, 11, 30))


def _named(unit_id: int) -> dict[str, tuple[int, float, int]]:
    rows = db.session.scalars(select(ServiceStar).where(ServiceStar.unit_id == unit_id))
    return {db.session.get_one(*_user(s)).name: (s.rank, s.score, s.n) for s in rows}


def _user(star: ServiceStar) -> tuple[type, int]:
    from server.models import User

    return User, star.user_id


def test_worked_example_scores_hidden_groups_add_nothing(app):
    w = stars_world.build()
    got = score.period_scores(db.session, *NOV)
    p = w["people"]
    assert got[p["A"].id] == score.Observed(100.0, 3, 1)
    assert got[p["B"].id] == score.Observed(75.0, 4, 1)
    # E's two customer answers of 1 (hidden) change neither score nor count
    assert got[p["E"].id] == score.Observed(100.0, 2, 1)
    # F's two peer answers of 5 (hidden) likewise
    assert got[p["F"].id] == score.Observed(50.0, 3, 1)


def test_worked_example_stars_ties_and_minimum(app):
    w = stars_world.build()
    summary = compute.compute_period(db.session, "2026-11", compute.Settings(), NOW)
    assert summary == {"periods": 1, "stars": 4, "units": 1}  # the unit has no parent here
    named = _named(w["unit"].id)
    assert named == {
        "Person A": (1, 100.0, 3),
        "Person B": (2, 75.0, 4),  # tie on score: more observations first
        "Person C": (3, 75.0, 3),  # exact tie with D: both named (4 stars for a count of 3)
        "Person D": (3, 75.0, 3),
    }
    # E (n 2) is below the minimum; F ranks 5th
    entry = db.session.scalars(select(LeagueEntry).where(LeagueEntry.unit_id == w["unit"].id)).one()
    assert entry.score == pytest.approx(475 / 6) and entry.employees == 6


def test_count_two_names_only_the_first_two(app):
    w = stars_world.build()
    compute.compute_period(db.session, "2026-11", compute.Settings(count=2), NOW)
    assert set(_named(w["unit"].id)) == {"Person A", "Person B"}


def test_minimum_two_makes_e_eligible_and_a_tie_at_the_top(app):
    w = stars_world.build()
    compute.compute_period(db.session, "2026-11", compute.Settings(min_observations=2), NOW)
    named = _named(w["unit"].id)
    # A (100, 3) before E (100, 2): more observations; then B at rank 3, C/D at 4 are out
    assert named == {"Person A": (1, 100.0, 3), "Person E": (2, 100.0, 2), "Person B": (3, 75.0, 4)}


def test_period_score_is_the_mean_of_the_period_campaign_indices(app):
    unit = make_unit()
    person = make_user(unit_id=unit.id)
    first, form = campaign_and_form(status="closed", period_end=date(2026, 11, 15))
    second, form2 = campaign_and_form(status="open", period_end=date(2026, 11, 30))
    other, form3 = campaign_and_form(status="released", period_end=date(2026, 10, 31))
    draft, form4 = campaign_and_form(status="draft", period_end=date(2026, 11, 30))
    for campaign, fv, value in (
        (first, form, 5),
        (second, form2, 3),
        (other, form3, 1),
        (draft, form4, 1),
    ):
        for _ in range(2):
            add_submission(campaign, fv, person.id, "supervisor", stars_world.answers(value))
    db.session.commit()
    got = score.period_scores(db.session, *NOV)[person.id]
    assert got == score.Observed(75.0, 4, 2)  # (100 + 50) / 2; October and the draft left out


def test_exact_ties_compare_after_rounding():
    a = score.Observed(63.33333333333334, 3, 1)
    b = score.Observed(63.33333333333333, 3, 1)
    chosen = selection.stars({1: a, 2: b, 3: score.Observed(10.0, 3, 1)}, 1, 3)
    assert [(s.user_id, s.rank) for s in chosen] == [(1, 1), (2, 1)]


def test_trend():
    assert selection.trend(80.0, 70.0) == "up"
    assert selection.trend(70.0, 80.0) == "down"
    assert selection.trend(70.0, 70.0 + 1e-12) == "same"
    assert selection.trend(70.0, None) is None


@pytest.mark.parametrize(
    ("key", "first", "last", "prev"),
    [
        ("2026-11", date(2026, 11, 1), date(2026, 11, 30), "2026-10"),
        ("2026-01", date(2026, 1, 1), date(2026, 1, 31), "2025-12"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "2024-01"),
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31), "2026-Q3"),
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31), "2025-Q4"),
    ],
)
def test_periods(key, first, last, prev):
    assert periods.bounds(key) == (first, last)
    assert periods.previous(key) == prev
    assert periods.key_of(last, "quarter" if "Q" in key else "month") == key


def test_due_period():
    assert periods.due(datetime(2026, 12, 1, 0, 0, tzinfo=UTC), "month", 0) == "2026-11"
    assert periods.due(datetime(2026, 11, 30, 23, 0, tzinfo=UTC), "month", 0) == "2026-10"
    assert periods.due(datetime(2026, 12, 3, 0, 0, tzinfo=UTC), "month", 3) == "2026-10"
    assert periods.due(datetime(2026, 12, 4, 0, 0, tzinfo=UTC), "month", 3) == "2026-11"
    assert periods.due(datetime(2027, 1, 1, 0, 0, tzinfo=UTC), "quarter", 0) == "2026-Q4"


def test_league_ranks_by_kind_with_trend_against_the_previous_figure(app):
    w1 = stars_world.build(period_end=date(2026, 10, 31))
    compute.compute_period(db.session, "2026-10", compute.Settings(), NOW)
    # November: the same store does worse (one new campaign with everyone at 50)
    campaign, form = campaign_and_form(status="released", period_end=date(2026, 11, 30))
    for person in w1["people"].values():
        add_submission(campaign, form, person.id, "supervisor", stars_world.answers(3))
    other = make_unit(path="Co/Store 2", name={"en": "Store 2", "zh-CN": "二号店"})
    star = make_user(unit_id=other.id)
    for _ in range(3):
        add_submission(campaign, form, star.id, "supervisor", stars_world.answers(4))
    db.session.commit()
    compute.compute_period(db.session, "2026-11", compute.Settings(), NOW)
    table = {r["unit"]["id"]: r for r in read.league(db.session, "2026-11", "team")}
    mine = table[w1["unit"].id]
    assert (mine["score"], mine["rank"], mine["trend"]) == (50.0, 2, "down")
    assert mine["previous_period"] == "2026-10" and mine["previous_score"] == pytest.approx(475 / 6)
    assert (table[other.id]["rank"], table[other.id]["trend"]) == (1, None)


def test_computed_once_and_history_kept(app):
    w = stars_world.build()
    assert compute.compute_period(db.session, "2026-11", compute.Settings(), NOW)["periods"] == 1
    again = compute.compute_period(db.session, "2026-11", compute.Settings(count=1), NOW)
    assert again == {"periods": 0, "stars": 0, "units": 0}
    assert db.session.scalar(select(func.count()).select_from(ServiceStar)) == 4
    assert db.session.scalar(select(func.count()).select_from(StarPeriod)) == 1
    # a later change does not rewrite the stored period
    add_submission(
        w["campaign"], w["form"], w["people"]["F"].id, "supervisor", stars_world.answers(5)
    )
    db.session.commit()
    compute.compute_period(db.session, "2026-11", compute.Settings(), NOW)
    assert "Person F" not in _named(w["unit"].id)


def test_payroll_rows_keep_the_chosen_periods(app):
    from server.services.exports import stars as star_export

    stars_world.build(period_end=date(2026, 10, 31))
    compute.compute_period(db.session, "2026-10", compute.Settings(), NOW)
    compute.compute_period(db.session, "2026-11", compute.Settings(), NOW)
    columns, _rows = star_export.star_rows(db.session, "2026-11", "2026-11")
    assert columns[-1] == "service_star.2026-11" and "service_star.2026-10" not in columns
    assert star_export.star_rows(db.session)[0][-2:] == [
        "service_star.2026-10",
        "service_star.2026-11",
    ]
