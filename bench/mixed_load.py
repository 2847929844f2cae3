"""Mixed load: does one user's PDF stop everyone else? (issue 11 §3, SPEC §2 transactions)

Against a real gunicorn (2 workers x 4 threads) on SQLite and, when BENCH_DATABASE_URL or
TEST_DATABASE_URL is set, PostgreSQL, measure the latency of `GET /api/v1/me` and of a
50-submission `POST /api/v1/sync` batch (40-question forms, as bench/sync.py):

- idle: nothing else runs;
- loaded: two clients download review PDFs back to back (each render 1-4 s) and a campaign
  ZIP job renders every review on a task-queue consumer (`flask worker -w 2`, beside the
  server on the same machine), while the same requests are timed.

Prints p50/p95 of both, idle and loaded, and the loaded p95 / idle p95 ratio (goal <= 3x),
plus the number of failed requests under load (goal 0). Bounded: about a minute per engine.

Why threads: with plain sync workers two PDF downloads occupy both workers, and any other
request queues behind a render whatever the database does; the threads let the server
answer while it renders, which is what this benchmark is about (the locks).

Environment knobs: BENCH_MIXED_ROUNDS (default 20: each round is 1 sync batch + 5 /me),
BENCH_MIXED_EMPLOYEES (default 16 reviews in the ZIP).
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import live_server as live  # noqa: E402

BATCH = 50
QUESTIONS = 40
ROUNDS = int(os.environ.get("BENCH_MIXED_ROUNDS", "20"))
ME_PER_ROUND = 5
EMPLOYEES = int(os.environ.get("BENCH_MIXED_EMPLOYEES", "16"))
THREADS = 4
GOAL = 3.0


class Server(live.Gunicorn):
    """The live gunicorn and one task-queue consumer (`flask worker -w 2`: the ZIP job's
    2 render processes) on a SQLite queue in the work directory."""

    def __init__(self, url: str, workdir: Path) -> None:
        super().__init__(
            url,
            workdir / "attachments",
            workers=2,
            threads=THREADS,
            log_path=workdir / "gunicorn.log",
        )
        self.queue_url = f"sqlite:///{workdir / 'queue.db'}"
        self.consumer: subprocess.Popen[bytes] | None = None

    def env(self) -> dict[str, str]:
        env = super().env()
        env["FLASK_QUEUE_URL"] = self.queue_url
        env["FLASK_RATELIMIT_ENABLED"] = "false"
        return env

    def start(self, timeout: float = 30.0) -> None:
        super().start(timeout)
        assert self.log_path is not None
        with self.log_path.with_name("consumer.log").open("ab") as log:
            self.consumer = subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "wsgi:app", "worker", "-w", "2"],
                cwd=ROOT,
                env=self.env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def stop(self) -> None:
        super().stop()
        if self.consumer is not None:
            os.killpg(self.consumer.pid, signal.SIGTERM)
            try:
                self.consumer.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.consumer.pid, signal.SIGKILL)
                self.consumer.wait()
            self.consumer = None


def seed_reviews(url: str, workdir: Path) -> tuple[int, list[int], str]:
    """A closed mixed campaign of EMPLOYEES reviews (bench/reports.py) and an HR login."""
    import uuid

    from bench import reports as bench_reports
    from server import create_app
    from server.extensions import db
    from server.services.org import accounts

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "ATTACHMENT_DIR": str(workdir / "attachments"),
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 256,
        }
    )
    with app.app_context():
        campaign_id, ids = bench_reports.build_data(EMPLOYEES)
        email = f"hr-{uuid.uuid4().hex[:8]}@bench.test"
        accounts.create_user(
            db.session, email=email, name="Bench HR", role="hr", password=live.PASSWORD
        )
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return campaign_id, ids, email


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Timer:
    """Times /me and sync batches from one client, round after round."""

    def __init__(self, base: str, email: str, batches: list[list[dict[str, Any]]]) -> None:
        import requests

        self.base = base
        self.http = requests.Session()
        self.csrf = live.login(self.http, base, email)
        self.batches = batches
        self.errors: list[str] = []

    def _timed(self, call: Callable[[], Any], into: list[float]) -> None:
        start = time.perf_counter()
        resp = call()
        into.append(1000 * (time.perf_counter() - start))
        if resp.status_code != 200:
            self.errors.append(f"{resp.request.method} {resp.url} {resp.status_code}")
        elif "results" in resp.json():
            bad = [r for r in resp.json()["results"] if r["status"] != "created"]
            if bad:
                self.errors.append(f"sync item {bad[0]}")

    def rounds(self, count: int) -> tuple[list[float], list[float]]:
        me: list[float] = []
        sync: list[float] = []
        headers = {"X-CSRF-Token": self.csrf}
        for _ in range(count):
            body = {"submissions": self.batches.pop()}
            self._timed(
                lambda b=body: self.http.post(  # type: ignore[misc]
                    self.base + "/api/v1/sync", json=b, headers=headers, timeout=120
                ),
                sync,
            )
            for _ in range(ME_PER_ROUND):
                self._timed(lambda: self.http.get(self.base + "/api/v1/me", timeout=120), me)
        return me, sync


def pdf_loop(base: str, email: str, urls: list[str], stop: threading.Event, out: dict) -> None:
    """Download review PDFs back to back until `stop`."""
    import requests

    http = requests.Session()
    live.login(http, base, email)
    n = 0
    while not stop.is_set():
        resp = http.get(base + urls[n % len(urls)], timeout=120)
        out["count"] = out.get("count", 0) + 1
        if resp.status_code != 200:
            out.setdefault("errors", []).append(resp.status_code)
        n += 1


def measure(engine: str, url: str, workdir: Path) -> dict[str, Any]:
    import requests

    seeded = live.seed(
        url,
        workdir / "attachments",
        assignments=BATCH * (2 * ROUNDS + 1),
        questions=QUESTIONS,
        photo=False,
    )
    campaign_id, ids, hr_email = seed_reviews(url, workdir)
    subs = [
        live.submission(aid, seeded.version_id, live.answers_for(seeded.definition, i, []))
        for i, aid in enumerate(seeded.assignment_ids)
    ]
    batches = [subs[i : i + BATCH] for i in range(0, len(subs), BATCH)]
    pdf_urls = [f"/api/v1/campaigns/{campaign_id}/reviews/{e}.pdf" for e in ids]
    server = Server(url, workdir)
    out: dict[str, Any] = {}
    with live.running(server):
        timer = Timer(server.base, seeded.email, batches)
        timer.rounds(1)  # warm-up: imports, pools, both workers' caches
        idle_me, idle_sync = timer.rounds(ROUNDS)
        hr = requests.Session()
        csrf = live.login(hr, server.base, hr_email)
        hr.get(server.base + pdf_urls[0], timeout=120)  # warm-up render
        stop = threading.Event()
        loads = [{} for _ in range(2)]
        loops = [
            threading.Thread(
                target=pdf_loop, args=(server.base, hr_email, pdf_urls[k::2], stop, loads[k])
            )
            for k in range(2)
        ]
        for loop in loops:
            loop.start()
        job = hr.post(
            f"{server.base}/api/v1/campaigns/{campaign_id}/reviews.zip",
            headers={"X-CSRF-Token": csrf},
            timeout=120,
        ).json()
        job_url = f"{server.base}/api/v1/jobs/{job['job_id']}"
        deadline = time.monotonic() + 60
        # Measure once both download loops rendered and the ZIP's processes produced a review.
        while time.monotonic() < deadline and not (
            all(load.get("count") for load in loads)
            and hr.get(job_url, timeout=120).json().get("done", 0) >= 1
        ):
            time.sleep(0.2)
        start = time.perf_counter()
        loaded_me, loaded_sync = timer.rounds(ROUNDS)
        loaded_seconds = time.perf_counter() - start
        status = hr.get(job_url, timeout=120).json()
        stop.set()
        for loop in loops:
            loop.join(timeout=120)
    out.update(
        idle_me=idle_me,
        idle_sync=idle_sync,
        loaded_me=loaded_me,
        loaded_sync=loaded_sync,
        seconds=loaded_seconds,
        pdfs=sum(load.get("count", 0) for load in loads),
        pdf_errors=[e for load in loads for e in load.get("errors", [])],
        zip_status=status,
        errors=timer.errors,
    )
    return out


def report(engine: str, out: dict[str, Any]) -> None:
    zip_status = out["zip_status"]
    print(
        f"{engine}: loaded phase {out['seconds']:.1f} s with {out['pdfs']} PDF downloads "
        f"and the ZIP job at {zip_status.get('done')}/{zip_status.get('total')} "
        f"({zip_status.get('status')}, failures {len(zip_status.get('failures') or [])})"
    )
    for name, unit in (("me", "GET /api/v1/me"), ("sync", f"POST /api/v1/sync x{BATCH}")):
        idle, loaded = out[f"idle_{name}"], out[f"loaded_{name}"]
        figures = {
            "idle_p50": statistics.median(idle),
            "idle_p95": percentile(idle, 0.95),
            "loaded_p50": statistics.median(loaded),
            "loaded_p95": percentile(loaded, 0.95),
        }
        ratio = figures["loaded_p95"] / figures["idle_p95"]
        print(
            f"  {unit}: idle p50 {figures['idle_p50']:.1f} ms p95 {figures['idle_p95']:.1f} ms; "
            f"loaded p50 {figures['loaded_p50']:.1f} ms p95 {figures['loaded_p95']:.1f} ms; "
            f"loaded/idle p95 {ratio:.2f}x (goal <= {GOAL:g}x) over {len(loaded)} requests"
        )
        for key, value in figures.items():
            print(f"RESULT mixed.{engine}.{name}.{key} {value:.1f} ms")
        print(f"RESULT mixed.{engine}.{name}.p95_ratio {ratio:.2f} x target <= {GOAL:g}")
    failed = len(out["errors"]) + len(out["pdf_errors"]) + len(zip_status.get("failures") or [])
    if zip_status.get("status") == "failed":
        failed += 1
    for error in out["errors"][:5]:
        print(f"  failed: {error}")
    if out["pdf_errors"]:
        print(f"  failed PDF downloads: {out['pdf_errors'][:5]}")
    print(f"RESULT mixed.{engine}.failed_requests {failed} n target == 0")


def main() -> None:
    print(
        f"gunicorn 2 workers x {THREADS} threads, {os.cpu_count()} CPUs; {ROUNDS} rounds of "
        f"1 sync batch of {BATCH} + {ME_PER_ROUND} GET /me, idle then while 2 PDF downloads "
        f"loop and a ZIP job of {EMPLOYEES} reviews runs (a consumer, 2 worker processes)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        report("sqlite", measure("sqlite", f"sqlite:///{tmp}/bench.db", Path(tmp)))
    pg_url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not pg_url:
        print("SKIP postgresql: set BENCH_DATABASE_URL or TEST_DATABASE_URL")
        return
    with tempfile.TemporaryDirectory() as tmp, live.pg_schema(pg_url) as url:
        report("postgresql", measure("postgresql", url, Path(tmp)))


if __name__ == "__main__":
    main()
