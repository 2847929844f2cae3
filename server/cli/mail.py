"""`flask mail ...`: the outbox."""

from __future__ import annotations

import click

from server.cli.errors import say
from server.database import read_transaction
from server.extensions import db
from server.mail import outbox
from server.models.mail import MAIL_STATUSES


@click.group("mail", help="Outgoing mail.")
def cli() -> None:
    pass


@cli.command("list")
@click.option("--status", type=click.Choice(MAIL_STATUSES), default=None)
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
def list_mail(status: str | None, limit: int) -> None:
    """List messages, newest first, with their status, attempts and last error."""
    with read_transaction(db.session):
        rows, total = outbox.list_messages(db.session, status=status, limit=limit)
        for row in rows:
            click.echo(
                "\t".join(
                    [
                        str(row.id),
                        row.created_at.isoformat(timespec="seconds"),
                        row.status,
                        str(row.attempts),
                        row.kind,
                        row.locale,
                        row.recipient,
                        row.last_error or "",
                    ]
                )
            )
    say("{shown} of {total} messages", shown=len(rows), total=total)
