"""Review timers of mystery-shop visits, every 15 minutes (a periodic action: once per slot,
recorded in `periodic_run`): reminders before a timer fires, auto-accept or escalation of
reports waiting too long for review, and closing returned visits not resubmitted in time
(server.services.visits.timers; settings per campaign over the VISIT_* Config defaults),
then the payable notices of visits decided in the last day (server.services.pay.notices)."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy.orm import Session

from server.services.campaigns.review_timers import defaults_from
from server.services.pay import notices as pay_notices
from server.services.visits import timers
from server.tasks.periodic import every


@every(15)
def visit_timers(session: Session, now: datetime) -> dict[str, int]:
    done = timers.run_timers(session, now, defaults_from(current_app.config))
    # Shopper pay (issue 16): tell shoppers of visits the timers (or anyone) made payable.
    told = pay_notices.sweep(session, now - timedelta(days=1))
    if told:
        done["pay_payable"] = told
    return done
