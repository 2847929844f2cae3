"""SPEC §7 customer campaigns: Customer links: strong tokens, idempotent issuing, deactivation, the
QR card PDF."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from server.domain_errors import DomainError
from server.extensions import db
from server.services.campaigns import customer_links
from tests.factories import make_campaign
from tests.worlds import make_team


def test_tokens_are_long_and_unique():
    tokens = {customer_links.new_token() for _ in range(200)}
    assert len(tokens) == 200
    assert all(len(t) == 32 for t in tokens)  # 24 random bytes = 192 bits, base64url


def test_issue_per_employee_is_idempotent(app):
    team = make_team(3)
    campaign = make_campaign("customer")
    created = customer_links.issue_links(db.session, None, campaign, {"per": "employee"})
    assert len(created) == 5  # boss, manager, three staff
    assert customer_links.issue_links(db.session, None, campaign, {"per": "employee"}) == []
    staff_ids = {link.subject_id for link in created}
    assert {s.id for s in team["staff"]} <= staff_ids


def test_issue_per_unit_and_for_listed_people(app):
    team = make_team(2)
    campaign = make_campaign("customer")
    links = customer_links.issue_links(
        db.session, None, campaign, {"per": "unit", "unit_ids": [team["unit"].id]}
    )
    assert links[0].subject_id is None and links[0].unit_id == team["unit"].id
    picked = customer_links.issue_links(
        db.session, None, campaign, {"subject_ids": [team["staff"][0].id]}
    )
    assert [link.subject_id for link in picked] == [team["staff"][0].id]
    with pytest.raises(DomainError):
        customer_links.issue_links(db.session, None, campaign, {"subject_ids": [99999]})
    with pytest.raises(DomainError):
        customer_links.issue_links(db.session, None, make_campaign("360"), {})


def test_deactivated_link_is_replaced_on_reissue_and_left_off_cards(app):
    make_team(1)
    campaign = make_campaign("customer")
    links = customer_links.issue_links(db.session, None, campaign, {})
    customer_links.set_active(db.session, None, links[0], False)
    data = customer_links.cards_data(db.session, campaign, "https://eval.example")
    assert links[0].token not in json_text(data)
    again = customer_links.issue_links(db.session, None, campaign, {})
    assert [link.subject_id for link in again] == [links[0].subject_id]
    assert again[0].token != links[0].token


def json_text(data) -> str:
    import json

    return json.dumps(data, ensure_ascii=False)


def test_cards_pdf_has_names_urls_and_both_languages(app):
    team = make_team(2)
    campaign = make_campaign("customer", name={"en": "Spring survey", "zh-CN": "春季满意度"})
    links = customer_links.issue_links(db.session, None, campaign, {})
    data = customer_links.cards_data(db.session, campaign, "https://eval.example/")
    assert len(data["cards"]) == len(links)
    card = next(c for c in data["cards"] if c["name"] == team["staff"][0].name)
    assert card["url"].startswith("https://eval.example/c/")
    pdf = customer_links.render_cards_pdf(data)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    squashed = text.replace(" ", "").replace("\n", "")
    assert "扫码评价我们的服务" in squashed and "Scantorateourservice" in squashed
    assert team["staff"][0].name.replace(" ", "") in squashed
    assert f"/c/{links[0].token}" in squashed


def test_cards_print_the_public_title_never_the_campaign_name(app):
    """Issue 15: a card prints its link's public title, or a neutral default; the internal
    campaign name appears nowhere in the PDF (text and document title)."""
    make_team(2)
    internal = {"en": "Internal Q3 probe", "zh-CN": "内部三季度暗查"}
    campaign = make_campaign("customer", name=internal)
    links = customer_links.issue_links(db.session, None, campaign, {})
    links[0].public_title = {"zh-CN": "欢迎评价本店", "en": "Rate our store"}
    db.session.flush()
    data = customer_links.cards_data(db.session, campaign, "https://eval.example/")
    pdf = customer_links.render_cards_pdf(data)
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")
    assert "欢迎评价本店" in text and "Rateourstore" in text
    assert text.count("服务评价") == len(links) - 1  # the neutral default on the others
    assert "内部三季度暗查" not in text and "InternalQ3probe" not in text
    assert "Internal" not in str(reader.metadata) and "内部" not in str(reader.metadata)


def test_cards_pdf_without_links_is_409(app):
    campaign = make_campaign("customer")
    with pytest.raises(DomainError) as info:
        customer_links.render_cards_pdf(customer_links.cards_data(db.session, campaign, "x"))
    assert info.value.code == "no_links"
