"""`flask --app webapp scenario-run --file SCENARIO.json`: run a scenario now, print the
comparison with its baseline (nothing is saved).

The file: {"name": "...", "starts_on": "YYYY-MM-DD" (default next Monday), "weeks": 1 or 4,
"locality": a locality's name or null for the whole place, "seeds": [1, 2, 3],
"changes": {the fields of webapp.services.scenarios.changes.Changes}}.
"""

import dataclasses
import json
from datetime import UTC, date, datetime, timedelta

import click
from flask import Flask, current_app
from sqlmodel import select

from webapp.db import session_scope
from webapp.models import Locality, Place
from webapp.models.scenario import Scenario
from webapp.services.problems import Problems
from webapp.services.scenarios import baseline, briefing, report, store
from webapp.services.scenarios.baseline import ScenarioError
from webapp.services.scenarios.changes import Changes, problems
from webapp.services.scenarios.runner import settings_from
from webapp.services.scenarios.work import work


def read(session, text: str) -> tuple[Scenario, Changes, list[int]]:
    """The scenario a file describes, checked like the form's (ClickException if not)."""
    try:
        data = json.loads(text)
        changes = Changes(**data.get("changes", {}))
        seeds = store.parse_seeds(",".join(map(str, data.get("seeds", [1, 2, 3]))))
        starts = date.fromisoformat(data["starts_on"]) if data.get("starts_on") else None
    except Problems as error:
        raise click.ClickException(str(error)) from None
    except (ValueError, TypeError) as error:
        raise click.ClickException(f"The scenario file is not valid: {error}") from None
    found = problems(session, changes)
    if found:
        raise click.ClickException("; ".join(p.message for p in found))
    place = session.exec(select(Place)).first()
    today = date.today()
    scenario = Scenario(place_id=place.id, name=data.get("name", "Scenario"), weeks=int(
        data.get("weeks", 1)), starts_on=starts or today + timedelta(days=7 - today.weekday()),
        locality_id=_locality(session, data.get("locality")), changes=changes.to_json(),
        created_by_user_id=0, created_at=datetime.now(UTC))
    return scenario, changes, seeds


def _locality(session, name: str | None) -> int | None:
    if not name:
        return None
    found = session.exec(select(Locality).where(Locality.name == name)).first()
    if found is None:
        raise click.ClickException(f"No locality called {name!r}")
    return found.id


def init_app(app: Flask) -> None:
    @app.cli.command("scenario-run")
    @click.option("--file", "path", type=click.File(), required=True, help="SCENARIO.json")
    @click.option("--time-limit", type=float, default=None, help="Seconds per solve.")
    def scenario_run(path, time_limit) -> None:
        """Run a scenario now and print the comparison with its baseline."""
        settings = settings_from(current_app.config)
        if time_limit:
            settings = dataclasses.replace(settings, time_limit=time_limit)
        with session_scope(current_app) as session:
            scenario, changes, seeds = read(session, path.read())
            try:
                result = work(baseline.load(session, scenario), changes, seeds, settings,
                              lambda done, total, message: click.echo(f"[{done}/{total}] "
                                                                      f"{message}", err=True))
            except ScenarioError as error:
                raise click.ClickException(str(error)) from None
            compared = report.comparison(result, scenario, baseline.names(session))
        click.echo(briefing.text(scenario.name, compared))
