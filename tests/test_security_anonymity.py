"""Attempts to derive a hidden rater group through every employee-facing output (SPEC §6).

Scenario A (the SPEC's example): supervisor n 1, direct reports n 3, peers n 2 → peers and
direct reports both hidden (back-calculation), colleagues (n 5) and others (n 6) shown.
Peers rate 1 and 2 (mean 1.5, 12.5 on 0-100), direct reports 4, 4, 5 (mean 4.33, 83.33):
figures that exist nowhere else, so finding one in an output means the group leaked.
Scenario B: peers n 3, direct reports n 3, one peer marks item s0q0 N/A → for that item
neither group is shown separately.

Outputs attacked: the review JSON (as the employee, the manager and HR), /me/reviews, the
PDF text, the unit summary, and the raw/summary exports (rater identities replaced by
per-campaign random codes).
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import date
from typing import Any

import pytest

from server.extensions import db
from tests import live_server as live
from tests.factories import ApiClient, make_campaign, make_unit, make_user, save_form

PEER_MEAN_100, SUB_MEAN_100 = 12.5, 250 / 3  # 1.5 and 4.333 on 1-5
PEER_MEAN, SUB_MEAN = 1.5, 13 / 3
HIDDEN_GROUPS = ("peer", "subordinate")


def _definition() -> dict[str, Any]:
    from server.services.forms import forms

    raw = live.form_definition(8, photo=False)
    raw.update(
        key=f"anon-{uuid.uuid4().hex[:6]}",
        relationships=["self", "supervisor", "peer", "subordinate"],
    )
    raw["sections"][0]["questions"].append(
        {
            "id": "remarks",
            "type": "text",
            "label": live.bi("Remarks"),
            "comment": True,
            "required": False,
        }
    )
    return forms.validate_definition(raw)


def _answers(definition: dict[str, Any], rating: int, comment: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for section in definition["sections"]:
        for q in section["questions"]:
            if q["type"] == "rating":
                out[q["id"]] = rating
            elif q["type"] == "yes_no":
                out[q["id"]] = True
            elif q["type"] == "text":
                out[q["id"]] = comment
    return out


def build(
    peer_ratings: list[int], sub_ratings: list[int], peer_na: str | None = None
) -> dict[str, Any]:
    """A released 360 campaign about employee E with the given peer/report ratings."""
    from server.models import Assignment
    from server.services.sync import sync

    unit = make_unit(kind="branch")
    manager = make_user(unit_id=unit.id, name="Manager Mo")
    subject = make_user(unit_id=unit.id, manager_id=manager.id, name="Employee Em")
    reports = [
        make_user(unit_id=unit.id, manager_id=subject.id, name=f"Report {i}")
        for i in range(len(sub_ratings))
    ]
    peers = [make_user(unit_id=unit.id, name=f"Peer {i}") for i in range(len(peer_ratings))]
    version = save_form(_definition())
    campaign = make_campaign(
        "360",
        form=version,
        name=live.bi("Anonymity"),
        period_end=date(2026, 6, 30),
        manager_visibility=True,
    )
    raters = (
        [("self", subject, 5, "SELF-NOTE")],
        [("supervisor", manager, 3, "BOSS-NOTE")],
        [
            ("peer", p, r, f"PEER-SECRET-{i}")
            for i, (p, r) in enumerate(zip(peers, peer_ratings, strict=True))
        ],
        [
            ("subordinate", s, r, f"REPORT-SECRET-{i}")
            for i, (s, r) in enumerate(zip(reports, sub_ratings, strict=True))
        ],
    )
    for group in raters:
        for n, (rel, rater, rating, note) in enumerate(group):
            row = Assignment(
                campaign_id=campaign.id,
                relationship=rel,
                rater_id=rater.id,
                subject_id=subject.id,
                form_version_id=version.id,
            )
            db.session.add(row)
            db.session.flush()
            answers = _answers(version.definition, rating, note)
            item = live.submission(row.id, version.id, answers)
            if rel == "peer" and peer_na and n == 0:
                del item["answers"][peer_na]
                item["na"] = [peer_na]
            results = sync.sync_batch(db.session, rater, [item])
            assert results[0]["status"] == "created", results
    campaign.status = "released"
    db.session.commit()
    return {
        "campaign": campaign.id,
        "subject": subject,
        "manager": manager,
        "unit": unit.id,
        "peers": peers,
        "reports": reports,
        "version": version.id,
    }


def _login(app: Any, user: Any) -> ApiClient:
    api = ApiClient(app.test_client())
    assert api.login(user.email).status_code == 200
    return api


def _numbers(value: Any) -> list[float]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int | float):
        return [float(value)]
    if isinstance(value, dict):
        return [x for v in value.values() for x in _numbers(v)]
    if isinstance(value, list):
        return [x for v in value for x in _numbers(v)]
    return []


def _assert_no_hidden_figure(data: Any, where: str) -> None:
    for number in _numbers(data):
        for secret in (PEER_MEAN_100, SUB_MEAN_100, SUB_MEAN):
            assert abs(number - secret) > 1e-6, f"{where}: hidden group's figure {number}"
    text = json.dumps(data, ensure_ascii=False)
    assert "Peer 0" not in text and "Report 0" not in text, f"{where}: rater name"


def _assert_protected_review(review: dict[str, Any], where: str) -> None:
    rows = {r["key"]: r for r in review["rows"]}
    for key in HIDDEN_GROUPS:
        assert rows[key]["visible"] is False, f"{where}: {key} row shown"
        assert rows[key]["form_score"] is None and not rows[key]["competencies"]
    assert rows["colleagues"]["visible"] and rows["colleagues"]["n"] == 5
    assert rows["others"]["visible"] and rows["others"]["n"] == 6
    for item in review["items"]:
        assert not set(item["rows"]) & set(HIDDEN_GROUPS), f"{where}: item {item['id']}"
    for key in HIDDEN_GROUPS:
        assert not review["comments"].get(key), f"{where}: comments under {key}"
    assert "others" not in review["comments"]
    comments = [c["text"] for group in review["comments"].values() for c in group]
    assert len(comments) == len(set(comments)), f"{where}: a comment appears twice"
    for c in (c for group in review["comments"].values() for c in group):
        assert set(c) <= {"question_id", "question_label", "text"}, f"{where}: {c}"
    _assert_no_hidden_figure(review, where)


@pytest.fixture
def scenario_a(app):
    return build(peer_ratings=[1, 2], sub_ratings=[4, 4, 5])


def test_review_json_hides_both_groups_for_employee_manager_and_hr(app, scenario_a):
    s = scenario_a
    url = f"/api/v1/campaigns/{s['campaign']}/reviews/{s['subject'].id}"
    hr = make_user(role="hr")
    for reader, label in ((s["subject"], "employee"), (s["manager"], "manager"), (hr, "hr")):
        resp = _login(app, reader).get(url)
        assert resp.status_code == 200, resp.get_json()
        _assert_protected_review(resp.get_json(), label)


def test_visible_rows_do_not_combine_into_a_hidden_group(app, scenario_a):
    """others·6 − supervisor = colleagues·5 holds, but nothing splits colleagues."""
    s = scenario_a
    review = (
        _login(app, s["subject"])
        .get(f"/api/v1/campaigns/{s['campaign']}/reviews/{s['subject'].id}")
        .get_json()
    )
    for item in review["items"]:
        rows = item["rows"]
        if "colleagues" not in rows or rows["colleagues"]["mean"] is None:
            continue
        visible = set(rows)
        # Any split of colleagues needs one of its parts, and both are absent.
        assert not visible & set(HIDDEN_GROUPS)
        assert rows["colleagues"]["mean"] == pytest.approx((1 + 2 + 4 + 4 + 5) / 5)


def test_me_reviews_and_unit_summary_hide_the_groups(app, scenario_a):
    s = scenario_a
    mine = _login(app, s["subject"]).get("/api/v1/me/reviews").get_json()["reviews"]
    assert mine
    for review in mine:
        for row in review["rows"]:
            if row["key"] in HIDDEN_GROUPS:
                assert row["visible"] is False and row["form_score"] is None
        _assert_no_hidden_figure(review, "me/reviews")
    hr = _login(app, make_user(role="hr"))
    summary = hr.get(f"/api/v1/campaigns/{s['campaign']}/units/{s['unit']}/summary")
    assert summary.status_code == 200
    for employee in summary.get_json()["employees"]:
        assert not set(employee["rows"]) & set(HIDDEN_GROUPS)
    _assert_no_hidden_figure(summary.get_json(), "unit summary")


def test_pdf_text_shows_no_hidden_figure_or_comment_row(app, scenario_a):
    pypdf = pytest.importorskip("pypdf")
    s = scenario_a
    resp = _login(app, s["subject"]).get(
        f"/api/v1/campaigns/{s['campaign']}/reviews/{s['subject'].id}.pdf"
    )
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    text = "\n".join(
        page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(resp.data)).pages
    )
    assert "EMPLOYEE EM" in text.upper() or "Employee Em" in text
    for figure in ("12.5", "83.3", "4.33", "1.50"):
        assert figure not in text, f"hidden group's figure {figure} in the PDF"
    assert "Peer 0" not in text and "Report 0" not in text
    for secret in ("PEER-SECRET-0", "PEER-SECRET-1", "REPORT-SECRET-0"):
        assert text.count(secret) <= 1


def _csv(resp: Any) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(resp.data.decode("utf-8-sig"))))


def test_exports_replace_anonymous_rater_identities_with_random_codes(app, scenario_a):
    s = scenario_a
    hr = _login(app, make_user(role="hr"))
    resp = hr.get(f"/api/v1/campaigns/{s['campaign']}/exports/answers.csv")
    assert resp.status_code == 200
    rows = _csv(resp)
    assert rows
    text = resp.data.decode("utf-8-sig")
    identities = set()
    for person in (*s["peers"], *s["reports"]):
        assert person.email not in text and person.name not in text
        identities |= {person.email, str(person.id), person.employee_number or "-"}
    anonymous = [r for r in rows if r["relationship"] in HIDDEN_GROUPS]
    assert len({r["rater"] for r in anonymous}) == 5  # one stable code per rater
    assert not {r["rater"] for r in anonymous} & identities
    other = build(peer_ratings=[3, 3], sub_ratings=[2, 2, 2])
    resp2 = hr.get(f"/api/v1/campaigns/{other['campaign']}/exports/answers.csv")
    codes_a = {r["rater"] for r in anonymous}
    codes_b = {r["rater"] for r in _csv(resp2) if r["relationship"] in HIDDEN_GROUPS}
    assert codes_b and not codes_a & codes_b, "codes must differ per campaign"


def test_summary_export_has_no_hidden_row_figures(app, scenario_a):
    s = scenario_a
    hr = _login(app, make_user(role="hr"))
    resp = hr.get(f"/api/v1/campaigns/{s['campaign']}/exports/summary.csv")
    assert resp.status_code == 200
    for row in _csv(resp):
        for key, value in row.items():
            if any(group in key.lower() for group in ("peer", "subordinate")) and value:
                pytest.fail(f"summary export shows hidden {key} = {value}")
            try:
                number = float(value)
            except (TypeError, ValueError):
                continue
            assert abs(number - PEER_MEAN_100) > 1e-6 and abs(number - SUB_MEAN_100) > 1e-6


def test_item_level_na_hides_the_other_group_for_that_item(app):
    """SPEC: peers n 3, reports n 3, one peer N/A on an item → neither shown for that item."""
    s = build(peer_ratings=[2, 3, 4], sub_ratings=[5, 5, 4], peer_na="s0q0")
    review = (
        _login(app, s["subject"])
        .get(f"/api/v1/campaigns/{s['campaign']}/reviews/{s['subject'].id}")
        .get_json()
    )
    rows = {r["key"]: r for r in review["rows"]}
    assert rows["peer"]["visible"] and rows["subordinate"]["visible"]
    items = {i["id"]: i for i in review["items"]}
    assert not set(items["s0q0"]["rows"]) & {"peer", "subordinate"}
    assert items["s0q0"]["rows"]["colleagues"]["n"] == 5
    assert {"peer", "subordinate"} <= set(items["s0q1"]["rows"])


def test_hidden_rows_do_not_reveal_their_exact_size_to_the_employee(app, scenario_a):
    s = scenario_a
    review = (
        _login(app, s["subject"])
        .get(f"/api/v1/campaigns/{s['campaign']}/reviews/{s['subject'].id}")
        .get_json()
    )
    rows = {r["key"]: r for r in review["rows"]}
    assert rows["peer"]["n"] in (None, 0), rows["peer"]


def test_hr_submission_list_and_detail_never_name_an_unnamed_rater(app, scenario_a):
    """HR's queue shows peer/report submissions without assignment id, device clock or
    a time finer than the hour: the assignment names its rater, and an exact time next to
    the outstanding list would too (SPEC §6, issue 11)."""
    from server.models import Assignment

    s = scenario_a
    hr = _login(app, make_user(role="hr"))
    listing = hr.get(f"/api/v1/submissions?campaign_id={s['campaign']}").get_json()
    hidden_assignments = set(
        db.session.scalars(
            db.select(Assignment.id).where(
                Assignment.campaign_id == s["campaign"],
                Assignment.relationship.in_(HIDDEN_GROUPS),
            )
        )
    )
    rows = listing["items"] if "items" in listing else listing["submissions"]
    unnamed = [r for r in rows if r["relationship"] in HIDDEN_GROUPS]
    assert len(unnamed) == 5
    for row in unnamed:
        assert row["assignment_id"] is None and row["rater"] is None, row
        assert row["received_at"][14:19] == "00:00", row["received_at"]
        detail = hr.get(f"/api/v1/submissions/{row['id']}").get_json()["submission"]
        assert detail["assignment_id"] is None and detail["rater"] is None
        assert detail["device_time"] is None and detail["time_skew_seconds"] is None
        assert detail["geo"] is None
        for key in ("received_at", "started_at", "completed_at"):
            assert detail[key] is None or detail[key][14:19] == "00:00", (key, detail[key])
        text = json.dumps(detail)
        for assignment_id in hidden_assignments:
            assert f'"assignment_id": {assignment_id}' not in text
    named = [r for r in rows if r["relationship"] == "supervisor"]
    assert named and named[0]["assignment_id"] is not None and named[0]["rater"] is not None


@pytest.mark.parametrize("relationship", ["peer", "subordinate", "customer", "supervisor", "self"])
def test_queue_rows_cut_times_of_unnamed_groups_only(app, relationship):
    """Property over arbitrary receipt times: unnamed groups show the hour, others the time."""
    from datetime import UTC, datetime

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from server.models import Submission
    from server.services.visits import review_queue

    @settings(max_examples=40, deadline=None)
    @given(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1)))
    def check(moment: datetime) -> None:
        moment = moment.replace(tzinfo=UTC)
        sub = Submission(
            id=str(uuid.uuid4()),
            relationship=relationship,
            assignment_id=7,
            rater_id=None,
            received_at=moment,
            status="received",
            is_late=False,
            late_accepted=False,
        )
        row = review_queue.summary(db.session, sub)
        shown = datetime.fromisoformat(row["received_at"])
        if relationship in ("peer", "subordinate", "customer"):
            assert shown == moment.replace(minute=0, second=0, microsecond=0)
            assert row["assignment_id"] is None
        else:
            assert shown == moment and row["assignment_id"] == 7

    check()


def test_review_and_unit_summary_carry_no_time_finer_than_the_day(app, scenario_a):
    """Whatever a reader of a review gets (JSON of the review, /me/reviews, the unit
    summary) holds dates, never a time of day (SPEC §6: derived records, dates only)."""
    import re

    s = scenario_a
    timestamp = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
    hr = _login(app, make_user(role="hr"))
    outputs = {
        "review (employee)": _login(app, s["subject"]).get(
            f"/api/v1/campaigns/{s['campaign']}/reviews/{s['subject'].id}"
        ),
        "review (manager)": _login(app, s["manager"]).get(
            f"/api/v1/campaigns/{s['campaign']}/reviews/{s['subject'].id}"
        ),
        "review (hr)": hr.get(f"/api/v1/campaigns/{s['campaign']}/reviews/{s['subject'].id}"),
        "me/reviews": _login(app, s["subject"]).get("/api/v1/me/reviews"),
        "unit summary": hr.get(f"/api/v1/campaigns/{s['campaign']}/units/{s['unit']}/summary"),
    }
    for where, resp in outputs.items():
        assert resp.status_code == 200, where
        found = timestamp.findall(resp.get_data(as_text=True))
        assert not found, f"{where}: time of day {found[:3]}"
