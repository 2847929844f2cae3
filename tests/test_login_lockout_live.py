"""SPEC §9 login throttling: The login lockout holds across workers and app servers (SQLite and
PostgreSQL).

Two real gunicorn app servers (one worker process each) share one database, and the
requests alternate between them, so consecutive guesses always land on different worker
processes (the kernel's choice among workers of one server is left to chance; this is
not); each access log records the worker that answered, and the test checks both did.
With Redis configured (RATELIMIT_STORAGE_URI) the lockout still lives in the database and
the public-link throttle is shared through Redis; by default (database://) the public-link
throttle is shared through the database too (server/ratelimit_store.py).
"""

from __future__ import annotations

import logging
import os
import shlex
import socket
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from tests import live_server as live

REDIS = "redis://127.0.0.1:6379/0"


class LoggingGunicorn(live.Gunicorn):
    """gunicorn -w 1 with the default login limits and an access log naming the worker pid."""

    def __init__(
        self, url: str, tmp_path: Path, name: str, extra: dict[str, str] | None = None
    ) -> None:
        super().__init__(
            url, tmp_path / "attachments", workers=1, log_path=tmp_path / f"{name}.log"
        )
        self.access_log = tmp_path / f"{name}-access.log"
        self.extra = extra or {}

    def env(self) -> dict[str, str]:
        env = super().env()
        del env["FLASK_LOGIN_LIMIT_PER_ADDRESS"]  # the shipped 50 per 15 minutes
        env.update(self.extra)
        env["GUNICORN_CMD_ARGS"] = shlex.join(
            ["--access-logfile", str(self.access_log), "--access-logformat", "%(p)s %(U)s %(s)s"]
        )
        return env

    def pids(self, path: str = "/api/v1/auth/login") -> set[str]:
        lines = self.access_log.read_text().splitlines()
        return {line.split()[0] for line in lines if path in line}


class TwoServers:
    """Two app servers on one database; `base` alternates between them on every use."""

    def __init__(self, servers: list[LoggingGunicorn]) -> None:
        self.servers = servers
        self.turn = 0

    @property
    def base(self) -> str:
        self.turn += 1
        return self.servers[self.turn % 2].base

    def pids(self, path: str = "/api/v1/auth/login") -> set[str]:
        return {pid for server in self.servers for pid in server.pids(path)}


@contextmanager
def _two(url: str, tmp_path: Path, extra: dict[str, str] | None) -> Iterator[TwoServers]:
    first, second = (LoggingGunicorn(url, tmp_path, name, extra) for name in ("a", "b"))
    with live.running(first), live.running(second):
        yield TwoServers([first, second])


def _redis_env() -> dict[str, str]:
    """Settings for a server on the shared Redis, or a visible skip when it is not running."""
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError as err:
        pytest.skip(f"Redis at {REDIS} is unreachable ({err}): Redis variant skipped")
    return {
        "FLASK_RATELIMIT_STORAGE_URI": REDIS,
        # Own keys per run: parallel or earlier runs never share counters.
        "FLASK_RATELIMIT_KEY_PREFIX": "test-" + uuid.uuid4().hex[:12],
    }


def _seed(url: str, tmp_path: Path, count: int) -> list[str]:
    from flask_migrate import upgrade

    from server import create_app
    from server.extensions import db
    from server.services.org import accounts

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "ATTACHMENT_DIR": str(tmp_path / "attachments"),
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 256,
            "SECRET_KEY": live.SECRET,
        }
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    emails = [f"user{i}@example.test" for i in range(count)]
    with app.app_context():
        upgrade()
        for email in emails:
            accounts.create_user(
                db.session, email=email, name=email, role="employee", password=live.PASSWORD
            )
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return emails


