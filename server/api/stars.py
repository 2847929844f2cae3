"""Service stars and the league table (issue 14 §5).

Access: an employee reads their own stars (`/me/stars`), a manager their direct reports'
(`/me/team-stars`: empty for someone without reports), HR and admins every star with score
and observations, the league table and the payroll export. Shoppers have none (403).
"""

from __future__ import annotations

import io
from typing import Any

from flask import Response, send_file

from server.api.access import STAFF_ROLES, current, roles_required
from server.api.body import Blueprint
from server.extensions import db
from server.schemas.stars import (
    LeagueQuerySchema,
    LeagueSchema,
    OwnStarListSchema,
    StaffStarListSchema,
    StarExportQuerySchema,
    StarQuerySchema,
    TeamStarListSchema,
)
from server.services.exports import stars as star_export
from server.services.stars import read

blp = Blueprint(
    "stars", __name__, url_prefix="/api/v1", description="Service stars and the league of units"
)

PEOPLE = ("employee", *STAFF_ROLES)


@blp.route("/me/stars", methods=["GET"])
@roles_required(*PEOPLE)
@blp.response(200, OwnStarListSchema)
def my_stars() -> dict[str, Any]:
    """The current user's service stars, newest period first."""
    return {"stars": read.own_stars(db.session, current())}


@blp.route("/me/team-stars", methods=["GET"])
@roles_required(*PEOPLE)
@blp.response(200, TeamStarListSchema)
def team_stars() -> dict[str, Any]:
    """Service stars of the current user's direct reports, newest period first."""
    return {"stars": read.team_stars(db.session, current())}


@blp.route("/stars", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.arguments(StarQuerySchema, location="query")
@blp.response(200, StaffStarListSchema)
def all_stars(query: dict[str, Any]) -> dict[str, Any]:
    """Every service star (filters: period, unit_id), with score and observations."""
    return {
        "periods": read.computed_periods(db.session),
        "stars": read.all_stars(db.session, query.get("period"), query.get("unit_id")),
    }


@blp.route("/league", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.arguments(LeagueQuerySchema, location="query")
@blp.response(200, LeagueSchema)
def league(query: dict[str, Any]) -> dict[str, Any]:
    """Units of a period (default: the newest computed) ranked by kind, with trends."""
    known = read.computed_periods(db.session)
    period = query.get("period") or (known[0] if known else None)
    units = read.league(db.session, period, query.get("kind")) if period else []
    return {
        "period": period,
        "periods": known,
        "units": units,
    }


def _file(fmt: str, query: dict[str, Any]) -> Response:
    body, filename, mime = star_export.export(
        db.session, fmt, query.get("first"), query.get("last")
    )
    resp = send_file(io.BytesIO(body), mimetype=mime, as_attachment=True, download_name=filename)
    resp.headers["Content-Type"] = mime
    resp.headers["Cache-Control"] = "no-store"
    return resp


BINARY = {"type": "string", "format": "binary"}


@blp.route("/stars/export.csv", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.arguments(StarExportQuerySchema, location="query")
@blp.response(200, BINARY, content_type="text/csv", description="UTF-8 with BOM")
def export_csv(query: dict[str, Any]) -> Response:
    """Payroll: one row per employee, a 1/0 star column per computed period from `from` to
    `to` (period keys, both optional and inclusive; CSV)."""
    return _file("csv", query)


@blp.route("/stars/export.xlsx", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.arguments(StarExportQuerySchema, location="query")
@blp.response(200, BINARY, content_type=star_export.XLSX)
def export_xlsx(query: dict[str, Any]) -> Response:
    """Payroll: one row per employee, a 1/0 star column per computed period from `from` to
    `to` (period keys, both optional and inclusive; XLSX)."""
    return _file("xlsx", query)
