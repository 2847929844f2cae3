"""Recurring cycles: HR's campaign templates; the daily self-check's month grid (own, team)
and completion per unit (HR)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import current_app

from server.api.access import STAFF_ROLES, current, login_required, roles_required
from server.api.body import Blueprint
from server.extensions import db
from server.schemas.cycles import (
    CycleMonthArgs,
    SelfCheckCompletionSchema,
    SelfCheckGridSchema,
    TemplateCreateSchema,
    TemplateListSchema,
    TemplateSchema,
    TemplateUpdateSchema,
)
from server.services.cycles import grid, templates

blp = Blueprint(
    "cycles",
    __name__,
    url_prefix="/api/v1",
    description="Recurring campaign templates and the daily self-check grid",
)


def _dump(template: Any) -> dict[str, Any]:
    return templates.describe(db.session, template, datetime.now(UTC))


@blp.route("/cycle-templates", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.response(200, TemplateListSchema)
def list_templates() -> dict[str, Any]:
    """Campaign templates with the campaigns they made and their next period."""
    return {"templates": [_dump(t) for t in templates.list_templates(db.session)]}


@blp.route("/cycle-templates", methods=["POST"])
@roles_required(*STAFF_ROLES)
@blp.arguments(TemplateCreateSchema)
@blp.response(201, TemplateSchema)
def create_template(body: dict[str, Any]) -> dict[str, Any]:
    """Create an active template: name {en, zh-CN}, kind, forms {relationship: form key},
    recurrence (daily|weekly|monthly|quarterly|half_yearly), start_date, optional end_date,
    window_days, due_days_before_end, per_day, timezone, unit_id, settings.
    422 `invalid` with details.fields."""
    tz = current_app.config.get("DEFAULT_TIMEZONE") or "Asia/Shanghai"
    template = templates.create_template(db.session, current(), body, tz)
    db.session.commit()
    return _dump(template)


@blp.route("/cycle-templates/<id:template_id>", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.response(200, TemplateSchema)
def get_template(template_id: int) -> dict[str, Any]:
    """One template."""
    return _dump(templates.get_template(db.session, template_id))


@blp.route("/cycle-templates/<id:template_id>", methods=["PATCH"])
@roles_required(*STAFF_ROLES)
@blp.arguments(TemplateUpdateSchema)
@blp.response(200, TemplateSchema)
def update_template(body: dict[str, Any], template_id: int) -> dict[str, Any]:
    """Edit a template; campaigns already made keep their settings."""
    template = templates.get_template(db.session, template_id)
    templates.update_template(db.session, current(), template, body)
    db.session.commit()
    return _dump(template)


@blp.route("/cycle-templates/<id:template_id>/pause", methods=["POST"])
@roles_required(*STAFF_ROLES)
@blp.response(200, TemplateSchema)
def pause_template(template_id: int) -> dict[str, Any]:
    """Pause: no new campaigns until resumed (the open ones stay open)."""
    return _set_status(template_id, "paused")


@blp.route("/cycle-templates/<id:template_id>/resume", methods=["POST"])
@roles_required(*STAFF_ROLES)
@blp.response(200, TemplateSchema)
def resume_template(template_id: int) -> dict[str, Any]:
    """Resume: the current period's campaign is made on the scheduler's next run."""
    return _set_status(template_id, "active")


def _set_status(template_id: int, status: str) -> dict[str, Any]:
    template = templates.get_template(db.session, template_id)
    templates.set_status(db.session, current(), template, status)
    db.session.commit()
    return _dump(template)


def _today_and_month(args: dict[str, Any]) -> tuple[Any, Any]:
    tz = current_app.config.get("DEFAULT_TIMEZONE") or "Asia/Shanghai"
    today = grid.today_for(db.session, datetime.now(UTC), tz)
    return today, args.get("month") or today.replace(day=1)


@blp.route("/me/self-checks", methods=["GET"])
@login_required
@blp.arguments(CycleMonthArgs, location="query")
@blp.response(200, SelfCheckGridSchema)
def my_self_checks(args: dict[str, Any]) -> dict[str, Any]:
    """My daily self-check month grid (?month=YYYY-MM, default this month) and streaks."""
    today, month = _today_and_month(args)
    return grid.grid(db.session, [current()], month, today)


@blp.route("/me/team-self-checks", methods=["GET"])
@login_required
@blp.arguments(CycleMonthArgs, location="query")
@blp.response(200, SelfCheckGridSchema)
def team_self_checks(args: dict[str, Any]) -> dict[str, Any]:
    """My direct reports' month grid: check-ins of campaigns that let managers see them."""
    today, month = _today_and_month(args)
    return grid.grid(db.session, grid.team(db.session, current()), month, today, True)


@blp.route("/self-checks/completion", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.arguments(CycleMonthArgs, location="query")
@blp.response(200, SelfCheckCompletionSchema)
def completion(args: dict[str, Any]) -> dict[str, Any]:
    """Per unit: daily self-check completion rate and streaks for a month (HR)."""
    today, month = _today_and_month(args)
    return {"month": month, "today": today, "units": grid.completion(db.session, month, today)}
