"""Issue 17 §4 erasure, proved over the full demo: every review is the same before and after
(except the erased person's own identity, and the photos of and by them), and the person is
unfindable by name, e-mail or employee number in the database (every text and JSON column of
every table), the object store (every object, PDF text and ZIP members included), review PDFs
rendered afterwards and exports made afterwards, and the stored copies of sent mail (the
`file://` mail backend's .eml files: every header and text part decoded)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from server import mail
from server.extensions import db
from server.models import ActionItem, Campaign, MailMessage, Submission, User
from server.services.privacy import erasure
from tests.factories import ApiClient
from tests.privacy_helpers import (
    every_review,
    file_text,
    first_difference,
    found_in,
    mail_text,
    scan_database,
    scan_mail,
    scan_storage,
)

PRIVACY = "/api/v1/admin/privacy"


def _most(rows: list[Any]) -> int:
    return Counter(r for r in rows if r is not None).most_common(1)[0][0]


def _staff_member() -> int:
    """An employee served on a mystery-shop visit who also rated peers (anonymous group)."""
    served = set(
        db.session.scalars(
            select(Submission.subject_id).where(Submission.relationship == "mystery_shopper")
        )
    )
    peers = db.session.scalars(
        select(Submission.rater_id).where(Submission.relationship == "peer")
    ).all()
    return _most([r for r in peers if r in served])


def _shopper() -> int:
    return _most(
        db.session.scalars(
            select(Submission.rater_id).where(Submission.relationship == "mystery_shopper")
        ).all()
    )


def _owner() -> int:
    return _most(db.session.scalars(select(ActionItem.owner_id)).all())


PEOPLE = {"staff": _staff_member, "shopper": _shopper, "owner": _owner}


def _normal(
    reviews: dict[Any, Any], person: int, old: dict[str, str | None], photos: set[str]
) -> dict[Any, Any]:
    """Reviews with the old identity written as the new one, the erased person's own
    identity block and the deleted photos left out. Each subject's own identity block is kept
    as it is (a namesake of the erased person keeps their name). A value of `old` that is
    None (the employee number: erasure removes it) replaces whole JSON strings by null."""
    rows = reviews_list(reviews)
    blocks = {tuple(key): data.get("employee") for key, data in rows}
    rest = [[key, {k: v for k, v in data.items() if k != "employee"}] for key, data in rows]
    text = json.dumps(rest, ensure_ascii=False)
    for before, after in old.items():
        if after is None:
            text = text.replace(json.dumps(before, ensure_ascii=False), "null")
        else:
            text = text.replace(json.dumps(before, ensure_ascii=False)[1:-1], after)
    out = {}
    for key, data in json.loads(text):
        if key[1] != person:
            data["employee"] = blocks[tuple(key)]
        for entries in (data.get("comments") or {}).values():  # shuffled on every build
            entries.sort(key=lambda c: (c["question_id"], c["text"]))
        for visit in (data.get("mystery_shop") or {}).get("visits", []):
            visit["photos"] = [p for p in visit["photos"] if p["sha256"] not in photos]
        out[tuple(key)] = data
    return out


def reviews_list(reviews: dict[Any, Any]) -> list[Any]:
    return [[list(k), v] for k, v in sorted(reviews.items())]


def _released_of(person: int) -> list[int]:
    ids = db.session.scalars(
        select(Submission.campaign_id).where(Submission.subject_id == person)
    ).all()
    return sorted(
        c
        for c in set(ids)
        if db.session.get(Campaign, c).status == "released"  # type: ignore[union-attr]
    )


def _make_files(admin: ApiClient, person: int) -> list[bytes]:
    """Review PDFs (stored), a campaign export job and the person's export, before."""
    bodies = []
    for campaign_id in _released_of(person):
        resp = admin.get(f"/api/v1/campaigns/{campaign_id}/reviews/{person}.pdf")
        assert resp.status_code == 200
        bodies.append(resp.data)
        job = admin.post(
            f"/api/v1/campaigns/{campaign_id}/exports", json={"kind": "summary", "format": "csv"}
        )
        assert job.status_code == 202, job.get_json()
    job = admin.post(f"{PRIVACY}/people/{person}/export")
    assert job.get_json()["status"] == "done"
    return bodies


