"""SPEC §8 sync protocol: device_time is the device clock at each send: a retry with a later one is
a duplicate."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from server.extensions import db
from server.models import Submission
from tests.factories import sub
from tests.test_sync_api import results

pytestmark = pytest.mark.world("field")


def test_retry_with_later_device_time_is_duplicate_and_skew_kept(world: dict[str, Any]) -> None:
    now = datetime.now(UTC)
    item = sub(
        world["assignment"], world["version"], device_time=(now - timedelta(seconds=5)).isoformat()
    )
    assert results(world["client"], item)[0]["status"] == "created"
    skew = db.session.get(Submission, item["id"]).time_skew_seconds
    assert 0 <= skew < 60
    retry = {**item, "device_time": (now + timedelta(hours=3)).isoformat()}
    assert results(world["client"], retry)[0] == {"id": item["id"], "status": "duplicate"}
    db.session.expire_all()
    assert db.session.get(Submission, item["id"]).time_skew_seconds == skew
    changed = {**retry, "completed_at": (now + timedelta(minutes=1)).isoformat()}
    assert results(world["client"], changed)[0]["status"] == "conflict"
