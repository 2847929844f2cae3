"""`flask ops status`: the operations view in a terminal (server/tasks/status.py)."""

from __future__ import annotations

import json
from typing import Any

import click

from server.cli.errors import say
from server.database import read_transaction
from server.extensions import db
from server.tasks import status


@click.group("ops", help="Operations: queue, consumers, jobs, periodic tasks.")
def cli() -> None:
    pass


def _when(value: Any) -> str:
    return value.isoformat(timespec="seconds") if value else "-"


def _print(report: dict[str, Any]) -> None:
    queue = report["queue"]
    if queue["reachable"]:
        say(
            "Queue ({backend}): {pending} waiting, {scheduled} scheduled.",
            backend=queue["backend"],
            pending=queue["pending"],
            scheduled=queue["scheduled"],
        )
    else:
        say("Queue ({backend}): unreachable.", backend=queue["backend"])
    say("Consumer workers seen in the last minute: {count}.", count=len(report["workers"]))
    for worker in report["workers"]:
        click.echo(f"  {worker['name']}  seen {_when(worker['seen_at'])}")
    say("Jobs queued, running or failed: {count}.", count=len(report["jobs"]))
    for job in report["jobs"]:
        click.echo(
            f"  {job['id']}  {job['kind']}  {job['status']}  {job['done']}/{job['total']}"
            f"  {job['error'] or ''}"
        )
    say("Periodic tasks (last run):")
    for run in report["periodic"]:
        outcome = json.dumps(run["outcome"], ensure_ascii=False, sort_keys=True)
        click.echo(f"  {run['task']}  {run['slot']}  {_when(run['finished_at'])}  {outcome}")


@cli.command("status")
@click.option("--json", "as_json", is_flag=True, help="One JSON document (for monitoring).")
def status_command(as_json: bool) -> None:
    """Queue depth, consumers seen in the last minute, jobs, last periodic runs."""
    with read_transaction(db.session):
        report = status.collect(db.session)
    if as_json:
        click.echo(json.dumps(report, default=_when, ensure_ascii=False, sort_keys=True))
    else:
        _print(report)
