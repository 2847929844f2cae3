"""Builders for scoring/aggregation tests: normalised definitions and counted submissions."""

from __future__ import annotations

import itertools
import uuid
from datetime import date
from typing import Any

from server.extensions import db
from server.models import Campaign, CampaignForm, Form, FormVersion, Submission
from server.services.forms import forms
from server.services.scoring import scoring

_seq = itertools.count(1)
SCALE_1_5 = {"min": 1, "max": 5, "labels": {}}


def bi(text: str) -> dict[str, str]:
    return {"en": text, "zh-CN": text + "（中）"}


def q_rating(qid: str, **kw: Any) -> dict[str, Any]:
    return {"id": qid, "type": "rating", "label": bi(qid), **kw}


def q_yes_no(qid: str, **kw: Any) -> dict[str, Any]:
    return {"id": qid, "type": "yes_no", "label": bi(qid), **kw}


def q_text(qid: str, **kw: Any) -> dict[str, Any]:
    return {"id": qid, "type": "text", "label": bi(qid), **kw}


def section(sid: str, questions: list[dict[str, Any]], **kw: Any) -> dict[str, Any]:
    return {"id": sid, "title": bi(sid), "questions": questions, **kw}


def definition(sections: list[dict[str, Any]], key: str = "test-form", **kw: Any) -> dict[str, Any]:
    """Validate and normalise a raw definition exactly as the forms loader does."""
    raw = {
        "key": key,
        "title": bi(key),
        "relationships": kw.pop("relationships", ["self", "peer", "supervisor", "subordinate"]),
        "scale": kw.pop("scale", {"min": 1, "max": 5}),
        "sections": sections,
        **kw,
    }
    return forms.validate_definition(raw)


def rating_form(n_items: int = 3, key: str = "test-360", comment: bool = True) -> dict[str, Any]:
    """A 360 form: two sections of ratings (competencies a and b) plus a comment."""
    half = max(1, n_items // 2)
    secs = [
        section("s1", [q_rating(f"q{i}") for i in range(1, half + 1)], competency="comp_a"),
        section(
            "s2", [q_rating(f"q{i}") for i in range(half + 1, n_items + 1)], competency="comp_b"
        ),
    ]
    if comment:
        secs.append(section("s3", [q_text("remarks", comment=True)], weight=0))
    return definition(secs, key=key)


def store_definition(defn: dict[str, Any]) -> FormVersion:
    forms.save_definition(db.session, defn)
    form = db.session.query(Form).filter_by(key=defn["key"]).one()
    return (
        db.session.query(FormVersion)
        .filter_by(form_id=form.id, sha256=forms.content_sha256(defn))
        .one()
    )


def make_campaign(
    defn: dict[str, Any] | None = None,
    *,
    period_end: date = date(2026, 6, 30),
    relationships: tuple[str, ...] = ("self", "supervisor", "peer", "subordinate"),
    **kw: Any,
) -> tuple[Campaign, FormVersion]:
    n = next(_seq)
    values: dict[str, Any] = {
        "name": bi(f"Campaign {n}"),
        "kind": "360",
        "status": "released",
        "period_start": date(period_end.year, 1, 1),
        "period_end": period_end,
    }
    values.update(kw)
    campaign = Campaign(**values)
    db.session.add(campaign)
    db.session.flush()
    fv = store_definition(defn or rating_form())
    for rel in relationships:
        db.session.add(
            CampaignForm(campaign_id=campaign.id, relationship=rel, form_version_id=fv.id)
        )
    db.session.flush()
    return campaign, fv


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
    sub = Submission(
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
    db.session.add(sub)
    db.session.flush()
    scoring.apply_scores(db.session, sub, fv.definition)
    return sub


def ratings(defn: dict[str, Any], value: int, **extra: Any) -> dict[str, Any]:
    """Answer every rating question of a definition with one value."""
    out: dict[str, Any] = {
        q["id"]: value for s in defn["sections"] for q in s["questions"] if q["type"] == "rating"
    }
    out.update(extra)
    return out
