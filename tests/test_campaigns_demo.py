"""SPEC §12 command line: `flask demo` builds the four demo campaigns through the real services,
idempotently."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from server.demo import demo_org
from server.extensions import db
from server.models import (
    ActionItem,
    Assignment,
    Attachment,
    AuditEvent,
    Campaign,
    PeerNomination,
    Submission,
    User,
)
from server.services.reviews import review
from tests.factories import ApiClient

RATERS_360 = ("self", "supervisor", "peer", "subordinate")


def counts() -> tuple[int, int, int]:
    return (
        db.session.scalar(select(func.count()).select_from(Submission)),
        db.session.scalar(select(func.count()).select_from(Assignment)),
        db.session.scalar(select(func.count()).select_from(Attachment)),
    )


def test_demo_campaigns(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    by_name = {c.name["en"]: c for c in db.session.scalars(select(Campaign))}
    assert by_name["2026 H1 service 360"].status == "released"
    current = by_name["2026 H2 service 360"]
    assert (current.kind, current.status) == ("mixed", "released")
    rows = db.session.execute(
        select(Assignment.status, func.count())
        .where(Assignment.campaign_id == current.id, Assignment.relationship.in_(RATERS_360))
        .group_by(Assignment.status)
    ).all()
    done = dict(rows)
    assert 0.7 < done["submitted"] / sum(done.values()) < 0.9
    mystery, customer_campaign = (
        by_name["November 2026 store visits"],
        by_name["2026 Q4 customer satisfaction"],
    )
    assert {mystery.status, customer_campaign.status} == {"open"}
    assert _statuses(mystery.id, "mystery_shopper") == {"approved": 7, "received": 1, "rejected": 1}
    assert _statuses(current.id, "mystery_shopper") == {"approved": 4, "received": 1}
    for campaign in (mystery, current):
        assert (
            db.session.scalar(
                select(func.count()).where(
                    ActionItem.campaign_id == campaign.id, ActionItem.kind == "critical_failure"
                )
            )
            >= 1
        )
    assert sum(_statuses(customer_campaign.id, "customer").values()) > 80
    assert sum(_statuses(current.id, "customer").values()) > 40
    assert (
        db.session.scalar(
            select(func.count()).where(
                ActionItem.campaign_id == current.id, ActionItem.kind == "customer_low_rating"
            )
        )
        >= 3
    )
    # released by HR through the campaign service: the audit trail names the actor
    hr = db.session.scalar(select(User).where(User.email == "hr@demo.example"))
    released = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "campaign_released", AuditEvent.object_id == str(current.id)
        )
    ).all()
    assert [e.actor_id for e in released] == [hr.id]
    texts = [
        v
        for s in db.session.scalars(
            select(Submission.answers).where(Submission.campaign_id == current.id)
        )
        for v in s.values()
        if isinstance(v, str)
    ]
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in texts)
    assert any(t.isascii() and " " in t for t in texts)
    # one employee's peer group stays below the threshold; trends exist
    thin = db.session.scalar(select(User).where(User.email == "staff212@demo.example"))
    data = review.build_review(db.session, current.id, thin.id, audience="hr")
    peer = next(r for r in data["rows"] if r["key"] == "peer")
    assert peer["visible"] is False and peer["hidden_reason"]
    assert (
        db.session.scalar(
            select(func.count()).where(
                Submission.campaign_id == current.id,
                Submission.subject_id == thin.id,
                Submission.relationship == "peer",
                Submission.status == "received",
            )
        )
        == 2
    )
    assert data["trend"] is not None
    before = counts()
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0 and counts() == before


def _statuses(campaign_id: int, relationship: str) -> dict[str, int]:
    return dict(
        db.session.execute(
            select(Submission.status, func.count())
            .where(Submission.campaign_id == campaign_id, Submission.relationship == relationship)
            .group_by(Submission.status)
        ).all()
    )


def test_demo_employee_review_has_every_section(runner):
    """The released review of the printed demo employee login fills every REVIEW.md section
    (as the employee sees it, so only visible figures count)."""
    assert runner.invoke(args=["demo"]).exit_code == 0
    current = db.session.scalar(select(Campaign).where(Campaign.kind == "mixed"))
    employee = db.session.scalar(select(User).where(User.email == "staff111@demo.example"))
    data = review.build_review(db.session, current.id, employee.id, audience="employee")
    rows = {r["key"]: r for r in data["rows"]}
    for key in (
        "self",
        "supervisor",
        "peer",
        "colleagues",
        "others",
        "customer",
        "mystery_shopper",
    ):
        assert (
            rows[key]["visible"] and rows[key]["n"] >= 1 and rows[key]["form_score"] is not None
        ), key
    assert rows["customer"]["n"] >= 3
    assert data["overall_index"] is not None
    trend = data["trend"]
    assert trend["previous_campaign"]["name"]["en"] == "2026 H1 service 360"
    assert trend["overall_index_delta"] is not None and trend["rows"]["others"]
    assert data["competencies"] and data["items"]
    assert any("others" in i["rows"] and "self" in i["rows"] for i in data["items"])
    assert any("customer" in i["rows"] for i in data["items"])
    assert len(data["top_items"]) == 5 and len(data["bottom_items"]) == 5
    assert any(v for v in data["gaps"].values())
    shop = data["mystery_shop"]
    assert shop["visible"] and len(shop["visits"]) >= 2 and shop["rollup"]
    assert all(v["photos"] and v["narrative"] for v in shop["visits"])
    assert any(v["critical_failures"] for v in shop["visits"])
    customer = data["customer"]
    assert customer["visible"] and customer["satisfaction"] and customer["recommendation"]
    comments = data["comments"]
    assert {"self", "supervisor", "customer"} <= comments.keys()
    assert {"peer", "colleagues"} & comments.keys()
    texts = [c["text"] for entries in comments.values() for c in entries]
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in texts)
    assert any(t.isascii() for t in texts)
    kinds = {a["kind"] for a in data["action_items"]}
    assert kinds >= {"critical_failure", "customer_low_rating"}


# ---- the README's demo table, tried through the API as a new user would -------------------

README = Path(__file__).resolve().parents[1] / "README.md"
LOGIN = re.compile(r"`([\w.+-]+@demo\.example)`")
OPEN_360 = "2026 Q4 peer feedback 360"
RELEASED_360 = "2026 H2 service 360"


def readme_logins() -> dict[str, str]:
    """{email: role cell} of every row of the README's demo table."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Demo") :]
    section = section[: section.index("\n## ", 1)]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 3 and LOGIN.fullmatch(cells[0]):
            rows[LOGIN.fullmatch(cells[0]).group(1)] = cells[1]  # type: ignore[union-attr]
    return rows


