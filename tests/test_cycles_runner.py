"""Recurring cycles (issue 14 §3): the scheduler creates each period's campaign on time,
exactly once (double runs, two sessions, PostgreSQL), with the people active at that moment
(new hires in, leavers out), reuses customer links, rotates shoppers, notifies each rater
once with the `assignment_opened:<id>` key, and closes a campaign after its window."""

from __future__ import annotations

import threading
from datetime import date

from sqlalchemy import func, select

from server.extensions import db
from server.models import (
    Assignment,
    Campaign,
    CustomerLink,
    CyclePeriod,
    Notification,
)
from server.services.cycles import runner, templates
from server.services.org import accounts
from server.tasks import cycles as cycle_tasks
from server.tasks import periodic
from tests.cycles_world import at, cycle_world, self_check_template
from tests.factories import make_user


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _campaigns(template):
    return list(
        db.session.scalars(
            select(Campaign)
            .join(CyclePeriod, CyclePeriod.campaign_id == Campaign.id)
            .where(CyclePeriod.template_id == template.id)
            .order_by(Campaign.period_start)
        )
    )


def test_nothing_before_the_start_then_the_period_campaign_once(app):
    world = cycle_world()
    template = self_check_template(world, start_date=date(2027, 1, 1))
    assert runner.run(db.session, at(date(2026, 12, 31), 23, 59))["created"] == 0
    first = runner.run(db.session, at(date(2027, 1, 1), 0, 1))
    again = runner.run(db.session, at(date(2027, 1, 1), 0, 6))
    db.session.commit()
    assert (first["created"], again["created"]) == (1, 0)
    [campaign] = _campaigns(template)
    assert (campaign.period_start, campaign.period_end) == (date(2027, 1, 1), date(2027, 1, 31))
    assert campaign.status == "open" and campaign.kind == "mixed"
    assert campaign.name["en"] == "Daily self-check · 2027-01"
    raters = set(
        db.session.scalars(select(Assignment.rater_id).where(Assignment.campaign_id == campaign.id))
    )
    assert raters == {world.manager.id, *(u.id for u in world.staff)}


def test_the_periodic_task_twice_in_one_slot_and_in_the_next_creates_one(app):
    world = cycle_world()
    template = self_check_template(world)
    now = at(date(2026, 12, 5), 9)
    periodic.tick(db.session, now, ["recurring_cycles"])
    periodic.tick(db.session, now, ["recurring_cycles"])
    later = periodic.tick(db.session, at(date(2026, 12, 5), 9, 10), ["recurring_cycles"])
    assert later["recurring_cycles"]["created"] == 0
    assert len(_campaigns(template)) == 1
    assert cycle_tasks.recurring_cycles is periodic.REGISTRY["recurring_cycles"]


def test_every_rater_is_told_once_with_the_shared_key(app):
    world = cycle_world()
    template = self_check_template(world)
    runner.run(db.session, at(date(2026, 12, 1), 0, 5))
    db.session.commit()
    [campaign] = _campaigns(template)
    assignments = db.session.scalars(
        select(Assignment).where(Assignment.campaign_id == campaign.id)
    ).all()
    keys = set(
        db.session.scalars(select(Notification.key).where(Notification.kind == "assignment_opened"))
    )
    assert keys == {f"assignment_opened:{a.id}" for a in assignments}
    note = db.session.scalars(select(Notification)).first()
    assert set(note.params) == {"campaign", "due_at"}  # no names: nothing about who rates whom


def test_new_hires_are_included_and_leavers_left_out(app):
    world = cycle_world(staff=3)
    template = self_check_template(world)
    runner.run(db.session, at(date(2026, 12, 1), 8))
    db.session.commit()
    hire = make_user(unit_id=world.unit.id, manager_id=world.manager.id)
    leaver = world.staff[0]
    accounts.set_active(leaver, False)
    db.session.commit()
    joined = runner.run(db.session, at(date(2026, 12, 10), 8))
    db.session.commit()
    assert joined["joined"] == 1  # the hire gets December's self-check on the next run
    runner.run(db.session, at(date(2027, 1, 1), 0, 5))
    db.session.commit()
    december, january = _campaigns(template)
    raters = set(
        db.session.scalars(select(Assignment.rater_id).where(Assignment.campaign_id == january.id))
    )
    assert hire.id in raters and leaver.id not in raters
    assert december.status == "closed"  # its window ended the day before
    assert _count(Notification, Notification.user_id == hire.id) == 2


def test_paused_and_ended_templates_create_nothing(app):
    world = cycle_world()
    template = self_check_template(world, end_date=date(2026, 12, 31))
    templates.set_status(db.session, None, template, "paused")
    db.session.commit()
    assert runner.run(db.session, at(date(2026, 12, 3)))["created"] == 0
    templates.set_status(db.session, None, template, "active")
    db.session.commit()
    assert runner.run(db.session, at(date(2026, 12, 3)))["created"] == 1
    assert runner.run(db.session, at(date(2027, 1, 2)))["created"] == 0


