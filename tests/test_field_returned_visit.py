"""Issue 15 (shopper): a visit HR returned reopens with the earlier report. The field download
(`GET /me/assignments` -> `rejected`) carries HR's reason, the questions HR flagged and the
earlier answers, N/A marks, photos, times, position and staff; the shopper may read back the
photos; flags must name questions of the form."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.extensions import db
from server.models import Submission
from tests.test_visits_api import NOW, send

pytestmark = pytest.mark.world(
    "visits",
    window_start=(NOW - timedelta(hours=2)).isoformat(),
    window_end=(NOW + timedelta(hours=2)).isoformat(),
    scenario={"en": "Return a faulty charger", "zh-CN": "退换有故障的充电器"},
)


def _return(world: dict[str, Any], sid: str, **extra: Any) -> Any:
    body = {"decision": "reject", "reason": "收据照片模糊 / receipt unreadable", **extra}
    return world["hr"].post(f"/api/v1/submissions/{sid}/review", json=body)


def _mine(world: dict[str, Any]) -> dict[str, Any]:
    resp = world["shopper"].get("/api/v1/me/assignments")
    assert resp.status_code == 200
    (visit,) = resp.get_json()["assignments"]
    return visit


def test_returned_visit_download_carries_the_earlier_report(world: dict[str, Any]) -> None:
    sid = send(world)
    assert _mine_or_none(world) == []  # awaiting review: not on the list
    resp = _return(world, sid, flagged=["receipt_photo", "greeted_proactively"])
    assert resp.status_code == 200, resp.get_json()
    rejected = _mine(world)["rejected"]
    stored = db.session.get(Submission, sid)
    assert rejected["submission_id"] == sid
    assert rejected["reason"] == "收据照片模糊 / receipt unreadable"
    assert rejected["flagged"] == ["receipt_photo", "greeted_proactively"]
    assert rejected["answers"] == stored.answers and rejected["na"] == stored.na
    assert rejected["form_version_id"] == stored.form_version_id
    assert rejected["staff_id"] == world["team"]["staff"][0].id
    assert rejected["geo"]["lat"] == pytest.approx(31.2364)
    assert rejected["started_at"].startswith(NOW.isoformat()[:16])
    # The photos of the earlier report can be shown again (the uploader may read them).
    photos = [
        rejected["answers"][qid]
        for qid in ("receipt_photo", "storefront_photo")
        if qid in rejected["answers"]
    ]
    photos = [sha for shas in photos for sha in shas]
    assert photos
    for sha in photos:
        thumb = world["shopper"].get(f"/api/v1/attachments/{sha}/thumb")
        assert thumb.status_code == 200 and thumb.mimetype == "image/jpeg"


def _mine_or_none(world: dict[str, Any]) -> list[Any]:
    # A submitted (awaiting review) visit is no longer pending: not listed at all.
    return world["shopper"].get("/api/v1/me/assignments").get_json()["assignments"]


def test_return_without_flags_gives_an_empty_list(world: dict[str, Any]) -> None:
    sid = send(world)
    assert _return(world, sid).status_code == 200
    assert _mine(world)["rejected"]["flagged"] == []


def test_resubmission_clears_the_returned_report(world: dict[str, Any]) -> None:
    first = send(world)
    assert _return(world, first, flagged=["narrative"]).status_code == 200
    send(world, replaces=first, seed=9)
    assert _mine_or_none(world) == []


def test_flags_of_unknown_questions_are_refused(world: dict[str, Any]) -> None:
    sid = send(world)
    resp = _return(world, sid, flagged=["no_such_question"])
    assert resp.status_code == 422
    assert resp.get_json()["error"]["details"]["fields"]["flagged"] == "unknown_question"
    assert db.session.get(Submission, sid).status == "received"


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    flagged=st.one_of(
        st.text(max_size=3),
        st.integers(),
        st.none(),
        st.lists(st.one_of(st.text(max_size=120), st.integers(), st.none()), max_size=4),
        st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
    )
)
def test_hostile_flags_are_4xx_never_500(world: dict[str, Any], flagged: Any) -> None:
    resp = world["hr"].post(
        "/api/v1/submissions/00000000-0000-4000-8000-000000000000/review",
        json={"decision": "reject", "reason": "x", "flagged": flagged},
    )
    assert 400 <= resp.status_code < 500
