"""Shared set-up of the recurring-cycles tests: a unit with a manager and staff, the shipped
forms, and templates made through the service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from server.extensions import db
from server.models import CampaignTemplate, OrgUnit, User
from server.services.cycles import templates
from tests.factories import make_unit, make_user, sync_forms

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    """A moment of a Shanghai local day, in UTC."""
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI).astimezone(UTC)


@dataclass
class CycleWorld:
    unit: OrgUnit
    manager: User
    staff: list[User]
    shopper: User


def cycle_world(staff: int = 2) -> CycleWorld:
    sync_forms()
    unit = make_unit(path="Co/Shanghai/Store 1")
    manager = make_user(unit_id=unit.id, name="Manager")
    people = [make_user(unit_id=unit.id, manager_id=manager.id) for _ in range(staff)]
    shopper = make_user(role="shopper")
    return CycleWorld(unit, manager, people, shopper)


def self_check_template(world: CycleWorld, **overrides: Any) -> CampaignTemplate:
    data: dict[str, Any] = {
        "name": {"en": "Daily self-check", "zh-CN": "每日自查"},
        "kind": "mixed",
        "forms": {"self": "daily-self-check"},
        "recurrence": "monthly",
        "start_date": date(2026, 12, 1),
        "per_day": True,
        "unit_id": world.unit.id,
        "settings": {"manager_visibility": True},
    }
    template = templates.create_template(db.session, None, {**data, **overrides}, "Asia/Shanghai")
    db.session.commit()
    return template


def check_in_answers(all_yes: bool = True) -> dict[str, Any]:
    keys = ("greeted_proactively", "used_customer_name", "smiled", "offered_help")
    answers: dict[str, Any] = {k: True for k in keys}
    answers["listened_patiently"] = all_yes
    return answers


def matrix_template_id() -> int:
    """A stored template for the access matrix (tests/test_access_matrix.py)."""
    template = CampaignTemplate(
        name={"en": "Daily self-check", "zh-CN": "每日自查"},
        kind="mixed",
        forms={"self": "daily-self-check"},
        recurrence="monthly",
        start_date=date(2026, 12, 1),
        per_day=True,
        timezone="Asia/Shanghai",
        settings={},
        status="active",
        due_days_before_end=0,
    )
    db.session.add(template)
    db.session.flush()
    return template.id
