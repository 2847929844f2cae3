"""SPEC §9 access: GET /api/v1/me/team-reviews: a manager's direct reports, released and allowed
campaigns only."""

from __future__ import annotations

from tests.factories import make_user
from tests.test_review_api import login, release, setup  # noqa: F401  (fixture)


def test_team_reviews_only_after_release_and_with_permission(app, setup) -> None:  # noqa: F811
    api = login(app, setup["manager"])
    assert api.get("/api/v1/me/team-reviews").get_json() == {"reviews": []}
    release(setup, manager_visibility=False)
    assert api.get("/api/v1/me/team-reviews").get_json() == {"reviews": []}
    release(setup, manager_visibility=True)
    body = api.get("/api/v1/me/team-reviews").get_json()
    assert [(r["employee"]["id"], r["campaign"]["id"]) for r in body["reviews"]] == [
        (setup["emp"].id, setup["campaign"].id)
    ]
    assert body["reviews"][0]["overall_index"] is not None


def test_team_reviews_never_show_other_peoples_reports(app, setup) -> None:  # noqa: F811
    release(setup, manager_visibility=True)
    for user in (setup["emp"], setup["stranger"], make_user(role="hr")):
        assert login(app, user).get("/api/v1/me/team-reviews").get_json() == {"reviews": []}


def test_team_reviews_requires_login(client) -> None:
    assert client.get("/api/v1/me/team-reviews").status_code == 401
