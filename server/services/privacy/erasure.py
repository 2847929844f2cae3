"""Erasure on request (issue 17 §4): one person's identity replaced by a pseudonym.

What changes:
- the account: name "Erased person <code>", e-mail `erased-<code>@erased.invalid`, no
  employee number, job title or password, inactive (every session ends), no reminder mail,
  its invitation and reset links revoked; its id, role, unit and manager stay, so every
  aggregate that counts the person (their ratings of others, others' ratings of them, the
  unit's figures) stays exactly as it was, and anonymous groups stay anonymous (nothing is
  removed from a group, so no count changes and nothing can be back-calculated);
- copies of the identity elsewhere (notes, audit details, notifications, mails, job
  failures): see `scrub`;
- photos: every photo the person uploaded, and every photo of a mystery-shop visit where they
  were the staff member served (such photos may show them), are deleted from storage and
  from the database; the visits, their answers and scores stay (the review shows the visit
  without its photos);
- customer contacts given with the person's e-mail address are deleted; so are the mails
  queued or sent to them, and the IP addresses their submissions came from;
- stored copies of sent mail (the `file://` mail backend's .eml files): those addressed to
  them are deleted, those naming them rewritten with the pseudonym (see `mail_files`);
- generated files that may show them (stored review PDFs, ZIPs and exports of every campaign
  they take part in, their own personal-data exports) are deleted; they are regenerated on
  demand from the pseudonymised data; an export or ZIP being built meanwhile is built again
  when it ends (the campaigns' privacy epoch, server/services/privacy_epoch.py);
- shopper work: the home position and the declared conflicts are deleted; job applications,
  expenses (amounts, without the receipt photo, which goes with their photos), pay lines,
  quiz attempts and certifications stay (paid runs stay correct); every API token they
  created is revoked. `registry.ERASURE` lists every column that refers to a person and
  what happens to it (a test keeps it complete).
"""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from server import mail
from server.domain_errors import Conflict
from server.mail.transport import ascii_address
from server.models import (
    AccountToken,
    ActionItem,
    ApiToken,
    Assignment,
    Attachment,
    AttachmentHolder,
    CustomerContact,
    JobConflict,
    MailMessage,
    ShopperHome,
    Submission,
    SubmissionAttachment,
    User,
    VisitExpense,
)
from server.models.base import utcnow
from server.services import privacy_epoch
from server.services.org import accounts
from server.services.privacy import generated, mail_files, scrub
from server.storage import Storage

ERASED_DOMAIN = "erased.invalid"


def is_erased(user: User) -> bool:
    return user.email.endswith("@" + ERASED_DOMAIN)


def _pseudonymise(user: User) -> dict[str, str]:
    """Replace the identity fields; returns {old value: its pseudonym}."""
    code = secrets.token_hex(5)
    old = {user.name: f"Erased person {code}", user.email: f"erased-{code}@{ERASED_DOMAIN}"}
    if user.employee_number:
        old[user.employee_number] = f"erased-{code}"
    user.name, user.email = old[user.name], old[user.email]
    user.employee_number = user.job_title = user.password_hash = None
    user.active = user.reminder_emails = False
    user.rotate_session_token()
    return old


def photo_hashes(session: Session, user_id: int) -> set[str]:
    """Photos uploaded by the person or taken on visits where they were the staff served."""
    by_them = select(Attachment.sha256).where(Attachment.uploaded_by_id == user_id)
    held = select(AttachmentHolder.sha256).where(AttachmentHolder.user_id == user_id)
    of_them = (
        select(SubmissionAttachment.attachment_sha256)
        .join(Submission, Submission.id == SubmissionAttachment.submission_id)
        .where(
            Submission.relationship == "mystery_shopper",
            or_(Submission.subject_id == user_id, Submission.reported_staff_id == user_id),
        )
    )
    return {h for q in (by_them, held, of_them) for h in session.scalars(q)}


#: Columns referring to a photo that keep their row when the photo goes (set to NULL).
DETACHED: tuple[Any, ...] = (VisitExpense.receipt_sha256,)
#: Columns referring to a photo whose rows go with it.
PHOTO_LINKS: tuple[Any, ...] = (
    SubmissionAttachment.attachment_sha256,
    AttachmentHolder.sha256,
)


def remove_photos(session: Session, store: Storage, hashes: set[str]) -> int:
    """Delete photos (original, thumbnail, rows); returns how many."""
    if not hashes:
        return 0
    rows = list(session.scalars(select(Attachment).where(Attachment.sha256.in_(hashes))))
    for row in rows:
        for key in (row.storage_key, row.thumb_key):
            if key:
                store.delete(key)
    for column in DETACHED:  # what keeps its row without the photo (an expense's amount)
        session.execute(update(column.class_).where(column.in_(hashes)).values({column.key: None}))
    for column in (*PHOTO_LINKS, Attachment.sha256):
        session.execute(delete(column.class_).where(column.in_(hashes)))
    return len(rows)


