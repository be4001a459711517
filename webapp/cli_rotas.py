"""Rota commands for scripts and benchmarks: generate one now, or queue the demo's first."""

import json
import time
from datetime import date, timedelta

import click
from flask import Flask, current_app
from sqlmodel import select

from webapp.db import session_scope
from webapp.models import JobRun, Role, User
from webapp.models.demand import Team
from webapp.models.rota import Rota
from webapp.services.rotas import generate, runner


def _acting_user(session, email: str | None) -> User:
    query = select(User).where(User.email == email) if email else select(User).where(
        User.role == Role.ADMIN)
    user = session.exec(query).first()
    if user is None:
        raise click.ClickException(f"No user {email or 'with the admin role'} to act as")
    return user


def summary_lines(rota: Rota, error: str | None) -> list[str]:
    """The printed summary of a solved rota, with the validator's verdict last."""
    if error:
        return [f"rota {rota.id}: {rota.status}", f"reason: {error}"]
    s = json.loads(rota.summary or "{}")
    lines = [f"rota {rota.id}: {rota.status}, engine {rota.engine}, {s.get('seconds')} s",
             f"fill rate {s.get('fill_rate', 0):.4f}"
             + (f" (bound {s['fill_rate_bound']:.4f})" if "fill_rate_bound" in s else ""),
             f"assignments {s.get('assignments')}, unfilled {s.get('unfilled')}",
             f"objective {s.get('objective')} (bound {s.get('bound')})"]
    verdict = s.get("validator")
    return lines + [f"validator: {verdict if verdict == 'valid' else 'BROKEN ' + str(verdict)}"]


def init_app(app: Flask) -> None:
    @app.cli.command("rota-generate")
    @click.option("--team", "code", required=True, help="The team's code.")
    @click.option("--start", type=click.DateTime(["%Y-%m-%d"]), required=True)
    @click.option("--weeks", type=int, default=1, show_default=True)
    @click.option("--time-limit", type=float, default=None, help="Seconds (default: config).")
    @click.option("--as", "email", default=None, help="Sign-in to act as (default: an admin).")
    def rota_generate(code, start, weeks, time_limit, email) -> None:
        """Generate a team's rota now, print its summary and the validator's verdict."""
        limit = time_limit or current_app.config["ROTA_TIME_LIMIT"]
        with session_scope(current_app) as session:
            team = session.exec(select(Team).where(Team.code == code)).first()
            if team is None:
                raise click.ClickException(f"No team with the code {code!r}")
            user = _acting_user(session, email)
            wanted = generate.RotaRequest(team.id, None, False, start.date(), weeks)
            problems = generate.problems(session, user, wanted, date.today(), {team.id})
            if problems:
                raise click.ClickException("; ".join(problems.values()))
            rota = generate.create(session, user, wanted)
            session.commit()
            began = time.perf_counter()
            runner.run(session, rota.job_id, rota.id, time_limit=limit)
            session.refresh(rota)
            job = session.get(JobRun, rota.job_id)
            click.echo("\n".join(summary_lines(rota, job.error if job else None)))
            click.echo(f"wall time {time.perf_counter() - began:.1f} s")
            if rota.status != "draft":
                raise SystemExit(1)

    @app.cli.command("demo-rota")
    def demo_rota() -> None:
        """Queue a draft rota for next week for the demo manager's team (once)."""
        with session_scope(current_app) as session:
            if session.exec(select(Rota)).first() is not None:
                click.echo("A rota exists already: none queued.")
                return
            user = _acting_user(session, "manager@demo.place")
            from webapp.services.rotas.access import manageable_team_ids

            teams = sorted(manageable_team_ids(session, user))
            if not teams:
                click.echo("The demo manager has no team: no rota queued.")
                return
            today = date.today()
            start = today + timedelta(days=7 - today.weekday())
            rota = generate.create(session, user, generate.RotaRequest(
                teams[0], None, False, start, 1))
            session.commit()
            generate.queue(rota)
            click.echo(f"Queued a draft rota for the week of {start:%-d %B} (rota {rota.id}).")
