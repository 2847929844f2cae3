"""SPEC §7 customer campaigns, §9 access: Customer link endpoints: issue, list, deactivate, QR card
PDF; roles."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from server.extensions import db
from server.services.campaigns import campaigns
from tests.factories import ApiClient, make_campaign, make_user
from tests.worlds import make_team


def test_issue_list_deactivate_and_public_404(hr_client, client):
    team = make_team(2)
    campaign = make_campaign("customer")
    campaigns.open_campaign(db.session, None, campaign)
    db.session.commit()
    resp = hr_client.post(
        f"/api/v1/campaigns/{campaign.id}/links", json={"unit_id": team["unit"].id}
    )
    assert resp.status_code == 201
    links = resp.get_json()["links"]
    assert len(links) == 4 and all(link["url"].startswith("http://localhost/c/") for link in links)
    again = hr_client.post(f"/api/v1/campaigns/{campaign.id}/links", json={})
    assert again.get_json()["links"] == []
    token = links[0]["token"]
    assert client.get(f"/api/v1/public/links/{token}").status_code == 200
    off = hr_client.patch(f"/api/v1/links/{links[0]['id']}", json={"active": False})
    assert off.status_code == 200 and off.get_json()["active"] is False
    assert client.get(f"/api/v1/public/links/{token}").status_code in (404, 410)
    listed = hr_client.get(f"/api/v1/campaigns/{campaign.id}/links").get_json()["links"]
    assert [link["active"] for link in listed].count(False) == 1
    assert hr_client.patch("/api/v1/links/9999", json={"active": False}).status_code == 404
    # Every field is optional (active, repeat_policy, public_title): {} changes nothing.
    assert hr_client.patch(f"/api/v1/links/{links[0]['id']}", json={}).status_code == 200
    bad = {"active": "no"}
    assert hr_client.patch(f"/api/v1/links/{links[0]['id']}", json=bad).status_code == 422


def test_cards_pdf_download(hr_client):
    team = make_team(1)
    campaign = make_campaign("customer")
    empty = hr_client.get(f"/api/v1/campaigns/{campaign.id}/links/cards.pdf")
    assert empty.status_code == 409
    hr_client.post(f"/api/v1/campaigns/{campaign.id}/links", json={})
    resp = hr_client.get(f"/api/v1/campaigns/{campaign.id}/links/cards.pdf")
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    text = PdfReader(io.BytesIO(resp.data)).pages[0].extract_text()
    assert team["staff"][0].name in text and "/c/" in text


def test_links_only_for_customer_campaigns(hr_client):
    campaign = make_campaign("360")
    resp = hr_client.post(f"/api/v1/campaigns/{campaign.id}/links", json={})
    assert resp.status_code == 409 and resp.get_json()["error"]["code"] == "wrong_kind"


@pytest.mark.parametrize(
    "method, url",
    [
        ("get", "/api/v1/campaigns/1/links"),
        ("post", "/api/v1/campaigns/1/links"),
        ("patch", "/api/v1/links/1"),
        ("get", "/api/v1/campaigns/1/links/cards.pdf"),
    ],
)
@pytest.mark.parametrize("role, expected", [("employee", 403), ("shopper", 403), (None, 401)])
def test_access_matrix(app, method, url, role, expected):
    client = ApiClient(app.test_client())
    if role:
        client.login(make_user(role=role).email)
    assert getattr(client, method)(url, json={}).status_code == expected
