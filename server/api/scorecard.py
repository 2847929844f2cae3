"""The weighted indicator scorecard per period (issue 18): HR's table of units or
employees, an employee's own row, a manager's team.

Access: HR/admin any row; an employee their own; a manager their direct reports' (one row
per person; the figures are computed from data the anonymity rules allow, so a manager
learns nothing a hidden group said). Definitions come from `forms/indicators.yaml` beside
the forms (FORMS_DIR); periods are calendar periods in DEFAULT_TIMEZONE.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flask import Response, current_app, send_file
from sqlalchemy import select

from server.api.access import STAFF_ROLES, current, login_required, roles_required
from server.api.body import Blueprint
from server.errors import ApiError
from server.extensions import db
from server.models import User
from server.models.base import utcnow
from server.schemas.scorecard import (
    MyScorecardArgs,
    ScorecardArgs,
    ScorecardExportArgs,
    ScorecardSchema,
)
from server.services.exports import scorecard as exports
from server.services.scorecard import Definitions, load_definitions, views
from server.services.scorecard.gather import By

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BINARY = {"type": "string", "format": "binary"}

blp = Blueprint(
    "scorecard",
    __name__,
    url_prefix="/api/v1",
    description="The weighted service-indicator scorecard per period",
)


@lru_cache(maxsize=4)
def _definitions(path: str, mtime: float) -> Definitions:
    return load_definitions(path)


def definitions() -> Definitions:
    forms_dir = current_app.config.get("FORMS_DIR") or Path(current_app.root_path).parent / "forms"
    path = Path(forms_dir) / "indicators.yaml"
    try:
        mtime = path.stat().st_mtime
    except OSError:
        raise ApiError(
            404, "not_found", "No scorecard is defined (forms/indicators.yaml)."
        ) from None
    return _definitions(str(path), mtime)


def _tz() -> str:
    return str(current_app.config.get("DEFAULT_TIMEZONE") or "Asia/Shanghai")


def _table(args: dict[str, Any], by: By, keys: list[int] | None = None) -> dict[str, Any]:
    now: datetime = utcnow()
    day: date = args.get("date") or now.astimezone(ZoneInfo(_tz())).date()
    return views.table(
        db.session, definitions(), args["period"], day, by=by, tz=_tz(), now=now, keys=keys
    )


@blp.route("/scorecard", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.arguments(ScorecardArgs, location="query")
@blp.response(200, ScorecardSchema)
def scorecard_table(args: dict[str, Any]) -> dict[str, Any]:
    """Every unit's (or employee's) scorecard in the period, best first, with the
    distribution of scores."""
    return _table(args, "unit" if args["by"] == "unit" else "subject")


def _export(args: dict[str, Any], fmt: str) -> Response:
    data = _table(args, "unit" if args["by"] == "unit" else "subject")
    body = exports.export(data, args["layout"], fmt)
    name = f"scorecard-{data['period']['label']}-{args['by']}-{args['layout']}.{fmt}"
    mimetype = XLSX if fmt == "xlsx" else "text/csv"
    resp = send_file(io.BytesIO(body), mimetype=mimetype, as_attachment=True, download_name=name)
    resp.headers["Content-Type"] = mimetype  # exactly this (Werkzeug adds a charset to text/*)
    resp.headers["Cache-Control"] = "private, no-store"  # personal figures
    return resp


@blp.route("/scorecard/export.csv", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.arguments(ScorecardExportArgs, location="query")
@blp.response(200, BINARY, content_type="text/csv", description="UTF-8 with BOM")
def scorecard_export_csv(args: dict[str, Any]) -> Response:
    """The table as CSV for payroll (`layout` long|wide)."""
    return _export(args, "csv")


@blp.route("/scorecard/export.xlsx", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.arguments(ScorecardExportArgs, location="query")
@blp.response(200, BINARY, content_type=XLSX)
def scorecard_export_xlsx(args: dict[str, Any]) -> Response:
    """The table as an XLSX workbook for payroll (`layout` long|wide)."""
    return _export(args, "xlsx")


@blp.route("/me/scorecard", methods=["GET"])
@login_required
@blp.arguments(MyScorecardArgs, location="query")
@blp.response(200, ScorecardSchema)
def my_scorecard(args: dict[str, Any]) -> dict[str, Any]:
    """The current user's own scorecard in the period (no row: no data yet)."""
    return _table(args, "subject", keys=[current().id])


@blp.route("/me/team-scorecard", methods=["GET"])
@login_required
@blp.arguments(MyScorecardArgs, location="query")
@blp.response(200, ScorecardSchema)
def team_scorecard(args: dict[str, Any]) -> dict[str, Any]:
    """The scorecards of the current user's direct reports in the period, one row each."""
    team = db.session.scalars(
        select(User.id).where(User.manager_id == current().id, User.active.is_(True))
    ).all()
    return _table(args, "subject", keys=list(team))
