"""How often one device may answer one customer link (the link's `repeat_policy`).

The customer page keeps a random device token (localStorage) and sends it with each
response; the server stores only its SHA-256, one row per link, device and period:
the calendar day in the configured time zone under `daily`, "ever" under `once`, none
under `unlimited`. The unique constraint on (link, device, period) holds under concurrent
requests. A response without a token cannot be matched to a device and is accepted (the
page always sends one; clearing the browser's storage is a customer's right).
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain_errors import Conflict
from server.models import CustomerDeviceResponse, CustomerLink

POLICIES = ("unlimited", "daily", "once")
DEFAULT_POLICY = "daily"
DEFAULT_ZONE = "Asia/Shanghai"


def device_hash(token: str) -> str:
    """The stored form of a device token (the token itself is never stored)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def period(policy: str, now: datetime, zone: str = DEFAULT_ZONE) -> str | None:
    """The period a response at `now` falls in under `policy` (None: no limit)."""
    if policy == "once":
        return "ever"
    if policy == "daily":
        return now.astimezone(ZoneInfo(zone)).date().isoformat()
    return None


def _refuse(policy: str) -> Conflict:
    if policy == "once":
        return Conflict(
            "already_responded",
            "Thank you, your answer from this device is already recorded.",
            {"policy": policy},
        )
    return Conflict(
        "already_responded",
        "Thank you, you already answered today. You are welcome to answer again tomorrow.",
        {"policy": policy},
    )


def _claimed(session: Session, link: CustomerLink, device: str, key: str) -> bool:
    found = session.scalar(
        select(CustomerDeviceResponse.id).where(
            CustomerDeviceResponse.link_id == link.id,
            CustomerDeviceResponse.device_hash == device_hash(device),
            CustomerDeviceResponse.period == key,
        )
    )
    return found is not None


def check(
    session: Session, link: CustomerLink, device: str | None, now: datetime, zone: str
) -> None:
    """Refuse (409 already_responded) when this device already answered in this period."""
    key = period(link.repeat_policy, now, zone)
    if device is not None and key is not None and _claimed(session, link, device, key):
        raise _refuse(link.repeat_policy)


def claim(
    session: Session,
    link: CustomerLink,
    device: str | None,
    submission_id: str,
    now: datetime,
    zone: str,
) -> None:
    """Record the device's response for this period (after `check`); flushed at once."""
    key = period(link.repeat_policy, now, zone)
    if device is None or key is None:
        return
    session.add(
        CustomerDeviceResponse(
            link_id=link.id,
            device_hash=device_hash(device),
            period=key,
            submission_id=submission_id,
            created_at=now,
        )
    )
    session.flush()
