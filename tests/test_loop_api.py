"""Issue 14 §2 on the API: an action item's owner acts on it from the phone (detail, stages
with the solution and a closing photo, the follow-up call or visit), HR on all, anyone else
gets 404; a customer's contact is kept only with consent and shown only on that item."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from server.extensions import db
from server.models import ActionItem, Assignment, CustomerContact
from tests.factories import ApiClient, good_answers, image_bytes, make_user, sha, sub
from tests.test_actions_api import failed_submission
from tests.worlds import field_setup, make_link

pytestmark = pytest.mark.world("actions")


def _as(app: Flask, user: Any) -> ApiClient:
    api = ApiClient(app.test_client())
    assert api.login(user.email).status_code == 200
    api.user_name = user.name  # type: ignore[attr-defined]
    return api


@pytest.fixture
def item(world: dict[str, Any]) -> ActionItem:
    from server.services.actions import actions

    row = failed_submission(world, world["staff"][0], world["store"].id, relationship="supervisor")
    [made] = actions.create_for_submission(db.session, row)
    db.session.commit()
    return made


@pytest.fixture
def people(app: Flask, world: dict[str, Any], hr_client: Any) -> dict[str, ApiClient]:
    return {
        "owner": _as(app, world["manager"]),
        "other": _as(app, world["staff"][1]),
        "subject": _as(app, world["staff"][0]),
        "shopper": _as(app, make_user(role="shopper")),
        "hr": hr_client,
    }


@pytest.mark.parametrize(
    ("who", "status"),
    [("owner", 200), ("hr", 200), ("other", 404), ("subject", 404), ("shopper", 404)],
)
def test_access_matrix(
    people: dict[str, ApiClient], item: ActionItem, who: str, status: int
) -> None:
    api = people[who]
    url = f"/api/v1/action-items/{item.id}"
    assert api.get(url).status_code == status
    assert api.get(url + "/follow-up-options").status_code == status
    ack = api.patch(url, json={"action": "acknowledge"})
    assert ack.status_code == status
    call = {"kind": "call", "at": "2030-01-01T10:00:00+00:00"}
    assert api.post(url + "/follow-up", json=call).status_code == status
    listed = {i["id"] for i in api.get("/api/v1/action-items").get_json()["action_items"]}
    assert (item.id in listed) == (status == 200)


def test_unauthenticated_gets_401(app: Flask, item: ActionItem) -> None:
    assert app.test_client().get(f"/api/v1/action-items/{item.id}").status_code == 401


def test_owner_moves_an_item_through_the_loop(
    people: dict[str, ApiClient], item: ActionItem
) -> None:
    owner, url = people["owner"], f"/api/v1/action-items/{item.id}"
    assert owner.patch(url, json={"action": "acknowledge"}).status_code == 200
    body = owner.patch(
        url, json={"action": "respond", "note": "We apologised.", "solution": "Free coffee."}
    ).get_json()
    assert body["status"] == "responded"
    assert body["notes"][-1] | {"at": None} == {
        "at": None, "by": item.owner_id, "by_name": people["owner"].user_name, "action": "respond",
        "text": "We apologised.", "solution": "Free coffee.",
    }  # fmt: skip
    assert owner.patch(url, json={"action": "plan", "note": "Retrain."}).status_code == 200
    photo = image_bytes()
    missing = owner.patch(url, json={"action": "close", "note": "Done", "photo": sha(photo)})
    assert missing.status_code == 422  # not uploaded
    put = owner.put(f"/api/v1/attachments/{sha(photo)}", data=photo,
                    headers={"Content-Type": "image/jpeg"})  # fmt: skip
    assert put.status_code in (200, 201)
    closed = owner.patch(url, json={"action": "close", "note": "Done", "photo": sha(photo)})
    assert closed.status_code == 200, closed.get_json()
    assert closed.get_json()["notes"][-1]["photo"] == sha(photo)
    again = owner.post(url + "/follow-up", json={"kind": "call", "at": "2030-01-01T10:00:00Z"})
    assert again.status_code == 409  # closed: no follow-up any more


def test_follow_up_visit_is_created_for_the_shopper_chosen(
    app: Flask, people: dict[str, ApiClient], item: ActionItem, world: dict[str, Any]
) -> None:
    shopper = make_user(role="shopper", name="Shopper Z")
    url = f"/api/v1/action-items/{item.id}"
    options = people["owner"].get(url + "/follow-up-options").get_json()
    assert {"id": shopper.id, "name": "Shopper Z"} in options["shoppers"]
    assert world["campaign"].id in [c["id"] for c in options["campaigns"]]
    at = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
    plan = {"kind": "visit", "at": at.isoformat(), "shopper_id": shopper.id, "note": "Recheck"}
    body = people["owner"].post(url + "/follow-up", json=plan).get_json()
    visit = db.session.get(Assignment, body["followup"]["visit_id"])
    assert visit is not None and visit.rater_id == shopper.id
    assert visit.relationship == "mystery_shopper" and visit.unit_id == world["store"].id
    assert visit.visit_window_start == at and visit.scenario == "Recheck"
    assert body["followup"]["kind"] == "visit" and body["notes"][-1]["action"] == "followup"
    # The shopper sees the visit among their assignments.
    mine = _as(app, shopper).get("/api/v1/me/assignments").get_json()
    assert visit.id in [a["id"] for a in mine["assignments"]]
    bad = people["owner"].post(url + "/follow-up", json={**plan, "shopper_id": item.owner_id})
    assert bad.status_code == 422


# --- the customer's contact -------------------------------------------------------------------


def _complaint(app: Flask, smile: int = 1) -> dict[str, Any]:
    """A customer response through a link; smile 1 is the lowest rating (a complaint)."""
    w = field_setup(kind="customer")
    link = make_link(w["campaign"], w["staff"][0])
    item = sub(None, w["version"], answers=good_answers(smile=smile))
    resp = app.test_client().post(f"/api/v1/public/links/{link.token}/responses", json=item)
    assert resp.status_code == 201, resp.get_json()
    return {**w, "link": link, "id": item["id"]}


CONTACT = {"consent": True, "name": "Ms Li", "phone": "+86 138 0000 0000", "locale": "en"}


def _contact_url(c: dict[str, Any]) -> str:
    return f"/api/v1/public/links/{c['link'].token}/responses/{c['id']}/contact"


def test_contact_with_consent_is_shown_to_the_owner_and_hr_only(app: Flask, hr_client: Any) -> None:
    c = _complaint(app)
    client = app.test_client()
    assert client.post(_contact_url(c), json=CONTACT).status_code == 201
    assert client.post(_contact_url(c), json=CONTACT).status_code == 409  # once
    item = db.session.scalars(select(ActionItem).where(ActionItem.submission_id == c["id"])).one()
    url = f"/api/v1/action-items/{item.id}"
    want = {"name": "Ms Li", "phone": "+86 138 0000 0000", "email": None}
    assert _as(app, c["manager"]).get(url).get_json()["customer_contact"] == want
    assert hr_client.get(url).get_json()["customer_contact"] == want
    assert _as(app, c["staff"][1]).get(url).status_code == 404
    listed = hr_client.get("/api/v1/action-items").get_json()["action_items"]
    assert "customer_contact" not in listed[0] and "Ms Li" not in str(listed)
    # Stored apart from the answers.
    assert "Ms Li" not in str(db.session.get(type(item), item.id).notes)


@pytest.mark.parametrize(
    "body",
    [
        {**CONTACT, "consent": False},
        {k: v for k, v in CONTACT.items() if k != "consent"},
        {**CONTACT, "consent": "yes"},
        {"consent": True, "name": "No way to reach me"},
    ],
)
def test_without_consent_or_contact_nothing_is_stored(app: Flask, body: dict[str, Any]) -> None:
    c = _complaint(app)
    resp = app.test_client().post(_contact_url(c), json=body)
    assert resp.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(CustomerContact)) == 0


def test_contact_only_for_a_complaint_and_the_right_link(app: Flask) -> None:
    happy = _complaint(app, smile=5)
    assert app.test_client().post(_contact_url(happy), json=CONTACT).status_code == 409
    c = _complaint(app)
    other = make_link(c["campaign"], c["staff"][1])
    wrong = f"/api/v1/public/links/{other.token}/responses/{c['id']}/contact"
    assert app.test_client().post(wrong, json=CONTACT).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(CustomerContact)) == 0
