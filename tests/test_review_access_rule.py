"""SPEC §9: one rule decides who may read a review (server.services.reviews.access), for the
review API, the PDF, the photos a review shows and the team view (issue 12)."""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

from sqlalchemy import select, true

from server.extensions import db
from server.models import Campaign, User
from server.services.reviews import access
from tests.factories import make_campaign, make_user

ROOT = Path(__file__).resolve().parent.parent
OWNER = ROOT / "server/services/reviews/access.py"
ROLES = ("employee", "shopper", "hr", "admin")


def _sql(user: User, campaign: Campaign, employee: User, staff_rights: bool) -> bool:
    clause = access.may_read_review_clause(user, staff_rights=staff_rights)
    stmt = (
        select(clause)
        .select_from(Campaign)
        .join(User, true())
        .where(Campaign.id == campaign.id, User.id == employee.id)
    )
    return bool(db.session.scalar(stmt))


def _expected(user: User, campaign: Campaign, employee: User, staff_rights: bool) -> bool:
    """The rule as SPEC §9 states it, written out case by case."""
    if staff_rights and user.role in ("hr", "admin"):
        return True
    released = campaign.status == "released"
    own = employee.id == user.id
    managed = employee.manager_id == user.id and bool(campaign.manager_visibility)
    return released and (own or managed)


def test_python_and_sql_forms_of_the_rule_agree_on_every_case(app) -> None:
    campaigns = []
    for status, visible in itertools.product(("draft", "open", "closed", "released"), (0, 1)):
        campaign = make_campaign("360")
        campaign.status, campaign.manager_visibility = status, bool(visible)
        campaigns.append(campaign)
    readers = [make_user(role=role) for role in ROLES]
    reports = [make_user(manager_id=reader.id) for reader in readers]
    stranger = make_user()
    db.session.commit()
    cases = 0
    for (reader, report), campaign, staff_rights in itertools.product(
        zip(readers, reports, strict=True), campaigns, (True, False)
    ):
        for employee in (reader, report, stranger):
            expected = _expected(reader, campaign, employee, staff_rights)
            assert (
                access.may_read_review(reader, campaign, employee, staff_rights=staff_rights)
                is expected
            ), (reader.role, campaign.status, employee.id, staff_rights)
            assert _sql(reader, campaign, employee, staff_rights) is expected
            cases += 1
    assert cases == len(ROLES) * 8 * 2 * 3


def test_without_staff_rights_hr_reads_a_report_only_where_managers_may(app) -> None:
    hr = make_user(role="hr")
    report = make_user(manager_id=hr.id)
    campaign = make_campaign("360")
    campaign.status = "released"
    assert access.may_read_review(hr, campaign, report)
    assert not access.may_read_review(hr, campaign, report, staff_rights=False)
    campaign.manager_visibility = True
    assert access.may_read_review(hr, campaign, report, staff_rights=False)


def _reads_manager_visibility(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "manager_visibility"
    ]


def test_the_scan_sees_the_owner() -> None:
    assert _reads_manager_visibility(OWNER)


def test_no_other_service_or_view_decides_review_access() -> None:
    """`campaign.manager_visibility` is read only by the rule (views and services)."""
    found = {
        str(path.relative_to(ROOT)): lines
        for folder in ("server/services", "server/api", "server/reports")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path != OWNER and (lines := _reads_manager_visibility(path))
    }
    assert found == {}
