"""Issue 15: the inbox shows more than its first 50 items. The app pages with `offset`
(limit 50) until `total`; every item comes exactly once, newest first."""

from __future__ import annotations

from tests.test_notifications_api import P, _notes


def test_offset_pages_reach_every_item_once(employee_client):
    ids = _notes(employee_client.user.id, 120)
    seen: list[int] = []
    offset = 0
    while True:
        body = employee_client.get(f"{P}/me/notifications?limit=50&offset={offset}").get_json()
        assert body["total"] == 120
        seen += [n["id"] for n in body["notifications"]]
        offset += len(body["notifications"])
        if offset >= body["total"] or not body["notifications"]:
            break
    assert seen == ids[::-1]  # all 120, newest first, none twice
    first = employee_client.get(f"{P}/me/notifications").get_json()
    assert len(first["notifications"]) == 50  # the first page alone is what the app showed
