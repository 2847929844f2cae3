"""The leaver rule, one function for every path that deactivates a person: the org sync
(server.services.tokens.org_sync), HR/admin deactivating by hand (users_admin.update,
`PATCH /api/v1/users/{id}` with `active: false`). The CSV/XLSX org import has no `active`
column and never deactivates anyone.

The account is deactivated (every session and its API tokens end); its *pending*
assignments as a rater in draft or open campaigns are withdrawn (status `declined`, so
completion no longer waits for them and the field app no longer offers them); what they
already submitted stays and counts; assignments where they are the subject are kept;
closed and released campaigns are never changed. Each deactivation is an audit event
`user_deactivated` with its `source` and the number of withdrawn assignments.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.models import Assignment, Campaign, User
from server.services.org import accounts


def deactivate_leaver(session: Session, user: User, actor: User | None, source: str) -> int:
    """Deactivate `user` and withdraw their pending rater tasks in draft/open campaigns;
    return how many assignments were withdrawn."""
    accounts.set_active(user, False)
    open_campaigns = select(Campaign.id).where(Campaign.status.in_(("draft", "open")))
    result = session.execute(
        update(Assignment)
        .where(
            Assignment.rater_id == user.id,
            Assignment.status == "pending",
            Assignment.campaign_id.in_(open_campaigns),
        )
        .values(status="declined")
        .execution_options(synchronize_session=False)
    )
    withdrawn = int(getattr(result, "rowcount", 0) or 0)
    accounts.audit(session, actor, "user_deactivated", user, source=source, withdrawn=withdrawn)
    return withdrawn
