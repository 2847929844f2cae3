"""Issue 17 §2 webhooks console API (admin only): create (the secret once), the address
rule (https; http only for localhost in development: 422 otherwise), list, deliveries with
their attempts, replay, re-enable; hostile addresses, secrets and event lists never 500."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.extensions import db
from server.services.webhooks import EVENT_TYPES, emit
from tests.webhook_receiver import Receiver, serve

P = "/api/v1/admin/webhooks"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    yield from serve()


def create(api: Any, url: str, events: list[str] | None = None, **extra: Any) -> Any:
    return api.post(
        f"{P}/endpoints", json={"url": url, "events": events or ["campaign.released"], **extra}
    )


def test_admin_creates_an_endpoint_and_sees_the_secret_once(
    admin_client: Any, hr_client: Any
) -> None:
    resp = create(
        admin_client, "https://hooks.example.com/in", list(EVENT_TYPES), description="ERP"
    )
    assert resp.status_code == 201, resp.get_json()
    made = resp.get_json()
    assert made["secret"].startswith("whsec_") and len(made["secret"]) > 30
    assert made["enabled"] is True and made["events"] == list(EVENT_TYPES)
    listed = admin_client.get(f"{P}/endpoints").get_json()
    assert listed["event_types"] == list(EVENT_TYPES)
    [row] = listed["endpoints"]
    assert "secret" not in row and made["secret"] not in json.dumps(listed)
    assert row["last_status"] is None and row["deliveries"] == {
        "pending": 0,
        "delivered": 0,
        "failed": 0,
    }
    assert hr_client.get(f"{P}/endpoints").status_code == 403
    assert create(hr_client, "https://hooks.example.com/x").status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.example.com/in",
        "http://10.0.0.1/in",
        "ftp://hooks.example.com/",
        "https://user:pw@hooks.example.com/",
        "https://hooks.example.com/#frag",
        "https:///nohost",
        "https://hooks.example.com:99999/",
        "https://exa mple.com/",
        "javascript:alert(1)",
        "https://[::1/",
    ],
)
def test_other_addresses_are_refused_with_a_clear_422(admin_client: Any, url: str) -> None:
    resp = create(admin_client, url)
    assert resp.status_code == 422, resp.get_json()
    body = resp.get_json()
    assert body["error"]["code"] in ("invalid_webhook_url", "validation_error", "invalid"), body


def test_http_only_for_localhost_and_only_where_allowed(app: Any, admin_client: Any) -> None:
    assert create(admin_client, "http://127.0.0.1:8080/hook").status_code == 201
    assert create(admin_client, "http://localhost/hook").status_code == 201
    app.config["WEBHOOK_ALLOW_LOCAL_HTTP"] = False
    resp = create(admin_client, "http://127.0.0.1:8080/hook")
    assert resp.status_code == 422
    assert resp.get_json()["error"]["code"] == "invalid_webhook_url"
    assert resp.get_json()["error"]["message"] in (  # the default language is zh-CN
        "Use an https:// address (http:// only for localhost in development).",
        "请使用 https:// 地址（仅开发环境中的 localhost 可用 http://）。",
    )


HOSTILE_TEXT = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30).map(lambda t: "https://" + t),
    st.sampled_from(["https://\x00a", "https://a\ud800", "https://" + "a" * 3000, "", " "]),
)
ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    url=st.one_of(HOSTILE_TEXT, ANY_JSON),
    events=st.one_of(st.lists(st.sampled_from([*EVENT_TYPES, "x", ""]), max_size=12), ANY_JSON),
    secret=st.one_of(st.none(), st.text(max_size=250), ANY_JSON),
)
def test_hostile_input_never_500(admin_client: Any, url: Any, events: Any, secret: Any) -> None:
    body: dict[str, Any] = {"url": url, "events": events}
    if secret is not None:
        body["secret"] = secret
    resp = admin_client.post(f"{P}/endpoints", json=body)
    assert resp.status_code in (201, 422), resp.get_json()
    if resp.status_code == 201:
        made = resp.get_json()
        assert made["url"].startswith(
            ("https://", "http://127.0.0.1", "http://localhost", "http://[::1]")
        )
        patched = admin_client.patch(
            f"{P}/endpoints/{made['id']}", json={"url": url, "events": events}
        )
        assert patched.status_code in (200, 422)


def test_deliveries_replay_and_reenable(admin_client: Any, receiver: Receiver) -> None:
    made = create(admin_client, receiver.url, ["campaign.released"]).get_json()
    emit.record(db.session, "campaign.released", "campaign.released:5:a", {"campaign_id": 5})
    db.session.commit()
    listed = admin_client.get(f"{P}/deliveries?endpoint_id={made['id']}").get_json()
    assert listed["total"] == 1
    [row] = listed["deliveries"]
    assert row["status"] == "delivered" and row["event_type"] == "campaign.released"
    assert [(h["number"], h["status_code"]) for h in row["history"]] == [(1, 200)]
    endpoint_row = admin_client.get(f"{P}/endpoints").get_json()["endpoints"][0]
    assert endpoint_row["last_status"] == "delivered" and endpoint_row["last_status_code"] == 200

    replayed = admin_client.post(f"{P}/deliveries/{row['id']}/replay")
    assert replayed.status_code == 202, replayed.get_json()
    assert len(receiver.requests) == 2
    first, second = (r["headers"]["X-Webhook-Id"] for r in receiver.requests)
    assert first == second == "campaign.released:5:a"  # the receiver can tell a replay
    assert replayed.get_json()["status"] == "delivered"

    off = admin_client.patch(f"{P}/endpoints/{made['id']}", json={"enabled": False})
    assert off.status_code == 200 and off.get_json()["enabled"] is False
    refused = admin_client.post(f"{P}/deliveries/{row['id']}/replay")
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "endpoint_disabled"
    on = admin_client.patch(f"{P}/endpoints/{made['id']}", json={"enabled": True})
    assert on.get_json()["enabled"] is True and on.get_json()["consecutive_failures"] == 0
    assert admin_client.post(f"{P}/deliveries/999999/replay").status_code == 404
    assert admin_client.patch(f"{P}/endpoints/999999", json={}).status_code == 404
    assert admin_client.get(f"{P}/deliveries?status=nope").status_code == 422
