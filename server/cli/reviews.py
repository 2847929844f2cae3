"""`flask reviews build`: every review PDF of a campaign, rendered in parallel into a folder;
`flask reviews queue`: queue the stored PDFs of released campaigns (server/tasks/reviews.py).

Progress: a bar on a terminal, else a line every few seconds (server/cli/progress.py).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import click
from flask import current_app

from server import storage
from server.cli.errors import say
from server.cli.progress import progress
from server.extensions import db
from server.services.reviews import batch, reports, stored
from server.tasks import reviews as review_tasks


@click.group("reviews", help="Review PDFs.")
def cli() -> None:
    pass


#: The clock of the progress lines (a test replaces it to control time).
clock: Callable[[], float] = time.monotonic

#: Campaign ids: the database's integer range (PostgreSQL integer), so an id out of range is
#: a usage error instead of an overflow inside the database driver.
CAMPAIGN_ID = click.IntRange(1, 2**31 - 1)


@cli.command("build")
@click.option("--campaign", "campaign_id", type=CAMPAIGN_ID, required=True, help="Campaign id.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Directory for the PDFs (created if missing).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Worker processes (default: one per core).",
)
def build(campaign_id: int, out_dir: Path, workers: int | None) -> None:
    """Render every review of the campaign into OUT; exit 1 if any review failed."""
    reports.get_campaign(db.session, campaign_id)
    ids = reports.subject_ids(db.session, campaign_id)
    config = batch.WorkerConfig(
        db.engine.url.render_as_string(hide_password=False),
        storage.settings_of(current_app.config),
    )
    db.session.rollback()  # no transaction held open while the workers read
    out_dir.mkdir(parents=True, exist_ok=True)
    failures: list[batch.Result] = []
    with progress(len(ids), "Rendering reviews", clock=clock) as bar:
        for result in batch.build_reviews(campaign_id, ids, config, workers or os.cpu_count() or 1):
            if result.pdf is not None and result.filename:
                (out_dir / result.filename).write_bytes(result.pdf)
            else:
                failures.append(result)
            bar.update(1)
    written = len(ids) - len(failures)
    say(
        "{written} of {total} reviews written to {path}",
        written=written,
        total=len(ids),
        path=out_dir,
    )
    for failure in failures:
        say(
            "FAILED employee {employee}: {error}",
            err=True,
            employee=failure.employee_id,
            error=failure.error,
        )
    if failures:
        raise SystemExit(1)


@cli.command("queue")
@click.option(
    "--campaign",
    "campaign_id",
    type=CAMPAIGN_ID,
    default=None,
    help="Only this campaign (default: every released campaign).",
)
def queue(campaign_id: int | None) -> None:
    """Queue the stored review PDFs of released campaigns (after a template change: only
    reviews whose content hash changed are rendered again; `flask worker` renders them)."""
    released = stored.released_campaign_ids(db.session, campaign_id)
    db.session.rollback()
    for released_id in released:
        review_tasks.queue_campaign(released_id)
    say("Queued the review PDFs of {count} released campaign(s).", count=len(released))
