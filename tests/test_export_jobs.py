"""Issue 13 §1 ("every long job is a task: … large exports") and SPEC §8 exports (§6
anonymity through the same service): `POST /api/v1/campaigns/<id>/exports` queues an
export job whose file equals the GET export's, stored under `exports/<job id>.<format>`
(file store and S3), served by `GET /jobs/<id>/download`; HR/admin only; idempotent;
retried with backoff and by the admin's retry; hostile bodies are a 422, never a 500.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from server import storage
from server.extensions import db
from server.models import AuditEvent, Job
from server.services.exports import jobs as export_jobs
from server.tasks import exports as export_tasks
from server.tasks import huey
from tests.factories import ApiClient
from tests.reports_data import build
from tests.services.s3 import PREFIX, s3_client

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}


def start(api: ApiClient, campaign_id: int, kind: str, fmt: str, **kw: Any) -> Any:
    return api.post(
        f"/api/v1/campaigns/{campaign_id}/exports", json={"kind": kind, "format": fmt}, **kw
    )


def started(api: ApiClient, campaign_id: int, kind: str, fmt: str) -> dict[str, Any]:
    resp = start(api, campaign_id, kind, fmt)
    db.session.rollback()  # a POST's transaction (SQLite write lock) ends with its request
    assert resp.status_code == 202, resp.get_json()
    body: dict[str, Any] = resp.get_json()
    assert body["kind"] == "export" and body["campaign_id"] == campaign_id
    return body


def campaign_of(app: Any) -> int:
    campaign_id = build(app).campaign.id
    db.session.rollback()  # no transaction (SQLite write lock) held while tasks run
    return campaign_id


@pytest.mark.parametrize("kind", ["answers", "summary"])
def test_job_file_is_the_get_exports_file(app: Any, hr_client: ApiClient, kind: str) -> None:
    campaign_id = campaign_of(app)
    direct = hr_client.get(f"/api/v1/campaigns/{campaign_id}/exports/{kind}.csv")
    job = started(hr_client, campaign_id, kind, "csv")
    assert job["status"] == "done" and job["download_ready"] is True
    assert hr_client.get(f"/api/v1/jobs/{job['id']}").get_json() == job
    resp = hr_client.get(f"/api/v1/jobs/{job['id']}/download")
    assert resp.status_code == 200 and resp.data == direct.data
    assert resp.headers["Content-Type"] == direct.headers["Content-Type"]
    assert resp.headers["Content-Disposition"] == direct.headers["Content-Disposition"]
    row = db.session.get(Job, job["id"])
    assert row is not None and row.result_path == f"exports/{job['id']}.csv"
    assert row.state == {"kind": kind, "format": "csv"}
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-3:] == [f"export.{kind}", "export_job.start", f"export.{kind}"]


def test_job_on_postgresql(pg_app: Any) -> None:
    """The same path on PostgreSQL: rater codes drawn by the job (a write transaction in
    a task), the file equal to the GET export's."""
    from tests.conftest import _logged_in

    hr = _logged_in(pg_app, "hr")
    campaign_id = campaign_of(pg_app)
    job = started(hr, campaign_id, "answers", "csv")
    assert job["status"] == "done"
    body = hr.get(f"/api/v1/jobs/{job['id']}/download").data
    db.session.rollback()
    assert body == hr.get(f"/api/v1/campaigns/{campaign_id}/exports/answers.csv").data


def test_xlsx_job_reads_back_as_the_get_export(app: Any, hr_client: ApiClient) -> None:
    campaign_id = campaign_of(app)
    job = started(hr_client, campaign_id, "answers", "xlsx")
    resp = hr_client.get(f"/api/v1/jobs/{job['id']}/download")
    assert resp.status_code == 200 and resp.mimetype.endswith("spreadsheetml.sheet")
    direct = hr_client.get(f"/api/v1/campaigns/{campaign_id}/exports/answers.xlsx")

    def cells(body: bytes) -> list[tuple[Any, ...]]:
        sheet = openpyxl.load_workbook(io.BytesIO(body), read_only=True).active
        return list(sheet.iter_rows(values_only=True))

    assert cells(resp.data) == cells(direct.data) and len(cells(resp.data)) > 1