def _customer_template(world):
    data = {
        "name": {"en": "Customer survey", "zh-CN": "顾客满意度"},
        "kind": "customer",
        "forms": {"customer": "customer-satisfaction"},
        "recurrence": "quarterly",
        "start_date": date(2026, 10, 1),
        "unit_id": world.unit.id,
    }
    template = templates.create_template(db.session, None, data, "Asia/Shanghai")
    db.session.commit()
    return template


def test_customer_links_are_reused_and_point_at_the_current_campaign(app):
    world = cycle_world(staff=2)
    template = _customer_template(world)
    runner.run(db.session, at(date(2026, 11, 2)))
    db.session.commit()
    [q4] = _campaigns(template)
    tokens = {link.subject_id: link.token for link in db.session.scalars(select(CustomerLink))}
    assert set(tokens) == {world.manager.id, *(u.id for u in world.staff)}
    world.staff[0].active = False
    hire = make_user(unit_id=world.unit.id, manager_id=world.manager.id)
    db.session.commit()
    runner.run(db.session, at(date(2027, 1, 1), 0, 30))
    db.session.commit()
    _, q1 = _campaigns(template)
    links = {link.subject_id: link for link in db.session.scalars(select(CustomerLink))}
    assert links[world.manager.id].token == tokens[world.manager.id]
    assert links[world.manager.id].campaign_id == q1.id and links[world.manager.id].active
    assert not links[world.staff[0].id].active  # the leaver's card stops working
    assert links[hire.id].campaign_id == q1.id
    assert _count(CustomerLink, CustomerLink.campaign_id == q4.id) == 0


def test_monthly_mystery_shop_visits_rotate_shoppers(app):
    world = cycle_world()
    second = make_user(role="shopper")
    data = {
        "name": {"en": "Store visits", "zh-CN": "门店暗访"},
        "kind": "mystery_shop",
        "forms": {"mystery_shopper": "mystery-shop-store"},
        "recurrence": "monthly",
        "start_date": date(2026, 12, 1),
        "window_days": 20,
        "due_days_before_end": 2,
        "settings": {"units": [world.unit.id], "shoppers": [world.shopper.id, second.id]},
    }
    template = templates.create_template(db.session, None, data, "Asia/Shanghai")
    db.session.commit()
    runner.run(db.session, at(date(2026, 12, 1), 1))
    runner.run(db.session, at(date(2027, 1, 1), 1))
    db.session.commit()
    dec, jan = _campaigns(template)
    assert dec.period_end == date(2026, 12, 20)
    visits = [
        db.session.scalars(select(Assignment).where(Assignment.campaign_id == c.id)).one()
        for c in (dec, jan)
    ]
    assert {v.rater_id for v in visits} == {world.shopper.id, second.id}
    assert visits[0].due_at == at(date(2026, 12, 18), 23, 59).replace(second=59)


def test_a_template_without_people_fails_alone_and_others_go_on(app):
    world = cycle_world()
    empty = make_user(role="hr")  # noqa: F841 - not an employee: nobody in scope below
    from tests.factories import make_unit

    lonely = make_unit(path="Co/Empty")
    data = {
        "name": {"en": "360", "zh-CN": "360"},
        "kind": "360",
        "forms": {r: "service-360" for r in ("self", "supervisor", "peer", "subordinate")},
        "recurrence": "half_yearly",
        "start_date": date(2026, 7, 1),
        "unit_id": lonely.id,
    }
    templates.create_template(db.session, None, data, "Asia/Shanghai")
    self_check_template(world)
    summary = runner.run(db.session, at(date(2026, 12, 2)))
    assert summary["failed"] == 1 and summary["created"] == 1


def test_exactly_once_on_postgresql_with_two_consumers(pg_app):
    """Two consumers run the action at once, each in its own session: one campaign."""
    from sqlalchemy.orm import Session

    with pg_app.app_context():
        world = cycle_world()
        template_id = self_check_template(world).id
        engine = db.engine
    now = at(date(2026, 12, 7))
    barrier = threading.Barrier(2)
    results: list[dict[str, int]] = []

    def consumer() -> None:
        with Session(engine) as session:
            barrier.wait()
            results.append(runner.run(session, now))
            session.commit()

    threads = [threading.Thread(target=consumer) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(r["created"] for r in results) == [0, 1]
    with pg_app.app_context():
        assert _count(CyclePeriod, CyclePeriod.template_id == template_id) == 1
        assert _count(Campaign) == 1
        assert _count(Notification) == 3