def _send_mails(admin: ApiClient, person: int, terms: list[str]) -> tuple[int, int]:
    """A password-reset link for the person (through the API) and a notification to someone else
    that names them in its subject and text, both sent through the file backend: the
    outbox ids of (theirs, the other's)."""
    from server.tasks import mail as mail_tasks

    resp = admin.client.post("/api/v1/auth/password-reset", json={"email": terms[1]})
    assert resp.status_code == 202, resp.get_json()
    theirs = db.session.scalar(select(MailMessage.id).where(MailMessage.recipient == terms[1]))
    assert theirs is not None
    other = db.session.scalar(select(User).where(User.id != person, User.active.is_(True)))
    assert other is not None
    item = {"title": f"Your rating of {terms[0]}", "body": " / ".join(terms), "url": "x"}
    context = {"items": [item], "inbox_url": "x", "subject": f"About {terms[0]}"}
    outgoing = mail.message_for(
        other, "notification", key=f"erasure-test:{person}", context=context
    )
    row, _ = mail.outbox.record(db.session, outgoing)
    other_id = row.id
    db.session.commit()
    mail_tasks.send(other_id, outgoing)
    return theirs, other_id


def _namesakes(person: int, name: str) -> int:
    """Other people whose own name holds the erased person's (the demo draws names at
    random): their account keeps it."""
    names = db.session.scalars(select(User.name).where(User.id != person)).all()
    return sum(name.casefold() in n.casefold() for n in names)


@pytest.mark.parametrize("who", sorted(PEOPLE))
def test_erasure_keeps_every_review_and_leaves_no_trace(
    who: str, runner: Any, admin_client: ApiClient, app: Any, tmp_path: Path
) -> None:
    mails = tmp_path / "mail"
    app.config["MAIL_URL"] = f"file://{mails}"
    assert runner.invoke(args=["demo"]).exit_code == 0
    person = PEOPLE[who]()
    user = db.session.get(User, person)
    assert user is not None
    terms = [user.name, user.email, *([user.employee_number] if user.employee_number else [])]
    _make_files(admin_client, person)
    theirs, others = _send_mails(admin_client, person, terms)
    assert {name for name, _ in scan_mail(mails, terms)} == {
        f"{theirs:08d}.eml",
        f"{others:08d}.eml",
    }
    photos = erasure.photo_hashes(db.session, person)
    before = every_review()
    root = Path(app.config["ATTACHMENT_DIR"])
    if who != "shopper":  # sanity: the scans find the person before
        assert scan_database(terms) and scan_storage(root, terms)
    resp = admin_client.post(f"{PRIVACY}/people/{person}/erase", json={"confirm": True})
    assert resp.status_code == 200, resp.get_json()
    db.session.expire_all()
    user = db.session.get(User, person)
    assert user is not None and not user.active and user.password_hash is None
    old: dict[str, str | None] = {terms[0]: user.name, terms[1]: user.email}
    old.update({number: None for number in terms[2:]})  # a scorecard row's code
    want, got = _normal(before, person, old, photos), _normal(every_review(), person, {}, photos)
    assert want == got, first_difference(want, got)
    namesakes = _namesakes(person, terms[0])
    assert scan_database(terms) == [("user", "name", terms[0])] * namesakes
    assert scan_storage(root, terms) == []
    assert scan_mail(mails, terms) == []  # every stored message, headers and parts decoded
    assert not (mails / f"{theirs:08d}.eml").exists()  # addressed to them: deleted
    kept = (mails / f"{others:08d}.eml").read_bytes()  # naming them: the pseudonym instead
    assert found_in(mail_text(kept), [user.name, user.email]) == [user.name, user.email]
    assert resp.get_json()["mail_files"] == 2
    for body in _make_files(admin_client, person):  # rendered and exported afterwards
        assert found_in(file_text("review.pdf", body), terms) == []
    # campaign exports made afterwards name a namesake under their own name
    assert scan_storage(root, terms[1:] if namesakes else terms) == []
    assert admin_client.client.post(
        "/api/v1/auth/login", json={"email": terms[1], "password": "x" * 12}
    ).status_code in (400, 401, 422)
