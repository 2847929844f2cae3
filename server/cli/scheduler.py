"""`flask scheduler tick --at TIME`: run the periodic actions as if the clock read TIME.

The consumer's scheduler runs them on time by itself; this command lets the demo and an
operator see what the next reminders, escalations, timers and recurring campaigns would do
without waiting (each action still runs once per time slot)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import click

from server.cli.errors import say
from server.extensions import db
from server.models.base import utcnow
from server.tasks import periodic


@click.group("scheduler", help="The periodic actions (reminders, escalation, timers, cycles).")
def cli() -> None:
    pass


def _moment(value: str | None) -> datetime:
    if not value:
        return utcnow()
    at = datetime.fromisoformat(value)
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


@cli.command("tick")
@click.option("--at", "at", default=None, help="ISO time (UTC unless an offset is given).")
@click.option("--only", multiple=True, help="Run only this action (repeatable).")
def tick(at: str | None, only: tuple[str, ...]) -> None:
    """Run every periodic action for the time slot of --at (default: now)."""
    try:
        moment = _moment(at)
    except ValueError:
        raise click.BadParameter("--at must be an ISO date and time") from None
    done = periodic.tick(db.session, moment, list(only) or None)
    for name, outcome in done.items():
        if outcome is None:
            say("{name}: this time slot already ran.", name=name)
        else:
            click.echo(f"{name}: {json.dumps(outcome, ensure_ascii=False, sort_keys=True)}")
