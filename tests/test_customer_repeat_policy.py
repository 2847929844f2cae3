"""Issue 15 (customer page): how often one device may answer one link. The page keeps a
device token; the server stores its hash per link and period and refuses a second response
in the same day (default `daily`) or ever (`once`) with 409 `already_responded` and a kind
message; `unlimited` never refuses. HR sets the policy and the public title per link; the
public form never carries the campaign's internal name."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from server.domain_errors import Invalid
from server.extensions import db
from server.models import CustomerDeviceResponse, CustomerLink, Submission
from server.services.sync import customer_repeat, customer_responses
from tests.factories import sub

pytestmark = pytest.mark.world("customer", report_locale="en")

DEVICE = "dev_" + "a1B2c3D4" * 3


def post(client: Any, link: CustomerLink, version: Any, device: Any = DEVICE, **kw: Any) -> Any:
    body = sub(None, version, **kw)
    if device is not None:
        body["device"] = device
    return client.post(f"/api/v1/public/links/{link.token}/responses", json=body)


def set_policy(link: CustomerLink, policy: str) -> None:
    link.repeat_policy = policy
    db.session.commit()


def test_default_is_one_per_device_per_day(client: Any, world: dict[str, Any]) -> None:
    link, version = world["link"], world["version"]
    assert link.repeat_policy == "daily"
    assert post(client, link, version).status_code == 201
    again = post(client, link, version)
    assert again.status_code == 409
    error = again.get_json()["error"]
    assert error["code"] == "already_responded" and error["details"] == {"policy": "daily"}
    assert "tomorrow" in error["message"]
    zh = client.post(
        f"/api/v1/public/links/{link.token}/responses",
        json={**sub(None, version), "device": DEVICE},
        headers={"Accept-Language": "zh-CN"},
    )
    assert zh.status_code == 409 and "明天" in zh.get_json()["error"]["message"]
    # Another device, or the same response retried, is fine.
    assert post(client, link, version, device="other-device-0123456789").status_code == 201
    db.session.expire_all()
    assert db.session.get(CustomerLink, link.id).response_count == 2


def test_retry_of_the_same_response_stays_a_duplicate(client: Any, world: dict[str, Any]) -> None:
    link, version = world["link"], world["version"]
    body = {**sub(None, version), "device": DEVICE}
    url = f"/api/v1/public/links/{link.token}/responses"
    assert client.post(url, json=body).status_code == 201
    again = client.post(url, json=body)
    assert again.status_code == 200 and again.get_json()["status"] == "duplicate"


def test_once_and_unlimited(client: Any, world: dict[str, Any]) -> None:
    link, version = world["link"], world["version"]
    set_policy(link, "unlimited")
    for _ in range(3):
        assert post(client, link, version).status_code == 201
    set_policy(link, "once")
    assert post(client, link, version).status_code == 201
    refused = post(client, link, version)
    assert refused.status_code == 409
    assert refused.get_json()["error"]["details"] == {"policy": "once"}


def test_the_day_turns_at_local_midnight() -> None:
    late = datetime(2026, 12, 5, 15, 59, tzinfo=UTC)  # 23:59 in Shanghai
    early = datetime(2026, 12, 5, 16, 1, tzinfo=UTC)  # 00:01 the next day
    assert customer_repeat.period("daily", late) == "2026-12-05"
    assert customer_repeat.period("daily", early) == "2026-12-06"
    assert customer_repeat.period("daily", early, "UTC") == "2026-12-05"
    assert customer_repeat.period("once", early) == "ever"
    assert customer_repeat.period("unlimited", early) is None


def test_next_day_is_allowed_again(world: dict[str, Any]) -> None:
    link, version = world["link"], world["version"]
    for day, expected in ((5, "created"), (6, "created")):
        now = datetime(2026, 12, day, 4, 0, tzinfo=UTC)
        body = {**sub(None, version), "device": DEVICE}
        result = customer_responses.submit(db.session, link.token, body, None, now=now)
        db.session.commit()
        assert result[1] == expected
    rows = db.session.scalars(select(CustomerDeviceResponse.period)).all()
    assert sorted(rows) == ["2026-12-05", "2026-12-06"]
    # Only the hash of the token is stored.
    assert DEVICE not in str(db.session.scalars(select(CustomerDeviceResponse.device_hash)).all())


def test_no_device_token_is_accepted(client: Any, world: dict[str, Any]) -> None:
    for _ in range(2):
        assert post(client, world["link"], world["version"], device=None).status_code == 201


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    device=st.one_of(
        st.text(max_size=80).filter(lambda s: not (16 <= len(s) <= 64 and s.isalnum())),
        st.integers(),
        st.lists(st.text(max_size=3), max_size=2),
        st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
        st.just("a" * 16 + "\n"),
        st.just("a" * 65),
        st.just("../../etc/passwd-aaaaaaaa"),
    )
)
def test_hostile_device_tokens_are_invalid(world: dict[str, Any], device: Any) -> None:
    body = {**sub(None, world["version"]), "device": device}
    with pytest.raises(Invalid) as caught:
        customer_responses.parse(body)
    assert all(k.split(".")[0] == "device" for k in caught.value.details["fields"])


def test_hostile_device_token_over_http_is_422(client: Any, world: dict[str, Any]) -> None:
    before = db.session.scalar(select(func.count()).select_from(Submission))
    resp = post(client, world["link"], world["version"], device="a" * 16 + "\n")
    assert resp.status_code == 422
    assert resp.get_json()["error"]["details"]["fields"].keys() == {"device"}
    assert db.session.scalar(select(func.count()).select_from(Submission)) == before


def test_hr_sets_policy_and_public_title(
    hr_client: Any, client: Any, world: dict[str, Any]
) -> None:
    link = world["link"]
    url = f"/api/v1/links/{link.id}"
    title = {"en": "How did we do?", "zh-CN": "请评价我们的服务"}
    resp = hr_client.patch(url, json={"repeat_policy": "once", "public_title": title})
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["repeat_policy"] == "once" and resp.get_json()["active"] is True
    public = client.get(f"/api/v1/public/links/{link.token}").get_json()
    assert public["title"] == title and public["repeat_policy"] == "once"
    assert "name" not in public["campaign"]
    assert world["campaign"].name["en"] not in str(public)
    for bad in ({"repeat_policy": "twice"}, {"public_title": {"en": "only one"}}):
        assert hr_client.patch(url, json=bad).status_code == 422
    assert hr_client.patch(url, json={}).get_json()["repeat_policy"] == "once"  # no change
    assert client.patch(url, json={"repeat_policy": "once"}).status_code in (401, 403)
