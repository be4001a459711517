"""A scenario's run as a job: the solves run in a child process the job can stop; the job
beats a heartbeat and relays progress into its row; results are written once, at the end."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime

from sqlmodel import Session

from webapp.config import INSTANCE
from webapp.models import JobRun
from webapp.models.scenario import Scenario
from webapp.services import audit, child_job
from webapp.services.scenarios.baseline import ScenarioError, load
from webapp.services.scenarios.changes import from_json, missing_references
from webapp.services.scenarios.work import Settings, work


def queue_run(session: Session, user, scenario: Scenario) -> JobRun:
    """A new job for the scenario (the caller commits, then calls `enqueue`). The last run's
    results stay until this run has finished and replaced them in one write."""
    job = JobRun(kind="scenario_run", created_at=datetime.now(UTC))
    session.add(job)
    session.flush()
    scenario.job_id = job.id
    audit.record(session, actor=user, action="scenario.run", entity="scenario",
                 entity_id=scenario.id, after={"job": job.id})
    return job


def enqueue(scenario: Scenario) -> None:
    """Put the scenario's job on the queue (after the transaction that created it committed)."""
    from webapp.jobs import run_scenario

    run_scenario(scenario.job_id, scenario.id)


def run(session: Session, job_id: int, scenario_id: int, settings: Settings) -> None:
    """Run the scenario's solves in a child process, beating and watching for cancellation."""
    job, scenario = session.get(JobRun, job_id), session.get(Scenario, scenario_id)
    if job.cancel_requested or job.status != "queued":
        return _finish(session, job, scenario, "cancelled", "cancelled before it started")
    try:
        baseline, changes = _inputs(session, scenario)
    except ScenarioError as error:
        return _finish(session, job, scenario, "failed", str(error))
    child_job.mark_running(job)
    session.commit()
    seeds = [int(s) for s in scenario.seeds.split(",")]
    outcome = child_job.run_in_child(session, job, _child, (baseline, changes, seeds, settings),
                                     _relay)
    if isinstance(outcome, str):
        status = "cancelled" if outcome == "cancelled" else "failed"
        return _finish(session, job, scenario, status, outcome)
    scenario.result = json.dumps(outcome)
    _finish(session, job, scenario, "done", None)


def _inputs(session: Session, scenario: Scenario):
    changes = from_json(scenario.changes)
    missing = missing_references(session, changes)
    if missing:
        raise ScenarioError("; ".join(p.message for p in missing))
    return load(session, scenario), changes


def _relay(job: JobRun, kind: str, payload) -> None:
    if kind == "progress":
        done, total, message = payload
        job.progress = min(99, round(100 * done / total))
        job.detail = json.dumps({"message": message, "done": done, "total": total})


def _finish(session: Session, job: JobRun, scenario: Scenario, status: str,
            error: str | None) -> None:
    job.status, job.error, job.finished_at = status, error, datetime.now(UTC)
    job.progress = 100 if status == "done" else job.progress
    audit.record(session, actor=None, action=f"scenario.run_{status}", entity="scenario",
                 entity_id=scenario.id, after={"job": job.id, "error": error})
    session.commit()


def _child(baseline, changes, seeds, settings, channel) -> None:
    """In the child process: die with the worker, solve, send the aggregates back."""
    child_job.die_with_parent()
    try:
        outcome = work(baseline, changes, seeds, settings,
                       lambda done, total, message: channel.put(
                           ("progress", (done, total, message))))
        channel.put(("outcome", outcome))
    except ScenarioError as error:
        channel.put(("error", str(error)))
    except Exception as error:  # the job records it; the worker carries on
        channel.put(("error", f"the solver stopped with an error: {type(error).__name__}: "
                              f"{error}"))


def request_cancel(session: Session, user, scenario: Scenario) -> None:
    """Ask the run to stop; a run no worker has started yet is cancelled at once."""
    job = session.get(JobRun, scenario.job_id)
    job.cancel_requested = True
    if job.status == "queued":
        job.status, job.finished_at = "cancelled", datetime.now(UTC)
    audit.record(session, actor=user, action="scenario.cancel", entity="scenario",
                 entity_id=scenario.id, after={"job": job.id})


def settings_from(config) -> Settings:
    """Solve settings from the app's configuration: the CP-SAT work per solve
    (SCENARIO_WORK), the safety-net time limit, and where baseline solutions are kept."""
    def read(name: str, default: str) -> str:
        return str(config.get(name, os.environ.get(name, default)))

    return Settings(time_limit=float(read("SCENARIO_TIME_LIMIT", "300")),
                    method=read("SCENARIO_METHOD", "cpsat"),
                    fixes=read("SCENARIO_FIXES", "1") not in ("0", "False", "false"),
                    plan_work=float(read("SCENARIO_WORK", str(Settings.plan_work))),
                    cache_dir=read("SCENARIO_CACHE", str(INSTANCE / "scenario-baselines")))
