"""`flask scores recompute`: re-score stored submissions after a scoring rule change (and
queue the released reviews' PDFs again: server/tasks/reviews.py)."""

from __future__ import annotations

import click

from server.cli.errors import say
from server.cli.reviews import CAMPAIGN_ID
from server.extensions import db
from server.services.reviews import stored
from server.services.scoring import scoring
from server.tasks import reviews as review_tasks


@click.group("scores", help="Submission scores.")
def cli() -> None:
    pass


@cli.command("recompute")
@click.option(
    "--campaign",
    "campaign_id",
    type=CAMPAIGN_ID,
    default=None,
    help="Only this campaign (default: every submission).",
)
def recompute(campaign_id: int | None) -> None:
    """Recompute every submission's scores and per-item rows in one transaction, then queue
    the review PDFs of the released campaigns again (a review whose data did not change
    keeps its content hash and is not rendered twice)."""
    count = scoring.recompute(db.session, campaign_id)
    db.session.commit()
    say("Recomputed {count} submission(s).", count=count)
    released = stored.released_campaign_ids(db.session, campaign_id)
    db.session.rollback()
    for released_id in released:
        review_tasks.queue_campaign(released_id)
    if released:
        say("Queued the review PDFs of {count} released campaign(s).", count=len(released))
