"""`flask --app webapp place-setup --file PLACE.json`: a real place's localities,
organisations and first admin, all or nothing; `admin-link --email`: a locked-out admin's new
link to set a password.

The file: {"place": {"name", "population"?}, "localities": [{"name", "population"?}],
"organisations": [{"name", "sector" (nhs_trust, council_asc, independent_provider,
public_health), "code", "code_scheme" ("ODS" or "CQC")}], "admin": {"name", "email"}}.
"""

import json

import click
from flask import Flask, current_app, url_for

from webapp.db import session_scope
from webapp.services import catalogue, place_setup
from webapp.services.problems import Problems
from webapp.services.user_admin import LINK_LIFETIME


def _problems(problems: Problems) -> click.ClickException:
    lines = "\n".join(f"  - {p.message}" for p in problems.problems)
    return click.ClickException(f"nothing was written:\n{lines}")


def _link(site_url: str, token: str) -> str:
    with current_app.test_request_context(base_url=site_url):
        return url_for("invites.accept", link_token=token, _external=True)


def init_app(app: Flask) -> None:
    @app.cli.command("place-setup")
    @click.option("--file", "path", required=True, type=click.File("rb"),
                  help="The place's JSON file.")
    @click.option("--site-url", default="http://127.0.0.1:5000", show_default=True,
                  help="Where people reach this service, for the admin's link.")
    def place_setup_command(path, site_url: str) -> None:
        """Set up a real place: its localities, organisations and first admin."""
        try:
            data = json.loads(path.read())
        except (ValueError, UnicodeDecodeError) as error:
            raise click.ClickException(f"The place file is not JSON: {error}") from None
        try:
            with session_scope(current_app) as session:
                place, admin, token = place_setup.set_up(session, data)
                added = catalogue.load_reference_catalogue(session)
                summary = (f"Set up {place.name}: {len(data['localities'])} localities, "
                           f"{len(data['organisations'])} organisations, {added} reference "
                           f"competences.")
                email = admin.email
        except Problems as problems:
            raise _problems(problems) from None
        click.echo(summary)
        click.echo(f"{email} sets a password at this link, once, within "
                   f"{LINK_LIFETIME.days} days:\n{_link(site_url, token)}")

    @app.cli.command("admin-link")
    @click.option("--email", required=True, help="The admin's email address.")
    @click.option("--site-url", default="http://127.0.0.1:5000", show_default=True)
    def admin_link_command(email: str, site_url: str) -> None:
        """Give an admin a new single-use link to set their password."""
        try:
            with session_scope(current_app) as session:
                token = place_setup.admin_link(session, email)
        except Problems as problems:
            raise _problems(problems) from None
        click.echo(f"A new link for {email.strip()}, once, within {LINK_LIFETIME.days} "
                   f"days (any earlier link stops working):\n{_link(site_url, token)}")
