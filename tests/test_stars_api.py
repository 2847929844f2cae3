"""Service-star APIs (issue 14 §5): who sees which stars (employee own, manager their reports',
HR all with score; shopper none), the league table, the payroll export and the star column
of the summary export (CSV/XLSX, injection rules kept), and the unit summary PDF."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import openpyxl
from pypdf import PdfReader

from server.extensions import db
from server.services.exports.files import csv_text
from server.services.stars import compute, periods
from tests import stars_world
from tests.factories import make_user
from tests.queue_helpers import login

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def _world(**kw):
    w = stars_world.build(**kw)
    compute.compute_period(db.session, "2026-11", compute.Settings(), NOW)
    return w


def _csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_employee_sees_own_stars_without_score(app):
    w = _world()
    body = login(app, w["people"]["C"]).get("/api/v1/me/stars").get_json()
    assert body == {
        "stars": [
            {
                "period": "2026-11",
                "rank": 3,
                "unit": {
                    "id": w["unit"].id,
                    "name": w["unit"].name,
                    "kind": "team",
                    "parent_name": None,
                },
            }
        ]
    }
    assert login(app, w["people"]["E"]).get("/api/v1/me/stars").get_json() == {"stars": []}


def test_manager_sees_the_team_stars_others_none(app):
    w = _world()
    body = login(app, w["boss"]).get("/api/v1/me/team-stars").get_json()
    got = sorted((s["employee"]["name"], s["rank"]) for s in body["stars"])
    assert got == [("Person A", 1), ("Person B", 2), ("Person C", 3), ("Person D", 3)]
    assert all("score" not in s for s in body["stars"])
    stranger = make_user()
    assert login(app, stranger).get("/api/v1/me/team-stars").get_json() == {"stars": []}
    assert login(app, w["people"]["A"]).get("/api/v1/me/team-stars").get_json() == {"stars": []}


def test_shopper_has_none_and_staff_routes_are_staff_only(app):
    _world()
    shopper = login(app, make_user(role="shopper"))
    for url in ("/api/v1/me/stars", "/api/v1/me/team-stars", "/api/v1/stars", "/api/v1/league"):
        assert shopper.get(url).status_code == 403
    employee = login(app, make_user())
    for url in ("/api/v1/stars", "/api/v1/league", "/api/v1/stars/export.csv"):
        assert employee.get(url).status_code == 403


def test_hr_sees_every_star_with_score_and_the_league(app):
    w = _world()
    hr = login(app, make_user(role="hr"))
    body = hr.get("/api/v1/stars?period=2026-11").get_json()
    assert body["periods"] == ["2026-11"]
    assert [(s["employee"]["name"], s["rank"], s["score"], s["n"]) for s in body["stars"]] == [
        ("Person A", 1, 100.0, 3),
        ("Person B", 2, 75.0, 4),
        ("Person C", 3, 75.0, 3),
        ("Person D", 3, 75.0, 3),
    ]
    assert hr.get(f"/api/v1/stars?unit_id={w['unit'].id}&period=2026-10").get_json()["stars"] == []
    league = hr.get("/api/v1/league").get_json()
    assert league["period"] == "2026-11" and len(league["units"]) == 1
    row = league["units"][0]
    assert (row["rank"], row["employees"], row["trend"]) == (1, 6, None)
    assert abs(row["score"] - 475 / 6) < 1e-9


def test_bad_queries_are_422(app):
    hr = login(app, make_user(role="hr"))
    bad = (
        "/api/v1/stars?period=2026-13",
        "/api/v1/league?kind=planet",
        "/api/v1/league?period=x",
        "/api/v1/stars?period=0000-01",  # the OpenAPI fuzzer's year 0 (was a 500)
        "/api/v1/league?period=2026-11%0A",
    )
    for url in bad:
        resp = hr.get(url)
        assert resp.status_code == 422, url
        assert resp.get_json()["error"]["code"]


def test_payroll_export_has_a_star_column_per_period(app):
    w = _world()
    evil = make_user(name='=HYPERLINK("x")', unit_id=w["unit"].id)
    hr = login(app, make_user(role="hr"))
    rows = {r["employee_id"]: r for r in _csv(hr.get("/api/v1/stars/export.csv").data)}
    p = w["people"]
    assert rows[str(p["A"].id)]["service_star.2026-11"] == "1"
    assert rows[str(p["E"].id)]["service_star.2026-11"] == "0"
    cell = rows[str(evil.id)]["name"]
    assert cell.startswith("'=") and csv_text(cell) == evil.name
    book = openpyxl.load_workbook(io.BytesIO(hr.get("/api/v1/stars/export.xlsx").data))
    head = [c.value for c in next(book.active.iter_rows(max_row=1))]
    assert head[-1] == "service_star.2026-11"


def test_summary_export_carries_the_star_flag(app):
    w = _world()
    hr = login(app, make_user(role="hr"))
    data = hr.get(f"/api/v1/campaigns/{w['campaign'].id}/exports/summary.csv").data
    flags = {r["employee_id"]: r["service_star.2026-11"] for r in _csv(data)}
    p = w["people"]
    assert flags[str(p["D"].id)] == "1" and flags[str(p["F"].id)] == "0"


def test_summary_export_flag_is_blank_before_the_period_is_computed(app):
    w = stars_world.build(period_end=date(2026, 11, 30))
    hr = login(app, make_user(role="hr"))
    data = hr.get(f"/api/v1/campaigns/{w['campaign'].id}/exports/summary.csv").data
    assert {r["service_star.2026-11"] for r in _csv(data)} == {""}


def test_unit_summary_pdf_names_the_stars(app):
    w = _world()
    hr = login(app, make_user(role="hr"))
    url = f"/api/v1/campaigns/{w['campaign'].id}/units/{w['unit'].id}/summary"
    data = hr.get(url).get_json()
    assert [s["name"] for s in data["stars"][0]["stars"]] == [
        "Person A",
        "Person B",
        "Person C",
        "Person D",
    ]
    pdf = hr.get(url + ".pdf")
    assert pdf.status_code == 200
    text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "服务标兵" in text and "2026-11" in text
    for name in ("Person A", "Person B", "Person C", "Person D"):
        assert name in text
    assert "Person E" not in text.split("服务标兵", 1)[1].split("能力")[0]


def test_unit_summary_with_three_periods_of_stars_stays_one_page():
    from server.reports import render
    from tests.fixtures_reports import sample_unit_summary

    summary = sample_unit_summary("zh-CN")
    league = {"rank": 2, "score": 80.0, "trend": "up", "previous_period": "2026-05"}
    star = {"name": "王芳", "job_title": None, "rank": 1, "score": 91.5, "n": 7}
    summary["stars"] = [
        {
            "period": f"2026-{m:02d}",
            "stars": [star, {**star, "rank": 2}, {**star, "rank": 3}],
            "league": league,
        }
        for m in range(6, 3, -1)
    ]
    pdf = render.render_unit_summary_pdf(summary)
    pages = PdfReader(io.BytesIO(pdf)).pages
    text = "".join(p.extract_text() or "" for p in pages)
    assert "服务标兵" in text and "上升" in text and "91.5" in text
    assert len(pages) == 1


MONTHS = ["2026-08", "2026-09", "2026-10", "2026-11"]


def _star_columns(data: bytes) -> list[str]:
    head = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    return [c.removeprefix("service_star.") for c in head if c.startswith("service_star.")]


def test_payroll_export_takes_a_range_of_periods(app):
    """`from`/`to` (inclusive, each optional; a quarter covers its months) choose the columns:
    for every pair, exactly the computed periods inside the range, in order."""
    _world()
    for key in MONTHS[:-1]:
        compute.compute_period(db.session, key, compute.Settings(), NOW)
    hr = login(app, make_user(role="hr"))
    assert _star_columns(hr.get("/api/v1/stars/export.csv").data) == MONTHS
    bounds = [None, "2026-07", *MONTHS, "2026-12", "2026-Q3", "2026-Q4"]
    for first in bounds:
        for last in bounds:
            lo = periods.bounds(first)[0] if first else date.min
            hi = periods.bounds(last)[1] if last else date.max
            query = "&".join(f"{k}={v}" for k, v in (("from", first), ("to", last)) if v)
            for fmt in ("csv", "xlsx"):
                resp = hr.get(f"/api/v1/stars/export.{fmt}?{query}")
                if lo > hi:
                    assert resp.status_code == 422, query
                    assert resp.get_json()["error"]["code"] == "invalid"
                    continue
                assert resp.status_code == 200, query
                if fmt == "csv":
                    want = [
                        k
                        for k in MONTHS
                        if lo <= periods.bounds(k)[0] and periods.bounds(k)[1] <= hi
                    ]
                    assert _star_columns(resp.data) == want, query


def test_payroll_export_refuses_a_bad_range(app):
    _world()
    hr = login(app, make_user(role="hr"))
    for query in (
        "from=2026-13",
        "to=0000-01",
        "from=2026-11&to=2026-10",
        "from=x",
        "to=2026-11%00",
    ):
        resp = hr.get(f"/api/v1/stars/export.csv?{query}")
        assert resp.status_code == 422, query
        assert resp.get_json()["error"]["code"] == "invalid"


def test_payroll_export_range_error_is_in_the_users_language(app):
    _world()
    hr = login(app, make_user(role="hr"))
    resp = hr.get(
        "/api/v1/stars/export.csv?from=2026-11&to=2026-10", headers={"Accept-Language": "zh-CN"}
    )
    assert resp.status_code == 422
    assert "起始期间不能晚于结束期间" in str(resp.get_json())
