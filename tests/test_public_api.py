"""SPEC §8 customer API, §7 customer campaigns: Customer links: public GET of the form, idempotent
POST of responses, throttling."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func, select

from server.extensions import db
from server.models import ActionItem, CustomerLink, Submission
from tests.factories import good_answers, make_link, make_user, sub

pytestmark = pytest.mark.world("customer", report_locale="en")


def url(link: CustomerLink, suffix: str = "") -> str:
    return f"/api/v1/public/links/{link.token}{suffix}"


def response(version: Any, **kw: Any) -> dict[str, Any]:
    return sub(None, version, **kw)


def test_get_returns_the_form(client: Any, world: dict[str, Any]) -> None:
    resp = client.get(url(world["link"]))
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["campaign"] == {"id": world["campaign"].id}  # never the internal name
    assert body["title"] == world["store"].name and body["repeat_policy"] == "daily"
    assert body["subject"] == {"name": world["subject"].name, "job_title": "Sales"}
    assert body["unit"] == {"name": world["store"].name}
    assert body["form_version_id"] == world["version"].id
    assert body["definition"] == world["version"].definition
    assert body["locale"] == "en"


def test_unknown_inactive_and_draft_links(client: Any, world: dict[str, Any]) -> None:
    assert client.get("/api/v1/public/links/" + "x" * 32).status_code == 404
    assert client.get("/api/v1/public/links/%00%00").status_code == 404
    inactive = make_link(world["campaign"], world["subject"], active=False)
    resp = client.get(url(inactive))
    assert resp.status_code == 410 and resp.get_json()["error"]["code"] == "link_inactive"
    assert (
        client.post(url(inactive, "/responses"), json=response(world["version"])).status_code == 410
    )
    world["campaign"].status = "draft"
    db.session.commit()
    assert client.get(url(world["link"])).status_code == 404


def test_post_created_then_duplicate_then_conflict(client: Any, world: dict[str, Any]) -> None:
    body = response(world["version"])
    first = client.post(url(world["link"], "/responses"), json=body)
    assert first.status_code == 201
    assert first.get_json() == {"id": body["id"], "status": "created"}
    again = client.post(url(world["link"], "/responses"), json=body)
    assert again.status_code == 200
    assert again.get_json() == {"id": body["id"], "status": "duplicate"}
    db.session.expire_all()
    assert db.session.get(CustomerLink, world["link"].id).response_count == 1
    row = db.session.get(Submission, body["id"])
    assert row.relationship == "customer" and row.subject_id == world["subject"].id
    assert row.customer_link_id == world["link"].id and row.rater_id is None
    assert row.unit_id == world["store"].id and row.form_score is not None
    changed = {**body, "answers": good_answers(smile=3)}
    conflict = client.post(url(world["link"], "/responses"), json=changed)
    assert conflict.status_code == 409 and conflict.get_json()["error"]["code"] == "conflict"
    db.session.expire_all()
    assert db.session.get(CustomerLink, world["link"].id).response_count == 1


def test_late_after_close(client: Any, world: dict[str, Any]) -> None:
    world["campaign"].status = "closed"
    db.session.commit()
    body = response(world["version"])
    resp = client.post(url(world["link"], "/responses"), json=body)
    assert resp.status_code == 201 and resp.get_json()["status"] == "late"
    row = db.session.get(Submission, body["id"])
    assert row.is_late and row.status == "late"


@pytest.mark.parametrize(
    "answers,fields",
    [
        (good_answers(smile=0), {"smile": "range"}),
        (good_answers(smile=10**400), {"smile": "range"}),
        (good_answers(rings=1e300), {"rings": "range"}),
        (good_answers(note="bad\x00byte"), {"note": "invalid_characters"}),
        (good_answers(note="lone \ud800 surrogate"), {"note": "invalid_characters"}),
        (good_answers(note="escape \x1b"), {"note": "invalid_characters"}),
        (good_answers(mode="bus"), {"mode": "option"}),
        (good_answers(greeted="yes"), {"greeted": "type"}),
        ({**good_answers(), "nope\x00": 1}, {"nope\x00": "unknown_question"}),
    ],
)
def test_invalid_answers_are_422_with_fields(
    client: Any, world: dict[str, Any], answers: dict[str, Any], fields: dict[str, str]
) -> None:
    body = response(world["version"], answers=answers)
    resp = client.post(url(world["link"], "/responses"), json=body)
    assert resp.status_code == 422, resp.get_json()
    assert resp.get_json()["error"]["details"]["fields"] == fields
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 0


@pytest.mark.parametrize(
    "raw",
    [
        b"{not json",
        b"[]",
        b"null",
        b'"text"',
        b'{"id": 5}',
        json.dumps(
            {"id": "0b5e6c1e-0000-4000-8000-000000000001", "form_version_id": "1", "answers": {}}
        ).encode(),
        json.dumps(
            {"id": "0b5e6c1e-0000-4000-8000-000000000002", "form_version_id": 2**40, "answers": {}}
        ).encode(),
        json.dumps({"id": "not-a-uuid", "form_version_id": 1, "answers": {}}).encode(),
        json.dumps(
            {
                "id": "0b5e6c1e-0000-4000-8000-000000000003",
                "form_version_id": 1,
                "answers": [],
                "assignment_id": 3,
            }
        ).encode(),
    ],
)
def test_malformed_bodies_are_4xx_json(client: Any, world: dict[str, Any], raw: bytes) -> None:
    resp = client.post(
        url(world["link"], "/responses"), data=raw, headers={"Content-Type": "application/json"}
    )
    assert 400 <= resp.status_code < 500
    assert "code" in resp.get_json()["error"]


def test_unknown_form_version(client: Any, world: dict[str, Any]) -> None:
    body = response(world["version"], form_version_id=424242)
    resp = client.post(url(world["link"], "/responses"), json=body)
    assert resp.status_code == 422
    assert resp.get_json()["error"]["details"]["fields"] == {
        "form_version_id": "unknown_form_version"
    }


def test_bottom_rating_opens_an_action_item_for_the_manager(
    client: Any, world: dict[str, Any]
) -> None:
    body = response(world["version"], answers=good_answers(smile=1))
    assert client.post(url(world["link"], "/responses"), json=body).status_code == 201
    item = db.session.scalars(select(ActionItem)).one()
    assert item.kind == "customer_low_rating" and item.question_id == "smile"
    assert item.owner_id == world["manager"].id and item.subject_id == world["subject"].id
    assert item.title["en"].endswith("smile") and item.title["zh-CN"]


def test_unit_link_action_owner_is_the_store_head(client: Any, world: dict[str, Any]) -> None:
    link = make_link(world["campaign"], None, unit_id=world["team"].id)
    body = response(world["version"], answers=good_answers(smile=1))
    assert client.post(url(link, "/responses"), json=body).status_code == 201
    item = db.session.scalars(select(ActionItem)).one()
    assert item.owner_id == world["manager"].id and item.subject_id is None


def test_throttled_per_address(app: Any, client: Any, world: dict[str, Any]) -> None:
    app.config["PUBLIC_LIMIT_PER_ADDRESS"] = "3 per minute"
    codes = [client.get(url(world["link"])).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    last = client.get(url(world["link"]))
    assert last.get_json()["error"]["code"] == "too_many_requests"
    assert "Retry-After" in last.headers
    other = client.get(url(world["link"]), environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert other.status_code == 200


def test_public_post_needs_no_account_or_csrf(app: Any, world: dict[str, Any]) -> None:
    employee = make_user()
    assert employee.id  # an unrelated account exists; the customer uses none
    fresh = app.test_client()
    body = response(world["version"])
    assert fresh.post(url(world["link"], "/responses"), json=body).status_code == 201
