"""Inbox API (issue 14 §1): my notifications newest first with the unread count, in the
reader's language; mark one / all read; someone else's id is 404; hostile input is 4xx;
the reminder switch; HR's per-campaign list of who was reminded when."""

from __future__ import annotations

import pytest

from server.extensions import db
from server.services.notifications import notify
from tests.factories import campaign_and_form, make_user

P = "/api/v1"
PEER = {
    "campaign": {"en": "Half-year 360", "zh-CN": "半年度360"},
    "relationship": "peer",
    "subject": "Li Wei",
    "due": "2026-12-20",
    "days": 3,
}


def _notes(user_id: int, n: int = 3, campaign_id: int | None = None) -> list[int]:
    ids = []
    for i in range(n):
        note = notify(
            db.session,
            user_id,
            "reminder",
            key=f"t:{user_id}:{i}",
            params=PEER,
            link=f"/form/{40 + i}",
            campaign_id=campaign_id,
        )
        ids.append(note.id)
    db.session.commit()
    return ids


def test_list_is_newest_first_paged_with_unread_count(employee_client):
    ids = _notes(employee_client.user.id)
    resp = employee_client.get(f"{P}/me/notifications?limit=2", headers={"Accept-Language": "en"})
    assert resp.status_code == 200
    body = resp.get_json()
    assert [n["id"] for n in body["notifications"]] == ids[::-1][:2]
    assert body["total"] == 3 and body["unread"] == 3
    first = body["notifications"][0]
    assert first["title"] == "Reminder: Half-year 360"
    assert first["body"] == "Your rating of Li Wei is due in 3 days (2026-12-20)."
    assert first["link"] == "/form/42" and first["read_at"] is None


def test_text_follows_the_readers_language(employee_client):
    _notes(employee_client.user.id, 1)
    body = employee_client.get(
        f"{P}/me/notifications", headers={"Accept-Language": "zh-CN"}
    ).get_json()
    assert body["notifications"][0]["title"] == "提醒：半年度360"


def test_mark_one_then_all_read(employee_client):
    ids = _notes(employee_client.user.id)
    resp = employee_client.post(f"{P}/me/notifications/{ids[0]}/read")
    assert resp.status_code == 200 and resp.get_json()["read_at"]
    assert employee_client.get(f"{P}/me/notifications").get_json()["unread"] == 2
    assert employee_client.post(f"{P}/me/notifications/{ids[0]}/read").status_code == 200
    resp = employee_client.post(f"{P}/me/notifications/read-all")
    assert resp.get_json() == {"marked": 2, "unread": 0}
    assert employee_client.get(f"{P}/me/notifications?unread_only=true").get_json()["total"] == 0


def test_someone_elses_notification_is_not_found(employee_client):
    other = make_user()
    [foreign] = _notes(other.id, 1)
    resp = employee_client.post(f"{P}/me/notifications/{foreign}/read")
    assert resp.status_code == 404 and resp.get_json()["error"]["code"] == "not_found"
    assert employee_client.get(f"{P}/me/notifications").get_json()["total"] == 0
    employee_client.post(f"{P}/me/notifications/read-all")
    from server.models import Notification

    assert db.session.get(Notification, foreign).read_at is None


@pytest.mark.parametrize(
    "query",
    ["limit=0", "limit=100000", "offset=-1", "unread_only=yes", "limit=abc"],
)
def test_hostile_queries_are_422(employee_client, query):
    resp = employee_client.get(f"{P}/me/notifications?{query}")
    assert resp.status_code == 422


@pytest.mark.parametrize("note_id", ["0", "99999999999999999999", "-1", "abc"])
def test_hostile_ids_are_404(employee_client, note_id):
    assert employee_client.post(f"{P}/me/notifications/{note_id}/read").status_code == 404


@pytest.mark.parametrize(
    "body",
    [{}, {"reminder_emails": "no"}, {"reminder_emails": 0}, {"reminder_emails": True, "x": 1}],
)
def test_the_switch_refuses_bad_bodies(employee_client, body):
    assert employee_client.patch(f"{P}/me/notification-settings", json=body).status_code == 422


def test_the_switch_round_trips(shopper_client):
    url = f"{P}/me/notification-settings"
    assert shopper_client.get(url).get_json() == {"reminder_emails": True}
    resp = shopper_client.patch(url, json={"reminder_emails": False})
    assert resp.status_code == 200 and resp.get_json() == {"reminder_emails": False}
    assert shopper_client.get(url).get_json() == {"reminder_emails": False}


def test_hr_sees_who_was_reminded_when_without_whom_they_rate(hr_client, employee_client):
    campaign, _ = campaign_and_form(status="open")
    _notes(employee_client.user.id, 2, campaign_id=campaign.id)
    resp = hr_client.get(f"{P}/campaigns/{campaign.id}/reminders")
    assert resp.status_code == 200
    rows = resp.get_json()["reminders"]
    assert len(rows) == 2
    assert rows[0]["person"]["id"] == employee_client.user.id and rows[0]["kind"] == "reminder"
    assert "Li Wei" not in resp.get_data(as_text=True)
    assert employee_client.get(f"{P}/campaigns/{campaign.id}/reminders").status_code == 403
    assert hr_client.get(f"{P}/campaigns/999999/reminders").status_code == 404


def test_hr_sets_a_campaigns_reminder_days(hr_client):
    campaign, _ = campaign_and_form(status="open")
    url = f"{P}/campaigns/{campaign.id}"
    assert hr_client.get(url).get_json()["reminder_days"] is None  # the default [3, 0]
    resp = hr_client.patch(url, json={"reminder_days": [7, 1, 0]})
    assert resp.status_code == 200 and resp.get_json()["reminder_days"] == [7, 1, 0]
    for bad in ([-1], [61], ["3"], [1.5], list(range(11)), "3,0"):
        assert hr_client.patch(url, json={"reminder_days": bad}).status_code == 422


def test_hr_sets_a_units_time_zone(hr_client):
    from tests.factories import make_unit

    unit = make_unit()
    db.session.commit()
    url = f"{P}/org/units/{unit.id}"
    resp = hr_client.patch(url, json={"timezone": "Europe/London"})
    assert resp.status_code == 200 and resp.get_json()["timezone"] == "Europe/London"
    resp = hr_client.patch(
        url, json={"timezone": "Mars/Olympus"}, headers={"Accept-Language": "zh-CN"}
    )
    assert resp.status_code == 422
    assert "时区" in str(resp.get_json()["error"]["details"])
    assert hr_client.patch(url, json={"timezone": None}).status_code == 200
