"""SPEC §8 sync protocol: POST /api/v1/sync: every result code, batches, pinning, replaces,
mystery-shop staff."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import func, select

from server.extensions import db
from server.models import (
    Assignment,
    AttachmentHolder,
    ItemScore,
    Submission,
    SubmissionAttachment,
)
from server.services.forms import forms
from tests.factories import (
    field_form,
    good_answers,
    make_assignment,
    make_attachment,
    make_user,
    save_form,
    sub,
)

pytestmark = pytest.mark.world("field")


def post(client: Any, *items: dict[str, Any]) -> Any:
    return client.post("/api/v1/sync", json={"submissions": list(items)})


def results(client: Any, *items: dict[str, Any]) -> list[dict[str, Any]]:
    resp = post(client, *items)
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()["results"]


def count(model: Any = Submission) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_created_stores_scores_and_marks_assignment_submitted(world: dict[str, Any]) -> None:
    item = sub(
        world["assignment"],
        world["version"],
        staff_id=world["staff"][0].id,
        geo={"lat": 31.2301, "lon": 121.4702, "accuracy": 12},
    )
    [result] = results(world["client"], item)
    assert result == {"id": item["id"], "status": "created"}
    row = db.session.get(Submission, item["id"])
    assert row.status == "received" and not row.is_late
    assert row.rater_id == world["client"].user.id
    assert row.relationship == "mystery_shopper" and row.unit_id == world["store"].id
    assert row.subject_id == row.reported_staff_id == world["staff"][0].id
    assert row.geo_lat == pytest.approx(31.2301) and row.geo_accuracy == 12
    assert 80 < row.time_skew_seconds < 120  # device clock 90 s behind
    assert row.form_score is not None and row.outcome == "pass"
    assert count(ItemScore) > 0
    assert db.session.get(Assignment, world["assignment"].id).status == "submitted"


def test_duplicate_changes_nothing_and_conflict_is_reported(world: dict[str, Any]) -> None:
    item = sub(world["assignment"], world["version"])
    assert results(world["client"], item)[0]["status"] == "created"
    before = db.session.get(Submission, item["id"]).received_at
    assert results(world["client"], item)[0] == {"id": item["id"], "status": "duplicate"}
    changed = {**item, "answers": good_answers(smile=2)}
    [conflict] = results(world["client"], changed)
    assert conflict["status"] == "conflict" and conflict["error"]["code"] == "conflict"
    db.session.expire_all()
    row = db.session.get(Submission, item["id"])
    assert row.answers["smile"] == 4 and row.received_at == before
    assert count() == 1


def test_na_order_does_not_make_a_conflict(world: dict[str, Any]) -> None:
    extra = [{"id": "tidy", "type": "rating", "label": {"en": "t", "zh-CN": "t"}, "allow_na": True}]
    version = save_form(field_form(key="na-order", extra=extra))
    assignment = make_assignment(
        world["campaign"], world["client"].user, version, unit_id=world["store"].id
    )
    answers = good_answers()
    answers.pop("smile")
    item = sub(assignment, version, answers=answers, na=["smile", "tidy"])
    assert results(world["client"], item)[0]["status"] == "created"
    again = {**item, "na": ["tidy", "smile"]}
    assert results(world["client"], again)[0]["status"] == "duplicate"


def test_mixed_batch_answers_each_item_in_order(world: dict[str, Any]) -> None:
    other = make_user(role="shopper")
    foreign = make_assignment(world["campaign"], other, world["version"])
    good = sub(world["assignment"], world["version"])
    bad = sub(world["assignment"], world["version"], answers=good_answers(smile=9))
    stolen = sub(foreign, world["version"])
    garbage: Any = "not an object"
    out = results(world["client"], bad, stolen, garbage, good)
    assert [r["status"] for r in out] == ["invalid", "forbidden", "invalid", "created"]
    assert out[0]["id"] == bad["id"] and out[3]["id"] == good["id"]
    assert out[0]["error"]["details"]["fields"] == {"smile": "range"}
    assert out[2]["id"] is None
    assert count() == 1


def test_forbidden_never_reveals_existence(world: dict[str, Any]) -> None:
    other = make_user(role="shopper")
    foreign = make_assignment(world["campaign"], other, world["version"])
    unknown = sub(world["assignment"], world["version"], assignment_id=999_999)
    theirs = sub(foreign, world["version"])
    a, b = results(world["client"], unknown, theirs)
    assert a["status"] == b["status"] == "forbidden"
    assert a["error"] == {**b["error"]}  # identical code, message and details


def test_someone_elses_submission_id_is_forbidden(app: Any, world: dict[str, Any]) -> None:
    from tests.conftest import _logged_in

    other_client = _logged_in(app, "shopper")
    theirs = make_assignment(
        world["campaign"], other_client.user, world["version"], unit_id=world["store"].id
    )
    item = sub(theirs, world["version"])
    assert results(other_client, item)[0]["status"] == "created"
    mine = {**item, "assignment_id": world["assignment"].id}
    [result] = results(world["client"], mine)
    assert result["status"] == "forbidden"
    [same] = results(world["client"], item)
    assert same["status"] == "forbidden"


def test_missing_attachments_then_created(world: dict[str, Any]) -> None:
    photo = "ab" * 32
    item = sub(
        world["assignment"],
        world["version"],
        answers=good_answers(mode="in_store", wait=12, receipt=[photo]),
    )
    item["answers"].pop("rings")
    [result] = results(world["client"], item)
    assert result["status"] == "missing_attachments"
    assert result["error"]["details"] == {"hashes": [photo]}
    assert count() == 0
    uploader = make_user(role="shopper")
    make_attachment(photo, storage_key="ab/ab/x.jpg", uploaded_by_id=uploader.id)
    db.session.add(AttachmentHolder(sha256=photo, user_id=uploader.id))
    db.session.commit()
    # Stored, but uploaded by someone else: this rater must send the bytes too.
    [result] = results(world["client"], item)
    assert result["status"] == "missing_attachments"
    assert result["error"]["details"] == {"hashes": [photo]}
    db.session.add(AttachmentHolder(sha256=photo, user_id=world["client"].user.id))
    db.session.commit()
    assert results(world["client"], item)[0]["status"] == "created"
    link = db.session.scalars(select(SubmissionAttachment)).one()
    assert (link.question_id, link.attachment_sha256) == ("receipt", photo)


def test_late_when_campaign_closed(world: dict[str, Any]) -> None:
    world["campaign"].status = "closed"
    db.session.commit()
    item = sub(world["assignment"], world["version"])
    [result] = results(world["client"], item)
    assert result == {"id": item["id"], "status": "late"}
    row = db.session.get(Submission, item["id"])
    assert row.is_late and row.status == "late" and not row.late_accepted
    assert results(world["client"], item)[0]["status"] == "duplicate"


def test_draft_campaign_and_declined_assignment_are_forbidden(world: dict[str, Any]) -> None:
    world["campaign"].status = "draft"
    db.session.commit()
    [draft] = results(world["client"], sub(world["assignment"], world["version"]))
    assert draft["status"] == "forbidden" and draft["error"]["code"] == "campaign_not_open"
    world["campaign"].status = "open"
    world["assignment"].status = "declined"
    db.session.commit()
    [declined] = results(world["client"], sub(world["assignment"], world["version"]))
    assert declined["error"]["code"] == "assignment_declined"


def test_older_version_of_same_form_is_pinned(world: dict[str, Any]) -> None:
    old = world["version"]
    extra = [{"id": "extra", "type": "yes_no", "label": {"en": "x", "zh-CN": "x"}}]
    newer = save_form(field_form(extra=extra))
    assert newer.version == old.version + 1
    world["assignment"].form_version_id = newer.id
    db.session.commit()
    item = sub(world["assignment"], old)  # the phone still had the old version
    assert results(world["client"], item)[0]["status"] == "created"
    assert db.session.get(Submission, item["id"]).form_version_id == old.id


def test_unknown_or_foreign_form_version_is_invalid(world: dict[str, Any]) -> None:
    other_form = save_form(field_form(key="another-form"))
    unknown = sub(world["assignment"], world["version"], form_version_id=987_654)
    foreign = sub(world["assignment"], other_form)
    out = results(world["client"], unknown, foreign)
    for result in out:
        assert result["status"] == "invalid"
        assert result["error"]["details"]["fields"] == {"form_version_id": "unknown_form_version"}


def test_staff_must_belong_to_the_visited_unit(world: dict[str, Any]) -> None:
    outsider = make_user()
    bad = sub(world["assignment"], world["version"], staff_id=outsider.id)
    [result] = results(world["client"], bad)
    assert result["error"]["details"]["fields"] == {"staff_id": "not_unit_staff"}
    below = sub(world["assignment"], world["version"], staff_id=world["team_member"].id)
    assert results(world["client"], below)[0]["status"] == "created"


def test_not_identified_staff_leaves_subject_empty(world: dict[str, Any]) -> None:
    item = sub(world["assignment"], world["version"], staff_id=None)
    assert results(world["client"], item)[0]["status"] == "created"
    row = db.session.get(Submission, item["id"])
    assert row.subject_id is None and row.reported_staff_id is None


def test_staff_id_only_for_mystery_shops(app: Any, world: dict[str, Any]) -> None:
    subject = make_user()
    peer = make_assignment(
        world["campaign"],
        world["client"].user,
        world["version"],
        relationship="peer",
        subject_id=subject.id,
    )
    item = sub(peer, world["version"], staff_id=world["staff"][0].id)
    [result] = results(world["client"], item)
    assert result["error"]["details"]["fields"] == {"staff_id": "not_applicable"}
    ok = sub(peer, world["version"])
    assert results(world["client"], ok)[0]["status"] == "created"
    row = db.session.get(Submission, ok["id"])
    assert row.subject_id == subject.id and row.relationship == "peer"


def test_second_submission_needs_replaces(world: dict[str, Any]) -> None:
    first = sub(world["assignment"], world["version"])
    assert results(world["client"], first)[0]["status"] == "created"
    [again] = results(world["client"], sub(world["assignment"], world["version"]))
    assert again["status"] == "conflict" and again["error"]["code"] == "already_submitted"


def test_resubmission_replaces_a_rejected_report(world: dict[str, Any]) -> None:
    first = sub(world["assignment"], world["version"])
    results(world["client"], first)
    early = sub(world["assignment"], world["version"], replaces=first["id"])
    [not_yet] = results(world["client"], early)
    assert not_yet["error"]["details"]["fields"] == {"replaces": "not_rejected"}
    row = db.session.get(Submission, first["id"])
    row.status = "rejected"
    world["assignment"].status = "pending"
    db.session.commit()
    second = sub(world["assignment"], world["version"], replaces=first["id"])
    assert results(world["client"], second)[0]["status"] == "created"
    assert db.session.get(Submission, second["id"]).replaces_id == first["id"]
    third = sub(world["assignment"], world["version"], replaces=first["id"])
    [twice] = results(world["client"], third)
    assert twice["error"]["details"]["fields"] == {"replaces": "already_replaced"}


def test_replacing_someone_elses_submission_is_forbidden(app: Any, world: dict[str, Any]) -> None:
    from tests.conftest import _logged_in

    other_client = _logged_in(app, "shopper")
    theirs = make_assignment(
        world["campaign"], other_client.user, world["version"], unit_id=world["store"].id
    )
    their_item = sub(theirs, world["version"])
    results(other_client, their_item)
    db.session.get(Submission, their_item["id"]).status = "rejected"
    db.session.commit()
    for target in (their_item["id"], str(uuid.uuid4())):
        item = sub(world["assignment"], world["version"], replaces=target)
        [result] = results(world["client"], item)
        assert result["status"] == "forbidden" and result["error"]["code"] == "forbidden"


def test_show_if_hides_a_required_question(world: dict[str, Any]) -> None:
    # Phone visit: `wait` and `receipt` (both required) are hidden and may stay empty.
    phone = sub(world["assignment"], world["version"])
    assert "wait" not in phone["answers"]
    assert results(world["client"], phone)[0]["status"] == "created"


def test_required_visible_question_missing_is_invalid(app: Any, world: dict[str, Any]) -> None:
    answers = good_answers(mode="in_store")
    answers.pop("rings")
    item = sub(world["assignment"], world["version"], answers=answers)
    [result] = results(world["client"], item)
    assert result["error"]["details"]["fields"] == {"wait": "required", "receipt": "required"}


def test_batch_limit_is_for_the_whole_request(world: dict[str, Any]) -> None:
    items = [sub(world["assignment"], world["version"]) for _ in range(51)]
    resp = post(world["client"], *items)
    assert resp.status_code == 413
    assert resp.get_json()["error"]["code"] == "batch_too_large"
    assert count() == 0


def test_sync_needs_login_and_csrf(app: Any, client: Any, world: dict[str, Any]) -> None:
    resp = client.post("/api/v1/sync", json={"submissions": []})
    assert resp.status_code == 401
    no_csrf = world["client"].client.post("/api/v1/sync", json={"submissions": []})
    assert no_csrf.status_code == 403 and no_csrf.get_json()["error"]["code"] == "csrf_failed"


def test_forms_are_the_shipped_ones_too(app: Any, world: dict[str, Any]) -> None:
    """A real shipped form validates end to end (mystery-shop-store, phone visit)."""
    forms.sync_forms(db.session, app.config["FORMS_DIR"])
    db.session.commit()
    from server.models import Form, FormVersion

    version = db.session.scalar(
        select(FormVersion).join(Form).where(Form.key == "mystery-shop-store")
    )
    assignment = make_assignment(
        world["campaign"], world["client"].user, version, unit_id=world["store"].id
    )
    item = sub(assignment, version, answers={"visit_type": "phone"})
    [result] = results(world["client"], item)
    assert result["status"] == "invalid"
    assert result["error"]["details"]["fields"]["greeted_proactively"] == "required"
    assert "receipt_photo" not in result["error"]["details"]["fields"]
