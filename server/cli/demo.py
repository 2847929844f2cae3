"""`flask demo`: load forms, a realistic demo organisation and campaigns, print the logins."""

from __future__ import annotations

import click

from server.cli.errors import say
from server.demo import demo_org
from server.extensions import db


@click.command("demo", help="Load the demo organisation and data (idempotent).")
@click.option(
    "--upgrade",
    is_flag=True,
    help="Run `flask db upgrade` first (one process instead of two: `make run` starts faster).",
)
def cli(upgrade: bool) -> None:
    from flask import current_app

    from server import storage
    from server.demo import demo_data
    from server.services.attachments import attachments
    from server.services.forms import forms

    if upgrade:
        from flask_migrate import upgrade as upgrade_schema

        upgrade_schema()

    forms.sync_forms(db.session, current_app.config["FORMS_DIR"])
    logins = demo_org.build_org(db.session)
    db.session.commit()
    limits = attachments.Limits(
        current_app.config["UPLOAD_MAX_BYTES"], current_app.config["UPLOAD_MAX_PIXELS"]
    )
    lines = demo_data.build_campaigns(db.session, storage.for_app(), limits)
    db.session.commit()
    say("Campaigns:")
    for line in lines:
        click.echo(f"  {line}")
    say("Demo data ready. Logins (password for all: {password}):", password=demo_org.DEMO_PASSWORD)
    for login in logins:
        click.echo(f"  {login.role:<26} {login.email:<28} {login.name}")
