"""Notifications: the in-app inbox and the e-mails derived from it (issue 14).

Every part of the product that wants a person to know something calls
`notify(session, user_id, kind, key=..., params=..., link=...)` in its own transaction.
The key makes it idempotent. A periodic task sends the e-mails that are due.

Public surface: `notify`, `KINDS`.
"""

from server.services.notifications.kinds import KINDS
from server.services.notifications.notify import notify

__all__ = ["KINDS", "notify"]