def test_hr_and_admin_only(
    app: Any, hr_client: ApiClient, admin_client: ApiClient, employee_client: ApiClient
) -> None:
    campaign_id = campaign_of(app)
    assert start(employee_client, campaign_id, "answers", "csv").status_code == 403
    anonymous = ApiClient(app.test_client())
    assert start(anonymous, campaign_id, "answers", "csv").status_code == 401
    job = started(admin_client, campaign_id, "summary", "xlsx")
    assert employee_client.get(f"/api/v1/jobs/{job['id']}").status_code == 403
    assert employee_client.get(f"/api/v1/jobs/{job['id']}/download").status_code == 403
    missing = start(hr_client, 999999, "answers", "csv", headers=ZH)
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"
    assert db.session.scalars(select(Job.id)).all() == [job["id"]]


def stored_exports(app: Any) -> list[str]:
    root = Path(app.config["ATTACHMENT_DIR"])
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_a_duplicated_task_stores_nothing_twice(
    app: Any, hr_client: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    campaign_id = campaign_of(app)
    job = started(hr_client, campaign_id, "answers", "csv")
    first = hr_client.get(f"/api/v1/jobs/{job['id']}/download").data
    calls: list[tuple[Any, ...]] = []
    real = export_jobs.exports.export
    monkeypatch.setattr(export_jobs.exports, "export", lambda *a: calls.append(a) or real(*a))
    for _ in range(2):  # duplicated / retried messages of a job that is done
        export_tasks.build_export.call_local(job["id"])
        assert export_jobs.build(db.session, storage.for_app(), job["id"]) is False
    assert calls == []  # nothing built, nothing stored again
    assert stored_exports(app) == [f"exports/{job['id']}.csv"]
    assert hr_client.get(f"/api/v1/jobs/{job['id']}/download").data == first
    # A message that ran while an earlier attempt had stored the file but not yet marked
    # the job done writes the same key: still one object, the same file.
    db.session.execute(update(Job).where(Job.id == job["id"]).values(status="running"))
    db.session.commit()
    for _ in range(2):
        export_tasks.build_export.call_local(job["id"])
    assert len(calls) == 1 and stored_exports(app) == [f"exports/{job['id']}.csv"]
    assert hr_client.get(f"/api/v1/jobs/{job['id']}/download").data == first


def utc_now(seconds: float = 0) -> datetime:
    """Huey's clock (naive UTC) `seconds` from now."""
    return datetime.now(UTC).replace(tzinfo=None) + timedelta(seconds=seconds)


def later(seconds: float) -> datetime:
    """An aware moment `seconds` from now (for time-machine)."""
    return datetime.now(UTC) + timedelta(seconds=seconds)


def fail_once(monkeypatch: pytest.MonkeyPatch, times: int = 1) -> list[int]:
    """Make the export service raise `times` times, then work again."""
    failures: list[int] = []
    real = export_jobs.exports.export

    def flaky(*args: Any) -> Any:
        if len(failures) < times:
            failures.append(1)
            raise RuntimeError("disk full")
        return real(*args)

    monkeypatch.setattr(export_jobs.exports, "export", flaky)
    return failures


def test_a_failed_attempt_is_retried_with_backoff(
    app: Any, hr_client: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    campaign_id = campaign_of(app)
    fail_once(monkeypatch)
    job = started(hr_client, campaign_id, "summary", "csv")
    assert job["status"] == "running" and job["download_ready"] is False
    waiting = hr_client.get(f"/api/v1/jobs/{job['id']}/download", headers=ZH)
    assert waiting.status_code == 409
    assert waiting.get_json()["error"]["message"] == "导出文件尚未生成。"
    assert huey.read_schedule(utc_now()) == []  # the retry waits RETRY_DELAY seconds
    with time_machine.travel(later(export_tasks.RETRY_DELAY + 1), tick=False):
        due = huey.read_schedule(utc_now())
        assert [t.retries for t in due] == [export_tasks.RETRIES - 1]
        assert due[0].retry_delay == 2 * export_tasks.RETRY_DELAY  # the next waits longer
        huey.execute(due[0])
    db.session.rollback()  # the test's session: read anew
    done = hr_client.get(f"/api/v1/jobs/{job['id']}").get_json()
    assert done["status"] == "done" and done["download_ready"] is True


def test_a_job_failed_for_good_runs_again_on_the_admins_retry(
    app: Any, admin_client: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    campaign_id = campaign_of(app)
    fail_once(monkeypatch, times=1 + export_tasks.RETRIES)
    job = started(admin_client, campaign_id, "answers", "xlsx")
    for attempt in range(export_tasks.RETRIES):
        with time_machine.travel(later(100 * (attempt + 1)), tick=False):  # past each delay
            for task in huey.read_schedule(utc_now()):
                huey.execute(task)
    db.session.rollback()
    failed = admin_client.get(f"/api/v1/jobs/{job['id']}").get_json()
    assert (failed["status"], failed["error"]) == ("failed", "error")
    assert admin_client.post(f"/api/v1/admin/jobs/{job['id']}/retry").status_code == 202
    db.session.rollback()
    done = admin_client.get(f"/api/v1/jobs/{job['id']}").get_json()
    assert done["status"] == "done"
    row = db.session.get(Job, job["id"])
    assert row is not None and row.result_path == f"exports/{job['id']}.xlsx"
    assert row.state == {"kind": "answers", "format": "xlsx"}  # the retry kept the params


def test_a_job_whose_message_was_lost_is_queued_again(
    app: Any, hr_client: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A consumer killed mid-build loses the message (Huey does not re-deliver it): the
    periodic `resume_export_jobs` queues the quiet job again, once it has been quiet."""
    campaign_id = campaign_of(app)
    monkeypatch.setattr(export_tasks, "start_export", lambda job_id: None)  # message lost
    job = started(hr_client, campaign_id, "summary", "xlsx")
    assert job["status"] == "queued"
    export_tasks.resume_export_jobs.call_local()
    db.session.rollback()
    assert hr_client.get(f"/api/v1/jobs/{job['id']}").get_json()["status"] == "queued"
    quiet = export_jobs.QUIET.total_seconds()
    with time_machine.travel(later(quiet + 1), tick=False):
        export_tasks.resume_export_jobs.call_local()
    db.session.rollback()
    assert hr_client.get(f"/api/v1/jobs/{job['id']}").get_json()["status"] == "done"
    assert stored_exports(app) == [f"exports/{job['id']}.xlsx"]
    with time_machine.travel(later(2 * quiet + 2), tick=False):
        assert export_jobs.unfinished(db.session) == []  # ended: never queued again
    db.session.rollback()


TEXT = st.one_of(
    st.text(max_size=40),
    st.just("answers\x00"),
    st.just("x" * 200_000),
    st.sampled_from(["ANSWERS", "pdf", "zip", "summary ", "csv"]),
)
VALUE = st.one_of(
    TEXT, st.integers(), st.booleans(), st.none(), st.lists(st.integers(), max_size=3)
)
GOOD = {"kind": "answers", "format": "csv"}


def bad_bodies() -> st.SearchStrategy[Any]:
    """A body with at least one wrong field, an unknown field, or not an object at all."""
    one_wrong = st.tuples(st.sampled_from(["kind", "format"]), VALUE).map(
        lambda kv: {**GOOD, kv[0]: kv[1]}
    )
    extra = st.dictionaries(st.text(min_size=1, max_size=20), VALUE, min_size=1).map(
        lambda d: {**GOOD, **{k: v for k, v in d.items() if k not in GOOD}} if d else d
    )
    missing = st.sampled_from([{}, {"kind": "answers"}, {"format": "csv"}])
    return st.one_of(one_wrong, extra, missing, VALUE)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=bad_bodies())
def test_hostile_bodies_are_a_translated_422(app: Any, hr_client: ApiClient, body: Any) -> None:
    if body == GOOD or (isinstance(body, dict) and body.keys() == GOOD.keys() and _valid(body)):
        return
    resp = hr_client.post(
        "/api/v1/campaigns/1/exports",
        data=json.dumps(body),
        headers={**ZH, "Content-Type": "application/json"},
    )
    assert resp.status_code == 422, (body, resp.get_json())
    error = resp.get_json()["error"]
    assert error["code"] == "invalid" and error["message"]
    assert not error["message"].isascii()  # translated (zh-CN)
    assert db.session.scalars(select(Job)).first() is None


def _valid(body: dict[str, Any]) -> bool:
    return body.get("kind") in export_jobs.KINDS and body.get("format") in export_jobs.FORMATS


def test_download_from_s3(
    app: Any, use_s3: str, s3_endpoint: str, s3_bucket: str, hr_client: ApiClient
) -> None:
    campaign_id = campaign_of(app)
    job = started(hr_client, campaign_id, "summary", "csv")
    key = f"{PREFIX}/exports/{job['id']}.csv"
    listing = s3_client(s3_endpoint).list_objects_v2(Bucket=s3_bucket)
    assert [o["Key"] for o in listing["Contents"]] == [key]
    obj = s3_client(s3_endpoint).get_object(Bucket=s3_bucket, Key=key)
    resp = hr_client.get(f"/api/v1/jobs/{job['id']}/download")
    assert resp.status_code == 200 and resp.data == obj["Body"].read()
    assert resp.data == hr_client.get(f"/api/v1/campaigns/{campaign_id}/exports/summary.csv").data
    assert not (Path(app.config["ATTACHMENT_DIR"]) / "exports").exists()
