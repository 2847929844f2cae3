"""`flask org import FILE`: load the org chart from CSV or XLSX."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from server import messages
from server.cli.errors import cli_locale, say
from server.domain_errors import DomainError
from server.extensions import db
from server.services.org import org_import


@click.group("org", help="Org chart commands.")
def cli() -> None:
    pass


@cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Validate only; change nothing.")
def import_cmd(file: str, dry_run: bool) -> None:
    """Import employees and units (all-or-nothing); print every bad row and exit 1."""
    path = Path(file)
    try:
        rows = org_import.read_rows(path.name, path.read_bytes())
        result = org_import.import_org(db.session, rows, None)
    except DomainError as err:
        db.session.rollback()
        locale = cli_locale()
        message = messages.localize(err.template, err.params, locale)
        say("Import failed: {message}", err=True, message=message)
        for row in err.details.get("rows", []):
            text = messages.localize_details(row["message"], locale)
            say("  line {line}: {reason}: {message}", err=True, **{**row, "message": text})
        raise SystemExit(1) from err
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    counts: dict[str, Any] = {
        "rows": result.rows,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "units": result.units_created,
    }
    if dry_run:
        say(
            "Checked {rows} rows: {created} created, {updated} updated, "
            "{unchanged} unchanged, {units} units created.",
            **counts,
        )
    else:
        say(
            "Imported {rows} rows: {created} created, {updated} updated, "
            "{unchanged} unchanged, {units} units created.",
            **counts,
        )
