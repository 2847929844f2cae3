"""IDOR attempts: another shopper's visit, another employee's review or photo (SPEC §9).

Uses the access-matrix world: shoppers S1/S2 with one approved visit each (photos P1/P2,
staff A/B), employees A (manager M) and B, released 360 and mystery-shop campaigns.
A foreign object must answer exactly like a nonexistent one (404), so ids cannot be probed.
"""

from __future__ import annotations

import uuid
from typing import Any

from server.extensions import db
from tests import live_server as live
from tests.factories import ApiClient
from tests.test_access_matrix import matrix_app, template  # noqa: F401 - fixtures


def _as(app: Any, world: Any, key: str) -> ApiClient:
    api = ApiClient(app.test_client())
    assert api.login(world.emails[key]).status_code == 200
    return api


def _same_as_missing(api: ApiClient, foreign_url: str, missing_url: str) -> None:
    foreign, missing = api.get(foreign_url), api.get(missing_url)
    assert foreign.status_code == missing.status_code == 404
    assert foreign.get_json() == missing.get_json()


def test_shopper_cannot_see_or_fetch_another_shoppers_visit(matrix_app):  # noqa: F811
    app, world, restore = matrix_app
    restore()
    s1 = _as(app, world, "S1")
    listed = s1.get("/api/v1/me/assignments").get_json()["assignments"]
    assert all(a["id"] != world.ids["asg_b_self"] for a in listed)
    text = str(listed)
    assert "Store 2" not in text and world.ids["p2"] not in text
    for suffix in ("", "/thumb"):
        _same_as_missing(
            s1,
            f"/api/v1/attachments/{world.ids['p2']}{suffix}",
            f"/api/v1/attachments/{'f' * 64}{suffix}",
        )
    assert s1.get(f"/api/v1/attachments/{world.ids['p1']}").status_code == 200
    assert s1.get(f"/api/v1/submissions/{world.ids['sub_s2']}").status_code == 403


def _visit_of(world: Any, shopper: str) -> int:
    from server.models import Submission

    sub = db.session.get(Submission, world.ids["sub_s2" if shopper == "S2" else "sub_s1"])
    return sub.assignment_id


def test_shopper_cannot_submit_on_reopen_or_replace_another_shoppers_visit(matrix_app):  # noqa: F811
    from server.models import Campaign, Submission

    app, world, restore = matrix_app
    restore()
    db.session.get(Campaign, world.ids["cms"]).status = "open"
    db.session.get(Submission, world.ids["sub_s2"]).status = "rejected"
    db.session.commit()
    definition_id = world.ids["vms"]
    from server.models import FormVersion

    definition = db.session.get(FormVersion, definition_id).definition
    s1 = _as(app, world, "S1")
    answers = live.answers_for(definition, 2, [world.ids["p1"]])
    theirs = _visit_of(world, "S2")
    attempts = [
        live.submission(theirs, definition_id, answers),  # their visit
        {**live.submission(theirs, definition_id, answers), "replaces": world.ids["sub_s2"]},
        {
            **live.submission(_visit_of(world, "S1"), definition_id, answers),
            "id": world.ids["sub_s2"],
        },  # their id
    ]
    resp = s1.post("/api/v1/sync", json={"submissions": attempts})
    assert resp.status_code == 200
    statuses = [r["status"] for r in resp.get_json()["results"]]
    assert statuses == ["forbidden"] * 3, statuses
    # Replaying someone else's id says nothing about whether it exists.
    unknown = {**attempts[2], "id": str(uuid.uuid4()), "assignment_id": theirs}
    again = s1.post("/api/v1/sync", json={"submissions": [unknown]}).get_json()["results"]
    assert again[0]["status"] == "forbidden"
    stored = db.session.scalars(
        db.select(Submission).where(Submission.rater_id == world.ids["S1"])
    ).all()
    assert [s.id for s in stored] == [world.ids["sub_s1"]]


def test_employee_cannot_read_another_employees_review_or_photo(matrix_app):  # noqa: F811
    app, world, restore = matrix_app
    restore()
    a = _as(app, world, "A")
    c = world.ids["c360"]
    _same_as_missing(
        a,
        f"/api/v1/campaigns/{c}/reviews/{world.ids['B']}",
        f"/api/v1/campaigns/{c}/reviews/999999",
    )
    _same_as_missing(
        a,
        f"/api/v1/campaigns/{c}/reviews/{world.ids['B']}.pdf",
        f"/api/v1/campaigns/{c}/reviews/999999.pdf",
    )
    _same_as_missing(a, f"/api/v1/attachments/{world.ids['p2']}", f"/api/v1/attachments/{'e' * 64}")
    assert a.get(f"/api/v1/attachments/{world.ids['p1']}").status_code == 200  # own visit


def test_manager_reads_reports_only_when_the_campaign_allows(matrix_app):  # noqa: F811
    from server.models import Campaign

    app, world, restore = matrix_app
    restore()
    url = f"/api/v1/campaigns/{world.ids['c360']}/reviews/{world.ids['A']}"
    m = _as(app, world, "M")
    assert m.get(url).status_code == 200
    assert (
        m.get(f"/api/v1/campaigns/{world.ids['c360']}/reviews/{world.ids['B']}").status_code == 404
    )
    db.session.get(Campaign, world.ids["c360"]).manager_visibility = False
    db.session.commit()
    m = _as(app, world, "M")
    assert m.get(url).status_code == 404
    assert m.get(url + ".pdf").status_code == 404


def test_unreleased_review_is_invisible_to_the_employee(matrix_app):  # noqa: F811
    from server.models import Campaign

    app, world, restore = matrix_app
    restore()
    db.session.get(Campaign, world.ids["c360"]).status = "closed"
    db.session.commit()
    a = _as(app, world, "A")
    url = f"/api/v1/campaigns/{world.ids['c360']}/reviews/{world.ids['A']}"
    assert a.get(url).status_code == 404
    assert a.get(url + ".pdf").status_code == 404
    assert all(
        r["campaign"]["id"] != world.ids["c360"]
        for r in a.get("/api/v1/me/reviews").get_json()["reviews"]
    )
    assert _as(app, world, "hr").get(url).status_code == 200  # HR sees drafts


def test_employee_cannot_act_on_another_employees_action_item(matrix_app):  # noqa: F811
    app, world, restore = matrix_app
    restore()
    a = _as(app, world, "A")
    mine = {i["id"] for i in a.get("/api/v1/action-items").get_json()["action_items"]}
    assert world.ids["item_a"] in mine and world.ids["item_b"] not in mine
    resp = a.patch(f"/api/v1/action-items/{world.ids['item_b']}", json={"action": "acknowledge"})
    assert resp.status_code == 404
