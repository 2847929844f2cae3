"""The review PDF's scorecard page (issue 18 §4, §5): the worked example — 17 greetings in
20 observed contacts and 9 of 10 mystery-shop visits, equal source weights: 87.5 — printed
with the same figures as the API (`/me/scorecard`) and the exports (CSV wide and long), for
the same person and period; an indicator without data is "not enough data"."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from server.extensions import db
from server.reports.i18n import fmt_delta, fmt_score
from server.services.scorecard import review_block
from tests.api_client import ApiClient
from tests.factories import latest_version, make_campaign, sync_forms
from tests.test_scorecard_gather import AT, observe, visit
from tests.worlds import store_with_staff

NOV = "period=month&date=2026-11-30"


@pytest.fixture
def example(app):
    sync_forms()
    world = store_with_staff()
    obs = latest_version("supervisor-observation")
    world["versions"] = {"obs": obs, "mys": latest_version("mystery-shop-store")}
    world["observations"] = make_campaign(
        "360",
        form={"supervisor": obs},
        period_start=date(2026, 11, 1),
        period_end=date(2026, 11, 30),
        report_locale="en",
    )
    world["visits"] = make_campaign(
        "mystery_shop", form={"mystery_shopper": world["versions"]["mys"]}
    )
    employee = world["staff"][0]
    for i in range(20):
        observe(world, employee, greeted=i < 17, when=AT)
    for i in range(10):
        visit(world, employee, greeted=i < 9)
    db.session.commit()
    return world | {"employee": employee}


def pdf_text(data: bytes) -> str:
    text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text)


def test_the_campaign_period_is_its_calendar_period():
    assert review_block.period_of(date(2026, 11, 1), date(2026, 11, 30)) == "month"
    assert review_block.period_of(date(2026, 10, 1), date(2026, 12, 31)) == "quarter"
    assert review_block.period_of(date(2026, 7, 1), date(2026, 12, 31)) == "half"


def test_pdf_api_and_exports_give_the_same_figures(app, example, hr_client):
    employee, campaign = example["employee"], example["observations"]
    me = ApiClient(app.test_client())
    assert me.login(employee.email).status_code == 200
    row = me.get(f"/api/v1/me/scorecard?{NOV}").get_json()["rows"][0]
    greeting = row["indicators"]["greeting_rate"]
    assert greeting["value"] == pytest.approx(87.5)  # 0.5 × 85 + 0.5 × 90
    assert greeting["n"] == 30
    # computed for this person alone (`only`) or within everyone's table: the same figures
    everyone = hr_client.get(f"/api/v1/scorecard?{NOV}&by=employee").get_json()["rows"]
    assert next(r for r in everyone if r["id"] == employee.id) == row
    # the review (JSON) carries the same table
    review = hr_client.get(f"/api/v1/campaigns/{campaign.id}/reviews/{employee.id}").get_json()
    assert review["scorecard"]["rows"] == [row]

    pdf = hr_client.get(f"/api/v1/campaigns/{campaign.id}/reviews/{employee.id}.pdf")
    assert pdf.status_code == 200
    text = pdf_text(pdf.data)
    page = text.split("Service scorecard", 1)[1]
    assert "Period 2026-11" in page
    assert f"Weighted score {fmt_score(row['score'])}" in page
    assert f"Proactive greeting rate 15.0 {fmt_score(greeting['value'])} 30" in page
    assert "Mystery shop 90.0 (n 10); Supervisor's daily observation 85.0 (n 20)" in page
    assert "Proactive communication · 92.5" in page  # (15 × 87.5 + 10 × 100) / 25
    assert "Customer satisfaction 30.0 not enough data 0" in page
    if row["trend"] is not None:
        assert fmt_delta(row["trend"]) in page

    wide = hr_client.get(f"/api/v1/scorecard/export.csv?{NOV}&by=employee&layout=wide")
    mine = next(
        r for r in csv.DictReader(io.StringIO(wide.data.decode("utf-8-sig")))
        if int(r["id"]) == employee.id
    )  # fmt: skip
    assert fmt_score(float(mine["score"])) == fmt_score(row["score"])
    assert fmt_score(float(mine["greeting_rate"])) == "87.5"
    assert int(mine["greeting_rate:n"]) == 30
    assert mine["satisfaction"] == ""
    long = hr_client.get(f"/api/v1/scorecard/export.csv?{NOV}&by=employee&layout=long")
    lines = [
        r for r in csv.DictReader(io.StringIO(long.data.decode("utf-8-sig")))
        if int(r["id"]) == employee.id and r["figure"] == "greeting_rate"
    ]  # fmt: skip
    by_source = {r["source"]: r for r in lines}
    assert fmt_score(float(by_source["mystery_shop"]["value"])) == "90.0"
    assert fmt_score(float(by_source["observation"]["value"])) == "85.0"
