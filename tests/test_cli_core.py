"""SPEC §12 command line: `flask users create` and `flask demo` (the organisation part)."""

from __future__ import annotations

from sqlalchemy import func, select

from server.extensions import db
from server.models import OrgUnit, User
from server.services.org import accounts


def test_users_create_with_password(runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "New@Example.test",
            "--name",
            "N",
            "--role",
            "hr",
            "--password",
            "long-enough-pw",
        ]
    )
    assert result.exit_code == 0, result.output
    user = accounts.find_by_email(db.session, "new@example.test")
    assert user is not None and user.role == "hr"
    assert accounts.authenticate(db.session, "NEW@example.test", "long-enough-pw") is user


def test_users_create_password_stdin(runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "s@example.test",
            "--name",
            "S",
            "--role",
            "shopper",
            "--password-stdin",
        ],
        input="from-stdin-secret\n",
    )
    assert result.exit_code == 0, result.output
    assert accounts.authenticate(db.session, "s@example.test", "from-stdin-secret") is not None


def test_users_create_rejects_short_password_and_duplicates(runner):
    args = ["users", "create", "--email", "d@example.test", "--name", "D", "--role", "employee"]
    assert runner.invoke(args=[*args, "--password", "short"]).exit_code != 0
    assert runner.invoke(args=[*args, "--password", "long-enough-pw"]).exit_code == 0
    dup = runner.invoke(
        args=[*args[:3], "D@EXAMPLE.test", *args[4:], "--password", "long-enough-pw"]
    )
    assert dup.exit_code != 0 and "exists" in dup.output


def test_demo_builds_bilingual_org_and_is_idempotent(runner):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "hr@demo.example" in first.output and "shopper1@demo.example" in first.output
    counts = (
        db.session.scalar(select(func.count()).select_from(User)),
        db.session.scalar(select(func.count()).select_from(OrgUnit)),
    )
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert (
        db.session.scalar(select(func.count()).select_from(User)),
        db.session.scalar(select(func.count()).select_from(OrgUnit)),
    ) == counts
    employees = db.session.scalars(select(User).where(User.role == "employee")).all()
    assert 45 <= len(employees) <= 60
    assert sum(1 for u in employees if u.manager_id is not None) >= len(employees) - 3
    branches = db.session.scalars(select(OrgUnit).where(OrgUnit.kind == "branch")).all()
    assert len(branches) == 3
    assert all(b.latitude and b.longitude and b.name["zh-CN"] and b.name["en"] for b in branches)
    roles = {u.role for u in db.session.scalars(select(User))}
    assert roles == {"admin", "hr", "employee", "shopper"}
    assert accounts.authenticate(db.session, "hr@demo.example", "demo-password-2026") is not None
