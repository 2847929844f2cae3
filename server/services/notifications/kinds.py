"""The kinds of notification and how each may be e-mailed.

- `event`: e-mailed as it happens (held during quiet hours); no switch.
- `reminder`: at most one reminder e-mail per person per day (a digest of the day's due
  items), outside quiet hours, never when the person switched reminder e-mails off, and not
  at all once the task is done.
- `escalation`: always e-mailed (no switch), held during quiet hours.
"""

from __future__ import annotations

from typing import Literal

MailClass = Literal["event", "reminder", "escalation"]

KINDS: dict[str, MailClass] = {
    "assignment_opened": "event",
    "visit_opened": "event",
    "reminder": "reminder",
    "review_released": "event",
    "action_assigned": "event",
    "action_overdue": "escalation",
    "action_escalated": "escalation",
    "visit_approved": "event",
    "visit_returned": "event",
    "visit_auto_accepted": "event",
    "visit_auto_rejected": "event",
    "review_timer": "reminder",
    "visit_review_escalated": "escalation",
    "webhook_disabled": "escalation",
    "job_cancelled": "event",
    "visit_payable": "event",
    "visit_paid": "event",
}
