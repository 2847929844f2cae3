"""HR/admin: a campaign's dashboard (units ranked, score distribution, competency heat map,
completion, trend over cycles), with the anonymity rules of server.services.dashboard."""

from __future__ import annotations

from typing import Any

from server.api.access import STAFF_ROLES, roles_required
from server.api.body import Blueprint
from server.extensions import db
from server.schemas.dashboard import DashboardSchema
from server.services.dashboard import dashboard

blp = Blueprint(
    "dashboard", __name__, url_prefix="/api/v1", description="The HR dashboard (hr, admin)"
)


@blp.route("/campaigns/<id:campaign_id>/dashboard", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.response(200, DashboardSchema)
def campaign_dashboard(campaign_id: int) -> dict[str, Any]:
    """The dashboard of one campaign; a unit below its threshold shows no figure."""
    return dashboard.build_dashboard(db.session, campaign_id)
