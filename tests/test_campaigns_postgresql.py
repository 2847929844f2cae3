"""SPEC §7 campaign workflow, §14 PostgreSQL: The HR workflow on PostgreSQL: import, generation,
progress, review queue, demo data."""

from __future__ import annotations

from sqlalchemy import func, select

from server.extensions import db
from server.models import Assignment, Campaign, Submission, User
from server.services.campaigns import progress
from server.services.org import org_import
from server.services.visits import review_queue, visits

CSV = (
    "employee_number,name,email,unit_path,manager_employee_number,job_title,locale\n"
    "P1,王芳,p1@x.test,Acme/Store,,Manager,zh-CN\n"
    + "".join(f"P{n},员工{n},p{n}@x.test,Acme/Store/Team,P1,Sales,zh-CN\n" for n in range(2, 8))
)


def test_workflow_on_postgresql(pg_app) -> None:
    rows = org_import.read_rows("org.csv", CSV.encode())
    assert org_import.import_org(db.session, rows, None).created == 7
    again = org_import.import_org(db.session, org_import.read_rows("org.csv", CSV.encode()), None)
    assert again.unchanged == 7
    db.session.commit()
    runner = pg_app.test_cli_runner()
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    current = db.session.scalar(select(Campaign).where(Campaign.kind == "mixed"))
    assert current.status == "released"
    figures = progress.campaign_progress(db.session, current)
    assert figures["submitted"] > 0 and figures["by_unit"]
    before = db.session.scalar(select(func.count()).select_from(Assignment))
    queue, total = review_queue.list_submissions(
        db.session, {"relationship": "mystery_shopper", "status": "received"}
    )
    # one visit awaits review in the mystery-shop campaign, one in the current mixed 360, one
    # near its review timer in the review-timers campaign (server/demo/demo_timers.py)
    assert total == 3 and all(q["evidence"]["distance_m"] < 300 for q in queue)
    mystery = db.session.scalar(
        select(Campaign).where(Campaign.kind == "mystery_shop").order_by(Campaign.id)
    )
    statuses = sorted(visits.visit_status(s) for _, s in visits.list_visits(db.session, mystery))
    assert statuses.count("approved") == 7 and "rejected" in statuses
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(Assignment)) == before
    assert db.session.scalar(select(func.count()).where(User.email.like("p%@x.test"))) == 7
    assert db.session.scalar(select(func.count()).select_from(Submission)) > 500
