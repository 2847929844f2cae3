"""Customers answering through a link token (SPEC §7): public form and idempotent responses.

A link answers while it is active and its campaign is not a draft; a
deactivated link is 410 `link_inactive`, an unknown token or a draft campaign
404. The form is the campaign's `customer` form version; a response may pin any
version of the same form. After close, responses are stored as `late` (201 with
status late). `response_count` grows by one for each newly stored response
(created or late), never for a duplicate. Customers cannot upload photos, so a
photo answer whose hash the server lacks is 422 `missing_attachments`.

A response takes the field batch's write path (server.services.sync.batch.store_response):
`load` reads the link and pinned version with no write lock, `check` validates the answers
with no transaction open, then `submit` decides and writes inside the write transaction,
reusing the check when the version it pins is the one checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from marshmallow import ValidationError
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.domain_errors import Conflict, Gone, Invalid, NotFound
from server.models import (
    Campaign,
    CampaignForm,
    CustomerLink,
    FormVersion,
    OrgUnit,
    Submission,
    User,
)
from server.schemas.sync import CustomerSubmissionSchema
from server.services.forms import answers
from server.services.org import people
from server.services.sync import customer_repeat, sync_store
from server.services.sync.sync_results import flatten_messages

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def find_link(session: Session, token: str) -> tuple[CustomerLink, Campaign, FormVersion]:
    """Return the link, its campaign and its customer form version, or 404/410."""
    link = None
    if TOKEN_RE.match(token):
        link = session.scalar(select(CustomerLink).where(CustomerLink.token == token))
    campaign = session.get(Campaign, link.campaign_id) if link else None
    version_id = (
        session.scalar(
            select(CampaignForm.form_version_id).where(
                CampaignForm.campaign_id == campaign.id, CampaignForm.relationship == "customer"
            )
        )
        if campaign
        else None
    )
    if link is None or campaign is None or campaign.status == "draft" or version_id is None:
        raise NotFound("not_found", "This link does not exist.")
    if not link.active:
        raise Gone("link_inactive", "This link is no longer active.")
    version = session.get(FormVersion, version_id)
    assert version is not None
    return link, campaign, version


def public_form(session: Session, token: str) -> dict[str, Any]:
    """What the customer page shows: campaign, subject, unit and the form definition."""
    link, campaign, version = find_link(session, token)
    subject = session.get(User, link.subject_id) if link.subject_id else None
    unit_id = link.unit_id or (subject.unit_id if subject else None)
    unit = session.get(OrgUnit, unit_id) if unit_id else None
    # Never the campaign's internal name: the link's public title, else the unit's name.
    return {
        "campaign": {"id": campaign.id},
        "title": link.public_title or (unit.name if unit else None),
        "subject": people.person(subject, ("name", "job_title")),
        "unit": {"name": unit.name} if unit else None,
        "form_version_id": version.id,
        "definition": version.definition,
        "locale": campaign.report_locale,
        "repeat_policy": link.repeat_policy,
    }


@dataclass
class Prepared:
    """A parsed response and, once checked, its answer problems against the pinned version."""

    data: dict[str, Any]
    digest: str
    version: tuple[int, str] | None = None
    definition: dict[str, Any] | None = None
    errors: dict[str, str] | None = None

    def errors_for(self, version: FormVersion) -> dict[str, str]:
        """The checked problems if checked against this very version, else checked now."""
        if self.errors is not None and self.version == (version.id, version.sha256):
            return dict(self.errors)
        return answers.validate(version.definition, self.data["answers"], self.data["na"])


def parse(body: Any) -> Prepared:
    """Load the body (no database)."""
    data = _load(body)
    return Prepared(data, sync_store.content_hash(data))


def load(session: Session, token: str, body: Any) -> Prepared:
    """Find the link (404/410), parse the body and read the version it pins (a short read)."""
    _, _, current = find_link(session, token)
    prepared = parse(body)
    version = sync_store.pinned_version(session, current.id, prepared.data["form_version_id"])
    if version is not None:
        prepared.version = (version.id, version.sha256)
        prepared.definition = version.definition
    return prepared


def check(prepared: Prepared) -> None:
    """Validate the answers against the version read by `load` (no database)."""
    if prepared.definition is not None:
        data = prepared.data
        prepared.errors = answers.validate(prepared.definition, data["answers"], data["na"])


def _load(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise Invalid("invalid", "The body must be a JSON object.")
    try:
        data = CustomerSubmissionSchema().load(body)
    except ValidationError as err:
        raise Invalid(
            "invalid", "The response is not valid.", {"fields": flatten_messages(err.messages)}
        ) from err
    data["id"] = str(data["id"])
    return data


def _existing_answer(existing: Submission, link: CustomerLink, digest: str) -> tuple[str, str]:
    if existing.customer_link_id == link.id and existing.content_sha256 == digest:
        return existing.id, "duplicate"
    raise Conflict("conflict", "A different response with this id was already received.")


def submit(
    session: Session,
    token: str,
    body: Any,
    ip: str | None,
    now: datetime | None = None,
    prepared: Prepared | None = None,
    zone: str = customer_repeat.DEFAULT_ZONE,
) -> tuple[str, str]:
    """Decide and store one customer response; return (id, "created" | "late" | "duplicate").

    `prepared` carries the body parsed and checked before the write lock; without it
    everything is done here.
    """
    now = now or datetime.now(UTC)
    link, campaign, current = find_link(session, token)
    prepared = prepared or parse(body)
    data, digest = prepared.data, prepared.digest
    existing = session.get(Submission, data["id"])
    if existing is not None:
        return _existing_answer(existing, link, digest)
    version = _checked_version(session, current, prepared)
    late = campaign.status in ("closed", "released")
    device = data.get("device")
    customer_repeat.check(session, link, device, now, zone)
    try:
        with session.begin_nested():
            _insert(session, link, version, data, digest, late, ip, now)
            customer_repeat.claim(session, link, device, data["id"], now, zone)
    except IntegrityError:
        raced = session.get(Submission, data["id"], populate_existing=True)
        if raced is None:
            customer_repeat.check(session, link, device, now, zone)  # a concurrent twin
            raise
        return _existing_answer(raced, link, digest)
    return data["id"], "late" if late else "created"


def _checked_version(session: Session, current: FormVersion, prepared: Prepared) -> FormVersion:
    """The version the response pins, once its answers are valid and need no photo."""
    data = prepared.data
    version = sync_store.pinned_version(session, current.id, data["form_version_id"])
    if version is None:
        raise Invalid(
            "invalid",
            "Unknown form version.",
            {"fields": {"form_version_id": "unknown_form_version"}},
        )
    errors = prepared.errors_for(version)
    if errors:
        raise Invalid("invalid", "Some answers are not valid.", {"fields": errors})
    missing = sync_store.missing_hashes(session, version.definition, data["answers"])
    if missing:
        raise Invalid("missing_attachments", "Photos are not supported here.", {"hashes": missing})
    return version


def _insert(
    session: Session,
    link: CustomerLink,
    version: FormVersion,
    data: dict[str, Any],
    digest: str,
    late: bool,
    ip: str | None,
    now: datetime,
) -> None:
    unit_id = link.unit_id
    if unit_id is None and link.subject_id is not None:
        unit_id = session.scalar(select(User.unit_id).where(User.id == link.subject_id))
    submission = sync_store.new_submission(
        data,
        digest,
        now,
        late,
        campaign_id=link.campaign_id,
        customer_link_id=link.id,
        form_version_id=version.id,
        relationship="customer",
        subject_id=link.subject_id,
        unit_id=unit_id,
        submitted_by_ip=(ip or "")[:64] or None,
    )
    sync_store.store(session, submission, version.definition, count_actions=not late)
    session.execute(
        update(CustomerLink)
        .where(CustomerLink.id == link.id)
        .values(response_count=CustomerLink.response_count + 1)
    )
