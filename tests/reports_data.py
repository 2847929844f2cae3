"""A small real campaign (shipped forms, scored submissions) for report API/export tests.

王丽娜 (or Emily Chen in English) has self, supervisor and two peers (hidden: fewer than 3,
and with no direct reports the colleagues/others rows are hidden too) plus two customers
(hidden). 李强 has self, supervisor, three peers and three customers, all visible.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Flask
from sqlalchemy import select

from server.extensions import db
from server.models import Campaign, CampaignForm, Form, FormVersion, OrgUnit, User
from server.services.forms import forms
from tests.factories import add_submission, make_unit, make_user, ratings

PEER_SECRET = "PEER-SECRET-同事悄悄话"
CUSTOMER_SECRET = "CUSTOMER-SECRET-顾客留言"
VISIBLE_COMMENT = "VISIBLE-PEER-COMMENT 团队榜样"


@dataclass
class CampaignData:
    campaign: Campaign
    unit: OrgUnit
    manager: User
    employee: User
    other: User
    peers: list[User]


def _version(key: str) -> FormVersion:
    return db.session.scalars(
        select(FormVersion).join(Form).where(Form.key == key).order_by(FormVersion.version.desc())
    ).first()


def _rate(
    campaign: Campaign,
    fv: FormVersion,
    subject: User,
    rel: str,
    value: int,
    rater: User | None,
    **extra: Any,
) -> None:
    add_submission(
        campaign,
        fv,
        subject.id,
        rel,
        ratings(fv.definition, value, **extra),
        rater_id=rater.id if rater else None,
    )


def build(
    app: Flask, locale: str = "zh-CN", *, status: str = "closed", manager_visibility: bool = False
) -> CampaignData:
    """Create the campaign described in the module docstring."""
    forms.sync_forms(db.session, app.config["FORMS_DIR"])
    fv360, fvcust = _version("service-360"), _version("customer-satisfaction")
    unit = make_unit(name={"en": "Store 12", "zh-CN": "静安12号店"})
    manager = make_user(name="张经理", unit_id=unit.id, employee_number="M0001")
    name = "王丽娜" if locale == "zh-CN" else "Emily Chen"
    employee = make_user(
        name=name,
        unit_id=unit.id,
        manager_id=manager.id,
        employee_number="E1041",
        job_title="门店主管",
    )
    other = make_user(
        name="李强",
        unit_id=unit.id,
        manager_id=manager.id,
        employee_number="E1042",
        job_title="店员",
    )
    peers = [make_user(unit_id=unit.id) for _ in range(3)]
    campaign = Campaign(
        name={"en": "2026 H1 review", "zh-CN": "2026年上半年服务评估"},
        kind="mixed",
        status=status,
        report_locale=locale,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        manager_visibility=manager_visibility,
    )
    db.session.add(campaign)
    db.session.flush()
    for rel in ("self", "supervisor", "peer", "subordinate"):
        db.session.add(
            CampaignForm(campaign_id=campaign.id, relationship=rel, form_version_id=fv360.id)
        )
    db.session.add(
        CampaignForm(campaign_id=campaign.id, relationship="customer", form_version_id=fvcust.id)
    )
    _rate(campaign, fv360, employee, "self", 5, employee)
    _rate(campaign, fv360, employee, "supervisor", 4, manager)
    for peer in peers[:2]:
        _rate(campaign, fv360, employee, "peer", 2, peer, strengths=PEER_SECRET)
    for _ in range(2):
        _rate(campaign, fvcust, employee, "customer", 1, None, comment=CUSTOMER_SECRET)
    _rate(campaign, fv360, other, "self", 4, other)
    _rate(campaign, fv360, other, "supervisor", 5, manager)
    for peer in peers:
        _rate(campaign, fv360, other, "peer", 4, peer, strengths=VISIBLE_COMMENT)
    for _ in range(3):
        _rate(campaign, fvcust, other, "customer", 4, None, comment="服务很好")
    db.session.commit()
    return CampaignData(campaign, unit, manager, employee, other, peers)
