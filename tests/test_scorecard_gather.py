"""The scorecard from stored answers (issue 18 §3, §5): the worked example through the
database, what counts, the anonymity of customers, action-item closure times, periods."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.extensions import db
from server.models import ActionItem
from server.services.scorecard import load_definitions
from server.services.scorecard.report import distribution, period_cards, utc_bounds
from tests.factories import add_submission, latest_version, make_campaign, sync_forms
from tests.test_forms_sync import FORMS_DIR
from tests.worlds import store_with_staff

DEFS = load_definitions(FORMS_DIR / "indicators.yaml")
TZ = "Asia/Shanghai"
DAY = date(2026, 11, 15)
NOW = datetime(2026, 12, 4, tzinfo=UTC)
AT = datetime(2026, 11, 10, 3, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def shop(request):
    request.getfixturevalue("app" if request.param == "sqlite" else "pg_app")
    sync_forms()
    world = store_with_staff()
    obs = latest_version("supervisor-observation")
    mys = latest_version("mystery-shop-store")
    cus = latest_version("customer-satisfaction")
    world["observations"] = make_campaign("360", form={"supervisor": obs})
    world["visits"] = make_campaign("mystery_shop", form={"mystery_shopper": mys})
    world["survey"] = make_campaign("customer", form={"customer": cus})
    world["versions"] = {"obs": obs, "mys": mys, "cus": cus}
    return world


def observe(world, employee, greeted: bool, when: datetime = AT, **kw):
    return add_submission(
        world["observations"], world["versions"]["obs"], employee.id, "supervisor",
        {"greeted_proactively": greeted, "discovered_needs": True, "polite_language": True,
         "offered_help": True},
        rater_id=world["manager"].id, completed_at=when, **kw,
    )  # fmt: skip


def visit(world, employee, greeted: bool, status: str = "approved", when: datetime = AT):
    return add_submission(
        world["visits"], world["versions"]["mys"], employee.id, "mystery_shopper",
        {"greeted_proactively": greeted}, status=status, completed_at=when,
        unit_id=world["store"].id,
    )  # fmt: skip


def survey(world, employee, satisfaction: int, when: datetime = AT):
    return add_submission(
        world["survey"], world["versions"]["cus"], employee.id, "customer",
        {"overall_satisfaction": satisfaction}, completed_at=when,
    )  # fmt: skip


def cards(by="subject", day=DAY):
    db.session.commit()
    return period_cards(db.session, DEFS, "month", day, by=by, tz=TZ, now=NOW)


def test_the_worked_example_through_the_database(shop):
    employee = shop["staff"][0]
    for i in range(20):
        observe(shop, employee, greeted=i < 17)
    for i in range(10):
        visit(shop, employee, greeted=i < 9)
    visit(shop, employee, greeted=False, status="received")  # not approved: does not count
    card = cards()[employee.id].card
    greeting = card.indicators["greeting_rate"]
    assert greeting.value == pytest.approx(87.5)
    assert greeting.n == 30
    assert greeting.by_source["observation"].n == 20
    assert greeting.by_source["mystery_shop"].mean == pytest.approx(90.0)
    # every observation also passed needs discovery (the visits did not answer it) and
    # polite language; satisfaction has no data and drops out of the weighted score.
    assert card.indicators["satisfaction"].value is None
    assert card.score == pytest.approx((15 * 87.5 + 10 * 100 + 10 * 100) / 35)


def test_customers_below_their_threshold_contribute_nothing_not_even_counts(shop):
    employee = shop["staff"][0]
    survey(shop, employee, 5)
    survey(shop, employee, 1)
    assert employee.id not in cards()  # two customers: nothing of them shows, not even n
    for score in (5, 5, 3):
        survey(shop, employee, score)
    shown = cards()[employee.id].card.indicators["satisfaction"]
    assert shown.n == 5 and shown.value == pytest.approx(100 * (1 + 0 + 1 + 1 + 0.5) / 5)


def test_answers_outside_the_period_belong_to_their_own_period(shop):
    employee = shop["staff"][0]
    for i in range(5):
        observe(shop, employee, greeted=True, when=datetime(2026, 10, 20, tzinfo=UTC))
        observe(shop, employee, greeted=i < 4)
    # 2026-10-31 17:00 UTC is 1 November in Shanghai: November's
    observe(shop, employee, greeted=False, when=datetime(2026, 10, 31, 17, 0, tzinfo=UTC))
    entry = cards()[employee.id]
    assert entry.card.indicators["greeting_rate"].value == pytest.approx(100 * 4 / 6)
    assert entry.previous is not None and entry.trend == pytest.approx(
        entry.card.score - entry.previous
    )


def test_units_pool_their_staff(shop):
    for employee in shop["staff"]:
        for i in range(5):
            observe(shop, employee, greeted=i < 3, unit_id=shop["store"].id)
    unit = cards("unit")[shop["store"].id].card.indicators["greeting_rate"]
    assert unit.n == 10 and unit.value == pytest.approx(60.0)


def item(world, created: datetime, closed: datetime | None, submission=None):
    row = ActionItem(
        unit_id=world["store"].id, subject_id=world["staff"][0].id, kind="critical_item",
        title={"en": "x", "zh-CN": "x"}, ack_due_at=created, response_due_at=created,
        plan_due_at=created, followup_due_at=created, created_at=created, closed_at=closed,
        submission_id=submission.id if submission else None,
    )  # fmt: skip
    db.session.add(row)
    return row


def test_action_items_count_closed_in_time_late_and_overdue_open(shop):
    start = datetime(2026, 11, 5, tzinfo=UTC)
    late_visit = visit(shop, shop["staff"][0], greeted=False)
    item(shop, start, start + timedelta(hours=20), late_visit)  # in time
    item(shop, start, start + timedelta(hours=30), late_visit)  # late
    item(shop, start, None, late_visit)  # open, long past 24 h at NOW
    item(shop, NOW - timedelta(hours=2) - timedelta(days=5), None)  # a customer's: unit only
    item(shop, datetime(2026, 11, 30, 16, 0, tzinfo=UTC), None)  # 1 Dec local: next month
    unit = cards("unit")[shop["store"].id].card.indicators["resolution_timeliness"]
    person = cards()[shop["staff"][0].id].card.indicators["resolution_timeliness"]
    assert unit.by_source["action_items"].n == 4
    assert unit.value == pytest.approx(25.0)
    assert person.n == 3 and person.value == pytest.approx(100 / 3)


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    greetings=st.lists(st.booleans(), min_size=0, max_size=12),
    customers=st.lists(st.integers(1, 5), min_size=0, max_size=6),
)
def test_the_period_score_equals_the_hand_computation(shop, greetings, customers):
    employee = make_employee(shop)
    for greeted in greetings:
        observe(shop, employee, greeted)
    for rating in customers:
        survey(shop, employee, rating)
    found = cards().get(employee.id)
    expected_parts = {}
    if len(greetings) >= 5:
        expected_parts["greeting_rate"] = 100 * sum(greetings) / len(greetings)
        expected_parts["needs_discovery"] = 100.0
        expected_parts["polite_language"] = 100.0
    if len(customers) >= 5:
        expected_parts["satisfaction"] = 100 * sum((r - 1) / 4 for r in customers) / len(customers)
    if not expected_parts:
        assert found is None or found.card.score is None
        return
    assert found is not None
    expected = sum(DEFS.weight(k) * v for k, v in expected_parts.items()) / sum(
        DEFS.weight(k) for k in expected_parts
    )
    assert found.card.score == pytest.approx(expected)
    assert 0 <= found.card.score <= 100


def make_employee(world):
    from tests.factories import make_user

    return make_user(unit_id=world["store"].id, manager_id=world["manager"].id)


def test_utc_bounds_follow_the_time_zone():
    start, end = utc_bounds("month", DAY, TZ)
    assert start == datetime(2026, 10, 31, 16, 0, tzinfo=UTC)
    assert end == datetime(2026, 11, 30, 16, 0, tzinfo=UTC)


def test_distribution_counts_each_score_once(shop):
    employee = shop["staff"][0]
    for _ in range(5):
        observe(shop, employee, True)
    bands = distribution(cards())
    assert sum(bands) == 1 and bands[-1] == 1
