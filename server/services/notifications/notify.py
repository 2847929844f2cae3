"""Record a notification once per event key."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.models.notification import Notification
from server.services.notifications.kinds import KINDS


def notify(
    session: Session,
    user_id: int,
    kind: str,
    *,
    key: str,
    params: dict[str, Any] | None = None,
    link: str = "",
    campaign_id: int | None = None,
    email: bool = True,
) -> Notification | None:
    """Record that `user_id` should know of event `key`; None when it was already recorded.

    Writes in the caller's transaction (the caller commits), inside a savepoint, so two
    processes recording the same event leave one row. `params` must be JSON values and must
    never name who rated whom (the anonymity rules: SPEC §5).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    if session.scalar(select(Notification.id).where(Notification.key == key)) is not None:
        return None
    note = Notification(
        key=key,
        user_id=user_id,
        kind=kind,
        params=dict(params or {}),
        link=link,
        campaign_id=campaign_id,
        email="pending" if email else "none",
    )
    try:
        with session.begin_nested():
            session.add(note)
            session.flush()
    except IntegrityError:
        return None
    return note
