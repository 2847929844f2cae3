"""Closed-loop escalation (issue 14 §2): every 15 minutes, escalate the missed stages of open
action items through ACTION_ESCALATION_LEVELS and send the owners' "assigned" notices whose
clock has started (server.services.actions.escalation). Once per slot (periodic.every); each
level once per item and stage (unique rows), however often it runs."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy.orm import Session

from server.services.actions import escalation
from server.tasks.periodic import every


def levels_setting() -> list[dict[str, Any]]:
    """The configured levels (a JSON string when set from the environment)."""
    value = current_app.config.get("ACTION_ESCALATION_LEVELS", escalation.DEFAULT_LEVELS)
    return escalation.check_levels(json.loads(value) if isinstance(value, str) else value)


@every(15)
def escalate_action_items(session: Session, now: datetime) -> dict[str, int]:
    """Escalate overdue closed-loop stages; announce newly started items to their owners."""
    return escalation.escalate(session, now, levels_setting())
