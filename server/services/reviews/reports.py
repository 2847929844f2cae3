"""Reading reviews and unit summaries, as data or PDF: check access, build the data, render,
audit.

Who may read which review is decided in one place, server.services.reviews.access
(SPEC section 9; anything else answers 404, so a review's existence never leaks).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server import database
from server.domain_errors import NotFound
from server.models import Assignment, Campaign, Competency, OrgUnit, Submission, User
from server.reports import offload, render
from server.services.org import accounts
from server.services.reviews import access, stored
from server.services.reviews.stored import photo_loader as photo_loader
from server.services.reviews.stored import review_filename as review_filename
from server.services.reviews.stored import review_photos as review_photos
from server.storage import Storage


def _not_found() -> NotFound:
    return NotFound("not_found", "No such review.")


def get_campaign(session: Session, campaign_id: int) -> Campaign:
    """The campaign or 404."""
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound("not_found", "No such campaign.")
    return campaign


def subject_ids(session: Session, campaign_id: int) -> list[int]:
    """Employees rated in the campaign (assignment subjects and identified visit staff)."""
    assigned = select(Assignment.subject_id).where(
        Assignment.campaign_id == campaign_id, Assignment.subject_id.is_not(None)
    )
    visited = select(Submission.subject_id).where(
        Submission.campaign_id == campaign_id, Submission.subject_id.is_not(None)
    )
    ids = set(session.scalars(assigned)) | set(session.scalars(visited))
    return sorted(i for i in ids if i is not None)


def build_review_data(
    session: Session, campaign_id: int, employee_id: int, audience: str
) -> dict[str, Any]:
    """The review dict of server.services.reviews.review (imported late: it is another module's)."""
    from server.services.reviews import review

    return review.build_review(session, campaign_id, employee_id, audience=audience)


def review_pdf(
    session: Session,
    campaign_id: int,
    employee_id: int,
    *,
    audience: str,
    store: Storage | None,
    processes: int = 0,
) -> tuple[bytes, str]:
    """Build and render one review; DRAFT unless the campaign is released.

    The review data and photos are read, the session's (read) transaction is ended, and only
    then does WeasyPrint render: no transaction is open during the 1-4 s of layout. With
    `processes` > 0 the layout runs in a helper process (server.reports.offload).
    """
    data = build_review_data(session, campaign_id, employee_id, audience)
    photos = review_photos(session, data, store)
    database.end_read(session)
    pdf = offload.call(
        processes,
        render.render_review_pdf,
        data,
        draft=not data["campaign"].get("released"),
        photo_loader=photos.get,
    )
    return pdf, review_filename(data)


def read_review(
    session: Session, user: User, campaign_id: int, employee_id: int, *, ip: str | None = None
) -> dict[str, Any]:
    """One review's data for a reader allowed to see it (404 otherwise); a staff read is
    audited in its own short write transaction after the data is built (committed here)."""
    from server.services.reviews import review

    get_campaign(session, campaign_id)
    found = access.readable_review(session, user, campaign_id, employee_id)
    if found is None:
        raise _not_found()
    _, employee = found
    data = review.build_review(session, campaign_id, employee_id, audience=access.audience_of(user))
    if user.role in access.STAFF:
        with database.write_transaction(session):
            accounts.audit(session, user, "review.read", employee, ip=ip, campaign_id=campaign_id)
    return data


def read_unit_summary(
    session: Session, user: User, campaign_id: int, unit_id: int, *, ip: str | None = None
) -> dict[str, Any]:
    """HR only (the view checks the role): a unit summary's data, audited in its own short
    write transaction (committed here)."""
    from server.services.reviews import review

    data = review.build_unit_summary(session, campaign_id, unit_id)
    with database.write_transaction(session):
        accounts.audit(
            session,
            user,
            "unit_summary.read",
            None,
            ip=ip,
            campaign_id=campaign_id,
            unit_id=unit_id,
        )
    return data


def download_review(
    session: Session,
    user: User,
    campaign_id: int,
    employee_id: int,
    *,
    store: Storage | None,
    ip: str | None = None,
    processes: int = 0,
) -> tuple[bytes, str]:
    """Check access, read the PDF (a released review from storage, see
    server.services.reviews.stored; else rendered with no transaction open), then record the
    download as an AuditEvent in its own short write transaction (committed here)."""
    found = access.readable_review(session, user, campaign_id, employee_id)
    if found is None:
        raise _not_found()
    campaign, employee = found
    draft = campaign.status != "released"
    audience = access.audience_of(user)
    if draft or store is None:  # before release: rendered on demand (server...reviews.stored)
        pdf, filename = review_pdf(
            session, campaign_id, employee_id, audience=audience, store=store, processes=processes
        )
    else:  # released: from storage when rendered already, else rendered once and stored
        pdf, filename = stored.served_pdf(
            session, store, campaign_id, employee_id, audience=audience, processes=processes
        )
    with database.write_transaction(session):
        accounts.audit(
            session,
            user,
            "review.download",
            employee,
            ip=ip,
            campaign_id=campaign_id,
            draft=draft,
        )
    return pdf, filename


def download_unit_summary(
    session: Session,
    user: User,
    campaign_id: int,
    unit_id: int,
    *,
    ip: str | None = None,
    processes: int = 0,
) -> tuple[bytes, str]:
    """HR only: the one-page unit summary (read, then rendered with no transaction open),
    audited in its own short write transaction (committed here)."""
    from server.services.reviews import review

    get_campaign(session, campaign_id)
    unit = session.get(OrgUnit, unit_id)
    if unit is None:
        raise NotFound("not_found", "No such unit.")
    summary = review.build_unit_summary(session, campaign_id, unit_id)
    keys = summary.get("competency_keys") or []
    names = dict(
        session.execute(
            select(Competency.key, Competency.name).where(Competency.key.in_(keys))
        ).all()
    )
    summary["competencies"] = [{"key": k, "name": names.get(k, {"en": k})} for k in keys]
    database.end_read(session)
    pdf = offload.call(processes, render.render_unit_summary_pdf, summary)
    with database.write_transaction(session):
        accounts.audit(session, user, "unit_summary.download", unit, ip=ip, campaign_id=campaign_id)
    return pdf, f"unit-summary-{campaign_id}-{unit_id}.pdf"
