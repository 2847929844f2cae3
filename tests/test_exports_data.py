"""SPEC §8 exports, §6 anonymity: CSV/XLSX exports: parse back, match the review data, rater codes,
HR only; CLI commands."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from server.extensions import db
from server.models import AuditEvent, ItemScore, Submission
from server.services.exports import exports
from server.services.reviews import batch, review
from tests.factories import campaign_and_form
from tests.reports_data import build


def parse_csv(body: bytes) -> list[dict[str, str]]:
    assert body.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def parse_xlsx(body: bytes) -> list[dict[str, object]]:
    sheet = openpyxl.load_workbook(io.BytesIO(body), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def export_url(data, name: str) -> str:
    return f"/api/v1/campaigns/{data.campaign.id}/exports/{name}"


def test_answers_csv_one_row_per_answer_with_codes_for_anonymous_raters(app, hr_client) -> None:
    data = build(app)
    resp = hr_client.get(export_url(data, "answers.csv"))
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    rows = parse_csv(resp.data)
    expected = db.session.scalar(
        select(func.count())
        .select_from(ItemScore)
        .where(
            ItemScore.campaign_id == data.campaign.id,
            ItemScore.counted.is_(True) | ItemScore.is_na.is_(True),
        )
    )
    assert len(rows) == expected > 0
    peers = {r["rater"] for r in rows if r["relationship"] == "peer"}
    assert len(peers) == 3 and all(re.fullmatch(r"R-[A-Z2-9]{6}", c) for c in peers)
    customers = {r["rater"] for r in rows if r["relationship"] == "customer"}
    assert len(customers) == 5  # each anonymous customer response is its own rater
    assert {r["rater"] for r in rows if r["relationship"] == "supervisor"} == {"M0001"}
    peer_emails = {p.email for p in data.peers}
    assert not any(r["rater"] in peer_emails for r in rows)
    first = next(
        r
        for r in rows
        if r["subject_employee_number"] == "E1042"
        and r["relationship"] == "supervisor"
        and r["item"] == "greets_first"
    )
    assert (first["value"], float(first["score"]), first["na"]) == ("5", 100.0, "False")
    assert first["form_key"] == "service-360" and first["subject_name"] == "李强"
    # Free-text comments are not exported next to a stable code.
    assert not any("SECRET" in v for r in rows for v in r.values())
    db.session.rollback()
    again = parse_csv(hr_client.get(export_url(data, "answers.csv")).data)
    assert {r["rater"] for r in again if r["relationship"] == "peer"} == peers


def test_rater_codes_differ_between_campaigns(app) -> None:
    first = build(app)
    sub = db.session.scalars(
        select(Submission).where(
            Submission.campaign_id == first.campaign.id, Submission.relationship == "peer"
        )
    ).first()
    key = f"user:{sub.rater_id}"
    codes = [exports.rater_codes(db.session, first.campaign.id, [key])[key]]
    second, _fv = campaign_and_form()
    codes.append(exports.rater_codes(db.session, second.id, [key])[key])
    assert codes[0] != codes[1]
    assert exports.rater_codes(db.session, first.campaign.id, [key])[key] == codes[0]


def test_summary_matches_review_data_and_hides_hidden_rows(app, hr_client) -> None:
    data = build(app)
    rows = {
        r["employee_number"]: r
        for r in parse_csv(hr_client.get(export_url(data, "summary.csv")).data)
    }
    assert set(rows) == {"E1041", "E1042"}
    for employee in (data.employee, data.other):
        expected = review.build_review(db.session, data.campaign.id, employee.id, audience="hr")
        row = rows[employee.employee_number]
        assert float(row["overall_index"]) == pytest.approx(expected["overall_index"])
        for r in expected["rows"]:
            if r["visible"]:
                assert float(row[f"{r['key']}.form_score"]) == pytest.approx(r["form_score"])
                for key, figure in r["competencies"].items():
                    assert float(row[f"{r['key']}.{key}"]) == pytest.approx(figure["score"])
            else:
                assert row[f"{r['key']}.n"] == row[f"{r['key']}.form_score"] == ""
    assert rows["E1041"]["peer.n"] == "" and rows["E1042"]["peer.n"] == "3"


def test_xlsx_exports_parse_back(app, hr_client) -> None:
    data = build(app)
    resp = hr_client.get(export_url(data, "summary.xlsx"))
    assert resp.status_code == 200 and resp.mimetype.endswith("spreadsheetml.sheet")
    rows = parse_xlsx(resp.data)
    other = next(r for r in rows if r["employee_number"] == "E1042")
    expected = review.build_review(db.session, data.campaign.id, data.other.id, audience="hr")
    assert other["overall_index"] == pytest.approx(expected["overall_index"])
    answers = parse_xlsx(hr_client.get(export_url(data, "answers.xlsx")).data)
    csv_rows = parse_csv(hr_client.get(export_url(data, "answers.csv")).data)
    assert len(answers) == len(csv_rows)
    assert (
        db.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action.like("export.%"))
        )
        == 3
    )


@pytest.mark.parametrize("name", ["answers.csv", "summary.xlsx"])
def test_exports_are_hr_only(app, employee_client, client, name) -> None:
    data = build(app)
    assert employee_client.get(export_url(data, name)).status_code == 403
    assert client.get(export_url(data, name)).status_code == 401


def test_export_unknown_campaign_or_format(app, hr_client) -> None:
    assert hr_client.get("/api/v1/campaigns/999/exports/answers.csv").status_code == 404
    data = build(app)
    assert hr_client.get(export_url(data, "answers.pdf")).status_code == 404


def test_batch_reports_a_failed_review_and_goes_on(app, tmp_path: Path) -> None:
    """The ZIP job (queued rounds, server.services.reviews.zips; immediate in tests)."""
    from server import storage
    from server.tasks import reviews as review_tasks

    data = build(app)
    missing = 987654
    job = batch.create_job(db.session, data.campaign.id, None, 2, [data.other.id, missing])
    job_id = job.id
    db.session.commit()  # and no transaction open (a write lock) while the task runs
    review_tasks.start_zip(job_id)
    db.session.refresh(job)
    assert job.status == "done" and job.done == 2
    assert [(f["employee_id"], f["name"]) for f in job.failures] == [(missing, None)]
    failed = batch.failure_entry(db.session, batch.Result(data.other.id, error="boom"))
    assert failed == {"employee_id": data.other.id, "name": data.other.name, "error": "boom"}
    import io
    import zipfile

    zipped = io.BytesIO(storage.for_app().get(job.result_path or ""))
    with zipfile.ZipFile(zipped) as archive:
        assert len(archive.namelist()) == 1


def test_cli_reviews_build_and_exports(app, runner, tmp_path: Path) -> None:
    data = build(app)
    out = tmp_path / "pdfs"
    result = runner.invoke(
        args=[
            "reviews",
            "build",
            "--campaign",
            str(data.campaign.id),
            "--out",
            str(out),
            "--workers",
            "2",
        ]
    )
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("*.pdf"))) == 2
    assert "2 of 2 reviews" in result.output
    target = tmp_path / "summary.csv"
    result = runner.invoke(
        args=[
            "exports",
            "summary",
            "--campaign",
            str(data.campaign.id),
            "--format",
            "csv",
            "--out",
            str(target),
        ]
    )
    assert result.exit_code == 0, result.output
    assert len(parse_csv(target.read_bytes())) == 2
    result = runner.invoke(args=["reviews", "build", "--campaign", "999", "--out", str(out)])
    assert result.exit_code != 0
