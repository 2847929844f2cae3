"""`flask org import FILE`: load the org chart from CSV or XLSX."""

from __future__ import annotations

from pathlib import Path

import click

from server.domain_errors import DomainError
from server.extensions import db
from server.services import org_import


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
        click.echo(f"Import failed: {err.message}", err=True)
        for row in err.details.get("rows", []):
            click.echo(f"  line {row['line']}: {row['reason']}: {row['message']}", err=True)
        raise SystemExit(1) from err
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    click.echo(
        f"{'Checked' if dry_run else 'Imported'} {result.rows} rows: "
        f"{result.created} created, {result.updated} updated, "
        f"{result.unchanged} unchanged, {result.units_created} units created."
    )
