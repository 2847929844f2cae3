"""`flask exports answers|summary`: raw data exports of a campaign as CSV or XLSX."""

from __future__ import annotations

from pathlib import Path

import click

from server.cli.errors import say
from server.cli.reviews import CAMPAIGN_ID
from server.extensions import db
from server.services.exports import exports


@click.group("exports", help="Export campaign data (CSV or XLSX).")
def cli() -> None:
    pass


def _export(kind: str, campaign_id: int, fmt: str, out: Path) -> None:
    body, _name, _mime = exports.export(db.session, campaign_id, kind, fmt)
    db.session.commit()  # keeps newly drawn rater codes stable for the next export
    out.write_bytes(body)
    say(
        "{kind} of campaign {campaign} written to {path}", kind=kind, campaign=campaign_id, path=out
    )


def _options(func):  # type: ignore[no-untyped-def]
    func = click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)(
        func
    )
    func = click.option(
        "--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True
    )(func)
    return click.option("--campaign", "campaign_id", type=CAMPAIGN_ID, required=True)(func)


@cli.command("answers")
@_options
def answers(campaign_id: int, fmt: str, out: Path) -> None:
    """One row per answer; anonymous raters as per-campaign codes."""
    _export("answers", campaign_id, fmt, out)


@cli.command("summary")
@_options
def summary(campaign_id: int, fmt: str, out: Path) -> None:
    """One row per employee: overall index and visible figures per row."""
    _export("summary", campaign_id, fmt, out)