def campaigns_of(session: Session, user_id: int) -> set[int]:
    """Campaigns the person takes part in (rater, subject, staff served, item owner)."""
    queries = (
        select(Submission.campaign_id).where(
            or_(
                Submission.rater_id == user_id,
                Submission.subject_id == user_id,
                Submission.reported_staff_id == user_id,
            )
        ),
        select(Assignment.campaign_id).where(
            or_(Assignment.rater_id == user_id, Assignment.subject_id == user_id)
        ),
        select(ActionItem.campaign_id).where(
            or_(ActionItem.owner_id == user_id, ActionItem.subject_id == user_id)
        ),
    )
    return {c for q in queries for c in session.scalars(q) if c is not None}


def _generated(session: Session, store: Storage, user_id: int) -> int:
    campaigns = campaigns_of(session, user_id)
    # first: a build of these campaigns that ends from now on sees that its data is older
    # (and builds again), or has ended and is deleted below (services/privacy_epoch.py)
    privacy_epoch.bump(session, campaigns)
    pdfs = generated.drop_review_pdfs(
        session, store, generated.review_pdfs_of_campaigns(session, campaigns)
    )
    files = generated.drop_jobs(session, store, generated.jobs_of_campaigns(session, campaigns))
    return (
        pdfs
        + files
        + generated.drop_jobs(session, store, generated.person_exports(session, user_id))
    )


def _mail_files(old: dict[str, str], email: str) -> int:
    """Stored copies of sent mail (the file backend's): see `mail_files`."""
    transport = mail.configured_transport()
    if transport is None:  # no app, or a MAIL_URL that stores nothing (and sends nothing)
        return 0
    spelled = {ascii_address(k): v for k, v in old.items() if "@" in k}  # IDNA domain
    return mail_files.erase(transport, {**spelled, **old}, email)


def _contacts_and_mail(session: Session, email: str) -> tuple[int, int]:
    def gone(stmt: Any) -> int:
        return int(session.execute(stmt).rowcount)  # type: ignore[attr-defined]

    address = email.casefold()
    contacts = gone(delete(CustomerContact).where(func.lower(CustomerContact.email) == address))
    mails = gone(delete(MailMessage).where(func.lower(MailMessage.recipient) == address))
    return contacts, mails


#: Rows of the person that erasure deletes (registry.ERASURE says "delete").
DELETED: tuple[Any, ...] = (AccountToken.user_id, ShopperHome.user_id, JobConflict.shopper_id)


def _own_rows(session: Session, user_id: int, actor: User | None) -> None:
    """Links, shopper home and conflicts deleted, tokens revoked, submission IPs cleared."""
    for column in DELETED:
        session.execute(delete(column.class_).where(column == user_id))
    session.execute(
        update(ApiToken)
        .where(ApiToken.created_by_id == user_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_by_id=actor.id if actor else None)
    )
    session.execute(
        update(Submission).where(Submission.rater_id == user_id).values(submitted_by_ip=None)
    )


def erase(
    session: Session,
    store: Storage,
    user: User,
    actor: User | None,
    *,
    photos: bool = True,
    reason: str = "request",
) -> dict[str, int]:
    """Erase `user` (see the module doc); audited as `privacy.erase` with the counts only.
    Retention erases inactive accounts with `photos=False` (photos have their own period).
    Conflict when the person was erased already, or is the acting admin."""
    session.refresh(user, with_for_update=True)  # two admins at once: the second sees it done
    if is_erased(user):
        raise Conflict("already_erased", "This person was erased already.")
    if actor is not None and actor.id == user.id:
        raise Conflict("erase_self", "You cannot erase your own account.")
    email = user.email
    contacts, mails = _contacts_and_mail(session, email)
    hashes = photo_hashes(session, user.id) if photos else set()
    old = _pseudonymise(user)
    _own_rows(session, user.id, actor)
    session.flush()
    summary = {
        "photos": remove_photos(session, store, hashes),
        "generated_files": _generated(session, store, user.id),
        "customer_contacts": contacts,
        "mails": mails,
        "mail_files": _mail_files(old, email),
        "copies": scrub.scrub(session, old),
    }
    details: dict[str, object] = {"reason": reason, **summary}
    accounts.audit(session, actor, "privacy.erase", user, None, **details)
    session.flush()
    return summary
