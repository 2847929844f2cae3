"""Endpoints: create (the secret is returned once), list with the last delivery, change
(events, enabled: re-enabling clears the failure count) and the address rule.

Address rule: `https://` with a host name, no user or password, no fragment, at most
`URL_LIMIT` characters of printable ASCII (international names in punycode). `http://` is
accepted only for localhost, 127.0.0.1 and [::1], and only where the app allows it
(`WEBHOOK_ALLOW_LOCAL_HTTP`, on under TESTING and DEBUG): tests and development.
No address may reach a private network (services/webhooks/guard.py): `private_address`.

Secret rotation (`rotate`): a new secret is made and shown once; the one it replaces keeps
signing too (a second `v1=` value) for the grace window (`WEBHOOK_SECRET_GRACE_HOURS`,
24 by default), so the receiver can switch at any time within it; after it only the new
secret signs. Rotating again within a window ends the older window at once: at most two
secrets sign (the newest and the one it replaced).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.domain_errors import Invalid, NotFound
from server.models import User, WebhookDelivery, WebhookEndpoint
from server.models.base import utcnow
from server.services.webhooks import guard
from server.services.webhooks.kinds import EVENT_TYPES

URL_LIMIT = 2000
LOCAL_HOSTS = guard.LOCAL_HOSTS
SECRET_PREFIX = "whsec_"
_PRINTABLE = re.compile(r"^[\x21-\x7e]+$")


def url_problem(url: str, allow_local_http: bool) -> str | None:
    """Why `url` may not receive webhooks (a code), or None when it may."""
    if len(url) > URL_LIMIT or not _PRINTABLE.match(url):
        return "invalid_url"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        return "invalid_url"
    if not parts.hostname or parts.username is not None or parts.password is not None:
        return "invalid_url"
    if parts.fragment or "#" in url:
        return "invalid_url"
    local = parts.scheme == "http" and allow_local_http and parts.hostname in LOCAL_HOSTS
    if parts.scheme != "https" and not local:
        return "https_required"
    return guard.problem(parts.hostname, allow_local_http)


def local_http_allowed(config: Mapping[str, Any]) -> bool:
    """http:// to localhost is for tests and development only (WEBHOOK_ALLOW_LOCAL_HTTP)."""
    default = bool(config.get("TESTING") or config.get("DEBUG"))
    return bool(config.get("WEBHOOK_ALLOW_LOCAL_HTTP", default))


def check_url(url: str, allow_local_http: bool) -> None:
    problem = url_problem(url, allow_local_http)
    if problem is not None:
        raise Invalid(
            "invalid_webhook_url",
            "Use an https:// address (http:// only for localhost in development).",
            {"fields": {"url": problem}},
        )


def _check_events(events: list[str]) -> list[str]:
    wanted = list(dict.fromkeys(events))
    if not wanted or any(e not in EVENT_TYPES for e in wanted):
        raise Invalid(
            "invalid", "Choose at least one known event.", {"fields": {"events": "unknown"}}
        )
    return wanted


def create(
    session: Session, actor: User | None, data: dict[str, Any], allow_local_http: bool
) -> tuple[WebhookEndpoint, str]:
    """A new enabled endpoint and its secret (given or generated; shown this once)."""
    check_url(data["url"], allow_local_http)
    secret = data.get("secret") or SECRET_PREFIX + secrets.token_urlsafe(32)
    endpoint = WebhookEndpoint(
        url=data["url"],
        description=data.get("description", ""),
        events=_check_events(data["events"]),
        secret=secret,
        enabled=True,
        consecutive_failures=0,
        created_by=actor.id if actor else None,
    )
    session.add(endpoint)
    session.flush()
    return endpoint, secret


def get(session: Session, endpoint_id: int) -> WebhookEndpoint:
    endpoint = session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        raise NotFound("not_found", "No such webhook endpoint.")
    return endpoint


def update(
    session: Session, endpoint: WebhookEndpoint, data: dict[str, Any], allow_local_http: bool
) -> WebhookEndpoint:
    """Change the address, events, description or enabled switch."""
    if "url" in data:
        check_url(data["url"], allow_local_http)
        endpoint.url = data["url"]
    if "events" in data:
        endpoint.events = _check_events(data["events"])
    if "description" in data:
        endpoint.description = data["description"]
    if data.get("enabled") is True and not endpoint.enabled:
        endpoint.enabled, endpoint.consecutive_failures, endpoint.disabled_at = True, 0, None
    elif data.get("enabled") is False:
        endpoint.enabled = False
    session.flush()
    return endpoint


#: The grace window of a rotated secret when WEBHOOK_SECRET_GRACE_HOURS is not set.
GRACE_HOURS = 24


def grace(config: Mapping[str, Any]) -> timedelta:
    """The grace window of a rotated secret (WEBHOOK_SECRET_GRACE_HOURS, 0..720 hours)."""
    hours = config.get("WEBHOOK_SECRET_GRACE_HOURS", GRACE_HOURS)
    if isinstance(hours, bool) or not isinstance(hours, int | float) or not 0 <= hours <= 720:
        raise ValueError("WEBHOOK_SECRET_GRACE_HOURS: 0..720 hours")
    return timedelta(hours=hours)


def previous_secrets(endpoint: WebhookEndpoint, now: datetime) -> tuple[str, ...]:
    """The replaced secret while its grace window lasts (else nothing)."""
    until = endpoint.previous_secret_until
    if endpoint.previous_secret and until is not None and now < until:
        return (endpoint.previous_secret,)
    return ()


def rotate(session: Session, endpoint: WebhookEndpoint, now: datetime, window: timedelta) -> str:
    """A new secret for the endpoint (returned: shown this once); the replaced one signs
    too until `now + window` (no window: it stops at once)."""
    session.refresh(endpoint, with_for_update=True)  # two admins at once: one after the other
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    if window > timedelta(0):
        endpoint.previous_secret, endpoint.previous_secret_until = endpoint.secret, now + window
    else:
        endpoint.previous_secret = endpoint.previous_secret_until = None
    endpoint.secret = secret
    session.flush()
    return secret


def row(session: Session, endpoint: WebhookEndpoint) -> dict[str, Any]:
    """What the console lists (never the secret)."""
    last = session.scalars(
        select(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint.id)
        .order_by(WebhookDelivery.id.desc())
        .limit(1)
    ).first()
    counts = dict(
        session.execute(
            select(WebhookDelivery.status, func.count())
            .where(WebhookDelivery.endpoint_id == endpoint.id)
            .group_by(WebhookDelivery.status)
        ).all()
    )
    return {
        "id": endpoint.id,
        "url": endpoint.url,
        "description": endpoint.description,
        "events": list(endpoint.events or []),
        "enabled": endpoint.enabled,
        "consecutive_failures": endpoint.consecutive_failures,
        "disabled_at": endpoint.disabled_at,
        "created_at": endpoint.created_at,
        "previous_secret_until": _grace_end(endpoint),
        "last_status": last.status if last else None,
        "last_status_code": last.last_status_code if last else None,
        "deliveries": {k: int(counts.get(k, 0)) for k in ("pending", "delivered", "failed")},
    }


def _grace_end(endpoint: WebhookEndpoint) -> datetime | None:
    """When the replaced secret stops signing, while it still does."""
    return endpoint.previous_secret_until if previous_secrets(endpoint, utcnow()) else None


def listing(session: Session) -> list[dict[str, Any]]:
    found = session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id))
    return [row(session, e) for e in found]
