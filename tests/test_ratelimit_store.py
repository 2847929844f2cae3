"""Shared limits (issue 13 §5): the `database://` Flask-Limiter store keeps fixed-window
counters in the app's database, so every app server sharing the database shares the public-
link limit (live two-server proof: tests/test_login_lockout_live.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from limits.storage import storage_from_string
from sqlalchemy import text

from server import create_app
from server.extensions import db
from server.ratelimit_store import DatabaseStorage
from tests.conftest import TEST_CONFIG

T0 = datetime(2026, 12, 4, 21, 0, tzinfo=UTC)


def test_the_default_store_is_the_database():
    from server.config import Config

    assert Config.RATELIMIT_STORAGE_URI == "database://"
    assert isinstance(storage_from_string("database://"), DatabaseStorage)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.integers(1, 3), min_size=1, max_size=8), st.integers(1, 120))
def test_hits_add_up_within_a_window_and_start_again_after_it(app, costs, expiry):
    store = DatabaseStorage()
    store.reset()
    with time_machine.travel(T0, tick=False):
        counts = [store.incr("k", expiry, cost) for cost in costs]
        assert counts == [sum(costs[: i + 1]) for i in range(len(costs))]
        assert store.get("k") == sum(costs)
        assert store.get_expiry("k") == (T0 + timedelta(seconds=expiry)).timestamp()
    with time_machine.travel(T0 + timedelta(seconds=expiry), tick=False):
        assert store.get("k") == 0
        assert store.incr("k", expiry, 1) == 1
    store.clear("k")
    assert store.get("k") == 0 and store.check()


def test_a_store_sees_the_hits_another_store_counted(app):
    """Two stores (one per node) in two apps with their own engines on one database: what
    A counted, B sees (two memory:// stores would each start from zero)."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    nodes = [create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url}) for _ in range(2)]
    stores = [storage_from_string("database://") for _ in nodes]
    assert stores[0] is not stores[1]
    with time_machine.travel(T0, tick=False):
        for i in range(5):
            with nodes[i % 2].app_context():
                assert stores[i % 2].incr("LIMITS:public/203.0.113.9", 60) == i + 1
        with nodes[1].app_context():
            assert stores[1].get("LIMITS:public/203.0.113.9") == 5
    for node in nodes:
        with node.app_context():
            db.engine.dispose()


def test_a_limit_counted_on_one_app_holds_on_another(app):
    """Two apps (two nodes' configurations) on one database: the hits of A count on B
    through the HTTP layer (the live two-server proof is tests/test_login_lockout_live.py)."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    config = {**TEST_CONFIG, "RATELIMIT_STORAGE_URI": "database://", "SQLALCHEMY_DATABASE_URI": url}
    a, b = create_app(config), create_app(config)
    for node in (a, b):
        node.config["PUBLIC_LIMIT_PER_ADDRESS"] = "4 per minute"
    with a.app_context():
        DatabaseStorage().reset()
    codes = []
    for i in range(6):
        node = (a, b)[i % 2]
        codes.append(node.test_client().get(f"/api/v1/public/links/nope-{i}").status_code)
    assert codes == [404] * 4 + [429] * 2
    with b.app_context():
        rows = db.session.execute(text("SELECT count FROM rate_limit_counter")).scalars().all()
        assert len(rows) == 1 and rows[0] >= 4  # one counter for the address, on both nodes
    for node in (a, b):
        with node.app_context():
            db.engine.dispose()
