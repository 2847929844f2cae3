"""Sync ingest benchmark (SPEC §13): submissions/s through POST /api/v1/sync.

Run: `.venv/bin/python bench/sync_ingest.py [--submissions N] [--clients C] [--workers W]`.
Builds a SQLite (WAL) database by the migrations in a temp dir with a 40-question
form and N pending 360 assignments, starts gunicorn (W workers, default 2) on a
free loopback port, and has C client threads POST batches of 50 distinct
submissions. Prints submissions/s, then the same rows (submission + 40 item
scores each) inserted with the raw `sqlite3` module in batches of 50 as the
baseline, and the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from server import create_app  # noqa: E402
from server.extensions import db  # noqa: E402
from server.models import Assignment, Campaign, CampaignForm, Form, FormVersion  # noqa: E402
from server.services import accounts, forms  # noqa: E402

BATCH = 50
PASSWORD = "bench-password-123"


def definition() -> dict[str, Any]:
    bi = {"en": "q", "zh-CN": "题"}
    sections = []
    for s in range(4):
        questions: list[dict[str, Any]] = [
            {"id": f"s{s}q{i}", "type": "rating", "label": bi} for i in range(8)]
        questions.append({"id": f"s{s}yn", "type": "yes_no", "label": bi, "critical": s == 0})
        questions.append({"id": f"s{s}c", "type": "text", "label": bi, "comment": True})
        sections.append({"id": f"s{s}", "title": bi, "questions": questions})
    return forms.validate_definition({
        "key": "bench-40", "title": bi, "relationships": ["peer"],
        "scale": {"min": 1, "max": 5}, "sections": sections})


def seed(db_url: str, n: int) -> tuple[str, list[int], int]:
    from flask_migrate import upgrade

    app = create_app({"SQLALCHEMY_DATABASE_URI": db_url, "ARGON2_TIME_COST": 1,
                      "ARGON2_MEMORY_COST": 1024})
    with app.app_context():
        upgrade()
        forms.save_definition(db.session, definition())
        version = db.session.scalar(select(FormVersion).join(Form).where(Form.key == "bench-40"))
        campaign = Campaign(name={"en": "Bench", "zh-CN": "基准"}, kind="360", status="open",
                            period_start=date(2026, 1, 1), period_end=date(2026, 12, 31))
        db.session.add(campaign)
        db.session.flush()
        db.session.add(CampaignForm(campaign_id=campaign.id, relationship="peer",
                                    form_version_id=version.id))
        rater = accounts.create_user(db.session, email="bench@example.test", name="Bench",
                                     role="employee", password=PASSWORD)
        subjects = [accounts.create_user(db.session, email=f"s{i}@example.test",
                                         name=f"S{i}", role="employee", password=None)
                    for i in range(50)]
        db.session.execute(insert(Assignment), [
            {"campaign_id": campaign.id, "relationship": "peer", "rater_id": rater.id,
             "subject_id": subjects[i % 50].id, "form_version_id": version.id,
             "status": "pending"} for i in range(n)])
        db.session.commit()
        ids = list(db.session.scalars(select(Assignment.id).order_by(Assignment.id)))
        result = rater.email, ids, version.id
        db.session.remove()
        db.engine.dispose()
    return result


def answers(k: int) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for s in range(4):
        for i in range(8):
            values[f"s{s}q{i}"] = 1 + (k + i + s) % 5
        values[f"s{s}yn"] = (k + s) % 7 != 0
        values[f"s{s}c"] = f"Comment {k} 评论"
    return values


def items(assignment_ids: list[int], version_id: int) -> list[dict[str, Any]]:
    now = datetime.now(UTC).isoformat()
    return [{"id": str(uuid.uuid4()), "assignment_id": a, "form_version_id": version_id,
             "answers": answers(k), "na": [], "started_at": now, "completed_at": now,
             "device_time": now} for k, a in enumerate(assignment_ids)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db_url: str, workers: int, tmp: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": db_url, "FLASK_SECRET_KEY": "bench",
           "FLASK_ATTACHMENT_DIR": str(tmp / "att")}
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-w", str(workers), "-b",
         f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"],
        cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if requests.get(f"{base}/healthz", timeout=5).status_code == 200:
                return proc, base
        except requests.RequestException:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("gunicorn did not start")


def drive(base: str, email: str, payload: list[dict[str, Any]], clients: int) -> float:
    login = requests.post(f"{base}/api/v1/auth/login",
                          json={"email": email, "password": PASSWORD}, timeout=30)
    login.raise_for_status()
    csrf, cookies = login.json()["csrf_token"], login.cookies
    batches = [payload[i:i + BATCH] for i in range(0, len(payload), BATCH)]
    lock, failures = threading.Lock(), []

    def worker() -> None:
        with requests.Session() as http:
            http.cookies.update(cookies)
            while True:
                with lock:
                    if not batches:
                        return
                    batch = batches.pop()
                resp = http.post(f"{base}/api/v1/sync", json={"submissions": batch},
                                 headers={"X-CSRF-Token": csrf}, timeout=300)
                statuses = {r["status"] for r in resp.json().get("results", [])}
                if resp.status_code != 200 or statuses != {"created"}:
                    failures.append((resp.status_code, statuses))

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    if failures:
        raise SystemExit(f"{len(failures)} batches failed, e.g. {failures[0]}")
    return elapsed


def raw_baseline(path: Path, payload: list[dict[str, Any]], version_id: int) -> float:
    """Insert the same rows with sqlite3 directly (batches of 50, one transaction each)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    campaign_id = conn.execute("SELECT id FROM campaign").fetchone()[0]
    start = time.perf_counter()
    for i in range(0, len(payload), BATCH):
        conn.execute("BEGIN IMMEDIATE")
        for item in payload[i:i + BATCH]:
            sub_id = "r" + item["id"][1:]
            conn.execute(
                "INSERT INTO submission (id, campaign_id, form_version_id, relationship, "
                "answers, na, content_sha256, received_at, status, is_late, late_accepted) "
                "VALUES (?, ?, ?, 'peer', ?, '[]', ?, ?, 'received', 0, 0)",
                (sub_id, campaign_id, version_id, json.dumps(item["answers"]), "0" * 64,
                 datetime.now(UTC).isoformat()))
            conn.executemany(
                "INSERT INTO item_score (submission_id, campaign_id, relationship, "
                "question_id, section_id, value_num, score, weight, counted, is_na) "
                "VALUES (?, ?, 'peer', ?, 's0', 3, 0.5, 1, 1, 0)",
                [(sub_id, campaign_id, qid) for qid in item["answers"]])
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--submissions", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        path = tmp / "bench.db"
        db_url = f"sqlite:///{path}"
        email, assignment_ids, version_id = seed(db_url, args.submissions)
        payload = items(assignment_ids, version_id)
        proc, base = start_server(db_url, args.workers, tmp)
        try:
            elapsed = drive(base, email, payload, args.clients)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        rate = len(payload) / elapsed
        raw = raw_baseline(path, payload, version_id)
        raw_rate = len(payload) / raw
        print(f"{len(payload)} submissions (40 questions, batches of {BATCH}) via "
              f"{args.workers} gunicorn workers, {args.clients} clients: {elapsed:.2f} s")
        print(f"RESULT sync.sqlite.submissions_per_s {rate:.1f} sub/s target >= 1500")
        print(f"RESULT sync.sqlite.raw_insert_per_s {raw_rate:.1f} sub/s")
        print(f"RESULT sync.sqlite.ratio_to_raw {raw_rate / rate:.2f} x")


if __name__ == "__main__":
    main()
