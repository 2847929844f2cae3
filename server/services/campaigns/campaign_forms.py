"""Which form version a campaign uses for each relationship: the relationships of each kind,
the forms required before opening, setting the forms (draft assignments follow), and the
default due date of an assignment."""

from __future__ import annotations

from datetime import UTC, datetime, time

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from server.domain_errors import Conflict, Invalid
from server.models import Assignment, Campaign, CampaignForm, FormVersion
from server.models.campaign import RELATIONSHIPS

KIND_RELATIONSHIPS = {
    "360": ("self", "supervisor", "peer", "subordinate"),
    "customer": ("customer",),
    "mystery_shop": ("mystery_shopper",),
    "mixed": RELATIONSHIPS,
}
#: Relationships that must all have a form before a campaign of the kind opens.
REQUIRED_FORMS = {
    "360": ("self", "supervisor", "peer", "subordinate"),
    "customer": ("customer",),
    "mystery_shop": ("mystery_shopper",),
    "mixed": (),
}


def set_forms(session: Session, campaign: Campaign, forms: dict[str, int]) -> None:
    """Replace the campaign's forms ({relationship: form version id}) after checking each."""
    allowed = KIND_RELATIONSHIPS[campaign.kind]
    errors: dict[str, str] = {}
    versions: dict[str, FormVersion] = {}
    for relationship, version_id in forms.items():
        version = session.get(FormVersion, version_id)
        if relationship not in allowed:
            errors[relationship] = f"Not a relationship of a {campaign.kind} campaign."
        elif version is None:
            errors[relationship] = "Unknown form version."
        elif relationship not in version.definition["relationships"]:
            errors[relationship] = f"Form {version.form.key} is not meant for {relationship}."
        elif version.definition.get("kind") == "quiz":
            errors[relationship] = "A certification quiz is not a campaign form."
        else:
            versions[relationship] = version
    if errors:
        raise Invalid("invalid", "The campaign forms are invalid.", {"fields": {"forms": errors}})
    session.execute(delete(CampaignForm).where(CampaignForm.campaign_id == campaign.id))
    for relationship, version in versions.items():
        session.add(
            CampaignForm(
                campaign_id=campaign.id, relationship=relationship, form_version_id=version.id
            )
        )
        # Draft assignments follow the campaign's form (nothing is answered before opening).
        session.execute(
            update(Assignment)
            .where(Assignment.campaign_id == campaign.id, Assignment.relationship == relationship)
            .values(form_version_id=version.id)
        )
    session.flush()
    session.expire(campaign, ["forms"])


def forms_of(campaign: Campaign) -> dict[str, int]:
    """Return {relationship: form_version_id} of a campaign."""
    return {f.relationship: f.form_version_id for f in campaign.forms}


def form_version_for(campaign: Campaign, relationship: str) -> int:
    """Return the form version id used for a relationship, or raise 409."""
    version_id = forms_of(campaign).get(relationship)
    if version_id is None:
        raise Conflict(
            "no_form",
            "The campaign has no form for {relationship}.",
            {"relationship": relationship},
            params={"relationship": relationship},
        )
    return version_id


def default_due(campaign: Campaign) -> datetime:
    """Assignments are due at the end of the campaign period (UTC)."""
    return datetime.combine(campaign.period_end, time(23, 59, 59), tzinfo=UTC)
