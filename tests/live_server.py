"""A real gunicorn server on a free port plus the data a sync client needs.

Shared by tests/test_crash_safety.py and bench/sync.py. The database is built by the
migrations (not create_all), so the server runs on the production schema.
"""

from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
PASSWORD = "live-server-password"
SECRET = "live-server-secret"


def bi(text: str) -> dict[str, str]:
    return {"en": text, "zh-CN": text + "（中）"}


def form_definition(questions: int = 40, photo: bool = True) -> dict[str, Any]:
    """A mystery-shop form of `questions` scored items in 4 sections (+ an optional photo)."""
    per = max(1, questions // 4)
    sections = []
    for s in range(4):
        items: list[dict[str, Any]] = []
        for q in range(per):
            qid = f"s{s}q{q}"
            if q % 4 == 3:
                items.append({"id": qid, "type": "yes_no", "label": bi(qid), "weight": 2})
            else:
                items.append({"id": qid, "type": "rating", "label": bi(qid), "allow_na": True})
        sections.append(
            {"id": f"s{s}", "title": bi(f"Section {s}"), "weight": 25, "questions": items}
        )
    if photo:
        sections[-1]["questions"].append(
            {
                "id": "receipt",
                "type": "photo",
                "label": bi("receipt"),
                "min_count": 1,
                "max_count": 3,
            }
        )
    return {
        "key": f"live-{questions}{'-photo' if photo else ''}",
        "title": bi("Live form"),
        "relationships": ["mystery_shopper"],
        "scale": {"min": 1, "max": 5},
        "sections": sections,
    }


def answers_for(definition: dict[str, Any], seed: int, photos: list[str]) -> dict[str, Any]:
    """Valid answers for every question of `form_definition`."""
    out: dict[str, Any] = {}
    for section in definition["sections"]:
        for q in section["questions"]:
            if q["type"] == "rating":
                out[q["id"]] = 1 + (seed + len(out)) % 5
            elif q["type"] == "yes_no":
                out[q["id"]] = (seed + len(out)) % 3 != 0
            elif q["type"] == "photo":
                out[q["id"]] = photos
    return out


def submission(assignment_id: int, version_id: int, answers: dict[str, Any]) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {
        "id": str(uuid.uuid4()),
        "assignment_id": assignment_id,
        "form_version_id": version_id,
        "answers": answers,
        "na": [],
        "started_at": (now - timedelta(minutes=30)).isoformat(),
        "completed_at": (now - timedelta(minutes=2)).isoformat(),
        "device_time": now.isoformat(),
    }


def png(seed: int, size: tuple[int, int] = (48, 32)) -> bytes:
    """A small lossless image whose pixels depend on `seed` (so stored copies can be checked)."""
    img = Image.new("RGB", size)
    img.putdata(
        [
            ((seed * 37 + i) % 256, (seed * 11 + i * 3) % 256, (i * 7) % 256)
            for i in range(size[0] * size[1])
        ]
    )
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


@dataclass
class Seeded:
    url: str
    attachment_dir: Path
    email: str
    version_id: int
    definition: dict[str, Any]
    assignment_ids: list[int] = field(default_factory=list)
    #: Every shopper: (email, assignment ids); the first one is `email`/`assignment_ids`.
    shoppers: list[tuple[str, list[int]]] = field(default_factory=list)


def seed(
    url: str,
    attachment_dir: Path,
    assignments: int,
    questions: int = 40,
    photo: bool = True,
    shoppers: int = 1,
) -> Seeded:
    """Migrate the database and create `shoppers` shoppers with `assignments` open visits each."""
    import logging

    from flask_migrate import upgrade

    from server import create_app
    from server.extensions import db
    from server.models import Assignment
    from server.services.forms import forms
    from server.services.org import accounts
    from tests.factories import make_campaign, save_form

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "ATTACHMENT_DIR": str(attachment_dir),
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 256,
            "SECRET_KEY": SECRET,
        }
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    with app.app_context():
        upgrade()
        version = save_form(forms.validate_definition(form_definition(questions, photo)))
        campaign = make_campaign("mystery_shop", form=version, name=bi("Live"))
        people = []
        for _ in range(shoppers):
            email = f"shopper-{uuid.uuid4().hex[:8]}@example.test"
            shopper = accounts.create_user(
                db.session, email=email, name="Live shopper", role="shopper", password=PASSWORD
            )
            rows = [
                Assignment(
                    campaign_id=campaign.id,
                    relationship="mystery_shopper",
                    rater_id=shopper.id,
                    form_version_id=version.id,
                    status="pending",
                )
                for _ in range(assignments)
            ]
            db.session.add_all(rows)
            people.append((email, rows))
        db.session.commit()
        listed = [(email, [a.id for a in rows]) for email, rows in people]
        result = Seeded(
            url, attachment_dir, listed[0][0], version.id, version.definition, listed[0][1], listed
        )
        db.session.remove()
        db.engine.dispose()
    return result


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Gunicorn:
    """gunicorn -w N serving wsgi:app against a given database, killable and restartable."""

    def __init__(
        self,
        url: str,
        attachment_dir: Path,
        workers: int = 2,
        log_path: Path | None = None,
        threads: int = 1,
        preload: bool = False,
    ) -> None:
        self.url = url
        self.preload = preload
        self.attachment_dir = attachment_dir
        self.workers = workers
        self.threads = threads
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")}
        env.update(
            {
                "FLASK_SQLALCHEMY_DATABASE_URI": self.url,
                "FLASK_ATTACHMENT_DIR": str(self.attachment_dir),
                "FLASK_SECRET_KEY": SECRET,  # the same key across restarts keeps sessions valid
                "FLASK_ARGON2_TIME_COST": "1",
                "FLASK_ARGON2_MEMORY_COST": "256",
                "FLASK_LOGIN_LIMIT_PER_ADDRESS": "10000 per minute",
            }
        )
        return env

    def start(self, timeout: float = 30.0) -> None:
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        try:
            self._popen(log)
        finally:
            if not isinstance(log, int):
                log.close()  # the child keeps its own descriptor
        self.wait_ready(timeout)

    def _popen(self, log: Any) -> None:
        self.proc = subprocess.Popen(
            [
                str(GUNICORN),
                "--workers",
                str(self.workers),
                "--threads",
                str(self.threads),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--graceful-timeout",
                "1",
                "--log-level",
                "warning",
                *(["--preload"] if self.preload else []),
                "wsgi:app",
            ],
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=log,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float) -> None:
        import requests

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}")
            try:
                if requests.get(self.base + "/healthz", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.05)
        raise RuntimeError("gunicorn did not become ready")

    def kill(self) -> None:
        """SIGKILL the master and every worker at once (a crash, not a shutdown)."""
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()
        self.proc = None

    def stop(self) -> None:
        """Shut down gracefully."""
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            self.kill()
        self.proc = None


@contextmanager
def running(server: Gunicorn) -> Iterator[Gunicorn]:
    server.start()
    try:
        yield server
    finally:
        server.stop()


def login(session: Any, base: str, email: str) -> str:
    """Log in with a requests.Session; return the CSRF token."""
    resp = session.post(
        base + "/api/v1/auth/login", json={"email": email, "password": PASSWORD}, timeout=30
    )
    resp.raise_for_status()
    return str(resp.json()["csrf_token"])


@contextmanager
def pg_schema(pg_url: str) -> Iterator[str]:
    """A dedicated PostgreSQL schema; yields a URL whose search_path points at it."""
    from sqlalchemy import create_engine, text

    schema = "live_" + uuid.uuid4().hex[:12]
    admin = create_engine(pg_url)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in pg_url else "?"
    try:
        yield f"{pg_url}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()
