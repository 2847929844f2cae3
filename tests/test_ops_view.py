"""Operations view (issue 13 §6): `flask ops status`, `GET /api/v1/admin/ops`, job retry,
and `/healthz?deep=1` (admin or local only; queue and storage checked too)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from server.extensions import db
from server.models import Job, PeriodicRun, WorkerHeartbeat
from server.models.base import utcnow
from server.tasks import huey, jobs, periodic

T0 = datetime(2026, 12, 4, 22, 0, 10, tzinfo=UTC)
REMOTE = {"REMOTE_ADDR": "203.0.113.7"}


def _job(status: str, kind: str = "reviews_zip", error: str | None = None) -> str:
    job = Job(id=str(uuid.uuid4()), kind=kind, status=status, total=3, done=1, error=error)
    job.failures = [{"employee_id": 1, "name": None, "error": "x"}] if error else []
    db.session.add(job)
    db.session.commit()
    return job.id


def _seed(now: datetime) -> dict[str, str]:
    ids = {
        s: _job(s, error="interrupted" if s == "failed" else None)
        for s in ("running", "failed", "done")
    }
    periodic.beat(db.session, "node-a:11/Worker-1", now - timedelta(seconds=30))
    periodic.beat(db.session, "node-b:12/Worker-1", now - timedelta(minutes=5))
    db.session.add(
        PeriodicRun(task="housekeeping", slot="2026-12-04T22:00", started_at=now,
                    finished_at=now, outcome={"login_attempts": 2})
    )  # fmt: skip
    db.session.commit()
    return ids


def test_admin_sees_queue_workers_jobs_and_periodic_runs(app, admin_client):
    now = utcnow().replace(microsecond=0)  # real time: the session was made at real time
    ids = _seed(now)
    body = admin_client.get("/api/v1/admin/ops").get_json()
    assert body["queue"] == {"backend": "memory", "reachable": True, "pending": 0, "scheduled": 0}
    assert [w["name"] for w in body["workers"]] == ["node-a:11/Worker-1"]
    assert [(j["id"], j["status"]) for j in body["jobs"]] == [
        (ids["running"], "running"),
        (ids["failed"], "failed"),
    ]
    assert body["jobs"][1]["error"] == "interrupted" and body["jobs"][1]["failures"] == 1
    assert body["periodic"] == [
        {
            "task": "housekeeping",
            "slot": "2026-12-04T22:00",
            "started_at": now.isoformat(),
            "finished_at": now.isoformat(),
            "outcome": {"login_attempts": 2},
            "error": None,
        }
    ]


def test_hr_may_not_see_the_operations_view(hr_client):
    assert hr_client.get("/api/v1/admin/ops").status_code == 403


def test_flask_ops_status_prints_the_same_view(app, runner):
    with time_machine.travel(T0, tick=False):
        ids = _seed(T0)
        text = runner.invoke(args=["ops", "status"], env={"LANG": "en_US.UTF-8"})
        raw = runner.invoke(args=["ops", "status", "--json"])
    assert text.exit_code == 0, text.output
    assert "Queue (memory): 0 waiting, 0 scheduled." in text.output
    assert "Consumer workers seen in the last minute: 1." in text.output
    assert ids["failed"] in text.output and "interrupted" in text.output
    assert "housekeeping  2026-12-04T22:00" in text.output
    report = json.loads(raw.output)
    assert [j["id"] for j in report["jobs"]] == [ids["running"], ids["failed"]]


def test_a_failed_job_is_queued_again_once(app, admin_client, monkeypatch):
    ran: list[str] = []
    monkeypatch.setitem(jobs.RETRY, "reviews_zip", ran.append)
    ids = _seed(T0)
    resp = admin_client.post(f"/api/v1/admin/jobs/{ids['failed']}/retry")
    assert resp.status_code == 202, resp.get_json()
    assert resp.get_json()["status"] == "queued" and resp.get_json()["error"] is None
    assert ran == [ids["failed"]]
    again = admin_client.post(f"/api/v1/admin/jobs/{ids['failed']}/retry")
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "job_not_retryable"
    assert ran == [ids["failed"]]


@pytest.mark.parametrize("status", ["queued", "running", "done"])
def test_only_failed_jobs_of_a_known_kind_are_retried(app, admin_client, status):
    for job_id in (_job(status), _job("failed", kind="no_such_kind")):
        resp = admin_client.post(f"/api/v1/admin/jobs/{job_id}/retry")
        assert resp.status_code == 409, resp.get_json()
    assert admin_client.post("/api/v1/admin/jobs/nope/retry").status_code == 404


def test_deep_health_checks_queue_and_storage_for_local_callers(client):
    body = client.get("/healthz?deep=1").get_json()
    assert body == {"status": "ok", "checks": {"database": "ok", "queue": "ok", "storage": "ok"}}


def test_others_get_the_shallow_answer_admins_the_deep_one(client, admin_client):
    assert client.get("/healthz?deep=1", environ_base=REMOTE).get_json() == {"status": "ok"}
    deep = admin_client.get("/healthz?deep=1", environ_base=REMOTE).get_json()
    assert deep["checks"] == {"database": "ok", "queue": "ok", "storage": "ok"}


@pytest.mark.parametrize("part", ["queue", "storage"])
def test_a_failing_part_makes_deep_health_503(client, monkeypatch, part):
    def broken(*_args, **_kwargs):
        raise ConnectionError("down")

    if part == "queue":
        monkeypatch.setattr(huey, "pending_count", broken)
    else:
        monkeypatch.setattr("server.storage.for_app", broken)
    resp = client.get("/healthz?deep=1")
    assert resp.status_code == 503
    assert resp.get_json()["checks"][part] == "error"
    assert client.get("/healthz", environ_base=REMOTE).status_code == 200


def test_heartbeat_rows_are_what_the_view_counts(app):
    with time_machine.travel(T0, tick=False):
        periodic.beat(db.session, "h:1/Worker-1")
    assert db.session.get(WorkerHeartbeat, "h:1/Worker-1").pid == 1
