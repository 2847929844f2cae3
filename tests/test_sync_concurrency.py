"""SPEC §8 sync protocol: Exactly-once under concurrent retries: 20 threads re-send overlapping
batches to a real server.

Runs against SQLite (WAL + BEGIN IMMEDIATE) and PostgreSQL (TEST_DATABASE_URL).
Every response must be 200, every item created exactly once across all
responses and duplicate otherwise, one row per submission, no "database is
locked" and no 500.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import pytest
import requests
from flask import Flask
from sqlalchemy import func, select
from werkzeug.serving import make_server

from server.extensions import db
from server.models import Assignment, ItemScore, Submission
from tests.factories import PASSWORD, make_user, sub
from tests.worlds import field_setup

THREADS = 20
ROUNDS = 3
ITEMS = 12

pytestmark = pytest.mark.slow


@contextmanager
def live_server(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def _prepare() -> tuple[str, list[dict[str, Any]], list[int]]:
    shopper = make_user(role="shopper")
    org = field_setup(shopper, visits=ITEMS)
    assignments = org["visits"]
    items = [sub(a, org["version"], staff_id=org["staff"][0].id) for a in assignments]
    result = shopper.email, items, [a.id for a in assignments]
    db.session.close()  # an open SQLite transaction here would hold the write lock
    return result


def _worker(
    base: str, cookies: Any, csrf: str, batches: list[list[dict[str, Any]]], k: int
) -> list[tuple[int, Any]]:
    with requests.Session() as http:
        http.cookies.update(cookies)
        out = []
        for r in range(ROUNDS):
            batch = batches[(k + r) % len(batches)]
            resp = http.post(
                f"{base}/api/v1/sync",
                json={"submissions": batch},
                headers={"X-CSRF-Token": csrf},
                timeout=120,
            )
            out.append((resp.status_code, resp.json()))
        return out


def _hammer(app: Flask) -> None:
    email, items, assignment_ids = _prepare()
    # Overlapping batches in different orders, so retries race on the same ids.
    batches = [items[:8], items[4:], items[::-1], items[2:10]]
    with live_server(app) as base, requests.Session() as login:
        resp = login.post(
            f"{base}/api/v1/auth/login", json={"email": email, "password": PASSWORD}, timeout=30
        )
        assert resp.status_code == 200, resp.text
        csrf = resp.json()["csrf_token"]
        with ThreadPoolExecutor(THREADS) as pool:
            runs = list(
                pool.map(lambda k: _worker(base, login.cookies, csrf, batches, k), range(THREADS))
            )
    created: Counter[str] = Counter()
    for run in runs:
        for status, body in run:
            assert status == 200, body
            for result in body["results"]:
                assert result["status"] in ("created", "duplicate"), result
                if result["status"] == "created":
                    created[result["id"]] += 1
    assert created == Counter({item["id"]: 1 for item in items})
    db.session.expire_all()
    ids = [item["id"] for item in items]
    assert db.session.scalar(select(func.count()).select_from(Submission)) == ITEMS
    assert db.session.scalar(select(func.count(func.distinct(ItemScore.submission_id)))) == ITEMS
    statuses = set(
        db.session.scalars(select(Assignment.status).where(Assignment.id.in_(assignment_ids)))
    )
    assert statuses == {"submitted"}
    assert set(db.session.scalars(select(Submission.id))) == set(ids)


def test_concurrent_retries_sqlite(app: Flask) -> None:
    _hammer(app)


def test_concurrent_retries_postgresql(pg_app: Flask) -> None:
    _hammer(pg_app)


def _hammer_public(app: Flask) -> None:
    from server.models import CustomerLink
    from tests.factories import make_link

    world = field_setup(kind="customer", store=False)
    version = world["version"]
    link = make_link(world["campaign"], None)
    token, link_id = link.token, link.id
    bodies = [sub(None, version) for _ in range(3)]
    db.session.close()
    app.config["PUBLIC_LIMIT_PER_ADDRESS"] = "10000 per minute"
    with live_server(app) as base:

        def worker(k: int) -> list[tuple[int, str]]:
            with requests.Session() as http:
                out = []
                for r in range(ROUNDS):
                    body = bodies[(k + r) % len(bodies)]
                    resp = http.post(
                        f"{base}/api/v1/public/links/{token}/responses", json=body, timeout=120
                    )
                    out.append((resp.status_code, resp.json()["status"]))
                return out

        with ThreadPoolExecutor(THREADS) as pool:
            runs = [r for run in pool.map(worker, range(THREADS)) for r in run]
    assert {code for code, _ in runs} <= {200, 201}
    assert sum(1 for code, status in runs if code == 201 and status == "created") == 3
    db.session.expire_all()
    assert db.session.get(CustomerLink, link_id).response_count == 3
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 3


def test_concurrent_customer_retries_sqlite(app: Flask) -> None:
    _hammer_public(app)


def test_concurrent_customer_retries_postgresql(pg_app: Flask) -> None:
    _hammer_public(pg_app)
