"""Retention (issue 17 §5).

`retention`, every hour (a periodic action: once per slot, its report, the count per data
kind, recorded in `periodic_run` and shown to admins by `GET /api/v1/admin/privacy/retention`):
deletes or pseudonymises what is past its period (server.services.privacy.retention; the
periods are `RETENTION_DAYS` over the defaults of server.services.privacy.policy).

The personal-data export job (issue 17 §4) is server/tasks/privacy.py.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy.orm import Session

from server import storage
from server.services.privacy import policy
from server.services.privacy import retention as sweeps
from server.tasks.periodic import every


@every(60)
def retention(session: Session, now: datetime) -> dict[str, int]:
    periods = policy.periods(current_app.config.get("RETENTION_DAYS"))
    report = sweeps.sweep(session, storage.for_app(), now, periods)
    session.commit()
    return report
