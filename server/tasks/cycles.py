"""Recurring cycles, every 5 minutes (a periodic action: once per slot, recorded in
`periodic_run`): create each template's campaign of the current period with its
assignments, links and notifications (exactly once: server.services.cycles.materialise),
add new hires to per-day campaigns, close campaigns whose window ended."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from server.services.cycles import runner
from server.tasks.periodic import every


@every(5)
def recurring_cycles(session: Session, now: datetime) -> dict[str, int]:
    """Run the cycles for `now` and commit what they made."""
    summary = runner.run(session, now)
    session.commit()
    return summary
