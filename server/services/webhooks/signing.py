"""Signatures (as Stripe does): HMAC-SHA256 with the endpoint's secret over
`<timestamp>.<body>`, sent in `X-Webhook-Signature: v1=<hex>` with the Unix time in
`X-Webhook-Timestamp`. A receiver recomputes the HMAC over the raw body, compares in
constant time and refuses a timestamp more than `TOLERANCE` seconds from its clock.

During a secret rotation's grace window the header carries one `v1=` signature per valid
secret, the new one first (`v1=<new>,v1=<old>`): a receiver that accepts any matching `v1=`
value verifies with either secret, so it can switch whenever it likes within the window.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Sequence
from typing import Any

TIMESTAMP_HEADER = "X-Webhook-Timestamp"
SIGNATURE_HEADER = "X-Webhook-Signature"
EVENT_HEADER = "X-Webhook-Event"
ID_HEADER = "X-Webhook-Id"
#: How far (seconds) a receiver should accept a timestamp from its own clock.
TOLERANCE = 300


def body(key: str, kind: str, created_at: str, data: dict[str, Any]) -> bytes:
    """The delivered JSON: the same bytes on every attempt of an event."""
    document = {"id": key, "type": kind, "created_at": created_at, "data": data}
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def signature(secret: str, timestamp: int, raw: bytes) -> str:
    """The hex HMAC-SHA256 of `<timestamp>.<body>`."""
    message = str(timestamp).encode() + b"." + raw
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secrets: Sequence[str], timestamp: int, raw: bytes) -> str:
    """`v1=<hex>` per secret, in the given order (the current secret first), comma-joined."""
    return ",".join(f"v1={signature(s, timestamp, raw)}" for s in secrets)


def headers(
    secrets: str | Sequence[str], timestamp: int, raw: bytes, kind: str, key: str
) -> dict[str, str]:
    """The request headers; `secrets`: the current secret, then any still in its grace."""
    valid = [secrets] if isinstance(secrets, str) else list(secrets)
    return {
        "Content-Type": "application/json",
        "User-Agent": "service-eval-webhooks/1",
        EVENT_HEADER: kind,
        ID_HEADER: key,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature_header(valid, timestamp, raw),
    }


def verify(secret: str, raw: bytes, timestamp: str, header: str, now: float) -> bool:
    """What a receiver does: True when a `v1=` signature matches and the time is fresh."""
    try:
        stamp = int(timestamp)
    except ValueError:
        return False
    if abs(now - stamp) > TOLERANCE:
        return False
    expected = signature(secret, stamp, raw)
    parts = [part.strip() for part in header.split(",")]
    given = [part[3:] for part in parts if part.startswith("v1=")]
    return any(hmac.compare_digest(expected, g) for g in given)
