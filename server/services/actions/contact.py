"""A customer's contact for a follow-up call (issue 14 §2), given voluntarily with consent on
the customer page after a complaint (a response that opened an action item: the lowest
rating). Stored apart from the answers (`customer_contact`), one per response; shown only on
that item to its owner and HR (server.services.actions.followup.contact_of). Without consent
nothing is stored."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain_errors import Conflict, Invalid, NotFound
from server.models import ActionItem, CustomerContact, CustomerLink, Submission

#: The version of the consent text the page shows (pwa/src/i18n/*/actions.js contact.consent).
CONSENT_VERSION = "contact-v1"


def give(session: Session, token: str, submission_id: str, data: dict[str, Any]) -> None:
    """Store the contact of the customer who sent `submission_id` through link `token`."""
    if data.get("consent") is not True:
        raise Invalid(
            "invalid",
            "Consent is needed to keep your contact.",
            {"fields": {"consent": "required"}},
        )
    if not (data.get("phone") or data.get("email")):
        raise Invalid(
            "invalid",
            "Give a phone number or an e-mail address.",
            {"fields": {"phone": "required"}},
        )
    link = session.scalar(select(CustomerLink).where(CustomerLink.token == token))
    sub = session.get(Submission, submission_id) if len(submission_id) <= 36 else None
    if link is None or not link.active or sub is None or sub.customer_link_id != link.id:
        raise NotFound("not_found", "No such response.")
    has_item = session.scalar(select(ActionItem.id).where(ActionItem.submission_id == sub.id))
    if has_item is None:
        raise Conflict("no_complaint", "Only a complaint can leave a contact.")
    if session.scalar(select(CustomerContact.id).where(CustomerContact.submission_id == sub.id)):
        raise Conflict("duplicate", "The contact was already given.")
    session.add(
        CustomerContact(
            submission_id=sub.id,
            name=data.get("name") or None,
            phone=data.get("phone") or None,
            email=data.get("email") or None,
            consent=CONSENT_VERSION,
            locale=data.get("locale") or "zh-CN",
        )
    )
    session.flush()
