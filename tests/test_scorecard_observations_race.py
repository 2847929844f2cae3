"""The supervisor's observations under racing retries (issue 18 §2), on SQLite and on real
PostgreSQL: many threads send overlapping batches of observations on the same assignments
(a phone retrying after lost answers); every observation is stored exactly once, each
answered `created` exactly once, and the assignments stay pending (more may follow)."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests
from flask import Flask
from sqlalchemy import func, select

from server.extensions import db
from server.models import Assignment, Submission
from tests.factories import PASSWORD, latest_version, make_assignment, make_campaign, sync_forms
from tests.test_scorecard_observations import observation
from tests.test_sync_concurrency import live_server
from tests.worlds import store_with_staff

THREADS = 8
PER_EMPLOYEE = 6

pytestmark = pytest.mark.slow


def _prepare() -> tuple[str, list[dict[str, Any]], list[int]]:
    sync_forms()
    world = store_with_staff()
    version = latest_version("supervisor-observation")
    campaign = make_campaign("360", form={"supervisor": version})
    world["version"] = version
    rounds = [
        make_assignment(campaign, world["manager"], version, "supervisor", subject_id=s.id)
        for s in world["staff"]
    ]
    items = [observation(world, a, i % 2 == 0) for a in rounds for i in range(PER_EMPLOYEE)]
    result = world["manager"].email, items, [a.id for a in rounds]
    db.session.close()  # an open SQLite transaction here would hold the write lock
    return result


def _race(app: Flask) -> None:
    email, items, assignment_ids = _prepare()
    batches = [items[:8], items[4:], items[::-1], items[2:10]]
    with live_server(app) as base, requests.Session() as login:
        resp = login.post(
            f"{base}/api/v1/auth/login", json={"email": email, "password": PASSWORD}, timeout=30
        )
        assert resp.status_code == 200, resp.text
        csrf = resp.json()["csrf_token"]

        def send(k: int) -> list[dict[str, Any]]:
            with requests.Session() as http:
                http.cookies.update(login.cookies)
                out = http.post(
                    f"{base}/api/v1/sync",
                    json={"submissions": batches[k % len(batches)]},
                    headers={"X-CSRF-Token": csrf},
                    timeout=120,
                )
                assert out.status_code == 200, out.text
                return list(out.json()["results"])

        with ThreadPoolExecutor(THREADS) as pool:
            runs = list(pool.map(send, range(THREADS)))
    created: Counter[str] = Counter()
    for results in runs:
        for result in results:
            assert result["status"] in ("created", "duplicate"), result
            if result["status"] == "created":
                created[result["id"]] += 1
    assert created == Counter({item["id"]: 1 for item in items})
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Submission)) == len(items)
    statuses = set(
        db.session.scalars(select(Assignment.status).where(Assignment.id.in_(assignment_ids)))
    )
    assert statuses == {"pending"}


def test_racing_observations_sqlite(app: Flask) -> None:
    _race(app)


def test_racing_observations_postgresql(pg_app: Flask) -> None:
    _race(pg_app)