def test_readme_table_lists_exactly_the_printed_logins(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    printed = {
        word for line in result.output.splitlines() for word in line.split() if "@demo." in word
    }
    documented = readme_logins()
    assert len(documented) >= 8
    assert set(documented) == printed


def _open_assignments(api: ApiClient, campaign: str) -> list[dict]:
    resp = api.get("/api/v1/me/assignments")
    assert resp.status_code == 200, resp.get_json()
    return [a for a in resp.get_json()["assignments"] if a["campaign"]["name"]["en"] == campaign]


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_every_readme_login_has_what_the_readme_promises(request, engine):
    """Log in as each README login after `flask demo` and find what its row says to try
    (PostgreSQL when TEST_DATABASE_URL is set)."""
    app = request.getfixturevalue("app" if engine == "sqlite" else "pg_app")
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    now = datetime.now(UTC)
    seen: dict[str, dict] = {}
    for email, role in readme_logins().items():
        api = ApiClient(app.test_client())
        resp = api.login(email, demo_org.DEMO_PASSWORD)
        assert resp.status_code == 200, (email, resp.get_json())
        me = api.get("/api/v1/me").get_json()["user"]
        expected_role = (
            "admin"
            if role.startswith("admin")
            else "hr"
            if role.startswith("HR")
            else "shopper"
            if "shopper" in role
            else "employee"
        )
        assert me["role"] == expected_role, (email, role)
        if "(zh-CN)" in role or "(English)" in role:
            assert me["locale"] == ("zh-CN" if "(zh-CN)" in role else "en"), email
        seen[email] = me
        if expected_role in ("hr", "admin"):
            names = {
                c["name"]["en"]: c["status"]
                for c in api.get("/api/v1/campaigns").get_json()["campaigns"]
            }
            assert names[OPEN_360] == "open" and names[RELEASED_360] == "released"
            assert api.get("/api/v1/users").status_code == 200
        if expected_role == "shopper":
            visits = [
                a
                for a in api.get("/api/v1/me/assignments").get_json()["assignments"]
                if a["relationship"] == "mystery_shopper"
            ]
            assert any(datetime.fromisoformat(a["visit"]["window_end"]) > now for a in visits), (
                email
            )
        if "store manager" in role:
            _check_manager(api, me)
        if email == "staff111@demo.example":
            _check_employee(api)
        if email == "lead11@demo.example":
            nominations = api.get("/api/v1/me/nominations").get_json()["campaigns"]
            (campaign,) = [c for c in nominations if c["campaign"]["name"]["en"] == OPEN_360]
            subjects = {n["subject"]["id"] for n in campaign["to_decide"]}
            assert len(campaign["to_decide"]) == 3
            staff111 = select(User.id).where(User.email == "staff111@demo.example")
            assert subjects == {db.session.scalar(staff111)}
            assert api.get("/api/v1/me/team-reviews").get_json()["reviews"]
    assert "staff111@demo.example" in seen and "lead11@demo.example" in seen


def _check_employee(api: ApiClient) -> None:
    """staff111: open self and peer assignments, proposed nominations, a released review."""
    rows = _open_assignments(api, OPEN_360)
    kinds = [a["relationship"] for a in rows]
    assert kinds.count("self") == 1 and kinds.count("peer") == 2, kinds
    assert all(a["status"] == "pending" for a in rows)
    nominations = api.get("/api/v1/me/nominations").get_json()["campaigns"]
    (campaign,) = [c for c in nominations if c["campaign"]["name"]["en"] == OPEN_360]
    assert campaign["campaign"]["status"] == "open"
    assert [n["status"] for n in campaign["nominations"]] == ["proposed"] * 3
    reviews = api.get("/api/v1/me/reviews").get_json()["reviews"]
    assert RELEASED_360 in {r["campaign"]["name"]["en"] for r in reviews}


def _check_manager(api: ApiClient, me: dict) -> None:
    """A store manager: 3 direct reports, team reviews, own review with the upward row,
    and open supervisor assignments for the reports in the open 360."""
    reports = db.session.scalars(select(User.id).where(User.manager_id == me["id"])).all()
    assert len(reports) == 3
    team = api.get("/api/v1/me/team-reviews").get_json()["reviews"]
    assert {r["employee"]["id"] for r in team} == set(reports)
    (released,) = [
        r
        for r in api.get("/api/v1/me/reviews").get_json()["reviews"]
        if r["campaign"]["name"]["en"] == RELEASED_360
    ]
    resp = api.get(f"/api/v1/campaigns/{released['campaign']['id']}/reviews/{me['id']}")
    assert resp.status_code == 200, resp.get_json()
    upward = next(r for r in resp.get_json()["rows"] if r["key"] == "subordinate")
    assert upward["visible"] and upward["n"] == 3
    supervising = _open_assignments(api, OPEN_360)
    assert {a["subject"]["id"] for a in supervising if a["relationship"] == "supervisor"} == set(
        reports
    )


def test_demo_open_work_survives_a_second_run(runner):
    """A second `flask demo` adds no visit while every shopper still has one to do."""
    assert runner.invoke(args=["demo"]).exit_code == 0
    before = counts()
    nominations = db.session.scalar(select(func.count()).select_from(PeerNomination))
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert counts() == before
    assert db.session.scalar(select(func.count()).select_from(PeerNomination)) == nominations
