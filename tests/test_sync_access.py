"""SPEC §9 roles and access: Access matrix of the field endpoints: each endpoint x each role (and
anonymous)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from server.extensions import db
from server.models import ActionItem, Submission
from server.services.actions import actions
from tests.conftest import _logged_in
from tests.factories import (
    field_form,
    good_answers,
    image_bytes,
    make_campaign,
    make_user,
    save_form,
    sha,
)
from tests.worlds import store_with_staff

ROLES = ("anonymous", "shopper", "employee", "hr", "admin")


def client_for(app: Flask, role: str) -> Any:
    return app.test_client() if role == "anonymous" else _logged_in(app, role)


def _fixture(app: Flask) -> dict[str, Any]:
    version = save_form(field_form())
    campaign = make_campaign("mixed", form=version, status="closed")
    org = store_with_staff()
    owner = make_user()
    subject = make_user(manager_id=owner.id, unit_id=org["store"].id)
    uploader = _logged_in(app, "shopper")
    photo = image_bytes()
    uploader.put(
        f"/api/v1/attachments/{sha(photo)}", data=photo, headers={"Content-Type": "image/jpeg"}
    )
    late = Submission(
        id=str(uuid.uuid4()),
        campaign_id=campaign.id,
        form_version_id=version.id,
        relationship="peer",
        rater_id=uploader.user.id,
        subject_id=subject.id,
        answers=good_answers(greeted=False),
        na=[],
        content_sha256="x" * 64,
        status="late",
        is_late=True,
        critical_failures=["greeted"],
    )
    db.session.add(late)
    db.session.commit()
    [item] = actions.create_for_submission(db.session, late)
    db.session.commit()
    return {"version": version, "photo": sha(photo), "late": late.id, "item": item.id}


Call = Callable[[Any, dict[str, Any]], Any]
CASES: dict[str, tuple[Call, dict[str, int]]] = {
    "assignments": (
        lambda c, w: c.get("/api/v1/me/assignments"),
        {"anonymous": 401, "shopper": 200, "employee": 200, "hr": 200, "admin": 200},
    ),
    "form_version": (
        lambda c, w: c.get(f"/api/v1/forms/versions/{w['version'].id}"),
        {"anonymous": 401, "shopper": 200, "employee": 200, "hr": 200, "admin": 200},
    ),
    "sync": (
        lambda c, w: c.post("/api/v1/sync", json={"submissions": []}),
        {"anonymous": 401, "shopper": 200, "employee": 200, "hr": 200, "admin": 200},
    ),
    "put_photo": (
        lambda c, w: c.put(
            f"/api/v1/attachments/{sha(image_bytes('PNG'))}",
            data=image_bytes("PNG"),
            headers={"Content-Type": "image/png"},
        ),
        {"anonymous": 401, "shopper": 201, "employee": 201, "hr": 201, "admin": 201},
    ),
    "get_photo": (
        lambda c, w: c.get(f"/api/v1/attachments/{w['photo']}"),
        {"anonymous": 401, "shopper": 404, "employee": 404, "hr": 200, "admin": 200},
    ),
    "get_thumb": (
        lambda c, w: c.get(f"/api/v1/attachments/{w['photo']}/thumb"),
        {"anonymous": 401, "shopper": 404, "employee": 404, "hr": 200, "admin": 200},
    ),
    "accept_late": (
        lambda c, w: c.post(f"/api/v1/submissions/{w['late']}/accept-late"),
        {"anonymous": 401, "shopper": 403, "employee": 403, "hr": 200, "admin": 200},
    ),
    "list_actions": (
        lambda c, w: c.get("/api/v1/action-items"),
        {"anonymous": 401, "shopper": 200, "employee": 200, "hr": 200, "admin": 200},
    ),
    "patch_action": (
        lambda c, w: c.patch(f"/api/v1/action-items/{w['item']}", json={"action": "acknowledge"}),
        {"anonymous": 401, "shopper": 404, "employee": 404, "hr": 200, "admin": 200},
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_access_matrix(app: Flask, case: str, role: str) -> None:
    world = _fixture(app)
    call, expected = CASES[case]
    resp = call(client_for(app, role), world)
    assert resp.status_code == expected[role], (case, role, resp.get_json())
    if resp.status_code >= 400:
        assert resp.get_json()["error"]["code"]


def test_non_owners_do_not_see_action_items(app: Flask) -> None:
    world = _fixture(app)
    for role in ("shopper", "employee"):
        listed = _logged_in(app, role).get("/api/v1/action-items").get_json()
        assert listed["action_items"] == []
    hr = _logged_in(app, "hr").get("/api/v1/action-items").get_json()["action_items"]
    assert [i["id"] for i in hr] == [world["item"]]
    assert db.session.get(ActionItem, world["item"]).owner_id is not None
