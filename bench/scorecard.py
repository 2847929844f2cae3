"""Scorecard benchmark (issue 18): 2,000 employees x a half-year of supervisors' daily
observations (about 500 k tagged answers), the scorecard of every employee for the half-year
against a raw GROUP BY of the same rows.

Run: `.venv/bin/python bench/scorecard.py [--pg URL] [--employees N] [--days N]`.
Builds the data with bulk inserts (SQLite in a temp file; PostgreSQL in a schema of its own,
dropped afterwards), then times
  (a) the raw GROUP BY: per employee and question, COUNT and SUM of the counted answers
      dated in the half-year — the same rows, no rules;
  (b) `scorecard.gather` for the half-year by employee (counting rules, anonymity per
      source, the indicators' points) plus `compute.scorecard` per employee;
and prints the ratio (goal: <= 3). Median of several runs.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text  # noqa: E402

from bench.aggregate import _copy_items, insert_people, raw, run_in, settle, timed  # noqa: E402
from server.extensions import db  # noqa: E402
from server.models import Campaign, CampaignForm, Submission  # noqa: E402
from server.services.forms import forms  # noqa: E402
from server.services.scorecard import load_definitions, scorecard  # noqa: E402
from server.services.scorecard.gather import gather  # noqa: E402
from server.services.scoring import scoring  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
START = datetime(2026, 1, 1, tzinfo=UTC)
END = datetime(2026, 7, 1, tzinfo=UTC)
RAW = """
SELECT s.subject_id, i.question_id, COUNT(i.score), SUM(i.score)
FROM item_score i JOIN submission s ON s.id = i.submission_id
WHERE i.counted AND s.completed_at >= :a AND s.completed_at < :b
GROUP BY s.subject_id, i.question_id
"""
QUESTIONS = ("greeted_proactively", "discovered_needs", "polite_language", "offered_help")


def _observation_form() -> tuple[int, dict[str, Any]]:
    catalogue = forms.load_competencies(ROOT / "forms" / "competencies.yaml")
    definition = forms.load_form_file(ROOT / "forms" / "supervisor-observation.yaml", catalogue)
    forms.save_definition(db.session, definition)
    return db.session.execute(text("SELECT id FROM form_version")).scalar_one(), definition


def generate(n_emp: int, days: int) -> int:
    """n_emp employees, each observed on `days` random days of the half-year."""
    rng = random.Random(11)
    fv_id, definition = _observation_form()
    campaign = Campaign(
        name={"en": "Obs", "zh-CN": "观察"},
        kind="360",
        status="open",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
    )
    db.session.add(campaign)
    db.session.flush()
    db.session.add(
        CampaignForm(campaign_id=campaign.id, relationship="supervisor", form_version_id=fv_id)
    )
    emp_ids = insert_people(n_emp)
    scored = {}
    for mask in range(16):
        answers = {q: bool(mask >> k & 1) for k, q in enumerate(QUESTIONS)}
        scored[mask] = (answers, scoring.score_submission(definition, answers, []))
    subs: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    for subject in emp_ids:
        supervisor = rng.choice(emp_ids)
        for day in rng.sample(range(181), days):
            sid = str(uuid.UUID(int=rng.getrandbits(128)))
            answers, result = scored[rng.choice((15, 15, 15, 14, 13, 11, 7, 5))]
            subs.append({
                "id": sid, "campaign_id": campaign.id, "form_version_id": fv_id,
                "relationship": "supervisor", "subject_id": subject, "rater_id": supervisor,
                "answers": answers, "na": [], "content_sha256": "0" * 64, "status": "received",
                "completed_at": START + timedelta(days=day, hours=rng.randrange(1, 12)),
                "form_score": result.form_score, "outcome": result.outcome,
                "critical_failures": [], "section_scores": result.section_scores,
                "competency_scores": result.competency_scores,
            })  # fmt: skip
            items.extend({
                "submission_id": sid, "campaign_id": campaign.id, "subject_id": subject,
                "relationship": "supervisor", "question_id": i.question_id,
                "section_id": i.section_id, "competency": i.competency,
                "value_num": i.value_num, "score": i.score, "weight": i.weight,
                "counted": i.counted, "is_na": i.is_na,
            } for i in result.items)  # fmt: skip
    conn = db.session.connection()
    for start in range(0, len(subs), 5000):
        conn.execute(Submission.__table__.insert(), subs[start : start + 5000])
    if conn.dialect.name == "postgresql":
        _copy_items(conn, items)
    else:
        from server.models import ItemScore

        for start in range(0, len(items), 50000):
            conn.execute(ItemScore.__table__.insert(), items[start : start + 50000])
    db.session.commit()
    return len(items)


def measure(label: str, args: argparse.Namespace) -> None:
    n_rows = generate(args.employees, args.days)
    print(f"[{label}] {n_rows} answers ({args.employees} employees x {args.days} observations)")
    settle()
    defs = load_definitions(ROOT / "forms" / "indicators.yaml")

    def cards() -> int:
        tallies = gather(db.session, defs, START, END, by="subject", now=END)
        return sum(scorecard(defs, t).score is not None for t in tallies.values())

    assert cards() == args.employees
    base = timed(lambda: raw(RAW, a=START, b=END), args.repeat)
    full = timed(cards, args.repeat)
    print(f"RESULT scorecard.{label}.raw_group_by {base:.3f} s")
    print(f"RESULT scorecard.{label}.half_year_all_employees {full:.3f} s")
    print(f"RESULT scorecard.{label}.ratio {full / base:.2f} x target <= 3")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pg",
        default=os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL"),
    )
    parser.add_argument("--employees", type=int, default=2000)
    parser.add_argument("--days", type=int, default=83, help="observations per employee")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            run_in(f"sqlite:///{tmp}/bench.db", lambda: measure("sqlite", args))
    if args.pg:
        run_in(
            args.pg, lambda: measure("postgresql", args), schema=f"bench_scorecard_{os.getpid()}"
        )
    else:
        print("SKIP PostgreSQL: pass --pg URL or set BENCH_DATABASE_URL")


if __name__ == "__main__":
    main()
