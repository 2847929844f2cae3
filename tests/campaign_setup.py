"""Shared set-up for the campaign workflow tests: forms, a small org, campaigns."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import select

from server.extensions import db
from server.models import Form, FormVersion, User
from server.services.campaigns import campaigns
from server.services.forms import forms
from tests.factories import make_unit, make_user


def sync_forms() -> dict[str, int]:
    """Load the shipped forms; return {form_key: latest version id}."""
    forms.sync_forms(db.session, current_app.config["FORMS_DIR"])
    db.session.commit()
    rows = db.session.execute(
        select(Form.key, FormVersion.id).join(FormVersion).order_by(FormVersion.version)
    ).all()
    return {key: vid for key, vid in rows}


def forms_for(kind: str, versions: dict[str, int]) -> dict[str, int]:
    """The campaign `forms` setting of a kind with the shipped forms."""
    if kind == "360":
        v = versions["service-360"]
        return {"self": v, "supervisor": v, "peer": v, "subordinate": v}
    if kind == "customer":
        return {"customer": versions["customer-satisfaction"]}
    return {"mystery_shopper": versions["mystery-shop-store"]}


def make_campaign(kind: str = "360", **overrides: Any) -> Any:
    """A draft campaign with the shipped forms."""
    versions = sync_forms()
    data: dict[str, Any] = {
        "name": {"en": f"Test {kind}", "zh-CN": f"测试{kind}"},
        "kind": kind,
        "period_start": date(2026, 1, 1),
        "period_end": date(2026, 6, 30),
        "forms": forms_for(kind, versions),
    }
    data.update(overrides)
    campaign = campaigns.create_campaign(db.session, None, data)
    db.session.commit()
    return campaign


def make_team(size: int = 5) -> dict[str, Any]:
    """A manager with `size` direct reports in one unit, plus the manager's own boss."""
    unit = make_unit(
        path="Co/Store A/Team 1",
        name={"en": "Team 1", "zh-CN": "一组"},
        latitude=31.2363,
        longitude=121.4803,
    )
    boss = make_user(name="Boss", employee_number="B1", unit_id=unit.id)
    manager = make_user(name="Manager", employee_number="M1", unit_id=unit.id, manager_id=boss.id)
    staff = [
        make_user(
            name=f"Staff {i}", employee_number=f"S{i}", unit_id=unit.id, manager_id=manager.id
        )
        for i in range(size)
    ]
    return {"unit": unit, "boss": boss, "manager": manager, "staff": staff}


def user(user_id: int) -> User:
    found = db.session.get(User, user_id)
    assert found is not None
    return found
