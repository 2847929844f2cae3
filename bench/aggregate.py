"""Campaign aggregation benchmark (SPEC §13): 2,000 employees x 12 raters x 40 items.

Run: `.venv/bin/python bench/aggregate.py [--pg URL] [--employees N]`.
Builds the data set with bulk inserts (SQLite in a temp file; PostgreSQL in the
schema `bench_aggregate_<pid>`, dropped afterwards), then times
  (a) whole-campaign aggregation (server.services.scoring.aggregation.aggregate_campaign)
  (b) one employee's review data (aggregate_subject and review.build_review)
each next to a raw SQL GROUP BY over the same rows (same sums, no Python), and
prints the ratio. Median of several runs. Figures depend on machine load: run it
on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text  # noqa: E402

from server import create_app  # noqa: E402
from server.extensions import db  # noqa: E402
from server.models import Campaign, ItemScore, OrgUnit, Submission, User  # noqa: E402
from server.services.forms import forms  # noqa: E402
from server.services.scoring import aggregation, anonymity, scoring  # noqa: E402

RELS = ["self", "supervisor"] + ["peer"] * 5 + ["subordinate"] * 5
PG_SCHEMA = f"bench_aggregate_{os.getpid()}"
# Baselines: the same per-group sums from hand-written SQL, nothing else (the service also
# decides counting, pools colleagues/others and applies anonymity). The campaign baseline
# groups in the covering index's order, so it is the fastest plain GROUP BY available.
RAW_CAMPAIGN = """
SELECT subject_id, question_id, relationship, COUNT(*), SUM(value_num), SUM(score)
FROM item_score WHERE campaign_id = :c AND counted
GROUP BY subject_id, question_id, relationship
"""
RAW_SUBJECT = """
SELECT relationship, question_id, value_num, COUNT(*), SUM(score)
FROM item_score WHERE campaign_id = :c AND subject_id = :e AND counted
GROUP BY relationship, question_id, value_num
"""


def bench_form(n_items: int) -> dict[str, Any]:
    per = n_items // 4
    sections = [
        {
            "id": f"s{k}",
            "title": {"en": f"S{k}", "zh-CN": f"S{k}"},
            "weight": 25,
            "competency": f"comp_{k}",
            "questions": [
                {
                    "id": f"q{k * per + j:02d}",
                    "type": "rating",
                    "allow_na": True,
                    "label": {"en": f"Q{k * per + j}", "zh-CN": f"Q{k * per + j}"},
                }
                for j in range(per)
            ],
        }
        for k in range(4)
    ]
    sections.append(
        {
            "id": "c",
            "title": {"en": "C", "zh-CN": "C"},
            "weight": 0,
            "questions": [
                {
                    "id": "remarks",
                    "type": "text",
                    "comment": True,
                    "label": {"en": "Remarks", "zh-CN": "意见"},
                }
            ],
        }
    )
    return forms.validate_definition(
        {
            "key": "bench-360",
            "title": {"en": "Bench", "zh-CN": "Bench"},
            "relationships": ["self", "supervisor", "peer", "subordinate"],
            "scale": {"min": 1, "max": 5},
            "sections": sections,
        }
    )


def insert_people(n_emp: int) -> list[int]:
    """n_emp employees in units of 20 (bulk insert); their ids in order."""
    units = [
        OrgUnit(path=f"Bench/U{k}", name={"en": f"U{k}", "zh-CN": f"U{k}"})
        for k in range(max(1, n_emp // 20))
    ]
    db.session.add_all(units)
    db.session.flush()
    db.session.connection().execute(
        User.__table__.insert(),
        [
            {
                "email": f"e{k}@bench.test",
                "name": f"E{k}",
                "role": "employee",
                "unit_id": units[k % len(units)].id,
                "session_token": uuid.uuid4().hex,
            }
            for k in range(n_emp)
        ],
    )
    return list(db.session.execute(text('SELECT id FROM "user" ORDER BY id')).scalars())


def generate(n_emp: int, n_items: int) -> tuple[int, list[int]]:
    """Insert units, users, a campaign and n_emp x 12 scored submissions; return ids."""
    rng = random.Random(7)
    session = db.session
    forms.save_definition(session, bench_form(n_items))
    fv_id = session.execute(text("SELECT id FROM form_version")).scalar_one()
    definition = bench_form(n_items)
    campaign = Campaign(
        name={"en": "Bench", "zh-CN": "Bench"},
        kind="360",
        status="released",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
    )
    session.add(campaign)
    session.flush()
    emp_ids = insert_people(n_emp)
    subs: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    qids = [q["id"] for s in definition["sections"] for q in s["questions"] if q["scored"]]
    for subject in emp_ids:
        for rel in RELS:
            sid = str(uuid.UUID(int=rng.getrandbits(128)))
            answers = {q: rng.choice((2, 3, 4, 4, 5, 5)) for q in qids}
            na = [q for q in qids if rng.random() < 0.05]
            result = scoring.score_submission(definition, answers, na)
            subs.append(
                {
                    "id": sid,
                    "campaign_id": campaign.id,
                    "form_version_id": fv_id,
                    "relationship": rel,
                    "subject_id": subject,
                    "answers": answers,
                    "na": na,
                    "content_sha256": "0" * 64,
                    "status": "received",
                    "rater_id": subject if rel == "self" else rng.choice(emp_ids),
                    "form_score": result.form_score,
                    "outcome": result.outcome,
                    "critical_failures": [],
                    "section_scores": result.section_scores,
                    "competency_scores": result.competency_scores,
                }
            )
            items.extend(
                {
                    "submission_id": sid,
                    "campaign_id": campaign.id,
                    "subject_id": subject,
                    "relationship": rel,
                    "question_id": i.question_id,
                    "section_id": i.section_id,
                    "competency": i.competency,
                    "value_num": i.value_num,
                    "score": i.score,
                    "weight": i.weight,
                    "counted": i.counted,
                    "is_na": i.is_na,
                }
                for i in result.items
            )
    conn = session.connection()
    for start in range(0, len(subs), 5000):
        conn.execute(Submission.__table__.insert(), subs[start : start + 5000])
    if conn.dialect.name == "postgresql":
        _copy_items(conn, items)
    else:
        for start in range(0, len(items), 50000):
            conn.execute(ItemScore.__table__.insert(), items[start : start + 50000])
    session.commit()
    return campaign.id, emp_ids


def _copy_items(conn: Any, items: list[dict[str, Any]]) -> None:
    """PostgreSQL COPY of the item rows (executemany of 1 M rows takes minutes)."""
    cols = [
        "submission_id",
        "campaign_id",
        "subject_id",
        "relationship",
        "question_id",
        "section_id",
        "competency",
        "value_num",
        "score",
        "weight",
        "counted",
        "is_na",
    ]
    cursor = conn.connection.driver_connection.cursor()
    with cursor.copy(f"COPY item_score ({', '.join(cols)}) FROM STDIN") as copy:
        for row in items:
            copy.write_row([row[c] for c in cols])


def timed(fn: Any, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        db.session.expire_all()
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def raw(sql: str, **params: Any) -> Any:
    conn = db.session.connection()
    return conn.execute(text(sql), params).fetchall()


def settle() -> None:
    """Settle freshly loaded data as a long-running database would be: SQLite's WAL
    checkpointed and statistics gathered; PostgreSQL vacuumed (visibility map for
    index-only scans) and analysed."""
    db.session.commit()
    db.session.close()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        db.engine.dispose()
        raw_conn = sqlite3.connect(str(db.engine.url.database))
        raw_conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        raw_conn.execute("ANALYZE")
        raw_conn.close()


def run_in(url: str, body: Any, schema: str | None = None) -> None:
    """Run `body()` in an app on `url` with the tables created (PostgreSQL: in `schema`,
    created first and dropped afterwards)."""
    from sqlalchemy import create_engine

    admin = create_engine(url) if schema else None
    if admin is not None:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        sep = "&" if "?" in url else "?"
        url = f"{url}{sep}options=-csearch_path%3D{schema}"
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
        with app.app_context():
            db.create_all()
            body()
            db.session.remove()
            db.engine.dispose()
    finally:
        if admin is not None:
            with admin.begin() as conn:
                conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            admin.dispose()


def measure(label: str, n_emp: int, n_items: int, repeat: int) -> None:
    from server.services.reviews import review

    start = time.perf_counter()
    campaign_id, emp_ids = generate(n_emp, n_items)
    n_rows = db.session.execute(text("SELECT COUNT(*) FROM item_score")).scalar_one()
    print(f"[{label}] generated {n_rows} item rows in {time.perf_counter() - start:.1f} s")
    settle()
    t = anonymity.thresholds_for(None)
    subject = emp_ids[len(emp_ids) // 2]
    base_a = timed(lambda: raw(RAW_CAMPAIGN, c=campaign_id), repeat)
    full_a = timed(lambda: aggregation.aggregate_campaign(db.session, campaign_id, t), repeat)
    base_b = timed(lambda: raw(RAW_SUBJECT, c=campaign_id, e=subject), repeat * 5)
    agg_b = timed(
        lambda: aggregation.aggregate_subject(db.session, campaign_id, subject, t), repeat * 5
    )
    rev_b = timed(lambda: review.build_review(db.session, campaign_id, subject), repeat * 5)
    print(f"RESULT aggregate.{label}.campaign.raw_group_by {base_a:.3f} s")
    print(f"RESULT aggregate.{label}.campaign {full_a:.3f} s target <= 5")
    print(f"RESULT aggregate.{label}.campaign.ratio {full_a / base_a:.2f} x target <= 3")
    print(f"RESULT aggregate.{label}.employee.raw_group_by {base_b * 1000:.2f} ms")
    print(f"RESULT aggregate.{label}.employee.aggregate {agg_b * 1000:.2f} ms target <= 50")
    print(f"RESULT aggregate.{label}.employee.build_review {rev_b * 1000:.2f} ms target <= 50")
    print(f"RESULT aggregate.{label}.employee.ratio {rev_b / base_b:.2f} x")


def run_sqlite(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        run_in(
            f"sqlite:///{tmp}/bench.db",
            lambda: measure("sqlite", args.employees, args.items, args.repeat),
        )


def run_pg(args: argparse.Namespace) -> None:
    run_in(
        args.pg,
        lambda: measure("postgresql", args.employees, args.items, args.repeat),
        schema=PG_SCHEMA,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pg",
        default=os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL"),
        help="PostgreSQL URL (e.g. postgresql+psycopg://postgres@127.0.0.1/test)",
    )
    parser.add_argument("--employees", type=int, default=2000)
    parser.add_argument("--items", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    if not args.skip_sqlite:
        run_sqlite(args)
    if args.pg:
        run_pg(args)
    else:
        print("SKIP PostgreSQL: pass --pg URL or set BENCH_DATABASE_URL")


if __name__ == "__main__":
    main()
