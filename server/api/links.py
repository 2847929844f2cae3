"""HR/admin: customer links (one token per employee or unit) and printable QR cards."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, request

from server import database
from server.api.access import STAFF_ROLES, current, roles_required
from server.api.body import Blueprint
from server.extensions import db
from server.models import CustomerLink, User
from server.schemas.campaigns import LinkIssueSchema, LinkListSchema, LinkSchema, LinkUpdateSchema
from server.services.campaigns import campaigns, customer_links
from server.services.org import accounts, people

blp = Blueprint(
    "links", __name__, url_prefix="/api/v1", description="Customer links and QR cards (hr, admin)"
)


def _base_url() -> str:
    return str(current_app.config.get("PUBLIC_BASE_URL") or request.url_root)


def dump(link: CustomerLink) -> dict[str, Any]:
    """A link with its public URL and subject."""
    user = db.session.get(User, link.subject_id) if link.subject_id else None
    return {
        "id": link.id,
        "campaign_id": link.campaign_id,
        "token": link.token,
        "url": customer_links.public_url(_base_url(), link.token),
        "subject": people.person(user, people.HR),
        "unit_id": link.unit_id,
        "active": link.active,
        "response_count": link.response_count,
        "created_at": link.created_at,
        "repeat_policy": link.repeat_policy,
        "public_title": link.public_title,
    }


@blp.route("/campaigns/<id:campaign_id>/links", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.response(200, LinkListSchema)
def list_links(campaign_id: int) -> dict[str, Any]:
    """Links of a campaign with URL (/c/<token>), active flag and response count."""
    campaign = campaigns.get_campaign(db.session, campaign_id)
    return {"links": [dump(link) for link in customer_links.list_links(db.session, campaign)]}


@blp.route("/campaigns/<id:campaign_id>/links", methods=["POST"])
@roles_required(*STAFF_ROLES)
@blp.arguments(LinkIssueSchema)
@blp.response(201, LinkListSchema)
def issue_links(body: dict[str, Any], campaign_id: int) -> dict[str, Any]:
    """Issue missing links (idempotent). {per: "employee", unit_id?, subject_ids?} gives one
    per active employee (of a unit subtree / listed); {per: "unit", unit_ids: [...]} one per
    unit. Returns only the links created now."""
    campaign = campaigns.get_campaign(db.session, campaign_id)
    created = customer_links.issue_links(db.session, current(), campaign, body)
    db.session.commit()
    return {"links": [dump(link) for link in created]}


@blp.route("/links/<id:link_id>", methods=["PATCH"])
@roles_required(*STAFF_ROLES)
@blp.arguments(LinkUpdateSchema)
@blp.response(200, LinkSchema)
def update_link(body: dict[str, Any], link_id: int) -> dict[str, Any]:
    """Deactivate {active: false} (public endpoints answer 404) or reactivate a link; set
    how often one device may answer (repeat_policy: unlimited | daily (default) | once) and
    the public title customers see (never the campaign's internal name)."""
    link = customer_links.get_link(db.session, link_id)
    if "active" in body:
        customer_links.set_active(db.session, current(), link, body["active"])
    customer_links.set_options(db.session, current(), link, body)
    db.session.commit()
    return dump(link)


@blp.route("/campaigns/<id:campaign_id>/links/cards.pdf", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.response(200, {"format": "binary", "type": "string"}, content_type="application/pdf")
def cards_pdf(campaign_id: int) -> Response:
    """Printable A4 sheet of QR cards (bilingual, name + /c/<token> URL), active links only.
    409 `no_links` when there is nothing to print."""
    campaign = campaigns.get_campaign(db.session, campaign_id)
    cards = customer_links.cards_data(db.session, campaign, _base_url())
    database.end_read(db.session)  # render with no transaction open (server.database)
    pdf = customer_links.render_cards_pdf(cards)
    with database.write_transaction(db.session):
        accounts.audit(db.session, current(), "link_cards_downloaded", campaign)
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="qr-cards-campaign-{campaign.id}.pdf"'
        },
    )
