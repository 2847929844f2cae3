"""SPEC §14 testing: scripts/backup.sh and restore.sh: back up, delete, restore, compare (SQLite,
PostgreSQL)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text

from server import create_app
from server.extensions import db
from server.models import AuditEvent, OrgUnit
from server.services.org import accounts
from tests.conftest import TEST_CONFIG

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"


def _env(url: str, attachments: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")}
    env.update(
        {
            "FLASK_SQLALCHEMY_DATABASE_URI": url,
            "FLASK_ATTACHMENT_DIR": str(attachments),
            "PYTHON": str(ROOT / ".venv" / "bin" / "python"),
        }
    )
    return env


def _run(script: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPTS / script), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _populate(url: str, attachments: Path) -> None:
    """Build the schema with the migrations and write rows plus photo files."""
    from flask_migrate import upgrade

    app = create_app(
        {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url, "ATTACHMENT_DIR": str(attachments)}
    )
    with app.app_context():
        upgrade()
        unit = OrgUnit(path="Co/Shanghai", name={"en": "Shanghai", "zh-CN": "上海"}, kind="branch")
        db.session.add(unit)
        db.session.flush()
        for i in range(5):
            user = accounts.create_user(
                db.session,
                email=f"u{i}@example.test",
                name=f"用户 {i}",
                role="employee",
                password="long-enough-pw",
                unit_id=unit.id,
            )
            db.session.add(AuditEvent(actor_id=user.id, action="login", details={"i": i}))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    for i in range(4):
        data = os.urandom(2048 + i)
        digest = hashlib.sha256(data).hexdigest()
        path = attachments / digest[:2] / digest
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _snapshot(url: str, attachments: Path) -> dict[str, Any]:
    """Every row of every table plus the hash of every attachment file."""
    engine = create_engine(url)
    rows: dict[str, Any] = {}
    with engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            rows[table.name] = [tuple(r) for r in conn.execute(select(table).order_by(*order))]
        version = conn.execute(text("SELECT version_num FROM alembic_version"))
        rows["alembic_version"] = list(version)
    engine.dispose()
    files = {
        str(p.relative_to(attachments)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(attachments.rglob("*"))
        if p.is_file()
    }
    return {"rows": rows, "files": files}


def _round_trip(url: str, tmp_path: Path, wipe: Any) -> None:
    attachments = tmp_path / "attachments"
    _populate(url, attachments)
    before = _snapshot(url, attachments)
    assert before["rows"]["user"] and len(before["files"]) == 4
    env = _env(url, attachments)

    made = _run("backup.sh", str(tmp_path / "backups"), env=env)
    assert made.returncode == 0, made.stderr
    backup_dir = Path(made.stdout.strip().splitlines()[-1])
    assert (backup_dir / "MANIFEST").is_file()

    # Refuses to overwrite a live database without --force.
    refused = _run("restore.sh", str(backup_dir), env=env)
    assert refused.returncode != 0 and "--force" in refused.stderr

    wipe()
    for path in attachments.rglob("*"):
        if path.is_file():
            path.unlink()
    restored = _run("restore.sh", str(backup_dir), env=env)
    assert restored.returncode == 0, restored.stderr
    assert _snapshot(url, attachments) == before

    # A damaged backup is refused before anything is touched.
    with (backup_dir / "attachments.tar").open("r+b") as fh:
        fh.seek(600)
        fh.write(b"corrupted")
    damaged = _run("restore.sh", str(backup_dir), "--force", env=env)
    assert damaged.returncode != 0 and "checksum" in damaged.stderr


@pytest.mark.slow
def test_sqlite_backup_delete_restore_compare(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    url = f"sqlite:///{path}"

    def wipe() -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)

    _round_trip(url, tmp_path, wipe)


@pytest.fixture
def pg_database(pg_url: str) -> Iterator[str]:
    """A throw-away PostgreSQL database (pg_dump/pg_restore work per database)."""
    from sqlalchemy.engine import make_url

    name = "bk_" + uuid.uuid4().hex[:12]
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield make_url(pg_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


@pytest.mark.slow
def test_postgresql_backup_delete_restore_compare(pg_database: str, tmp_path: Path) -> None:
    def wipe() -> None:
        engine = create_engine(pg_database)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()

    _round_trip(pg_database, tmp_path, wipe)
