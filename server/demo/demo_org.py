"""A realistic bilingual demo organisation (deterministic, idempotent)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import OrgUnit, User
from server.services.org import accounts, passwords

DEMO_PASSWORD = "demo-password-2026"

COMPANY = ("Huaxin Retail", "华信零售")
BRANCHES = [
    # (en, zh, address, lat, lon)
    ("Shanghai Nanjing Road", "上海南京路店", "上海市黄浦区南京东路 300 号", 31.2363, 121.4803),
    ("Beijing Wangfujing", "北京王府井店", "北京市东城区王府井大街 138 号", 39.9139, 116.4109),
    ("Shenzhen Futian", "深圳福田店", "深圳市福田区福华三路 88 号", 22.5333, 114.0553),
]
TEAMS = [("Sales Floor", "销售区"), ("Service Desk", "服务台")]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = [
    "芳",
    "伟",
    "娜",
    "敏",
    "静",
    "磊",
    "洋",
    "艳",
    "勇",
    "军",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "丽",
    "强",
    "霞",
    "平",
    "刚",
    "桂英",
    "晨",
    "欣怡",
    "子涵",
    "浩然",
]
TITLES = (
    "Sales Associate / 销售顾问",
    "Service Specialist / 服务专员",
    "Cashier / 收银员",
    "Product Advisor / 产品顾问",
)


@dataclass
class DemoLogin:
    role: str
    email: str
    name: str


def _unit(
    session: Session,
    path: str,
    name: tuple[str, str],
    kind: str,
    parent: OrgUnit | None,
    **extra: Any,
) -> OrgUnit:
    unit = session.scalars(select(OrgUnit).where(OrgUnit.path == path)).first()
    if unit is None:
        unit = OrgUnit(
            path=path,
            name={"en": name[0], "zh-CN": name[1]},
            kind=kind,
            parent_id=parent.id if parent else None,
            **extra,
        )
        session.add(unit)
        session.flush()
    return unit


_demo_hash: list[str] = []


def _user(session: Session, email: str, name: str, role: str, **fields: Any) -> User:
    user = accounts.find_by_email(session, email)
    if user is None:
        user = accounts.create_user(
            session, email=email, name=name, role=role, password=None, **fields
        )
        # One argon2id hash shared by all demo accounts keeps `flask demo` fast.
        if not _demo_hash:
            _demo_hash.append(passwords.hash_password(DEMO_PASSWORD))
        user.password_hash = _demo_hash[0]
    return user


class _Numbers:
    """Employee numbers E1001, E1002, ... in creation order."""

    def __init__(self) -> None:
        self.last = 1000

    def next(self) -> str:
        self.last += 1
        return f"E{self.last}"


def build_org(session: Session) -> list[DemoLogin]:
    """Create company, 3 branches with teams, ~50 employees, 2 HR, 3 shoppers, 1 admin.

    Every store manager leads two team leads and an assistant manager (three direct reports).
    """
    rng = random.Random(2026)
    company = _unit(session, COMPANY[0], COMPANY, "company", None)
    logins = _office(session)
    numbers = _Numbers()
    stores: list[tuple[OrgUnit, User]] = []
    for b, (en, zh, address, lat, lon) in enumerate(BRANCHES):
        branch = _unit(
            session,
            f"{COMPANY[0]}/{en}",
            (en, zh),
            "branch",
            company,
            address=address,
            latitude=lat,
            longitude=lon,
        )
        mgr = _user(
            session,
            f"manager{b + 1}@demo.example",
            _name(rng),
            "employee",
            employee_number=numbers.next(),
            job_title="Store Manager / 店长",
            unit_id=branch.id,
            locale="zh-CN",
        )
        logins.append(DemoLogin("employee (store manager)", mgr.email, mgr.name))
        stores.append((branch, mgr))
        for t, team_name in enumerate(TEAMS):
            logins += _team(session, rng, numbers, (branch, mgr), (b, t), team_name)
    _assistants(session, numbers, stores)
    logins += _shoppers(session)
    session.flush()
    return logins


def _shoppers(session: Session) -> list[DemoLogin]:
    logins = []
    for s in range(3):
        email = f"shopper{s + 1}@demo.example"
        shopper = _user(session, email, f"神秘顾客 Shopper {s + 1}", "shopper")
        logins.append(DemoLogin("shopper", shopper.email, shopper.name))
    return logins


def _office(session: Session) -> list[DemoLogin]:
    """The admin and the two HR accounts."""
    _user(session, "admin@demo.example", "System Admin / 系统管理员", "admin", locale="en")
    _user(session, "hr@demo.example", "陈静 Chen Jing", "hr", locale="zh-CN")
    _user(session, "hr2@demo.example", "Olivia Zhang", "hr", locale="en")
    return [
        DemoLogin("admin", "admin@demo.example", "System Admin / 系统管理员"),
        DemoLogin("hr", "hr@demo.example", "陈静 Chen Jing (HR)"),
        DemoLogin("hr", "hr2@demo.example", "Olivia Zhang (HR)"),
    ]


def _team(
    session: Session,
    rng: random.Random,
    numbers: _Numbers,
    store: tuple[OrgUnit, User],
    position: tuple[int, int],
    team_name: tuple[str, str],
) -> list[DemoLogin]:
    """One team of a store: its lead (reporting to the store manager) and 6-7 staff."""
    (branch, mgr), (b, t) = store, position
    team = _unit(session, f"{branch.path}/{team_name[0]}", team_name, "team", branch)
    lead = _user(
        session,
        f"lead{b + 1}{t + 1}@demo.example",
        _name(rng),
        "employee",
        employee_number=numbers.next(),
        job_title="Team Lead / 组长",
        unit_id=team.id,
        manager_id=mgr.id,
        locale="zh-CN",
    )
    logins = []
    if b == 0 and t == 0:
        logins.append(DemoLogin("employee (team lead)", lead.email, lead.name))
    for i in range(7 if t == 0 else 6):
        staff = _user(
            session,
            f"staff{b + 1}{t + 1}{i + 1}@demo.example",
            _name(rng),
            "employee",
            employee_number=numbers.next(),
            job_title=TITLES[(i + t) % 4],
            unit_id=team.id,
            manager_id=lead.id,
            locale="en" if (b == 2 and i == 0) else "zh-CN",
        )
        if b == 0 and t == 0 and i == 0:
            logins.append(DemoLogin("employee", staff.email, staff.name))
    return logins


def _assistants(session: Session, numbers: _Numbers, stores: list[tuple[OrgUnit, User]]) -> None:
    """Each store manager also has an assistant manager, so three direct reports rate the
    manager and the upward (direct reports) row of a manager's review can be shown. Own
    random source: the names drawn for the teams stay as they are."""
    assistant_rng = random.Random(7)
    for b, (branch, mgr) in enumerate(stores):
        _user(
            session,
            f"assistant{b + 1}@demo.example",
            _name(assistant_rng),
            "employee",
            employee_number=numbers.next(),
            job_title="Assistant Store Manager / 副店长",
            unit_id=branch.id,
            manager_id=mgr.id,
            locale="zh-CN",
        )


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)
