"""The scorecard endpoints (issue 18 §4): HR's table, an employee's own row, a manager's
team; the same figures as the service; bad arguments are 422 in the error shape."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.extensions import db
from server.services.scorecard.report import period_cards
from tests.api_client import ApiClient
from tests.factories import latest_version, make_campaign, sync_forms
from tests.test_scorecard_gather import AT, DEFS, NOW, TZ, observe, survey
from tests.worlds import store_with_staff

Q = "period=month&date=2026-11-15"


@pytest.fixture
def world(app):
    sync_forms()
    world = store_with_staff()
    world["observations"] = make_campaign(
        "360", form={"supervisor": latest_version("supervisor-observation")}
    )
    world["survey"] = make_campaign(
        "customer", form={"customer": latest_version("customer-satisfaction")}
    )
    world["versions"] = {
        "obs": latest_version("supervisor-observation"),
        "cus": latest_version("customer-satisfaction"),
    }
    first, second = world["staff"]
    for i in range(10):
        observe(world, first, greeted=i < 8, unit_id=world["store"].id)
        observe(world, second, greeted=i < 5, unit_id=world["store"].id)
    db.session.commit()
    return world


def client_for(app, user) -> ApiClient:
    api = ApiClient(app.test_client())
    assert api.login(user.email).status_code == 200
    return api


def test_hr_sees_units_and_employees_best_first(app, world, hr_client):
    units = hr_client.get(f"/api/v1/scorecard?{Q}").get_json()
    assert units["period"] == {
        "kind": "month", "label": "2026-11", "start": "2026-11-01", "end": "2026-12-01"
    }  # fmt: skip
    store = next(r for r in units["rows"] if r["id"] == world["store"].id)
    assert store["indicators"]["greeting_rate"]["value"] == pytest.approx(65.0)
    assert store["indicators"]["greeting_rate"]["sources"]["observation"]["n"] == 20
    people = hr_client.get(f"/api/v1/scorecard?{Q}&by=employee").get_json()
    assert [r["id"] for r in people["rows"]] == [s.id for s in world["staff"]]
    assert sum(people["distribution"]) == 2


def test_the_api_gives_the_service_figures(app, world, hr_client):
    people = hr_client.get(f"/api/v1/scorecard?{Q}&by=employee").get_json()
    cards = period_cards(db.session, DEFS, "month", AT.date(), by="subject", tz=TZ, now=NOW)
    for row in people["rows"]:
        assert row["score"] == pytest.approx(cards[row["id"]].card.score)


def test_an_employee_sees_only_their_own_row(app, world):
    first, second = world["staff"]
    mine = client_for(app, first).get(f"/api/v1/me/scorecard?{Q}").get_json()
    assert [r["id"] for r in mine["rows"]] == [first.id]
    assert mine["distribution"] is None
    assert client_for(app, first).get(f"/api/v1/scorecard?{Q}").status_code == 403


def test_a_manager_sees_one_row_per_direct_report(app, world):
    team = client_for(app, world["manager"]).get(f"/api/v1/me/team-scorecard?{Q}").get_json()
    assert sorted(r["id"] for r in team["rows"]) == sorted(s.id for s in world["staff"])
    alone = client_for(app, world["staff"][0]).get(f"/api/v1/me/team-scorecard?{Q}")
    assert alone.get_json()["rows"] == []


def test_hidden_customers_reach_nobody(app, world, hr_client):
    for rating in (1, 2):
        survey(world, world["staff"][0], rating)
    db.session.commit()
    for api, url in (
        (hr_client, f"/api/v1/scorecard?{Q}&by=employee"),
        (client_for(app, world["staff"][0]), f"/api/v1/me/scorecard?{Q}"),
        (client_for(app, world["manager"]), f"/api/v1/me/team-scorecard?{Q}"),
    ):
        rows = api.get(url).get_json()["rows"]
        row = next(r for r in rows if r["id"] == world["staff"][0].id)
        assert row["indicators"]["satisfaction"] == {"value": None, "n": 0, "sources": {}}


@settings(max_examples=25, suppress_health_check=list(HealthCheck), deadline=None)
@given(
    query=st.dictionaries(
        st.sampled_from(["period", "date", "by"]),
        st.one_of(st.text(max_size=12), st.sampled_from(["month", "2026-02-30", "unit", "\x00"])),
    )
)
def test_any_query_is_answered_or_refused_in_the_error_shape(app, hr_client, query):
    resp = hr_client.get("/api/v1/scorecard", query_string=query)
    assert resp.status_code in (200, 422), resp.get_json()
    if resp.status_code == 422:
        assert resp.get_json()["error"]["code"]


def test_exports_long_and_wide_carry_the_api_figures(app, world, hr_client):
    import csv
    import io

    from openpyxl import load_workbook

    people = hr_client.get(f"/api/v1/scorecard?{Q}&by=employee").get_json()["rows"]
    wide = hr_client.get(f"/api/v1/scorecard/export.csv?{Q}&by=employee&layout=wide")
    assert wide.status_code == 200
    assert "scorecard-2026-11-employee-wide.csv" in wide.headers["Content-Disposition"]
    table = list(csv.DictReader(io.StringIO(wide.data.decode("utf-8-sig"))))
    assert [int(r["id"]) for r in table] == [r["id"] for r in people]
    for got, row in zip(table, people, strict=True):
        assert float(got["score"]) == pytest.approx(row["score"])
        assert int(got["greeting_rate:n"]) == row["indicators"]["greeting_rate"]["n"]
        assert got["satisfaction"] == ""  # not enough data: empty, never 0
    long = hr_client.get(f"/api/v1/scorecard/export.xlsx?{Q}&by=employee&layout=long")
    sheet = load_workbook(io.BytesIO(long.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert header[:5] == ("period", "by", "id", "code", "name")
    greeting = [
        r for r in body
        if r["figure"] == "greeting_rate" and r["source"] == "observation"
        and int(r["id"]) == people[0]["id"]
    ]  # fmt: skip
    assert len(greeting) == 1
    assert float(greeting[0]["value"]) == pytest.approx(
        people[0]["indicators"]["greeting_rate"]["sources"]["observation"]["value"]
    )


def test_exports_refuse_unknown_layouts_and_formats(app, hr_client):
    for query in ("layout=tall", "period=week", "by=region"):
        resp = hr_client.get(f"/api/v1/scorecard/export.csv?{query}")
        assert resp.status_code == 422
    assert hr_client.get("/api/v1/scorecard/export.pdf").status_code == 404
