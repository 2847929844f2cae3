"""Benchmark the PDF reviews (SPEC section 13): one review, time outside WeasyPrint, batch speed-up.

    .venv/bin/python bench/reports.py [--employees 200] [--repeat 7] [--skip-batch]

Builds a throw-away SQLite database (migrations, shipped forms, one 360 + customer campaign
with N employees, each rated by self, supervisor, 4 peers, 3 direct reports and 4 customers),
then prints:
- the median wall time of one review (build data + template + WeasyPrint layout + PDF);
- the share of that time spent outside WeasyPrint's layout and rendering (our dict building
  and Jinja/SVG templating, against HTML(...).render() + write_pdf());
- the time of an N-review batch on 1 and on 2 worker processes and the speed-up.
Targets: <= 0.6 s, <= 15 %, >= 1.6x.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from server import create_app  # noqa: E402
from server.config import Config  # noqa: E402
from server.extensions import db  # noqa: E402
from server.models import (  # noqa: E402
    Campaign,
    CampaignForm,
    Form,
    FormVersion,
    OrgUnit,
    Submission,
    User,
)
from server.services.forms import forms  # noqa: E402
from server.services.scoring import scoring  # noqa: E402

PLAN = {"self": 1, "supervisor": 1, "peer": 4, "subordinate": 3, "customer": 4}


def _version(key: str) -> FormVersion:
    return db.session.scalars(
        select(FormVersion).join(Form).where(Form.key == key).order_by(FormVersion.version.desc())
    ).first()


def _answers(definition: dict, rng: random.Random, center: float) -> dict:
    out: dict = {}
    for section in definition["sections"]:
        for q in section["questions"]:
            if q["type"] == "rating":
                lo, hi = (
                    q.get("scale", definition["scale"])["min"],
                    q.get("scale", definition["scale"])["max"],
                )
                out[q["id"]] = max(lo, min(hi, round(rng.gauss(center * hi, 0.9))))
            elif q["type"] == "text" and q.get("comment"):
                out[q["id"]] = rng.choice(
                    [
                        "服务耐心，值得学习。",
                        "Always greets customers first.",
                        "高峰时段可以更主动地协助同事。",
                    ]
                )
    return out


def build_data(employees: int) -> tuple[int, list[int]]:
    """Create the campaign and its scored submissions; return (campaign id, employee ids)."""
    rng = random.Random(1)
    forms.sync_forms(db.session, Config.FORMS_DIR)
    fv360, fvcust = _version("service-360"), _version("customer-satisfaction")
    unit = OrgUnit(name={"en": "Store 1", "zh-CN": "一号店"}, path="Bench/Store 1")
    db.session.add(unit)
    db.session.flush()
    campaign = Campaign(
        name={"en": "Bench review", "zh-CN": "基准评估"},
        kind="mixed",
        status="closed",
        report_locale="zh-CN",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
    )
    db.session.add(campaign)
    db.session.flush()
    for rel, fv in [
        ("self", fv360),
        ("supervisor", fv360),
        ("peer", fv360),
        ("subordinate", fv360),
        ("customer", fvcust),
    ]:
        db.session.add(
            CampaignForm(campaign_id=campaign.id, relationship=rel, form_version_id=fv.id)
        )
    people = [
        User(
            email=f"b{i}@bench.test",
            name=f"员工{i:03d}",
            role="employee",
            employee_number=f"B{i:04d}",
            unit_id=unit.id,
            job_title="店员",
        )
        for i in range(employees)
    ]
    db.session.add_all(people)
    db.session.flush()
    for person in people:
        center = rng.uniform(0.6, 0.95)
        for rel, count in PLAN.items():
            fv = fvcust if rel == "customer" else fv360
            for _ in range(count):
                rater = None if rel == "customer" else rng.choice(people).id
                sub = Submission(
                    id=str(uuid.uuid4()),
                    campaign_id=campaign.id,
                    form_version_id=fv.id,
                    relationship=rel,
                    rater_id=rater,
                    subject_id=person.id,
                    unit_id=unit.id,
                    answers=_answers(fv.definition, rng, center),
                    na=[],
                    content_sha256="0" * 64,
                    status="received",
                )
                db.session.add(sub)
                db.session.flush()
                scoring.apply_scores(db.session, sub, fv.definition)
    db.session.commit()
    return campaign.id, [p.id for p in people]


def time_one(campaign_id: int, employee_id: int, repeat: int) -> None:
    """Median total time of one review and the share outside WeasyPrint."""
    from server.reports import render
    from server.services.reviews import review

    render.warm_up()
    totals, ours, cpu = [], [], []
    for _ in range(repeat):
        # The previous iteration's layout garbage (about a million objects in cycles) is
        # collected here, not in the middle of the next review's data phase, where it would
        # be charged to "outside WeasyPrint" (it swung that share between 2 % and 12 %).
        gc.collect()
        c0 = time.process_time()
        t0 = time.perf_counter()
        data = review.build_review(db.session, campaign_id, employee_id, audience="hr")
        html = render.render_review_html(data, draft=True)
        t1 = time.perf_counter()
        render.html_to_pdf(html)  # WeasyPrint layout + PDF, as the product calls it
        t2 = time.perf_counter()
        cpu.append(time.process_time() - c0)
        db.session.rollback()
        totals.append(t2 - t0)
        ours.append(t1 - t0)
    median = statistics.median(totals)
    share = statistics.median(o / t for o, t in zip(ours, totals, strict=True))
    print(
        f"one review: median {median:.3f} s over {repeat} runs (target <= 0.6 s); "
        f"CPU time of this process {statistics.median(cpu):.3f} s "
        f"(wall exceeds CPU when other processes compete for the cores)"
    )
    print(
        f"  outside WeasyPrint (review data + template): median {statistics.median(ours):.3f} s"
        f" = {100 * share:.1f} % of the total (target <= 15 %)"
    )
    print(f"RESULT pdf.review.median {median:.3f} s target <= 0.6")
    print(f"RESULT pdf.review.cpu_median {statistics.median(cpu):.3f} s")
    print(f"RESULT pdf.review.outside_weasyprint {100 * share:.1f} % target <= 15")
    floor = plain_table_time(html, repeat)
    print(
        f"  baseline: WeasyPrint lays out a bare table with the review's {_cells(html)} cells "
        f"in {floor:.3f} s; the review takes {median / floor:.2f}x that"
    )
    print(f"RESULT pdf.review.plain_table_baseline {floor:.3f} s")
    print(f"RESULT pdf.review.ratio_to_plain_table {median / floor:.2f} x")


def _cells(html: str) -> int:
    return html.count("<td") + html.count("<th")


def plain_table_time(review_html: str, repeat: int) -> float:
    """Median time of a bare 4-column table with as many cells as the review, same fonts.

    The review's cost is dominated by WeasyPrint's per-box layout work; this baseline
    shows what the same number of boxes costs without our charts, styles or structure.
    """
    from server.reports import render

    rows = "".join(
        f"<tr><td>项目 {i}</td><td>服务耐心 Patient</td><td>{i % 5}.5</td><td>88.0</td></tr>"
        for i in range(_cells(review_html) // 4)
    )
    html = f'<html lang="zh-CN"><body><table>{rows}</table></body></html>'
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        render.html_to_pdf(html)
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def parallel_baseline() -> float:
    """Speed-up of a trivially parallel CPU loop on 2 processes over 1, in this same run.

    It bounds what any 2-worker batch can reach on this machine right now (other load,
    hyper-threads sharing a core).
    """
    from concurrent.futures import ProcessPoolExecutor

    times = {}
    for workers in (1, 2):
        with ProcessPoolExecutor(workers) as pool:
            t0 = time.perf_counter()
            list(pool.map(_spin, [4_000_000] * 4))
            times[workers] = time.perf_counter() - t0
    return times[1] / times[2]


def time_batch(url: str, campaign_id: int, ids: list[int]) -> None:
    """N reviews on 1 and 2 worker processes."""
    from server.services.reviews import batch

    config = batch.WorkerConfig(url)
    times = {}
    for workers in (1, 2):
        t0 = time.perf_counter()
        results = list(batch.build_reviews(campaign_id, ids, config, workers))
        times[workers] = time.perf_counter() - t0
        failed = sum(1 for r in results if r.error)
        print(
            f"batch of {len(ids)} on {workers} worker(s): {times[workers]:.1f} s "
            f"({times[workers] / len(ids):.3f} s per review, {failed} failed)"
        )
    print(f"  speed-up 2 workers over 1: {times[1] / times[2]:.2f}x (target >= 1.6x)")
    baseline = parallel_baseline()
    print(
        f"  baseline: a plain CPU loop on 2 processes runs {baseline:.2f}x faster than on 1 "
        f"here; the batch reaches {times[1] / times[2] / baseline:.0%} of that"
    )
    print(f"RESULT pdf.batch.seconds_1_worker {times[1]:.1f} s")
    print(f"RESULT pdf.batch.seconds_2_workers {times[2]:.1f} s")
    print(f"RESULT pdf.batch.speedup {times[1] / times[2]:.2f} x target >= 1.6")
    print(f"RESULT pdf.batch.cpu_loop_baseline_speedup {baseline:.2f} x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--skip-batch", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "ATTACHMENT_DIR": f"{tmp}/att"})
        with app.app_context():
            from flask_migrate import upgrade

            upgrade()
            t0 = time.perf_counter()
            campaign_id, ids = build_data(args.employees)
            print(
                f"data: {args.employees} employees, "
                f"{args.employees * sum(PLAN.values())} submissions "
                f"in {time.perf_counter() - t0:.1f} s"
            )
            time_one(campaign_id, ids[0], args.repeat)
            db.session.remove()
        if not args.skip_batch:
            time_batch(url, campaign_id, ids)


if __name__ == "__main__":
    main()
