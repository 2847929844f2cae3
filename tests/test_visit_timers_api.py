"""Issue 14 §4 review timers through the API: the campaign setting, the automatic decision
in HR's list and detail and in the shopper's visits, and HR's list of automatic decisions."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.extensions import db
from server.messages import localize, msgids
from server.services.campaigns.review_timers import CONFIG_KEYS, problem
from tests.api_client import signed_in as _login
from tests.timers_scene import T0, hr_return, report, run, scene

H = timedelta(hours=1)
SLOW = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def test_campaign_review_timers_are_a_setting_checked_on_save(app, hr_client):
    s = scene()
    url = f"/api/v1/campaigns/{s['campaign'].id}"
    assert hr_client.get(url).get_json()["review_timers"] is None
    ok = hr_client.patch(url, json={"review_timers": {"review_timeout": "escalate"}})
    assert ok.status_code == 200, ok.get_json()
    assert ok.get_json()["review_timers"] == {"review_timeout": "escalate"}
    for bad in (
        {"review_timeout": "maybe"},
        {"review_hours": 0},
        {"resubmit_hours": -3},
        {"unknown": 1},
    ):
        resp = hr_client.patch(url, json={"review_timers": bad})
        assert resp.status_code == 422, (bad, resp.get_json())
        assert resp.get_json()["error"]["code"] == "invalid"


BAD_TIMERS = st.one_of(
    st.fixed_dictionaries(
        {
            "review_timeout": st.text(max_size=8).filter(
                lambda v: v not in ("accept", "escalate", "off")
            )
        }
    ),
    st.fixed_dictionaries({"resubmit_timeout": st.sampled_from(["accept", "escalate", "", "x"])}),
    st.builds(
        lambda k, v: {k: v},
        st.sampled_from(["review_hours", "resubmit_hours"]),
        st.one_of(st.integers(max_value=0), st.integers(min_value=24 * 367), st.just("3")),
    ),
    st.dictionaries(
        st.text(min_size=1, max_size=8).filter(lambda k: k not in CONFIG_KEYS),
        st.integers(),
        min_size=1,
        max_size=2,
    ),
)


@pytest.fixture
def timers_url(app):
    return f"/api/v1/campaigns/{scene()['campaign'].id}"


HAN = re.compile(r"[\u4e00-\u9fff]")


def _messages(value):
    if isinstance(value, dict):
        return [m for v in value.values() for m in _messages(v)]
    return list(value) if isinstance(value, list) else [value]


@SLOW
@given(bad=BAD_TIMERS)
def test_a_bad_timer_setting_is_explained_at_its_field_in_the_readers_language(
    timers_url, hr_client, bad
):
    resp = hr_client.patch(
        timers_url, json={"review_timers": bad}, headers={"Accept-Language": "zh-CN"}
    )
    assert resp.status_code == 422, (bad, resp.get_json())
    fields = resp.get_json()["error"]["details"]["fields"]
    messages = _messages(fields.get("json", fields)["review_timers"])
    assert messages and all(HAN.search(str(m)) for m in messages), messages


@given(bad=BAD_TIMERS)
def test_the_services_timer_problem_is_a_translated_message_with_its_values(bad):
    """Callers other than the API (templates, imports) get the same rule as a Term."""
    found = problem(bad)
    if found is None:  # a value the API's schema coerces (e.g. "3" hours) is valid here too
        return
    assert found.msgid in msgids("zh-CN")
    zh = localize(found.msgid, found.params, "zh-CN")
    assert HAN.search(zh) and zh != str(found)
    assert all(str(v) in zh for v in found.params.values())


def test_hr_list_and_detail_show_the_running_timer_then_the_rule(app, hr_client):
    s = scene()
    sub = report(s, T0)
    rows = hr_client.get("/api/v1/submissions?relationship=mystery_shopper").get_json()
    [row] = rows["submissions"]
    assert row["timer"]["pending"] == {
        "action": "accept",
        "hours": 72,
        "fires_at": (T0 + 72 * H).isoformat(),
    }
    assert row["timer"]["auto_decision"] is None
    run(T0 + 72 * H)
    detail = hr_client.get(f"/api/v1/submissions/{sub.id}").get_json()["submission"]
    assert detail["status"] == "approved" and detail["reviewer"] is None
    decision = detail["timer"]["auto_decision"]
    assert (decision["rule"], decision["hours"]) == ("auto_accept_after_hours", 72)
    assert detail["timer"]["pending"] is None
    auto = hr_client.get("/api/v1/visits/automatic").get_json()["submissions"]
    assert [r["id"] for r in auto] == [sub.id]
    assert auto[0]["timer"]["auto_decision"]["rule"] == "auto_accept_after_hours"
    other = hr_client.get(f"/api/v1/visits/automatic?campaign_id={s['campaign'].id + 1}")
    assert other.get_json()["submissions"] == []


def test_escalated_visit_is_flagged_in_the_queue(app, hr_client):
    s = scene({"review_timeout": "escalate"})
    report(s, T0)
    run(T0 + 72 * H)
    queue = hr_client.get("/api/v1/submissions?relationship=mystery_shopper&status=received")
    [row] = queue.get_json()["submissions"]
    assert row["timer"]["escalated_at"] == (T0 + 72 * H).isoformat()
    assert row["timer"]["auto_decision"] is None and row["timer"]["pending"] is None


def test_the_shopper_sees_each_outcome_with_its_rule(app):
    accepted, returned, closed = scene(), scene(), scene()
    report(accepted, T0)
    sub = report(returned, T0)
    hr_return(returned, sub, T0 + H, "Photo of the receipt, please")
    gone = report(closed, T0)
    hr_return(closed, gone, T0, "Wrong store")
    run(T0 + 72 * H)
    assert _outcome(app, accepted)["outcome"] == "auto_accepted"
    auto = _outcome(app, accepted)["timer"]["auto_decision"]
    assert (auto["rule"], auto["hours"]) == ("auto_accept_after_hours", 72)
    back = _outcome(app, returned)
    # The returned visit's timer ran out at T0 + 25 h: closed as rejected by the same run.
    assert back["outcome"] == "auto_rejected" and back["reason"] == "Photo of the receipt, please"
    assert back["timer"]["auto_decision"]["rule"] == "auto_reject_after_hours"
    assert back["open"] is False
    assert _outcome(app, closed)["outcome"] == "auto_rejected"


def test_a_returned_visit_shows_the_reason_and_the_resubmission_deadline(app):
    s = scene()
    sub = report(s, T0)
    hr_return(s, sub, T0 + H, "Photo of the receipt, please")
    mine = _outcome(app, s)
    assert mine["outcome"] == "returned" and mine["open"] is True
    assert mine["reason"] == "Photo of the receipt, please"
    assert mine["timer"]["pending"] == {
        "action": "reject",
        "hours": 24,
        "fires_at": (T0 + 25 * H).isoformat(),
    }


def test_someone_elses_visits_are_not_listed(app, shopper_client, employee_client):
    s = scene()
    report(s, T0)
    assert shopper_client.get("/api/v1/me/visits").get_json() == {"visits": []}
    assert employee_client.get("/api/v1/me/visits").get_json() == {"visits": []}
    db.session.rollback()


def _outcome(app, s) -> dict:
    client = _login(app, s["shopper"])
    [visit] = client.get("/api/v1/me/visits").get_json()["visits"]
    assert visit["id"] == s["visit"].id
    assert visit["unit"]["name"] == {"en": "Store 12", "zh-CN": "十二号店"}
    return visit
