"""One error line per failed CLI command, in the user's language, exit status 2.

Every command registered by `server.cli.register_commands` runs inside `catch_errors`,
the one place where the project's own errors (`DomainError`: unknown campaign, refused
transition, invalid settings...) become a `CliError`. Click prints it as a single line
on standard error, `Error: <message>` or `错误：<message>` (server/messages.py), and
exits with status 2 (as click does for a usage error); no Python traceback. Click's own
usage errors (a missing
option, a value out of range) keep click's English wording and also exit with 2.

Language: the first set variable of LC_ALL, LC_MESSAGES, LANG (the POSIX order); a value
naming a language with a catalogue (zh_CN.UTF-8, zh_TW, zh: Chinese) gives that language,
anything else English. The texts come from the gettext catalogues (server/messages.py).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping
from typing import IO, Any

import click

from server import messages
from server.domain_errors import DomainError

EXIT_STATUS = 2


def cli_locale(environ: Mapping[str, str] | None = None) -> str:
    """The POSIX locale of the terminal when a catalogue speaks it (zh-CN), else English."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return messages.match_locale(value.split(".")[0].split("@")[0]) or "en"
    return "en"


class CliError(click.ClickException):
    """A one-line error: an English msgid (translated from the catalogues) and its values."""

    exit_code = EXIT_STATUS

    def __init__(self, template: str, params: dict[str, Any] | None = None) -> None:
        self.template = template
        self.params = params or {}
        super().__init__(messages.localize(template, self.params, "en"))

    def format_message(self) -> str:
        return messages.localize(self.template, self.params, cli_locale())

    def show(self, file: IO[Any] | None = None) -> None:
        line = " ".join(self.format_message().split())  # one line, whatever the message
        text = messages.localize("Error: {message}", {"message": line}, cli_locale())
        click.echo(text, file=file, err=file is None)


def say(msgid: str, *, err: bool = False, **params: Any) -> None:
    """Print one line, a msgid with its values, in the terminal's language."""
    click.echo(messages.localize(msgid, params, cli_locale()), err=err)


def catch_errors(callback: Callable[..., Any]) -> Callable[..., Any]:
    """Run a command's callback; the project's errors become a `CliError`."""

    @functools.wraps(callback)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return callback(*args, **kwargs)
        except DomainError as err:
            _rollback()
            raise CliError(err.template, err.params) from err

    return run


def _rollback() -> None:
    from server.extensions import db

    db.session.rollback()


def guard(command: click.Command) -> click.Command:
    """Wrap the callback of `command` and of every subcommand (groups included)."""
    if command.callback is not None and not getattr(command.callback, "_guarded", False):
        command.callback = catch_errors(command.callback)
        command.callback._guarded = True  # type: ignore[attr-defined]
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            guard(sub)
    return command
