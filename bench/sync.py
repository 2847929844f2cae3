"""Sync ingest: submissions/s through gunicorn (2 workers) vs a raw insert of the same rows.

SPEC §13: >= 1,500 submissions/s for 40-question forms in batches of 50 with 2 gunicorn
workers on SQLite WAL; the ratio to a raw `sqlite3` insert of the same rows is reported.
The same is measured on PostgreSQL (raw baseline: psycopg, item rows by COPY) when
BENCH_DATABASE_URL or TEST_DATABASE_URL is set.

Setup: the database is built by the migrations; CLIENTS shoppers each hold their own
assignments; every client process logs in, sends one warm-up batch, waits on a barrier, then
posts its pre-encoded batches back to back. The figure is acknowledged submissions (status
`created`) divided by wall time from the barrier to the last response. The raw baseline
inserts, per submission, the submission row, its 40 item_score rows and the assignment
status update, one transaction per batch of 50 — the database work the endpoint cannot avoid.

Because the benchmark machine may be shared, it also reports the server's CPU time per
submission (gunicorn master + workers, from /proc) and the rate two dedicated cores would
reach at that cost (`projected_2_cores`); the raw baseline reports its CPU time likewise.

Environment knobs: BENCH_SYNC_SUBMISSIONS (default 2000), BENCH_SYNC_CLIENTS (default 4).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import live_server as live  # noqa: E402

QUESTIONS = 40
BATCH = 50
TOTAL = int(os.environ.get("BENCH_SYNC_SUBMISSIONS", "2000"))
CLIENTS = int(os.environ.get("BENCH_SYNC_CLIENTS", "4"))
TARGET = 1500


def _payloads(seeded: live.Seeded) -> list[tuple[str, list[bytes], list[dict[str, Any]]]]:
    """Per client: (email, pre-encoded batches, the submissions) — warm-up batch first."""
    per_client = TOTAL // CLIENTS
    out = []
    for c, (email, assignment_ids) in enumerate(seeded.shoppers):
        subs = [
            live.submission(
                aid, seeded.version_id, live.answers_for(seeded.definition, c * 100_000 + i, [])
            )
            for i, aid in enumerate(assignment_ids[: per_client + BATCH])
        ]
        batches = [
            json.dumps({"submissions": subs[i : i + BATCH]}).encode()
            for i in range(0, len(subs), BATCH)
        ]
        out.append((email, batches, subs))
    return out


def _client(base: str, email: str, batches: list[bytes], barrier: Any, queue: Any) -> None:
    import requests

    http = requests.Session()
    csrf = live.login(http, base, email)
    headers = {"X-CSRF-Token": csrf, "Content-Type": "application/json"}

    def post(body: bytes) -> tuple[float, dict[str, int]]:
        start = time.perf_counter()
        resp = http.post(base + "/api/v1/sync", data=body, headers=headers, timeout=120)
        took = time.perf_counter() - start
        resp.raise_for_status()
        counts: dict[str, int] = {}
        for result in resp.json()["results"]:
            counts[result["status"]] = counts.get(result["status"], 0) + 1
        return took, counts

    post(batches[0])  # warm-up: imports, connection pool, statement caches
    barrier.wait()
    latencies, totals = [], {}
    for body in batches[1:]:
        took, counts = post(body)
        latencies.append(took)
        for key, value in counts.items():
            totals[key] = totals.get(key, 0) + value
    queue.put((time.perf_counter(), latencies, totals))


def _cpu_seconds(pid: int) -> float:
    """User+system CPU seconds of a process and its children (gunicorn master + workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
        for p in pids:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
    except (OSError, ValueError, IndexError):
        return float("nan")
    return total


def measure_server(url: str, workdir: Path) -> dict[str, float]:
    """Run gunicorn -w 2 and drive it with CLIENTS concurrent client processes."""
    per_client = TOTAL // CLIENTS
    seeded = live.seed(
        url,
        workdir / "attachments",
        assignments=per_client + BATCH,
        questions=QUESTIONS,
        photo=False,
        shoppers=CLIENTS,
    )
    clients = _payloads(seeded)
    server = live.Gunicorn(
        url, workdir / "attachments", workers=2, log_path=workdir / "gunicorn.log"
    )
    ctx = mp.get_context("fork")
    barrier, queue = ctx.Barrier(CLIENTS + 1), ctx.Queue()
    with live.running(server):
        procs = [
            ctx.Process(target=_client, args=(server.base, email, batches, barrier, queue))
            for email, batches, _ in clients
        ]
        for proc in procs:
            proc.start()
        assert server.proc is not None
        barrier.wait(timeout=300)
        start = time.perf_counter()
        cpu_before = _cpu_seconds(server.proc.pid)
        done = [queue.get(timeout=1200) for _ in procs]
        cpu_used = _cpu_seconds(server.proc.pid) - cpu_before
        for proc in procs:
            proc.join()
    end = max(d[0] for d in done)
    latencies = sorted(x for d in done for x in d[1])
    created = sum(d[2].get("created", 0) for d in done)
    others = {k: v for d in done for k, v in d[2].items() if k != "created"}
    if others:
        print(f"unexpected statuses: {others}")
    seconds = end - start
    return {
        "rate": created / seconds,
        "created": created,
        "seconds": seconds,
        "cpu_ms": 1000 * cpu_used / created if created else float("nan"),
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))],
    }


