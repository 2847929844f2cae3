"""Benchmark the task queue's review PDFs (issue 13 Proof): batch scaling and stored downloads.

    .venv/bin/python bench/task_queue.py [--reviews 200] [--consumers 1,2,4] [--downloads 50]

Builds a throw-away SQLite database with one campaign of N reviews (bench/reports.py), then:
- batch: a review ZIP job of the N reviews (one `render_review` task per review, assembled
  by `zip_round`s) run by 1, 2 and 4 `flask worker -w 1` consumer processes on a SQLite
  queue, each run with empty storage; prints the time of each, the speed-up over one
  consumer, and the ceiling: a plain CPU-bound loop split over the same number of
  processes on this machine right now (other load, shared cores);
- download: a released review's PDF, first download (render + store) against later
  downloads from storage: p50/p95 over `--downloads` requests (goal p50 <= 20 ms and at
  least 40x faster than the first render).
BENCH_QUEUE_REVIEWS overrides the default N (200; rendering takes about a second a review).
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

PASSWORD = "bench-password-1"
DEFAULT_REVIEWS = int(os.environ.get("BENCH_QUEUE_REVIEWS", "200"))


def _app(url: str, workdir: Path, **extra: Any) -> Any:
    from server import create_app

    config = {
        "SQLALCHEMY_DATABASE_URI": url,
        "ATTACHMENT_DIR": str(workdir / "attachments"),
        "QUEUE_URL": f"sqlite:///{workdir / 'queue.db'}",
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 256,
        "RATELIMIT_ENABLED": False,
        "PDF_RENDER_PROCESSES": 0,
    }
    return create_app({**config, **extra})


def seed(url: str, workdir: Path, reviews: int) -> tuple[int, list[int], str]:
    """The campaign (migrations, then bench/reports.py's data) and an HR login."""
    from flask_migrate import upgrade

    from bench import reports as bench_reports
    from server.extensions import db
    from server.services.org import accounts

    app = _app(url, workdir)
    with app.app_context():
        upgrade()
        campaign_id, ids = bench_reports.build_data(reviews)
        email = f"hr-{uuid.uuid4().hex[:8]}@bench.test"
        accounts.create_user(db.session, email=email, name="Bench HR", role="hr", password=PASSWORD)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return campaign_id, ids, email


def _consumer(url: str, run_dir: Path, n: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")}
    env.update(
        DATABASE_URL=url,
        INSTANCE_PATH=str(run_dir / "instance"),
        FLASK_ATTACHMENT_DIR=str(run_dir / "attachments"),
        FLASK_QUEUE_URL=f"sqlite:///{run_dir / 'queue.db'}",
        FLASK_REVIEW_ZIP_CHECK_SECONDS="0.5",
    )
    periodic = "--periodic" if n == 0 else "--no-periodic"
    with (run_dir / f"consumer{n}.log").open("wb") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "server:create_app", "worker", "-w", "1"]
            + [periodic],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _wait_started(run_dir: Path, consumers: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        logs = [(run_dir / f"consumer{n}.log").read_bytes() for n in range(consumers)]
        if all(b"consumer started" in log for log in logs):
            return
        time.sleep(0.1)
    raise RuntimeError("consumers did not start")


def _start_job(url: str, run_dir: Path, campaign_id: int, ids: list[int]) -> str:
    from server.extensions import db
    from server.services.reviews import batch
    from server.tasks import reviews as review_tasks

    app = _app(url, run_dir)
    with app.app_context():
        job = batch.create_job(db.session, campaign_id, None, len(ids), ids)
        job_id = job.id
        db.session.commit()
        review_tasks.start_zip(job_id)
        db.session.remove()
    return job_id


def run_batch(url: str, workdir: Path, campaign_id: int, ids: list[int], consumers: int) -> float:
    """Seconds from queuing the ZIP job to its end, with `consumers` consumer processes."""
    run_dir = workdir / f"run{consumers}"
    run_dir.mkdir()
    procs = [_consumer(url, run_dir, n) for n in range(consumers)]
    engine = create_engine(url)
    try:
        _wait_started(run_dir, consumers)
        t0 = time.perf_counter()
        job_id = _start_job(url, run_dir, campaign_id, ids)
        status = "queued"
        while status not in ("done", "failed"):
            time.sleep(0.2)
            with engine.connect() as conn:
                status = conn.scalar(text("SELECT status FROM job WHERE id = :i"), {"i": job_id})
        elapsed = time.perf_counter() - t0
    finally:
        _stop(procs)
        engine.dispose()
    stored = len(list((run_dir / "attachments" / "reviews").glob("*.pdf")))
    print(
        f"batch of {len(ids)} on {consumers} consumer(s): {elapsed:.1f} s, {status}, "
        f"{stored} PDFs stored ({elapsed / len(ids):.2f} s per review)"
    )
    return elapsed


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def _loop_seconds(workers: int) -> float:
    """The same CPU-bound work (8 chunks) on `workers` processes."""
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_spin, [1000] * workers))  # processes started before timing
        t0 = time.perf_counter()
        list(pool.map(_spin, [3_000_000] * 8))
        return time.perf_counter() - t0


