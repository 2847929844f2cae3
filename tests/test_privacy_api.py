"""Issue 17 §4 over the API: the personal-data export (a queued job, a ZIP of JSON and
review PDFs, admin only, no-store, audited; anonymous groups only as the released review
shows them) and erasure with hostile names (generated) and unknown ids (generated)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from server.extensions import db
from server.models import ActionItem, AuditEvent, Notification, Submission, User
from server.services.scoring import anonymity
from tests.factories import ApiClient, make_user
from tests.privacy_helpers import found_in, pdf_text, scan_database

PRIVACY = "/api/v1/admin/privacy"
FIXTURES = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


def _subject_with_peers() -> int:
    """An employee of a released campaign rated by peers and subordinates (hidden groups)."""
    rows = db.session.execute(
        select(Submission.subject_id, Submission.relationship).where(
            Submission.relationship.in_(anonymity.ANONYMOUS)
        )
    ).all()
    return sorted({s for s, _ in rows if s is not None})[0]


def _export(admin: ApiClient, person: int) -> tuple[Any, dict[str, Any], zipfile.ZipFile]:
    started = admin.post(f"{PRIVACY}/people/{person}/export")
    assert started.status_code == 202, started.get_json()
    job = started.get_json()
    assert admin.get(f"{PRIVACY}/exports/{job['id']}").get_json()["download_ready"] is True
    resp = admin.get(f"{PRIVACY}/exports/{job['id']}/download")
    assert resp.status_code == 200
    zf = zipfile.ZipFile(io.BytesIO(resp.data))
    return resp, json.loads(zf.read("person.json")), zf


def test_export_holds_everything_and_hides_the_anonymous_groups(
    runner: Any, admin_client: ApiClient
) -> None:
    assert runner.invoke(args=["demo"]).exit_code == 0
    person = _subject_with_peers()
    user = db.session.get(User, person)
    assert user is not None
    released = db.session.scalars(
        select(Submission.campaign_id).where(Submission.subject_id == person)
    ).all()
    for campaign_id in set(released):  # an access the export must list
        admin_client.get(f"/api/v1/campaigns/{campaign_id}/reviews/{person}.pdf")
    resp, data, zf = _export(admin_client, person)
    assert resp.headers["Content-Type"] == "application/zip"
    assert "no-store" in resp.headers["Cache-Control"]
    assert data["profile"]["email"] == user.email and "password_hash" not in data["profile"]
    written = db.session.scalars(select(Submission.id).where(Submission.rater_id == person)).all()
    assert sorted(s["id"] for s in data["submissions_written"]) == sorted(written)
    about = data["submissions_about_me"]
    assert all(s["relationship"] not in anonymity.UNNAMED_GROUPS for s in about)
    assert all("rater_id" not in s for s in about)
    hidden = db.session.scalars(
        select(Submission.id).where(
            Submission.subject_id == person,
            Submission.relationship.in_(anonymity.UNNAMED_GROUPS),
            Submission.rater_id != person,
        )
    ).all()
    assert hidden and not {s["id"] for s in about} & set(hidden)
    assert not found_in(json.dumps(data), list(hidden))  # no hidden row leaks anywhere
    pdfs = [n for n in zf.namelist() if n.startswith("reviews/")]
    assert len(pdfs) == len(data["reviews"]) >= 1
    assert all(user.name in pdf_text(zf.read(n)) for n in pdfs)
    owned = db.session.scalars(select(ActionItem.id).where(ActionItem.owner_id == person)).all()
    assert sorted(i["id"] for i in data["action_items_owned"]) == sorted(owned)
    mine = db.session.scalars(select(Notification.id).where(Notification.user_id == person)).all()
    assert sorted(n["id"] for n in data["notifications"]) == sorted(mine)
    assert {a["action"] for a in data["review_access"]} == {"review.download"}
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.object_id == str(person))
    ).all()
    assert {"privacy.export", "privacy.export.download"} <= set(actions)


def test_only_admins(hr_client: ApiClient, employee_client: ApiClient) -> None:
    other = make_user()
    for client in (hr_client, employee_client):
        assert client.post(f"{PRIVACY}/people/{other.id}/export").status_code == 403
        resp = client.post(f"{PRIVACY}/people/{other.id}/erase", json={"confirm": True})
        assert resp.status_code == 403
        assert client.get(f"{PRIVACY}/retention").status_code == 403


def test_erase_needs_confirmation_and_happens_once(admin_client: ApiClient) -> None:
    other = make_user()
    url = f"{PRIVACY}/people/{other.id}/erase"
    assert admin_client.post(url, json={}).status_code == 422
    assert admin_client.post(url, json={"confirm": False}).status_code == 422
    assert admin_client.post(url, json={"confirm": "true"}).status_code == 422
    assert admin_client.post(url, json={"confirm": True}).status_code == 200
    again = admin_client.post(url, json={"confirm": True})
    assert (again.status_code, again.get_json()["error"]["code"]) == (409, "already_erased")
    own = admin_client.post(
        f"{PRIVACY}/people/{admin_client.user.id}/erase",  # type: ignore[attr-defined]
        json={"confirm": True},
    )
    assert (own.status_code, own.get_json()["error"]["code"]) == (409, "erase_self")


@settings(max_examples=20, deadline=None, suppress_health_check=FIXTURES)
@given(user_id=st.integers(min_value=10_000, max_value=2**31 - 1), job=st.text(max_size=40))
def test_unknown_people_and_jobs_are_404(admin_client: ApiClient, user_id: int, job: str) -> None:
    assert admin_client.post(f"{PRIVACY}/people/{user_id}/export").status_code == 404
    erase = admin_client.post(f"{PRIVACY}/people/{user_id}/erase", json={"confirm": True})
    assert erase.status_code == 404
    safe = "".join(c for c in job if c.isalnum()) or "x"
    assert admin_client.get(f"{PRIVACY}/exports/{safe}").status_code == 404
    assert admin_client.get(f"{PRIVACY}/exports/{safe}/download").status_code == 404


HOSTILE = st.text(
    alphabet=st.sampled_from(list("%_'\"\\;<>&*?[]{}()-—张伟😀 \u00e9\u200b")),
    min_size=1,
    max_size=12,
)


@settings(max_examples=15, deadline=None, suppress_health_check=FIXTURES)
@given(hostile=HOSTILE, number=st.text(alphabet="%_'-0123456789", min_size=1, max_size=10))
def test_hostile_names_are_unfindable_after_erasure(
    admin_client: ApiClient, hostile: str, number: str
) -> None:
    name, email, emp = f"Qx{hostile}Zy", f"qx{abs(hash(hostile))}@ex.test", f"QN{number}"
    person = make_user(name=name, email=email, employee_number=emp)
    admin_client.client.post("/api/v1/auth/login", json={"email": email, "password": "wrong-pw"})
    db.session.add(
        Notification(
            key=f"k{person.id}", user_id=admin_client.user.id,  # type: ignore[attr-defined]
            kind="test", params={"name": name, "n": [emp]},
            created_at=datetime.now(UTC),
        )
    )  # fmt: skip
    db.session.commit()
    assert scan_database([name, email, emp])
    resp = admin_client.post(f"{PRIVACY}/people/{person.id}/erase", json={"confirm": True})
    assert resp.status_code == 200, resp.get_json()
    db.session.expire_all()
    assert scan_database([name, email, emp]) == []


def test_a_quiet_export_is_queued_again(admin_client: ApiClient) -> None:
    import time_machine

    from server.models import Job
    from server.models.base import utcnow
    from server.services.privacy import export
    from server.tasks import privacy as privacy_tasks

    person = make_user()
    start = utcnow()
    with time_machine.travel(start, tick=False):
        job = export.create_job(db.session, person, admin_client.user)  # type: ignore[attr-defined]
        db.session.commit()  # queued, its message lost: never built
    job_id = job.id
    with time_machine.travel(start + export.QUIET - timedelta(seconds=1), tick=False):
        assert export.unfinished(db.session) == []
    with time_machine.travel(start + export.QUIET, tick=False):
        assert export.unfinished(db.session) == [job_id]
        db.session.rollback()  # the task writes in its own session
        privacy_tasks.resume_person_exports.call_local()
    db.session.expire_all()
    done = db.session.get(Job, job_id)
    assert done is not None and done.status == "done" and done.result_path
