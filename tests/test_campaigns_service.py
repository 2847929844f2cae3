"""Campaign settings validation and the lifecycle rules of SPEC §7."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from server.domain_errors import DomainError
from server.errors import status_of
from server.extensions import db
from server.models import AuditEvent
from server.services.campaigns import assignments, campaigns
from tests.factories import forms_for, make_campaign, sync_forms
from tests.worlds import make_team


def test_create_fills_defaults_and_forms(app):
    campaign = make_campaign("360")
    assert campaign.status == "draft" and campaign.peer_min == 3 and campaign.peer_max == 5
    assert campaign.anonymity_thresholds["peer"] == 3
    assert set(campaigns.forms_of(campaign)) == {"self", "supervisor", "peer", "subordinate"}


@pytest.mark.parametrize(
    "override, field",
    [
        ({"period_end": date(2025, 1, 1)}, "period_end"),
        ({"peer_min": 6, "peer_max": 2}, "peer_max"),
        ({"anonymity_thresholds": {"peer": 0}}, "anonymity_thresholds"),
        ({"anonymity_thresholds": {"boss": 2}}, "anonymity_thresholds"),
        ({"group_weights": {"supervisor": -1}}, "group_weights"),
        ({"group_weights": {"supervisor": 0, "self": 0}}, "group_weights"),
        ({"action_due_hours": {"ack": 0}}, "action_due_hours"),
    ],
)
def test_invalid_settings_are_422(app, override, field):
    with pytest.raises(DomainError) as info:
        make_campaign("360", **override)
    assert status_of(info.value) == 422 and field in info.value.details["fields"]


def test_form_must_suit_the_relationship(app):
    versions = sync_forms()
    with pytest.raises(DomainError) as info:
        make_campaign("360", forms={"self": versions["customer-satisfaction"]})
    assert info.value.details["fields"]["forms"]["self"].startswith("Form customer")
    with pytest.raises(DomainError):
        make_campaign("customer", forms={"peer": versions["service-360"]})
    with pytest.raises(DomainError):
        make_campaign("customer", forms={"customer": 99999})


def test_open_needs_forms_and_360_assignments(app):
    campaign = make_campaign("360", forms={})
    with pytest.raises(DomainError) as info:
        campaigns.open_campaign(db.session, None, campaign)
    assert info.value.code == "no_form"
    campaigns.update_campaign(db.session, None, campaign, {"forms": forms_for("360", sync_forms())})
    with pytest.raises(DomainError) as info:
        campaigns.open_campaign(db.session, None, campaign)
    assert info.value.code == "no_assignments"
    make_team(3)
    assignments.generate(db.session, None, campaign)
    campaigns.open_campaign(db.session, None, campaign)
    assert campaign.status == "open" and campaign.opened_at is not None


def test_lifecycle_and_forbidden_transitions(app):
    campaign = make_campaign("customer")
    with pytest.raises(DomainError) as info:
        campaigns.release_campaign(db.session, None, campaign)  # release only from closed
    assert status_of(info.value) == 409 and info.value.code == "invalid_transition"
    with pytest.raises(DomainError):
        campaigns.close_campaign(db.session, None, campaign)
    campaigns.open_campaign(db.session, None, campaign)
    with pytest.raises(DomainError):
        campaigns.release_campaign(db.session, None, campaign)
    with pytest.raises(DomainError):
        campaigns.open_campaign(db.session, None, campaign)
    campaigns.close_campaign(db.session, None, campaign)
    with pytest.raises(DomainError):
        campaigns.open_campaign(db.session, None, campaign)  # closed never reopens
    campaigns.release_campaign(db.session, None, campaign)
    assert campaign.status == "released" and campaign.released_at is not None
    campaigns.unrelease_campaign(db.session, None, campaign)
    assert campaign.status == "closed" and campaign.released_at is None
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-4:] == [
        "campaign_opened",
        "campaign_closed",
        "campaign_released",
        "campaign_unreleased",
    ]


def test_forms_fixed_once_open_other_settings_editable(app):
    campaign = make_campaign("customer")
    campaigns.open_campaign(db.session, None, campaign)
    versions = sync_forms()
    with pytest.raises(DomainError) as info:
        campaigns.update_campaign(
            db.session, None, campaign, {"forms": {"customer": versions["service-360"]}}
        )
    assert info.value.code == "campaign_locked"
    with pytest.raises(DomainError):
        campaigns.update_campaign(db.session, None, campaign, {"kind": "360"})
    campaigns.update_campaign(
        db.session,
        None,
        campaign,
        {
            "forms": campaigns.forms_of(campaign),  # unchanged: fine
            "report_locale": "en",
            "anonymity_thresholds": {"customer": 5},
        },
    )
    assert campaign.report_locale == "en"


def test_released_campaign_cannot_be_edited(app):
    campaign = make_campaign("customer")
    for move in (campaigns.open_campaign, campaigns.close_campaign, campaigns.release_campaign):
        move(db.session, None, campaign)
    with pytest.raises(DomainError) as info:
        campaigns.update_campaign(db.session, None, campaign, {"report_locale": "en"})
    assert info.value.code == "campaign_released"


def test_only_drafts_are_deleted(app):
    campaign = make_campaign("customer")
    campaigns.open_campaign(db.session, None, campaign)
    with pytest.raises(DomainError):
        campaigns.delete_campaign(db.session, None, campaign)
    draft = make_campaign("360")
    make_team(2)
    assignments.generate(db.session, None, draft)
    campaigns.delete_campaign(db.session, None, draft)
    db.session.commit()
    assert db.session.get(type(draft), draft.id) is None


def test_changing_draft_forms_repins_generated_assignments(app):
    from server.models import Assignment, FormVersion
    from server.services.forms import forms

    make_team(2)
    campaign = make_campaign("360")
    assignments.generate(db.session, None, campaign)
    old = campaigns.forms_of(campaign)["peer"]
    definition = dict(db.session.get(FormVersion, old).definition)
    definition["title"] = {"en": "Service 360 v2", "zh-CN": "服务360（第二版）"}
    forms.save_definition(db.session, definition)
    new = db.session.scalar(select(FormVersion.id).order_by(FormVersion.id.desc()))
    campaigns.update_campaign(
        db.session,
        None,
        campaign,
        {"forms": {r: new for r in ("self", "supervisor", "peer", "subordinate")}},
    )
    pinned = set(
        db.session.scalars(
            select(Assignment.form_version_id).where(Assignment.campaign_id == campaign.id)
        )
    )
    assert pinned == {new}