@contextmanager
def _server(
    engine: str, tmp_path: Path, count: int, extra: dict[str, str] | None = None
) -> Iterator[tuple[TwoServers, list]]:
    if engine in ("sqlite", "sqlite+redis"):
        if engine == "sqlite+redis":
            extra = {**(extra or {}), **_redis_env()}
        url = f"sqlite:///{tmp_path / 'live.db'}"
        emails = _seed(url, tmp_path, count)
        with _two(url, tmp_path, extra) as servers:
            yield servers, emails
        return
    pg_url = os.environ.get("TEST_DATABASE_URL")
    if not pg_url:
        pytest.skip("TEST_DATABASE_URL is not set: PostgreSQL tests skipped")
    with live.pg_schema(pg_url) as url:
        emails = _seed(url, tmp_path, count)
        with _two(url, tmp_path, extra) as servers:
            yield servers, emails


def _login(server: TwoServers, email: str, password: str) -> requests.Response:
    # A fresh connection each time (no Session); `server.base` alternates the app server.
    return requests.post(
        server.base + "/api/v1/auth/login",
        json={"email": email, "password": password},
        headers={"Connection": "close"},
        timeout=30,
    )


@pytest.mark.parametrize("engine", ["sqlite", "postgresql", "sqlite+redis"])
def test_account_lockout_holds_across_two_app_servers(engine, tmp_path) -> None:
    with _server(engine, tmp_path, 2) as (server, (victim, bystander)):
        codes = [_login(server, victim, f"wrong-guess-{i:02d}").status_code for i in range(12)]
        assert codes == [401] * 10 + [429, 429]
        right = _login(server, victim, live.PASSWORD)
        assert right.status_code == 429, "the right password was accepted during the lockout"
        assert int(right.headers["Retry-After"]) > 0
        assert right.json()["error"]["code"] == "too_many_requests"
        assert "10 per 15 minute" in right.json()["error"]["message"]
        assert _login(server, bystander, live.PASSWORD).status_code == 200
        assert len(server.pids()) == 2, "both app servers must have answered"


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_address_limit_holds_across_two_app_servers(engine, tmp_path) -> None:
    with _server(engine, tmp_path, 53) as (server, emails):
        # Password spraying: one guess per account, all from one address.
        codes = [_login(server, email, "Spring2026!!").status_code for email in emails[:52]]
        assert codes == [401] * 50 + [429, 429]
        right = _login(server, emails[52], live.PASSWORD)
        assert right.status_code == 429
        assert "50 per 15 minute" in right.json()["error"]["message"]
        assert len(server.pids()) == 2, "both app servers must have answered"


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_parallel_guesses_get_no_more_than_the_limit(engine, tmp_path) -> None:
    """30 wrong guesses sent 6 at a time over both app servers: at most 10 are checked."""
    with _server(engine, tmp_path, 1) as (server, (victim,)):
        with ThreadPoolExecutor(6) as pool:
            codes = list(
                pool.map(
                    lambda i: _login(server, victim, f"parallel-{i:02d}-x").status_code, range(30)
                )
            )
        assert set(codes) <= {401, 429} and codes.count(401) <= 10, codes
        assert codes.count(429) >= 20
        assert _login(server, victim, live.PASSWORD).status_code == 429
        assert len(server.pids()) == 2


@pytest.mark.parametrize("engine", ["sqlite", "postgresql", "sqlite+redis"])
def test_public_throttle_is_shared_across_two_app_servers(engine, tmp_path) -> None:
    """With RATELIMIT_STORAGE_URI on the database (the default database://) or on Redis, the
    per-address public-link limit is one count for both app servers (with memory:// each
    process would count on its own)."""
    limit = {"FLASK_PUBLIC_LIMIT_PER_ADDRESS": "6 per minute"}
    with _server(engine, tmp_path, 0, limit) as (server, _emails):
        codes = [
            requests.get(
                server.base + f"/api/v1/public/links/no-such-token-{i}",
                headers={"Connection": "close"},
                timeout=30,
            ).status_code
            for i in range(9)
        ]
        assert codes == [404] * 6 + [429] * 3
        assert len(server.pids("/api/v1/public/links")) == 2