def _rows(
    seeded: live.Seeded, subs: list[dict[str, Any]]
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The rows the endpoint writes for these submissions (same shape and size)."""
    questions = [(s["id"], q) for s in seeded.definition["sections"] for q in s["questions"]]
    now = datetime.now(UTC).isoformat()
    subs_rows, item_rows, assignment_rows = [], [], []
    for sub in subs:
        answers = json.dumps(sub["answers"])
        digest = hashlib.sha256(answers.encode()).hexdigest()
        subs_rows.append(
            (
                sub["id"],
                sub["assignment_id"],
                1,
                seeded.version_id,
                "mystery_shopper",
                answers,
                "[]",
                digest,
                sub["started_at"],
                sub["completed_at"],
                sub["device_time"],
                now,
                12.5,
                "received",
                False,
                False,
                81.25,
                "pass",
                "[]",
                json.dumps({f"s{i}": 80.0 for i in range(4)}),
                "{}",
            )
        )
        for section_id, q in questions:
            value = sub["answers"][q["id"]]
            num = float(value) if not isinstance(value, bool) else None
            item_rows.append(
                (
                    sub["id"],
                    1,
                    None,
                    "mystery_shopper",
                    q["id"],
                    section_id,
                    None,
                    num,
                    0.75,
                    float(q.get("weight", 1)),
                    True,
                    False,
                )
            )
        assignment_rows.append(("submitted", sub["assignment_id"]))
    return subs_rows, item_rows, assignment_rows


SUB_SQL = (
    "INSERT INTO submission (id, assignment_id, campaign_id, form_version_id, relationship,"
    " answers, na, content_sha256, started_at, completed_at, device_time, received_at,"
    " time_skew_seconds, status, is_late, late_accepted, form_score, outcome,"
    " critical_failures, section_scores, competency_scores) VALUES ({})"
)
ITEM_SQL = (
    "INSERT INTO item_score (submission_id, campaign_id, subject_id, relationship,"
    " question_id, section_id, competency, value_num, score, weight, counted, is_na)"
    " VALUES ({})"
)
ASSIGN_SQL = "UPDATE assignment SET status = {} WHERE id = {}"
ITEM_COPY = (
    "COPY item_score (submission_id, campaign_id, subject_id, relationship, question_id,"
    " section_id, competency, value_num, score, weight, counted, is_na) FROM STDIN"
)


def raw_sqlite(path: str, seeded: live.Seeded, subs: list[dict[str, Any]]) -> float:
    """Submissions/s for plain sqlite3 executemany, one transaction per batch of 50."""
    import sqlite3

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    campaign = conn.execute(
        "SELECT campaign_id FROM assignment WHERE id = ?", (subs[0]["assignment_id"],)
    ).fetchone()[0]
    start, cpu = time.perf_counter(), time.process_time()
    for i in range(0, len(subs), BATCH):
        sub_rows, item_rows, assign_rows = _rows(seeded, subs[i : i + BATCH])
        sub_rows = [r[:2] + (campaign,) + r[3:] for r in sub_rows]
        item_rows = [r[:1] + (campaign,) + r[2:] for r in item_rows]
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(SUB_SQL.format(",".join("?" * 21)), sub_rows)
        conn.executemany(ITEM_SQL.format(",".join("?" * 12)), item_rows)
        conn.executemany(ASSIGN_SQL.format("?", "?"), assign_rows)
        conn.execute("COMMIT")
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    conn.close()
    return len(subs) / seconds, 1000 * cpu / len(subs)


def raw_postgres(url: str, seeded: live.Seeded, subs: list[dict[str, Any]]) -> float:
    """Submissions/s for psycopg (submissions by executemany, item rows by COPY), per batch."""
    import psycopg
    from sqlalchemy.engine import make_url

    sa_url = make_url(url)
    options = sa_url.query.get("options")
    conninfo = sa_url.set(drivername="postgresql", query={}).render_as_string(hide_password=False)
    json_cols = (5, 6, 18, 19, 20)
    with psycopg.connect(conninfo, options=options) as conn:
        campaign = conn.execute(
            "SELECT campaign_id FROM assignment WHERE id = %s", (subs[0]["assignment_id"],)
        ).fetchone()[0]
        start, cpu = time.perf_counter(), time.process_time()
        for i in range(0, len(subs), BATCH):
            sub_rows, item_rows, assign_rows = _rows(seeded, subs[i : i + BATCH])
            sub_rows = [
                tuple(
                    psycopg.types.json.Jsonb(json.loads(v)) if n in json_cols else v
                    for n, v in enumerate(r[:2] + (campaign,) + r[3:])
                )
                for r in sub_rows
            ]
            item_rows = [r[:1] + (campaign,) + r[2:] for r in item_rows]
            with conn.transaction(), conn.cursor() as cur:
                cur.executemany(SUB_SQL.format(",".join(["%s"] * 21)), sub_rows)
                with cur.copy(ITEM_COPY) as copy:  # the fastest bulk path psycopg offers
                    for row in item_rows:
                        copy.write_row(row)
                cur.executemany(ASSIGN_SQL.format("%s", "%s"), assign_rows)
        seconds = time.perf_counter() - start
        cpu = time.process_time() - cpu
    return len(subs) / seconds, 1000 * cpu / len(subs)


def baseline(url: str, workdir: Path, raw: Any) -> tuple[float, float]:
    """Seed a fresh database the same way and time the raw insert of the same submissions."""
    seeded = live.seed(
        url,
        workdir / "raw-attachments",
        assignments=TOTAL // CLIENTS + BATCH,
        questions=QUESTIONS,
        photo=False,
        shoppers=CLIENTS,
    )
    subs = [s for _, _, client_subs in _payloads(seeded) for s in client_subs[BATCH:]]
    for sub in subs:
        sub["id"] = str(uuid.uuid4())
    rate, cpu_ms = raw(url if "postgresql" in url else url.removeprefix("sqlite:///"), seeded, subs)
    return float(rate), float(cpu_ms)


def report(
    engine: str, figures: dict[str, float], raw: tuple[float, float], target: int | None
) -> None:
    raw_rate, raw_cpu_ms = raw
    suffix = f" target >= {target}" if target else ""
    cores = 2
    projected = 1000 * cores / figures["cpu_ms"]
    print(
        f"{engine}: {figures['created']:.0f} submissions in {figures['seconds']:.2f} s "
        f"with {CLIENTS} clients, batch p50 {figures['p50_ms']:.0f} ms, "
        f"p95 {figures['p95_ms']:.0f} ms; raw insert {raw_rate:.0f}/s"
    )
    print(f"RESULT sync.{engine}.submissions_per_s {figures['rate']:.1f} sub/s{suffix}")
    print(f"RESULT sync.{engine}.raw_insert_per_s {raw_rate:.1f} sub/s")
    print(f"RESULT sync.{engine}.ratio_to_raw {figures['rate'] / raw_rate:.3f} x")
    print(f"RESULT sync.{engine}.batch_p50 {figures['p50_ms']:.1f} ms")
    print(f"RESULT sync.{engine}.batch_p95 {figures['p95_ms']:.1f} ms")
    # Load-independent view: server CPU per submission, and what 2 dedicated cores would do.
    print(f"RESULT sync.{engine}.server_cpu_per_sub {figures['cpu_ms']:.2f} ms")
    print(f"RESULT sync.{engine}.raw_cpu_per_sub {raw_cpu_ms:.2f} ms")
    print(f"RESULT sync.{engine}.projected_2_cores {projected:.1f} sub/s{suffix}")


def main() -> None:
    print(
        f"{TOTAL} submissions of {QUESTIONS} questions, batches of {BATCH}, {CLIENTS} clients,"
        f" gunicorn 2 workers, {os.cpu_count()} CPUs"
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "srv").mkdir()
        (work / "raw").mkdir()
        figures = measure_server(f"sqlite:///{work / 'srv' / 'bench.db'}", work / "srv")
        raw = baseline(f"sqlite:///{work / 'raw' / 'raw.db'}", work / "raw", raw_sqlite)
        report("sqlite", figures, raw, TARGET)
    pg_url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not pg_url:
        print("SKIP postgresql: set BENCH_DATABASE_URL or TEST_DATABASE_URL")
        return
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        with live.pg_schema(pg_url) as url:
            figures = measure_server(url, work)
        with live.pg_schema(pg_url) as url:
            raw = baseline(url, work, raw_postgres)
        report("postgresql", figures, raw, None)


if __name__ == "__main__":
    main()
