"""SPEC §8 errors: Hostile input to the HR endpoints: huge ids, wrong types, junk; never a 500."""

from __future__ import annotations

import pytest

from tests.factories import ApiClient, make_user

BIG = 2**63
CASES = [
    ("get", f"/api/v1/campaigns/{BIG}", None),
    ("patch", f"/api/v1/campaigns/{BIG}", {"report_locale": "en"}),
    ("post", f"/api/v1/campaigns/{BIG}/open", None),
    ("get", f"/api/v1/campaigns/{BIG}/progress", None),
    ("get", f"/api/v1/campaigns/{BIG}/my-progress", None),
    ("delete", f"/api/v1/campaigns/1/assignments/{BIG}", None),
    ("get", f"/api/v1/campaigns/1/assignments?rater_id={BIG}", None),
    (
        "post",
        "/api/v1/campaigns/1/assignments",
        {"relationship": "peer", "rater_id": BIG, "subject_id": 1},
    ),
    (
        "post",
        "/api/v1/campaigns/1/visits",
        {"unit_id": BIG, "shopper_id": -1, "window_start": "x", "window_end": None},
    ),
    ("post", f"/api/v1/campaigns/1/nominations/{BIG}/approve", None),
    ("post", "/api/v1/campaigns/1/nominations", {"nominee_ids": [BIG]}),
    ("patch", f"/api/v1/links/{BIG}", {"active": False}),
    ("post", "/api/v1/campaigns/1/links", {"subject_ids": [BIG]}),
    ("get", f"/api/v1/users/{BIG}", None),
    ("patch", "/api/v1/users/1", {"manager_id": BIG}),
    ("get", f"/api/v1/users?unit_id={BIG}", None),
    ("get", f"/api/v1/audit?actor_id={BIG}", None),
    ("get", f"/api/v1/submissions?campaign_id={BIG}", None),
    ("get", "/api/v1/submissions/" + "x" * 500, None),
    ("post", "/api/v1/submissions/abc/review", {"decision": "correct", "staff_id": BIG}),
    ("patch", f"/api/v1/org/units/{BIG}", {"kind": "team"}),
    (
        "post",
        "/api/v1/campaigns",
        {
            "name": {"en": "x", "zh-CN": "y"},
            "kind": "360",
            "period_start": "2026-01-01",
            "period_end": "2026-02-01",
            "forms": {"self": BIG},
        },
    ),
    ("post", "/api/v1/campaigns", ["not", "an", "object"]),
    ("post", "/api/v1/campaigns", {"name": "x" * 10_000}),
]


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_hr(request):
    app = request.getfixturevalue("app" if request.param == "sqlite" else "pg_app")
    client = ApiClient(app.test_client())
    user = make_user(role="admin")
    assert client.login(user.email).status_code == 200
    return client


@pytest.mark.parametrize("method, url, body", CASES)
def test_never_a_500(engine_hr, method, url, body):
    resp = getattr(engine_hr, method)(url, json=body)
    assert resp.status_code in (400, 404, 409, 422), (resp.status_code, resp.get_json())
    assert resp.get_json()["error"]["code"]
