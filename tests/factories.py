"""The one set of test-data builders: people, forms, campaigns, field data. Each takes overrides.

They compose: `make_campaign(kind=..., form=..., groups=...)` takes a form version from
`save_form`; tests/worlds.py builds each domain's `world` (and `field_setup`: a campaign, a
store and visits) from a few of these calls. Pure report dicts live in tests/fixtures_reports.py.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import secrets
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import current_app
from PIL import Image
from sqlalchemy import select

from server.extensions import db
from server.models import (
    Assignment,
    Attachment,
    Campaign,
    CampaignForm,
    CustomerLink,
    Form,
    FormVersion,
    OrgUnit,
    Submission,
    User,
)
from server.services.campaigns import campaigns
from server.services.forms import forms
from server.services.org import accounts
from server.services.scoring import scoring
from tests.api_client import PASSWORD as PASSWORD
from tests.api_client import ApiClient as ApiClient
from tests.sample_forms import bi as bi
from tests.sample_forms import definition as definition
from tests.sample_forms import field_form as field_form
from tests.sample_forms import good_answers as good_answers
from tests.sample_forms import q_rating as q_rating
from tests.sample_forms import q_text as q_text
from tests.sample_forms import q_yes_no as q_yes_no
from tests.sample_forms import rating_form as rating_form
from tests.sample_forms import ratings as ratings
from tests.sample_forms import section as section

_seq = itertools.count(1)
#: The groups whose forms a campaign of each kind links when `groups` is not given.
KIND_GROUPS = {
    "360": ("self", "supervisor", "peer", "subordinate"),
    "mixed": ("mystery_shopper", "peer", "self", "customer"),
    "customer": ("customer",),
    "mystery_shop": ("mystery_shopper",),
}


# --- people -----------------------------------------------------------------------------------


def make_unit(**overrides: Any) -> OrgUnit:
    n = next(_seq)
    values: dict[str, Any] = {
        "path": f"Co/Unit {n}",
        "name": {"en": f"Unit {n}", "zh-CN": f"单元{n}"},
        "kind": "team",
    }
    unit = OrgUnit(**{**values, **overrides})
    db.session.add(unit)
    db.session.flush()
    return unit


def make_user(**overrides: Any) -> User:
    n = next(_seq)
    values: dict[str, Any] = {
        "email": f"user{n}@example.test",
        "name": f"User {n}",
        "role": "employee",
        "password": PASSWORD,
    }
    user = accounts.create_user(db.session, **{**values, **overrides})
    db.session.commit()
    return user


# --- forms and campaigns ----------------------------------------------------------------------


def save_form(defn: dict[str, Any]) -> FormVersion:
    """Store a normalised definition (as `flask forms sync` does); return its version."""
    key, number, _ = forms.save_definition(db.session, defn)
    db.session.commit()
    return db.session.scalars(
        select(FormVersion).join(Form).where(Form.key == key, FormVersion.version == number)
    ).one()


def sync_forms() -> dict[str, int]:
    """Load the shipped forms; return {form_key: latest version id}."""
    forms.sync_forms(db.session, current_app.config["FORMS_DIR"])
    db.session.commit()
    rows = db.session.execute(
        select(Form.key, FormVersion.id).join(FormVersion).order_by(FormVersion.version)
    ).all()
    return {key: vid for key, vid in rows}


def latest_version(key: str) -> FormVersion:
    """The newest stored version of form `key`."""
    return db.session.scalars(
        select(FormVersion).join(Form).where(Form.key == key).order_by(FormVersion.version.desc())
    ).one()  # fmt: skip


def forms_for(kind: str, versions: dict[str, int]) -> dict[str, int]:
    """The campaign `forms` setting of a kind with the shipped forms."""
    if kind == "360":
        v = versions["service-360"]
        return {"self": v, "supervisor": v, "peer": v, "subordinate": v}
    if kind == "customer":
        return {"customer": versions["customer-satisfaction"]}
    return {"mystery_shopper": versions["mystery-shop-store"]}


def make_campaign(
    kind: str = "360",
    *,
    form: FormVersion | dict[str, FormVersion] | None = None,
    groups: Iterable[str] | None = None,
    status: str | None = None,
    **fields: Any,
) -> Campaign:
    """A campaign of `kind`; `fields` override any column (or setting, without `form`).

    Without `form`: on the shipped forms, created by the campaigns service as HR would, a
    draft (or opened by the service: `status="open"`).
    With `form`: inserted as is in `status` (default open), each of `groups` (default: the
    kind's groups) answering that form version, or each group of a {group: version} `form`
    answering its own; the period ends `period_end` (default 2026-12-31).
    """
    if form is None:
        return _drafted(kind, status, fields)
    status = status or "open"
    end = fields.pop("period_end", date(2026, 12, 31))
    values = {"name": bi(f"Campaign {next(_seq)}"), "period_start": date(end.year, 1, 1)}
    campaign = Campaign(**{**values, **fields}, kind=kind, status=status, period_end=end)
    db.session.add(campaign)
    db.session.flush()
    linked = form if isinstance(form, dict) else dict.fromkeys(groups or KIND_GROUPS[kind], form)
    for group, version in linked.items():
        db.session.add(
            CampaignForm(campaign_id=campaign.id, relationship=group, form_version_id=version.id)
        )
    db.session.commit()
    return campaign


def _drafted(kind: str, status: str | None, fields: dict[str, Any]) -> Campaign:
    versions = sync_forms()
    data: dict[str, Any] = {
        "name": {"en": f"Test {kind}", "zh-CN": f"测试{kind}"},
        "kind": kind,
        "period_start": date(2026, 1, 1),
        "period_end": date(2026, 6, 30),
        "forms": forms_for(kind, versions),
    }
    campaign = campaigns.create_campaign(db.session, None, {**data, **fields})
    assert status in (None, "draft", "open"), "the service makes drafts and opens them"
    if status == "open":
        campaigns.open_campaign(db.session, None, campaign)
    db.session.commit()
    return campaign


def campaign_and_form(
    defn: dict[str, Any] | None = None, *, status: str = "released", **fields: Any
) -> tuple[Campaign, FormVersion]:
    """A campaign with results to read: `defn` (default `rating_form()`) stored and linked."""
    version = save_form(defn or rating_form())
    fields.setdefault("period_end", date(2026, 6, 30))
    return make_campaign(form=version, status=status, **fields), version


def make_assignment(
    campaign: Campaign,
    rater: User,
    version: FormVersion,
    relationship: str = "mystery_shopper",
    **kw: Any,
) -> Assignment:
    assignment = Assignment(
        campaign_id=campaign.id,
        relationship=relationship,
        rater_id=rater.id,
        form_version_id=version.id,
        status="pending",
        **kw,
    )
    db.session.add(assignment)
    db.session.commit()
    return assignment


def make_link(
    campaign: Campaign, subject: User | None = None, active: bool = True, unit_id: int | None = None
) -> CustomerLink:
    link = CustomerLink(
        token=secrets.token_urlsafe(24),
        campaign_id=campaign.id,
        subject_id=subject.id if subject else None,
        unit_id=unit_id,
        active=active,
    )
    db.session.add(link)
    db.session.commit()
    return link


# --- answers ----------------------------------------------------------------------------------


def add_submission(
    campaign: Campaign,
    fv: FormVersion,
    subject_id: int | None,
    relationship: str,
    answers: dict[str, Any],
    *,
    na: list[str] | None = None,
    rater_id: int | None = None,
    status: str = "received",
    **kw: Any,
) -> Submission:
    """Insert a submission and score it as the sync layer does."""
    row = Submission(
        id=str(uuid.uuid4()),
        campaign_id=campaign.id,
        form_version_id=fv.id,
        relationship=relationship,
        rater_id=rater_id,
        subject_id=subject_id,
        answers=answers,
        na=list(na or []),
        content_sha256="0" * 64,
        status=status,
        **kw,
    )
    db.session.add(row)
    db.session.flush()
    scoring.apply_scores(db.session, row, fv.definition)
    return row


def sub(assignment: Assignment | None, version: FormVersion, **kw: Any) -> dict[str, Any]:
    """One sync item; `answers`, `na`, `id` etc. may be overridden."""
    now = datetime.now(UTC)
    item: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "form_version_id": version.id,
        "answers": good_answers(),
        "na": [],
        "started_at": (now - timedelta(minutes=20)).isoformat(),
        "completed_at": (now - timedelta(minutes=5)).isoformat(),
        "device_time": (now - timedelta(seconds=90)).isoformat(),
    }
    if assignment is not None:
        item["assignment_id"] = assignment.id
    return {**item, **kw}


def make_attachment(sha256: str, **overrides: Any) -> Attachment:
    """A stored photo's row (1×1 JPEG, stored under its hash unless `storage_key` says)."""
    values: dict[str, Any] = {"mime_type": "image/jpeg", "size": 1, "width": 1, "height": 1}
    row = Attachment(**{**values, "storage_key": sha256, **overrides}, sha256=sha256)
    db.session.add(row)
    db.session.flush()
    return row


def image_bytes(
    fmt: str = "JPEG",
    size: tuple[int, int] = (64, 48),
    exif: Any = None,
    color: tuple[int, int, int] = (200, 30, 30),
) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt, **({} if exif is None else {"exif": exif}))
    return out.getvalue()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
