"""HR system: the org sync, the org import as JSON (issue 17 §3)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from server.api.access import STAFF_ROLES, current, roles_required
from server.api.body import Blueprint
from server.extensions import db
from server.schemas.tokens import OrgSyncResultSchema, OrgSyncSchema
from server.services.tokens import org_sync

blp = Blueprint(
    "org_sync",
    __name__,
    url_prefix="/api/v1/org",
    description="Org sync from the HR system (hr, admin; API token scope org:write)",
)


@blp.route("/sync", methods=["POST"])
@roles_required(*STAFF_ROLES)
@blp.arguments(OrgSyncSchema)
@blp.response(200, OrgSyncResultSchema)
def sync_org(body: dict[str, Any]) -> dict[str, Any]:
    """Push the org chart as JSON {mode: full|partial, dry_run, people: [{employee_number,
    name, email, unit_path, unit_path_zh, manager_employee_number, job_title, locale,
    active}]}: the rules of the file import, all-or-nothing: 422 `import_invalid` with
    details.rows [{index, reason, column, message}] (index: position in `people`; reasons
    of the import plus manager_leaving). Leavers (`active: false`, or in a full sync every
    active employee absent from `people`) are deactivated, never deleted: their pending
    rater tasks in draft/open campaigns are withdrawn (declined), tasks where they are
    the subject are kept. dry_run validates and reports without saving."""
    result = org_sync.sync_org(db.session, body["people"], body["mode"] == "full", current())
    if body["dry_run"]:
        db.session.rollback()
    else:
        db.session.commit()
    return {**asdict(result), "dry_run": body["dry_run"]}
