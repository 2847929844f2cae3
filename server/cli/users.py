"""`flask users ...`: account administration."""

from __future__ import annotations

import sys

import click
from marshmallow import ValidationError

from server import messages
from server.cli.errors import CliError, cli_locale, say
from server.extensions import db
from server.schemas.org import UserCreateSchema
from server.services.org import accounts, leavers


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
    _check_fields(email=email, name=name)
    user = accounts.create_user(
        db.session, email=email, name=name, role=role, password=password, locale=locale
    )
    db.session.commit()
    say("created user {id} {email} ({role})", id=user.id, email=user.email, role=user.role)


def _check_fields(**values: str) -> None:
    """The API's rules for these fields (valid email, the text rule, lengths): one line."""
    try:
        UserCreateSchema(only=tuple(values)).load(values)
    except ValidationError as err:
        option, problems = next(iter(err.normalized_messages().items()))
        first = problems[0] if isinstance(problems, list) else str(problems)
        raise CliError(
            "Invalid --{option}: {message}",
            {"option": option, "message": messages.translate(first, cli_locale())},
        ) from err


@cli.command("deactivate")
@click.argument("email")
def deactivate(email: str) -> None:
    """Deactivate a user by the leaver rule (sessions end, pending rater tasks declined)."""
    user = accounts.find_by_email(db.session, email)
    if user is None:
        raise CliError("No such user.")
    leavers.deactivate_leaver(db.session, user, None, "cli")
    db.session.commit()
    say("deactivated {email}", email=user.email)
