"""Customer links: one random token per employee (or unit), deactivation, printable QR cards.

Tokens come from `secrets.token_urlsafe(24)` (192 random bits). Issuing is idempotent:
a subject (or unit) that already has an active link in the campaign gets no second
one. A deactivated link answers 404 on the public endpoints; reactivating it keeps
its token (the printed cards work again). The card PDF renders only active links;
`cards_data` builds the plain dict the template turns into HTML, WeasyPrint into PDF.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import segno
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain_errors import Conflict, Invalid, NotFound
from server.models import Campaign, CustomerLink, OrgUnit, User
from server.schemas.base import valid_id
from server.services.campaigns.assignments import scope_employees
from server.services.org import accounts

TEMPLATES = Path(__file__).resolve().parents[2] / "reports" / "templates"


def new_token() -> str:
    """Return a fresh link token (192 bits, URL-safe)."""
    return secrets.token_urlsafe(24)


def public_url(base_url: str, token: str) -> str:
    """The customer page of a token."""
    return f"{base_url.rstrip('/')}/c/{token}"


def issue_links(
    session: Session, actor: User | None, campaign: Campaign, data: dict[str, Any]
) -> list[CustomerLink]:
    """Create the missing links: per employee (of a unit subtree or listed) or per unit."""
    if campaign.kind not in ("customer", "mixed"):
        raise Conflict("wrong_kind", "Links belong to customer or mixed campaigns.")
    if campaign.status not in ("draft", "open"):
        raise Conflict("invalid_transition", "Links are issued while draft or open.")
    existing = list(
        session.scalars(
            select(CustomerLink).where(
                CustomerLink.campaign_id == campaign.id, CustomerLink.active.is_(True)
            )
        )
    )
    created = []
    if data.get("per") == "unit":
        units = _units(session, data.get("unit_ids") or [])
        taken = {link.unit_id for link in existing if link.subject_id is None}
        for unit in units:
            if unit.id not in taken:
                created.append(_link(session, campaign, None, unit.id))
    else:
        taken = {link.subject_id for link in existing}
        for user in _employees(session, data):
            if user.id not in taken:
                created.append(_link(session, campaign, user.id, user.unit_id))
    session.flush()
    accounts.audit(session, actor, "links_issued", campaign, created=len(created))
    return created


def _units(session: Session, unit_ids: list[int]) -> list[OrgUnit]:
    units = list(session.scalars(select(OrgUnit).where(OrgUnit.id.in_(unit_ids))))
    if not unit_ids or len(units) != len(set(unit_ids)):
        raise Invalid("invalid", "List existing units.", {"fields": {"unit_ids": "unknown_unit"}})
    return units


def _employees(session: Session, data: dict[str, Any]) -> list[User]:
    people = scope_employees(session, data.get("unit_id"))
    wanted = data.get("subject_ids")
    if wanted is not None:
        people = [u for u in people if u.id in set(wanted)]
        if len(people) != len(set(wanted)):
            raise Invalid(
                "invalid",
                "List active employees.",
                {"fields": {"subject_ids": "unknown_employee"}},
            )
    return people


def _link(
    session: Session, campaign: Campaign, subject_id: int | None, unit_id: int | None
) -> CustomerLink:
    link = CustomerLink(
        token=new_token(),
        campaign_id=campaign.id,
        subject_id=subject_id,
        unit_id=unit_id,
        active=True,
        response_count=0,
    )
    session.add(link)
    return link


def list_links(session: Session, campaign: Campaign) -> list[CustomerLink]:
    """Links of a campaign in issue order."""
    return list(
        session.scalars(
            select(CustomerLink)
            .where(CustomerLink.campaign_id == campaign.id)
            .order_by(CustomerLink.id)
        )
    )


def get_link(session: Session, link_id: int) -> CustomerLink:
    """Return a link or raise 404."""
    link = session.get(CustomerLink, link_id) if valid_id(link_id) else None
    if link is None:
        raise NotFound("not_found", "No such link.")
    return link


def set_active(
    session: Session, actor: User | None, link: CustomerLink, active: bool
) -> CustomerLink:
    """Deactivate (or reactivate) a link."""
    if link.active != active:
        link.active = active
        session.flush()
        accounts.audit(
            session,
            actor,
            "link_activated" if active else "link_deactivated",
            link,
            campaign_id=link.campaign_id,
        )
    return link


def set_options(
    session: Session, actor: User | None, link: CustomerLink, data: dict[str, Any]
) -> CustomerLink:
    """Set the repeat policy and the public title of a link (the keys present in `data`)."""
    changed = {k: data[k] for k in ("repeat_policy", "public_title") if k in data}
    if changed:
        for key, value in changed.items():
            setattr(link, key, value)
        session.flush()
        accounts.audit(
            session, actor, "link_updated", link, campaign_id=link.campaign_id, **changed
        )
    return link


#: What a card says above the name when its link has no public title (never the campaign name).
NEUTRAL_TITLE = {"zh-CN": "服务评价", "en": "Service feedback"}


def cards_data(session: Session, campaign: Campaign, base_url: str) -> dict[str, Any]:
    """The plain data of the card sheet: one card per active link."""
    cards = []
    for link in list_links(session, campaign):
        if not link.active:
            continue
        user = session.get(User, link.subject_id) if link.subject_id else None
        unit = session.get(OrgUnit, link.unit_id) if link.unit_id else None
        url = public_url(base_url, link.token)
        unit_name = f"{unit.name.get('zh-CN', '')} · {unit.name.get('en', '')}" if unit else ""
        cards.append(
            {
                "link_id": link.id,
                "url": url,
                "name": user.name if user else unit_name,
                "detail": (user.job_title or "") if user else "",
                "unit": unit_name,
                "title": link.public_title or NEUTRAL_TITLE,
            }
        )
    return {"campaign": {"id": campaign.id, "name": campaign.name}, "cards": cards}


def render_cards_pdf(data: dict[str, Any]) -> bytes:
    """Render the card sheet (QR codes as inline SVG) to PDF."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from weasyprint import HTML

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape())
    cards = [
        {
            **card,
            "title_zh": card["title"].get("zh-CN", ""),
            "title_en": card["title"].get("en", ""),
            "qr": segno.make(card["url"], error="m").svg_data_uri(border=1),
        }
        for card in data["cards"]
    ]
    if not cards:
        raise Conflict("no_links", "The campaign has no active links to print.")
    # Customers hold the card: the document title is neutral too, never the campaign name.
    html = env.get_template("qr_cards.html").render(title="二维码卡片 / QR cards", cards=cards)
    return bytes(HTML(string=html, base_url=str(TEMPLATES)).write_pdf())
