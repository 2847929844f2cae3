"""Builders for the field/sync/attachment/public/action tests."""

from __future__ import annotations

import hashlib
import io
import itertools
import secrets
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from PIL import Image

from server.extensions import db
from server.models import Assignment, Campaign, CampaignForm, CustomerLink, FormVersion, User
from server.services.forms import forms
from tests.factories import make_unit, make_user

_seq = itertools.count(1)


def bi(text: str) -> dict[str, str]:
    return {"en": text, "zh-CN": text + "（中）"}


def field_form(
    key: str = "field-test",
    extra: list[dict[str, Any]] | None = None,
    relationships: list[str] | None = None,
) -> dict[str, Any]:
    """A form touching every question type, with show_if, N/A and a critical item."""
    questions: list[dict[str, Any]] = [
        {
            "id": "mode",
            "type": "choice",
            "label": bi("mode"),
            "options": [
                {"value": "in_store", "label": bi("in store")},
                {"value": "phone", "label": bi("phone")},
            ],
        },
        {"id": "greeted", "type": "yes_no", "label": bi("greeted"), "critical": True},
        {"id": "smile", "type": "rating", "label": bi("smile"), "allow_na": True},
        {
            "id": "wait",
            "type": "number",
            "label": bi("wait"),
            "min": 0,
            "max": 3600,
            "pass_max": 30,
            "show_if": {"==": [{"var": "mode"}, "in_store"]},
        },
        {
            "id": "rings",
            "type": "number",
            "label": bi("rings"),
            "min": 0,
            "max": 30,
            "show_if": {"==": [{"var": "mode"}, "phone"]},
        },
        {
            "id": "points",
            "type": "multi_choice",
            "label": bi("points"),
            "required": False,
            "options": [
                {"value": "a", "label": bi("a"), "score": 1},
                {"value": "b", "label": bi("b"), "score": 1},
            ],
        },
        {"id": "note", "type": "text", "label": bi("note"), "comment": True},
        {"id": "day", "type": "date", "label": bi("day")},
        {"id": "at", "type": "time", "label": bi("at")},
        {"id": "when", "type": "datetime", "label": bi("when")},
        {
            "id": "receipt",
            "type": "photo",
            "label": bi("receipt"),
            "min_count": 1,
            "max_count": 2,
            "show_if": {"==": [{"var": "mode"}, "in_store"]},
        },
        *(extra or []),
    ]
    raw = {
        "key": key,
        "title": bi(key),
        "relationships": relationships or ["mystery_shopper", "peer", "self", "customer"],
        "scale": {"min": 1, "max": 5},
        "sections": [{"id": "main", "title": bi("main"), "questions": questions}],
    }
    return forms.validate_definition(raw)


def save_version(definition: dict[str, Any]) -> FormVersion:
    key, number, _ = forms.save_definition(db.session, definition)
    db.session.commit()
    from sqlalchemy import select

    from server.models import Form

    return db.session.scalar(
        select(FormVersion).join(Form).where(Form.key == key, FormVersion.version == number)
    )


def make_campaign(
    version: FormVersion, status: str = "open", kind: str = "mixed", **kw: Any
) -> Campaign:
    campaign = Campaign(
        name=bi(f"Campaign {next(_seq)}"),
        kind=kind,
        status=status,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        **kw,
    )
    db.session.add(campaign)
    db.session.flush()
    for rel in ("mystery_shopper", "peer", "self", "customer"):
        db.session.add(
            CampaignForm(campaign_id=campaign.id, relationship=rel, form_version_id=version.id)
        )
    db.session.commit()
    return campaign


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


def store_with_staff() -> dict[str, Any]:
    """A store with a manager and two staff, plus a team below it with one more."""
    store = make_unit(
        path=f"Co/Store {next(_seq)}",
        kind="branch",
        latitude=31.23,
        longitude=121.47,
        address="1 Main St",
    )
    team = make_unit(path=f"{store.path}/Team", parent_id=store.id)
    manager = make_user(unit_id=store.id)
    staff = [
        make_user(unit_id=store.id, manager_id=manager.id, job_title="Sales") for _ in range(2)
    ]
    team_member = make_user(unit_id=team.id, manager_id=manager.id)
    return {
        "store": store,
        "team": team,
        "manager": manager,
        "staff": staff,
        "team_member": team_member,
    }


def good_answers(**overrides: Any) -> dict[str, Any]:
    """Valid answers for `field_form` on the phone branch (no photo needed)."""
    values: dict[str, Any] = {
        "mode": "phone",
        "greeted": True,
        "smile": 4,
        "rings": 2,
        "points": ["a"],
        "note": "Friendly 很好",
        "day": "2026-05-01",
        "at": "10:30",
        "when": "2026-05-01T10:30:00+08:00",
    }
    values.update(overrides)
    return values


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
    item.update(kw)
    return item


def image_bytes(
    fmt: str = "JPEG",
    size: tuple[int, int] = (64, 48),
    exif: Any = None,
    color: tuple[int, int, int] = (200, 30, 30),
) -> bytes:
    img = Image.new("RGB", size, color)
    out = io.BytesIO()
    kwargs: dict[str, Any] = {}
    if exif is not None:
        kwargs["exif"] = exif
    img.save(out, fmt, **kwargs)
    return out.getvalue()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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
