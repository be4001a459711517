"""Saved scenarios: create, list, find, clone, and turn a fix into a new scenario."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime

from sqlmodel import Session, select

from webapp.models import JobRun, Role
from webapp.models.scenario import Scenario
from webapp.services import audit
from webapp.services.problems import Problem, Problems
from webapp.services.scenarios.changes import Changes, from_json, problems  # noqa: F401

LEADS = (Role.WORKFORCE_LEAD,)
MAX_SEEDS = 5


def parse_seeds(text: str) -> list[int]:
    """'1, 2, 3' → [1, 2, 3]; refuse anything else."""
    try:
        seeds = [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError:
        seeds = []
    if not 1 <= len(seeds) <= MAX_SEEDS or any(s < 0 for s in seeds):
        raise Problems([Problem("seeds", f"Enter 1 to {MAX_SEEDS} whole numbers separated by "
                                         "commas, for example 1, 2, 3")])
    return seeds


def create(session: Session, user, *, name: str, starts_on: date, weeks: int,
           locality_id: int | None, changes: Changes, seeds: list[int],
           parent_id: int | None = None) -> Scenario:
    """Save a scenario after checking its changes (the caller commits)."""
    found = problems(session, changes)
    if weeks not in (1, 4):
        found.append(Problem("weeks", "Choose one week or four weeks"))
    if not name.strip():
        found.append(Problem("name", "Enter a name for the scenario"))
    if found:
        raise Problems(found)
    scenario = Scenario(place_id=user.place_id, name=name.strip()[:120], starts_on=starts_on,
                        weeks=weeks, locality_id=locality_id, changes=changes.to_json(),
                        seeds=",".join(map(str, seeds)), parent_id=parent_id,
                        created_by_user_id=user.id, created_at=datetime.now(UTC))
    session.add(scenario)
    session.flush()
    audit.record(session, actor=user, action="scenario.create", entity="scenario",
                 entity_id=scenario.id, after={"name": scenario.name, "parent": parent_id})
    return scenario


def visible(session: Session, user) -> list[Scenario]:
    """The place's scenarios, newest first (workforce leads only)."""
    if user.role not in LEADS:
        return []
    return list(session.exec(select(Scenario).where(Scenario.place_id == user.place_id)
                             .order_by(Scenario.id.desc())).all())


def find(session: Session, user, scenario_id: int) -> Scenario | None:
    """The scenario if it belongs to this lead's place; None (a 404) otherwise."""
    scenario = session.get(Scenario, scenario_id)
    if scenario is None or scenario.place_id != user.place_id or user.role not in LEADS:
        return None
    return scenario


def clone(session: Session, user, scenario: Scenario, name: str | None = None,
          **levers) -> Scenario:
    """A copy of the scenario, perhaps with some levers set (the caller commits)."""
    return create(session, user, name=name or f"Copy of {scenario.name}",
                  starts_on=scenario.starts_on, weeks=scenario.weeks,
                  locality_id=scenario.locality_id,
                  changes=from_json(scenario.changes).plus(**levers),
                  seeds=[int(s) for s in scenario.seeds.split(",")], parent_id=scenario.id)


def form_values(scenario: Scenario) -> dict:
    """A scenario's settings as the form's fields, for a clone to start from."""
    return {"name": f"Copy of {scenario.name}"[:120], "starts_on": scenario.starts_on,
            "weeks": scenario.weeks, "locality_id": scenario.locality_id,
            "seeds": scenario.seeds.replace(",", ", "), "parent_id": scenario.id,
            **dataclasses.asdict(from_json(scenario.changes))}


def from_fix(session: Session, user, scenario: Scenario, index: int) -> Scenario | None:
    """A new scenario with one of the ranked fixes applied; None if there is no such fix."""
    fixes = result(scenario).get("fixes", [])
    if not 0 <= index < len(fixes):
        return None
    fix = fixes[index]
    return clone(session, user, scenario, f"{scenario.name} + {fix['label'][:60]}",
                 **fix["levers"])


def result(scenario: Scenario) -> dict:
    return json.loads(scenario.result) if scenario.result else {}


def job_of(session: Session, scenario: Scenario) -> JobRun | None:
    return session.get(JobRun, scenario.job_id) if scenario.job_id else None


def status(session: Session, scenario: Scenario) -> str:
    """draft (never run), queued, running, done, failed or cancelled: its latest job's."""
    job = job_of(session, scenario)
    return job.status if job else "draft"


def detail(job: JobRun | None) -> dict:
    """A running job's live figures (what it is solving, how far it has got)."""
    return json.loads(job.detail) if job and job.detail else {}
