"""`flask demo`: load forms and a realistic demo organisation, print the logins."""

from __future__ import annotations

import click

from server.extensions import db
from server.services import demo_org


@click.command("demo", help="Load the demo organisation and data (idempotent).")
def cli() -> None:
    from flask import current_app

    from server.services import forms

    forms.sync_forms(db.session, current_app.config["FORMS_DIR"])
    logins = demo_org.build_org(db.session)
    db.session.commit()
    click.echo("Demo data ready. Logins (password for all: %s):" % demo_org.DEMO_PASSWORD)
    for login in logins:
        click.echo(f"  {login.role:<26} {login.email:<28} {login.name}")

