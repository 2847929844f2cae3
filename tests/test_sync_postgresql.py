"""SPEC §8 sync protocol, §14 PostgreSQL: The same sync and customer rules on PostgreSQL (JSONB
refuses NUL, int4 ids overflow)."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from server.extensions import db
from server.models import Submission
from tests.factories import ApiClient, good_answers, make_link, make_user, sub
from tests.worlds import field_setup


def test_edge_cases_on_postgresql(pg_app: Flask) -> None:
    shopper = make_user(role="shopper")
    org = field_setup(shopper)
    version, campaign, visit = org["version"], org["campaign"], org["assignment"]
    client = ApiClient(pg_app.test_client())
    assert client.login(shopper.email).status_code == 200
    good = sub(visit, version, staff_id=org["staff"][0].id)
    items: list[Any] = [
        sub(visit, version, answers=good_answers(note="nul\x00here")),
        sub(visit, version, answers={**good_answers(), "k\x00": 1}),
        sub(visit, version, assignment_id=2**31),
        sub(visit, version, form_version_id=2**31 - 1),
        sub(visit, version, staff_id=2**31 - 1),
        good,
        good,
    ]
    resp = client.post("/api/v1/sync", json={"submissions": items})
    assert resp.status_code == 200, resp.get_json()
    statuses = [r["status"] for r in resp.get_json()["results"]]
    assert statuses == [
        "invalid",
        "invalid",
        "invalid",
        "invalid",
        "invalid",
        "created",
        "duplicate",
    ]
    conflict = {**good, "answers": good_answers(smile=1)}
    [again] = client.post("/api/v1/sync", json={"submissions": [conflict]}).get_json()["results"]
    assert again["status"] == "conflict"

    link = make_link(campaign, org["staff"][1])
    public = pg_app.test_client()
    body = sub(None, version)
    url = f"/api/v1/public/links/{link.token}/responses"
    assert public.post(url, json=body).status_code == 201
    assert public.post(url, json=body).status_code == 200
    nul = sub(None, version, answers=good_answers(note="\x00"))
    assert public.post(url, json=nul).status_code == 422
    assert public.get("/api/v1/public/links/%00abcdefabcdefabcdef").status_code == 404
    assert client.get("/api/v1/forms/versions/99999999999").status_code == 404
    assert client.post(f"/api/v1/submissions/{uuid.uuid4()}/accept-late").status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 2
