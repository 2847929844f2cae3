"""`flask scores recompute`: re-score stored submissions after a scoring rule change."""

from __future__ import annotations

import click

from server.cli.errors import say
from server.cli.reviews import CAMPAIGN_ID
from server.extensions import db
from server.services.scoring import scoring


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
    """Recompute every submission's scores and per-item rows in one transaction."""
    count = scoring.recompute(db.session, campaign_id)
    db.session.commit()
    say("Recomputed {count} submission(s).", count=count)