def cpu_ceiling(workers: int) -> float:
    """Speed-up of a plain CPU loop on `workers` processes over 1, measured now (right
    after the batch it bounds: the load of a shared machine moves)."""
    return _loop_seconds(1) / _loop_seconds(workers)


def batches(url: str, workdir: Path, campaign_id: int, ids: list[int], counts: list[int]) -> None:
    times, ceiling = {}, {}
    for c in counts:
        print(f"load average before {c} consumer(s): {os.getloadavg()[0]:.1f}")
        times[c] = run_batch(url, workdir, campaign_id, ids, c)
        ceiling[c] = cpu_ceiling(c)
    base = times[counts[0]]
    for c in counts:
        speedup = base / times[c]
        print(
            f"  {c} consumer(s): speed-up {speedup:.2f}x over {counts[0]}; a plain CPU loop "
            f"reaches {ceiling[c]:.2f}x here ({speedup / ceiling[c]:.0%} of that ceiling)"
        )
        print(f"RESULT queue.batch{len(ids)}.consumers_{c}.seconds {times[c]:.1f} s")
        print(f"RESULT queue.batch{len(ids)}.consumers_{c}.speedup {speedup:.2f} x")
        print(f"RESULT queue.cpu_loop.processes_{c}.speedup {ceiling[c]:.2f} x")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def downloads(
    url: str, workdir: Path, campaign_id: int, ids: list[int], email: str, n: int
) -> None:
    """A released review's download: first (render + store) against stored ones."""
    from server.extensions import db

    app = _app(url, workdir / "download", QUEUE_URL="memory://", QUEUE_IMMEDIATE=True)
    with app.app_context():
        db.session.execute(
            text("UPDATE campaign SET status = 'released' WHERE id = :i"), {"i": campaign_id}
        )
        db.session.commit()
        db.session.remove()
    client = app.test_client()
    assert (
        client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).status_code
        == 200
    )
    path = f"/api/v1/campaigns/{campaign_id}/reviews/{ids[-1]}.pdf"
    t0 = time.perf_counter()
    assert client.get(path).status_code == 200
    first = (time.perf_counter() - t0) * 1000
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        resp = client.get(path)
        times.append((time.perf_counter() - t0) * 1000)
        assert resp.status_code == 200 and resp.data.startswith(b"%PDF")
    p50, p95 = statistics.median(times), _percentile(times, 0.95)
    print(
        f"download: first {first:.0f} ms (render + store); from storage p50 {p50:.1f} ms, "
        f"p95 {p95:.1f} ms over {n}; {first / p50:.0f}x faster"
    )
    print(f"RESULT queue.download.first_render_ms {first:.0f} ms")
    print(f"RESULT queue.download.stored_p50_ms {p50:.1f} ms target <= 20")
    print(f"RESULT queue.download.stored_p95_ms {p95:.1f} ms")
    print(f"RESULT queue.download.speedup {first / p50:.0f} x target >= 40")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=DEFAULT_REVIEWS)
    parser.add_argument("--consumers", default="1,2,4")
    parser.add_argument("--downloads", type=int, default=50)
    parser.add_argument("--skip-batch", action="store_true")
    args = parser.parse_args()
    counts = [int(c) for c in args.consumers.split(",")]
    print(f"{os.cpu_count()} CPUs; {args.reviews} reviews; consumers {counts}")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        url = f"sqlite:///{workdir / 'bench.db'}"
        campaign_id, ids, email = seed(url, workdir, args.reviews)
        downloads(url, workdir, campaign_id, ids, email, args.downloads)
        if not args.skip_batch:
            batches(url, workdir, campaign_id, ids, counts)


if __name__ == "__main__":
    main()
