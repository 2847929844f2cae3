"""CLI registry: each module in COMMAND_MODULES defines a click group named `cli`.

Every command is registered through `errors.guard`, so the project's errors end any
command with one line in the user's language and exit status 2 (server/cli/errors.py).
"""

from __future__ import annotations

import importlib

from flask import Flask

from server.cli.errors import guard

COMMAND_MODULES = [
    "server.cli.users",
    "server.cli.scores",
    "server.cli.demo",
    "server.cli.forms",
    "server.cli.org",
    "server.cli.reviews",
    "server.cli.exports",
    "server.cli.worker",
    "server.cli.ops",
    "server.cli.mail",
    "server.cli.scheduler",
]


def register_commands(app: Flask) -> None:
    """Attach every command group to `flask`."""
    for name in COMMAND_MODULES:
        app.cli.add_command(guard(importlib.import_module(name).cli))
