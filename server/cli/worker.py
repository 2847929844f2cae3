"""`flask worker`: run a task-queue consumer (server/tasks) for this app's QUEUE_URL."""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import with_appcontext

from server import tasks


@click.command("worker")
@click.option("--workers", "-w", default=2, show_default=True, help="Tasks run at once.")
@click.option(
    "--worker-type",
    type=click.Choice(["process", "thread"]),
    default="process",
    show_default=True,
    help="process: PDF layout is CPU-bound Python, one core per worker.",
)
@click.option(
    "--periodic/--no-periodic",
    default=True,
    show_default=True,
    help="Run the schedule here (periodic tasks record what they did, so two schedulers "
    "never act twice; one is enough).",
)
@with_appcontext
def cli(workers: int, worker_type: str, periodic: bool) -> None:
    """Run a consumer of the task queue until Ctrl-C (SIGINT) or SIGTERM."""
    tasks.init_app(current_app._get_current_object())  # type: ignore[attr-defined]
    logging.getLogger("huey").setLevel(logging.INFO)
    consumer = tasks.huey.create_consumer(
        workers=workers, worker_type=worker_type, periodic=periodic, check_worker_health=True
    )
    consumer.run()
