"""Webhook addresses never reach private networks (SSRF): literal IPs and names resolving to
private addresses are refused at registration (422 `invalid_webhook_url`) and again at
delivery (DNS can change: a failed attempt with a clear error, never a 500); the delivery
connects to the address it checked. The ranges below are written out, independently of
the implementation (which asks `ipaddress`)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from server.extensions import db
from server.models import WebhookAttempt, WebhookDelivery
from server.services.campaigns import campaigns
from server.services.webhooks import delivery, endpoints, transport
from tests.factories import add_submission, campaign_and_form, make_user
from tests.sample_forms import good_answers
from tests.webhook_receiver import Receiver, serve

P = "/api/v1/admin/webhooks"
PRIVATE = [
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "0.0.0.0/32",
    "100.64.0.0/10",
    "::1/128",
    "fc00::/7",
    "fe80::/10",
    "::ffff:10.0.0.0/104",
    "2002:c0a8::/32",  # 6to4 of 192.168/16
    "64:ff9b::7f00:0/104",  # NAT64 of 127/8
]
PUBLIC = [
    "8.8.0.0/16",
    "1.1.1.0/24",
    "93.184.216.0/24",
    "2606:4700::/32",
    "2a00:1450::/32",
    "2002:808:808::/48",  # 6to4 of 8.8.8.8
]
ANY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def in_ranges(ranges: list[str]) -> st.SearchStrategy[Any]:
    return st.sampled_from(ranges).flatmap(lambda net: st.ip_addresses(network=net))


def https(ip: Any) -> str:
    host = f"[{ip}]" if ip.version == 6 else str(ip)
    return f"https://{host}/hook"


def fake_dns(monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[Any]]) -> list[str]:
    """getaddrinfo answering `answers[name]` (each call pops the next list when several)."""
    asked: list[str] = []

    def getaddrinfo(host: str, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        asked.append(host)
        found = answers.get(host)
        if found is None:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        ips = found.pop(0) if len(found) > 1 else found[0]
        return [
            (
                socket.AF_INET6 if ":" in ip else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (ip, port),
            )
            for ip in ips
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


@given(ip=in_ranges(PRIVATE), local=st.booleans())
@ANY
def test_private_literals_are_refused_public_ones_accepted(ip: Any, local: bool) -> None:
    if local and str(ip) in ("127.0.0.1", "::1"):
        return  # the development exception, tested below
    assert endpoints.url_problem(https(ip), local) == "private_address"


@given(ip=in_ranges(PUBLIC), local=st.booleans())
@ANY
def test_public_literals_are_accepted(ip: Any, local: bool) -> None:
    assert endpoints.url_problem(https(ip), local) is None


@pytest.mark.parametrize(
    "host", ["2130706433", "0x7f000001", "127.1", "0", "017700000001", "[::ffff:127.0.0.1]"]
)
def test_other_spellings_of_a_private_address_are_refused(host: str) -> None:
    """Forms `ipaddress` does not parse but the resolver does (inet_aton) are resolved."""
    assert endpoints.url_problem(f"https://{host}/hook", False) == "private_address"


def test_the_api_refuses_a_private_address_with_the_422(admin_client: Any) -> None:
    for url in ("https://169.254.169.254/latest", "https://[fd00::1]/", "https://10.1.2.3/"):
        resp = admin_client.post(
            f"{P}/endpoints", json={"url": url, "events": ["campaign.released"]}
        )
        assert resp.status_code == 422, resp.get_json()
        error = resp.get_json()["error"]
        assert error["code"] == "invalid_webhook_url"
        assert error["details"]["fields"] == {"url": "private_address"}


@given(ip=in_ranges(PRIVATE), public=in_ranges(PUBLIC))
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_names_resolving_to_a_private_address_are_refused(ip: Any, public: Any) -> None:
    with pytest.MonkeyPatch.context() as mp:
        fake_dns(mp, {"evil.example": [[str(ip)]], "mixed.example": [[str(public), str(ip)]]})
        assert endpoints.url_problem("https://evil.example/h", False) == "private_address"
        assert endpoints.url_problem("https://mixed.example/h", False) == "private_address"
        fake_dns(mp, {"good.example": [[str(public)]]})
        assert endpoints.url_problem("https://good.example/h", False) is None


def test_names_and_edits_through_the_api(
    monkeypatch: pytest.MonkeyPatch, admin_client: Any
) -> None:
    fake_dns(monkeypatch, {"hooks.example.com": [["93.184.216.34"]], "in.corp": [["10.9.9.9"]]})
    made = admin_client.post(
        f"{P}/endpoints",
        json={"url": "https://hooks.example.com/", "events": ["campaign.released"]},
    )
    assert made.status_code == 201
    edit = admin_client.patch(
        f"{P}/endpoints/{made.get_json()['id']}", json={"url": "https://in.corp/hook"}
    )
    assert edit.status_code == 422 and edit.get_json()["error"]["code"] == "invalid_webhook_url"
    # a name that does not resolve (yet) is accepted: delivery checks it again
    assert endpoints.url_problem("https://not-yet.example/", False) is None


def test_local_http_only_where_allowed_and_only_to_loopback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for url in ("http://127.0.0.1:8080/", "http://[::1]/", "https://127.0.0.1/"):
        assert endpoints.url_problem(url, True) is None
        assert endpoints.url_problem(url, False) in ("https_required", "private_address")
    assert endpoints.url_problem("https://127.0.0.2/", True) == "private_address"
    fake_dns(monkeypatch, {"localhost": [["10.0.0.1"]]})  # a hostile resolver
    assert endpoints.url_problem("http://localhost/", True) == "private_address"


# --- delivery time -----------------------------------------------------------------------


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    yield from serve()


def one_delivery(url: str) -> int:
    """An endpoint at `url` (registered while it was public) and one delivery, whose first
    attempt the test queue runs at the commit (as the `deliver` task, with the app's config)."""
    endpoints.create(
        db.session, None, {"url": url, "events": ["campaign.released"]}, allow_local_http=True
    )
    campaign, version = campaign_and_form(status="closed")
    rater = make_user()
    add_submission(campaign, version, make_user().id, "peer", good_answers(), rater_id=rater.id)
    db.session.commit()
    campaigns.release_campaign(db.session, None, campaign)
    db.session.commit()
    return db.session.scalars(select(WebhookDelivery.id)).one()


@pytest.mark.usefixtures("app")
def test_dns_rebinding_at_delivery_is_a_failed_attempt(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_dns(monkeypatch, {"hooks.example.com": [["93.184.216.34"], ["169.254.169.254"]]})
    connected: list[Any] = []
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: connected.append(a))
    delivery_id = one_delivery("https://hooks.example.com/in")
    assert db.session.get(WebhookDelivery, delivery_id).status == "pending"
    attempt = db.session.scalars(select(WebhookAttempt)).one()
    assert attempt.status_code is None and "private address" in (attempt.error or "")
    assert "169.254.169.254" in (attempt.error or "") and connected == []


def test_the_delivery_connects_to_the_address_it_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    # the first answer is public; any later lookup (a second resolution) would be private
    asked = fake_dns(monkeypatch, {"hooks.example.com": [["93.184.216.34"], ["127.0.0.1"]]})
    connected: list[Any] = []

    def create_connection(address: Any, *args: Any, **kwargs: Any) -> Any:
        connected.append(address)
        raise ConnectionRefusedError("refused")

    monkeypatch.setattr(socket, "create_connection", create_connection)
    answer = transport.post("https://hooks.example.com:8443/in", b"{}", {})
    assert answer.status is None and "ConnectionRefusedError" in (answer.error or "")
    assert connected == [("93.184.216.34", 8443)] and asked == ["hooks.example.com"]


def test_every_checked_address_is_tried_and_only_those(monkeypatch: pytest.MonkeyPatch) -> None:
    asked = fake_dns(monkeypatch, {"hooks.example.com": [["2606:4700::1", "93.184.216.34"]]})
    connected: list[Any] = []

    def create_connection(address: Any, *args: Any, **kwargs: Any) -> Any:
        connected.append(address)
        raise ConnectionRefusedError("refused")

    monkeypatch.setattr(socket, "create_connection", create_connection)
    answer = transport.post("https://hooks.example.com/in", b"{}", {})
    assert answer.status is None
    assert connected == [("2606:4700::1", 443), ("93.184.216.34", 443)] and len(asked) == 1


def test_a_local_receiver_only_where_local_http_is_allowed(app: Any, receiver: Receiver) -> None:
    app.config["WEBHOOK_ALLOW_LOCAL_HTTP"] = False  # production: the task refuses it
    delivery_id = one_delivery(receiver.url)
    assert db.session.get(WebhookDelivery, delivery_id).status == "pending"
    assert receiver.requests == []
    attempt = db.session.scalars(select(WebhookAttempt)).one()
    assert "private address" in (attempt.error or "")
    db.session.get(WebhookDelivery, delivery_id).next_attempt_at = attempt.started_at
    db.session.commit()
    assert delivery.deliver(db.session, delivery_id, allow_local_http=True) == "delivered"
    assert len(receiver.requests) == 1
