"""CLI registry: each module in COMMAND_MODULES defines a click group named `cli`."""

from __future__ import annotations

import importlib

from flask import Flask

COMMAND_MODULES = [
    "server.cli.users",
    "server.cli.scores",
    "server.cli.demo",
    "server.cli.forms",
    "server.cli.org",
    "server.cli.reviews",
    "server.cli.exports",
]


def register_commands(app: Flask) -> None:
    """Attach every command group to `flask`."""
    for name in COMMAND_MODULES:
        app.cli.add_command(importlib.import_module(name).cli)
