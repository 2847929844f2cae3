"""Retention periods per data kind (issue 17 §5): the defaults, and the settings check.

`RETENTION_DAYS` in the configuration maps a kind to a number of days, or None to keep
that kind for ever; kinds left out keep their default. The defaults:

- generated files (review PDFs and review ZIPs) go after 30 days: they are regenerated from
  the data on the next download;
- export files (campaign exports, personal-data exports) after 7 days: they are copies;
- notifications after 180 days; customer contacts (given for a follow-up call) after 180;
- audit events after 730 days (two years: long enough for any review of who read what);
- inactive (deactivated) accounts are pseudonymised 730 days after their last change;
- webhook deliveries that ended (delivered, or failed with every attempt used) go 90 days
  after their last attempt, with their attempts and the events no delivery needs any more;
  a pending or in-flight delivery is never deleted;
- raw submissions and photos are kept (None): every review is computed from them. When an
  operator sets a period, a raw submission past it loses its network and position data
  (IP, GPS), never its answers or scores; a photo past it is deleted (the review then
  shows the visit without it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

KINDS = (
    "raw_submissions",
    "photos",
    "generated_files",
    "export_files",
    "audit_events",
    "inactive_accounts",
    "notifications",
    "customer_contacts",
    "webhook_deliveries",
)

DEFAULTS: dict[str, int | None] = {
    "raw_submissions": None,
    "photos": None,
    "generated_files": 30,
    "export_files": 7,
    "audit_events": 730,
    "inactive_accounts": 730,
    "notifications": 180,
    "customer_contacts": 180,
    "webhook_deliveries": 90,
}

#: The longest period a setting may name (100 years).
MAX_DAYS = 36_500


def periods(configured: Mapping[str, Any] | None) -> dict[str, int | None]:
    """The period of every kind: the defaults overridden by `configured` (ValueError for an
    unknown kind or a period that is not None or a whole number of days in 1..MAX_DAYS)."""
    out = dict(DEFAULTS)
    for kind, days in (configured or {}).items():
        if kind not in DEFAULTS:
            raise ValueError(f"RETENTION_DAYS: unknown kind {kind!r}")
        if days is not None and (
            isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS
        ):
            raise ValueError(f"RETENTION_DAYS[{kind!r}]: None or 1..{MAX_DAYS} days")
        out[kind] = days
    return out
