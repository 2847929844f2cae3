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

from server.extensions import db
from server.models import Campaign, FormVersion, OrgUnit, User
from tests.factories import (
    KIND_GROUPS,
    add_submission,
    make_campaign,
    make_unit,
    make_user,
    ratings,
    sync_forms,
)

PEER_SECRET = "PEER-SECRET-同事悄悄话"
CUSTOMER_SECRET = "CUSTOMER-SECRET-顾客留言"
VISIBLE_COMMENT = "VISIBLE-PEER-COMMENT 团队榜样"
SHIPPED = ("service-360", "customer-satisfaction")


@dataclass
class CampaignData:
    campaign: Campaign
    unit: OrgUnit
    manager: User
    employee: User
    other: User
    peers: list[User]


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
    versions = sync_forms()
    fv360, fvcust = (db.session.get(FormVersion, versions[key]) for key in SHIPPED)
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
    campaign = make_campaign(
        "mixed",
        form={**dict.fromkeys(KIND_GROUPS["360"], fv360), "customer": fvcust},
        status=status,
        name={"en": "2026 H1 review", "zh-CN": "2026年上半年服务评估"},
        report_locale=locale,
        period_end=date(2026, 6, 30),
        manager_visibility=manager_visibility,
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
