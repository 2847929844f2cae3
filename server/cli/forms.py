"""`flask forms ...`: lint form definition files and load them as versions."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from server.cli.errors import say
from server.extensions import db
from server.services.forms import forms
from server.services.scorecard.checks import check_indicators_file


@click.group("forms", help="Check and load form definitions (forms/*.yaml).")
def cli() -> None:
    pass


@cli.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def check(files: tuple[str, ...]) -> None:
    """Validate form files (and forms/indicators.yaml against the forms beside it); print one
    line per error and exit 1 if any."""
    errors = forms.check_files(files)
    for name in files:
        if Path(name).name == forms.INDICATORS_NAME:
            errors.extend(check_indicators_file(name))
    for line in errors:
        click.echo(line)
    if errors:
        raise SystemExit(1)
    say("{count} file(s) OK", count=len(files))


def _default_dir() -> str:
    configured = current_app.config.get("FORMS_DIR")
    return str(configured or Path(current_app.root_path).parent / "forms")


@cli.command("sync")
@click.option(
    "--dir", "directory", type=click.Path(file_okay=False, exists=True),
    default=None, help="Directory of form files (default: the FORMS_DIR setting, i.e. forms/).",
)  # fmt: skip
def sync(directory: str | None) -> None:
    """Load every form of a directory, creating a version only where content changed."""
    try:
        results = forms.sync_forms(db.session, directory or _default_dir())
    except forms.FormDefinitionError as err:
        for line in err.errors:
            click.echo(line)
        db.session.rollback()
        raise SystemExit(1) from err
    db.session.commit()
    for key, version, created in results:
        if created:
            say("created   {key} v{version}", key=key, version=version)
        else:
            say("unchanged {key} v{version}", key=key, version=version)
