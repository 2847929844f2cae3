"""The review-timer settings of a mystery-shop campaign (issue 14 §4).

A campaign's `review_timers` (JSON, may be None or partial) over the Config defaults
(`VISIT_*`, passed in by the caller: services never read the app's config):

- `review_hours` (72): a report waiting this long for review is decided by the timer;
- `review_timeout` ("accept"): `accept` (auto-accepted), `escalate` (HR notified, the visit
  flagged, no decision) or `off`;
- `review_reminder_hours` (12): HR users are reminded this long before (0: no reminder);
- `resubmit_hours` (24): a report returned to the shopper and not resubmitted this long
  after the return closes the visit as rejected;
- `resubmit_timeout` ("reject"): `reject` or `off`;
- `resubmit_reminder_hours` (6): the shopper is reminded this long before (0: none).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from server.domain_errors import Term

#: Setting -> the Config attribute of its default.
CONFIG_KEYS = {
    "review_hours": "VISIT_REVIEW_HOURS",
    "review_timeout": "VISIT_REVIEW_TIMEOUT",
    "review_reminder_hours": "VISIT_REVIEW_REMINDER_HOURS",
    "resubmit_hours": "VISIT_RESUBMIT_HOURS",
    "resubmit_timeout": "VISIT_RESUBMIT_TIMEOUT",
    "resubmit_reminder_hours": "VISIT_RESUBMIT_REMINDER_HOURS",
}
CHOICES = {"review_timeout": ("accept", "escalate", "off"), "resubmit_timeout": ("reject", "off")}
BUILT_IN: dict[str, Any] = {
    "review_hours": 72.0,
    "review_timeout": "accept",
    "review_reminder_hours": 12.0,
    "resubmit_hours": 24.0,
    "resubmit_timeout": "reject",
    "resubmit_reminder_hours": 6.0,
}
#: Longest limit accepted (a year), so a typo cannot park a timer forever unnoticed.
MAX_HOURS = 24 * 366


def defaults_from(config: Mapping[str, Any]) -> dict[str, Any]:
    """The defaults of every setting from an app config (Config's VISIT_* values)."""
    return {key: config.get(name, BUILT_IN[key]) for key, name in CONFIG_KEYS.items()}


def effective(campaign_settings: Mapping[str, Any] | None, defaults: Mapping[str, Any]) -> dict:
    """The settings a campaign's timers run with: its own values over the defaults."""
    merged = {**BUILT_IN, **defaults}
    merged.update({k: v for k, v in (campaign_settings or {}).items() if k in CONFIG_KEYS})
    return merged


def problem(settings: Mapping[str, Any] | None) -> Term | None:
    """Why a campaign's `review_timers` value is invalid, or None when it is valid."""
    if settings is None:
        return None
    if not isinstance(settings, Mapping) or any(k not in CONFIG_KEYS for k in settings):
        return Term("Keys among {keys}.", keys=", ".join(CONFIG_KEYS))
    for key, value in settings.items():
        if key in CHOICES:
            if value not in CHOICES[key]:
                return Term("{key}: one of {choices}.", key=key, choices=", ".join(CHOICES[key]))
        elif isinstance(value, bool) or not isinstance(value, int | float):
            return Term("{key}: a number of hours.", key=key)
        elif not _in_range(key, float(value)):
            return Term("{key}: hours > 0 (reminders >= 0), at most {max}.", key=key, max=MAX_HOURS)
    return None


def _in_range(key: str, value: float) -> bool:
    low_ok = value >= 0 if key.endswith("reminder_hours") else value > 0
    return low_ok and value <= MAX_HOURS
