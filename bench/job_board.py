"""Job board benchmark (issue 16 §1): a shopper's board of 500 open jobs against a raw SELECT
of the same job rows.

Run: `.venv/bin/python bench/job_board.py [--pg URL] [--jobs N] [--repeat N]`.
Builds one open mystery-shop campaign (and a second one) with N open jobs over 50 stores,
some requiring a rating or a certification, and a shopper with a conflict, a certification
and a held visit (SQLite in a temp file; PostgreSQL in a schema of its own, dropped
afterwards), then times
  (a) the raw SELECT: the open jobs' visit, offer, campaign, unit and terms rows, in order —
      the same rows, no rules;
  (b) `board.open_jobs` for the shopper (rules per job, distance, sorted);
and prints the ratio, and the SQL statements the board ran for 5 jobs and for N (goal:
the same number: the rules are evaluated in Python on facts loaded once). Median of runs.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, text  # noqa: E402

from bench.aggregate import raw, run_in, settle, timed  # noqa: E402
from server.extensions import db  # noqa: E402
from server.models import Campaign, CampaignForm, OrgUnit, User  # noqa: E402
from server.services.certification.status import record_pass  # noqa: E402
from server.services.forms import forms  # noqa: E402
from server.services.jobs import board, conflicts, publishing, taking  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HOME = (31.2304, 121.4737)
RAW = """
SELECT a.*, o.*, c.*, u.*, t.*
FROM assignment a
JOIN job_offer o ON o.assignment_id = a.id
JOIN campaign c ON c.id = a.campaign_id
LEFT JOIN org_unit u ON u.id = a.unit_id
LEFT JOIN visit_terms t ON t.assignment_id = a.id
WHERE a.rater_id IS NULL AND a.relationship = 'mystery_shopper' AND c.status = 'open'
  AND a.visit_window_end > :now
ORDER BY a.visit_window_start, a.id
"""


def _campaign(fv_id: int, n: int) -> Campaign:
    campaign = Campaign(
        name={"en": f"Visits {n}", "zh-CN": f"暗访{n}"},
        kind="mystery_shop",
        status="open",
        period_start=date(2026, 3, 1),
        period_end=date(2026, 3, 31),
    )
    db.session.add(campaign)
    db.session.flush()
    db.session.add(
        CampaignForm(campaign_id=campaign.id, relationship="mystery_shopper", form_version_id=fv_id)
    )
    return campaign


def build(n_jobs: int, tag: str) -> User:
    """Two open campaigns, 50 stores, `n_jobs` open jobs and a shopper with some history."""
    if db.session.execute(text("SELECT COUNT(*) FROM form_version")).scalar_one() == 0:
        catalogue = forms.load_competencies(ROOT / "forms" / "competencies.yaml")
        path = ROOT / "forms" / "mystery-shop-store.yaml"
        forms.save_definition(db.session, forms.load_form_file(path, catalogue))
    fv_id = db.session.execute(text("SELECT MIN(id) FROM form_version")).scalar_one()
    campaigns = [_campaign(fv_id, n) for n in range(2)]
    stores = [
        OrgUnit(
            path=f"Bench{tag}/S{k}",
            name={"en": f"S{k}", "zh-CN": f"店{k}"},
            kind="store",
            latitude=31.0 + k / 100,
            longitude=121.3 + k / 200,
        )
        for k in range(50)
    ]
    hr = User(email=f"hr{tag}@bench.test", name="HR", role="hr")
    shopper = User(email=f"s{tag}@bench.test", name="Shopper", role="shopper")
    db.session.add_all([*stores, hr, shopper])
    db.session.flush()
    jobs = []
    for i in range(n_jobs):
        needs: dict = {"min_rating": 3.5} if i % 5 == 0 else {}
        if i % 7 == 0:
            needs["certification"] = "complaint"
        start = NOW + timedelta(days=1 + i % 20)
        data = {
            "unit_id": stores[i % len(stores)].id,
            "window_start": start,
            "window_end": start + timedelta(days=3),
            "scenario": {"en": "Lunch visit", "zh-CN": "午餐暗访"},
            "fee_minor": 9000,
            "expense_cap_minor": 5000,
            **needs,
        }
        jobs.append(publishing.publish(db.session, hr, campaigns[i % 2], data))
    conflicts.add(db.session, hr, {"shopper_id": shopper.id, "unit_id": stores[3].id})
    conflicts.set_home(db.session, shopper, {"latitude": HOME[0], "longitude": HOME[1]})
    record_pass(db.session, shopper.id, "complaint", 90.0, NOW - timedelta(days=1))
    taking.take(db.session, shopper, jobs[1].id, NOW, {})
    db.session.commit()
    return shopper


def statements(shopper: User) -> int:
    """SQL statements one listing of the board runs (nothing cached in the session)."""
    seen: list[str] = []

    def capture(*args: object) -> None:
        seen.append(str(args[2]))

    db.session.expire_all()
    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        board.open_jobs(db.session, shopper, NOW)
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    return len(seen)


def measure(label: str, args: argparse.Namespace) -> None:
    small = statements(build(5, "small"))
    db.session.execute(text("DELETE FROM job_offer"))  # only the big board from here on
    db.session.execute(text("UPDATE campaign SET status = 'closed'"))
    db.session.commit()
    shopper_id = build(args.jobs, "big").id
    settle()
    shopper = db.session.get(User, shopper_id)
    assert shopper is not None
    listed = len(board.open_jobs(db.session, shopper, NOW))
    rows = len(raw(RAW, now=NOW))
    print(f"[{label}] {rows} open jobs, {listed} on the shopper's board (conflicts hidden)")
    many = statements(shopper)
    base = timed(lambda: raw(RAW, now=NOW), args.repeat)
    full = timed(lambda: board.open_jobs(db.session, shopper, NOW), args.repeat)
    print(f"RESULT job_board.{label}.raw_select_{args.jobs} {base * 1000:.1f} ms")
    print(f"RESULT job_board.{label}.board_{args.jobs} {full * 1000:.1f} ms target <= 500")
    print(f"RESULT job_board.{label}.ratio {full / base:.2f} x")
    print(f"RESULT job_board.{label}.statements_5 {small} statements")
    print(f"RESULT job_board.{label}.statements_{args.jobs} {many} statements target <= {small}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pg",
        default=os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL"),
    )
    parser.add_argument("--jobs", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            run_in(f"sqlite:///{tmp}/bench.db", lambda: measure("sqlite", args))
    if args.pg:
        run_in(args.pg, lambda: measure("postgresql", args), schema=f"bench_jobs_{os.getpid()}")
    else:
        print("SKIP PostgreSQL: pass --pg URL or set BENCH_DATABASE_URL")


if __name__ == "__main__":
    main()
