"""`flask users ...`: account administration."""

from __future__ import annotations

import sys

import click

from server.cli.errors import CliError, say
from server.extensions import db
from server.services.org import accounts


@click.group("users", help="Manage user accounts.")
def cli() -> None:
    pass


@cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice(["admin", "hr", "employee", "shopper"]))
@click.option("--password", default=None, help="Prefer --password-stdin (keeps it out of history).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--locale", default="zh-CN", type=click.Choice(["zh-CN", "en"]))
def create(
    email: str, name: str, role: str, password: str | None, password_stdin: bool, locale: str
) -> None:
    """Create a user."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    if not password:
        raise click.UsageError("Give --password or --password-stdin.")
    user = accounts.create_user(
        db.session, email=email, name=name, role=role, password=password, locale=locale
    )
    db.session.commit()
    say("created user {id} {email} ({role})", id=user.id, email=user.email, role=user.role)


@cli.command("deactivate")
@click.argument("email")
def deactivate(email: str) -> None:
    """Deactivate a user and end all their sessions."""
    user = accounts.find_by_email(db.session, email)
    if user is None:
        raise CliError("No such user.")
    accounts.set_active(user, False)
    db.session.commit()
    say("deactivated {email}", email=user.email)
