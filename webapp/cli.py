"""Command-line tasks: `flask --app webapp <command>`."""

import time
from datetime import date

import click
from flask import Flask, current_app

from webapp.db import session_scope
from webapp.services import catalogue, demo, recognition


def alembic_config(url: str):
    """Return an Alembic config pointed at our migrations and this database."""
    from alembic.config import Config

    from webapp.config import ROOT

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.attributes["database_url"] = url
    return cfg


def upgrade_database(app: Flask) -> None:
    """Run Alembic migrations to head on the configured database."""
    from alembic import command

    command.upgrade(alembic_config(app.config["DATABASE_URL"]), "heads")


def rebuild_database(app: Flask) -> None:
    """Drop everything through the migrations and build it again (the audit log too)."""
    from alembic import command

    cfg = alembic_config(app.config["DATABASE_URL"])
    command.downgrade(cfg, "base")
    command.upgrade(cfg, "heads")


def init_app(app: Flask) -> None:
    from webapp import cli_rotas

    cli_rotas.init_app(app)
    from webapp import cli_scenarios

    cli_scenarios.init_app(app)
    from webapp import cli_place

    cli_place.init_app(app)

    @app.cli.command("migrate")
    def migrate() -> None:
        """Migrate the database to the latest schema."""
        upgrade_database(current_app)
        click.echo("Database is at the latest migration.")

    @app.cli.command("load-catalogue")
    def load_catalogue() -> None:
        """Add the reference competence catalogue (CSTF, Care Certificate, ...)."""
        with session_scope(current_app) as session:
            added = catalogue.load_reference_catalogue(session)
        click.echo(f"Catalogue loaded: {added} competences added.")

    @app.cli.command("expiry-scan")
    def expiry_scan() -> None:
        """Queue the expiry scan now (the worker also runs it every morning)."""
        from webapp.services.expiry import queue_scan

        with session_scope(current_app) as session:
            job = queue_scan(session)
        click.echo(f"Queued expiry scan as job {job.id}.")

    @app.cli.command("demo-place")
    @click.option("--seed", default=1, show_default=True, help="Same seed, same place.")
    @click.option("--staff", default=2500, show_default=True, help="How many staff members.")
    @click.option("--reset", is_flag=True, help="Delete the existing place first.")
    @click.option("--if-empty", is_flag=True, help="Do nothing if a place already exists.")
    @click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
                  help="Date the demo is drawn around (default: today).")
    def demo_place(seed: int, staff: int, reset: bool, if_empty: bool, today) -> None:
        """Build a realistic demo place with staff, passports and delegations."""
        started = time.perf_counter()
        with session_scope(current_app) as session:
            exists = demo.existing_place(session) is not None
        if exists and if_empty:
            click.echo("A place exists already; demo not rebuilt.")
            return
        if exists and not reset:
            raise click.ClickException("A place exists already: add --reset to replace it.")
        if exists:
            rebuild_database(current_app)
        with session_scope(current_app) as session:
            summary = demo.build_demo_place(
                session, seed=seed, staff=staff, today=today.date() if today else date.today())
            drafts = recognition.seed_draft_mappings(session, place_id=demo.existing_place(
                session).id)  # unapproved until an admin signs them off
        click.echo(f"Built {summary.place}: {summary.localities} localities, "
                   f"{summary.organisations} organisations, {summary.staff} staff "
                   f"({summary.joint_role_staff} in joint roles), {summary.passport_entries} "
                   f"passport entries, {summary.delegations} delegations, {drafts} draft "
                   f"recognition mappings in "
                   f"{time.perf_counter() - started:.1f} s.")
