"""A rota's solve as a job: the solver runs in a child process the job can stop; the job
beats a heartbeat into its row, so a worker that dies leaves a job that is marked failed."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

import optimizer
from webapp.models import JobRun
from webapp.models.rota import Rota, RotaAssignment, RotaStatus
from webapp.services import audit, child_job
from webapp.services.rotas import solution
from webapp.services.rotas.clock import wall_clock
from webapp.services.rotas.problem import (
    PlaceInput,
    RosterInput,
    build_input,
    input_problems,
    pinned_rows,
)
from webapp.services.rotas.solve import solve_place, solve_roster

# Of a job's time limit, what starting the solver process, explaining gaps and storing the
# answer take, so the whole job fits the limit the manager was promised.
OVERHEAD_SECONDS = 5.0


def run(session: Session, job_id: int, rota_id: int, *, time_limit: float) -> None:
    """Solve the rota in a child process, beating and watching for cancellation."""
    job, rota = session.get(JobRun, job_id), session.get(Rota, rota_id)
    if job.cancel_requested or job.status != "queued":
        return _finish(session, job, rota, "cancelled", "cancelled before it started")
    data = _with_pins(session, rota, build_input(session, rota))
    if wrong := input_problems(data):
        return _finish(session, job, rota, "failed", "the solver's input has problems: "
                       + "; ".join(wrong[:5]) + (f" (and {len(wrong) - 5} more)"
                                                 if len(wrong) > 5 else ""))
    _start(session, job, rota)
    solver_seconds = max(1.0, time_limit - OVERHEAD_SECONDS)
    outcome = child_job.run_in_child(session, job, _child, (data, solver_seconds), _relay)
    if isinstance(outcome, str):
        status = "cancelled" if outcome == "cancelled" else "failed"
        return _finish(session, job, rota, status, outcome)
    if outcome.broken:
        return _finish(session, job, rota, "failed", "the independent validator refused the "
                       "answer: " + "; ".join(outcome.broken[:5]))
    solution.store(session, rota, data, outcome)
    _finish(session, job, rota, "done", None, outcome.summary)


def _start(session: Session, job: JobRun, rota: Rota) -> None:
    child_job.mark_running(job)
    rota.status = RotaStatus.SOLVING
    session.commit()


def _relay(job: JobRun, kind: str, payload) -> None:
    if kind == "figures":
        job.detail = json.dumps(dataclasses.asdict(payload))


def _finish(session: Session, job: JobRun, rota: Rota, status: str, error: str | None,
            result: dict | None = None) -> None:
    job.status, job.error, job.finished_at = status, error, datetime.now(UTC)
    job.progress = 100 if status == "done" else job.progress
    job.result = json.dumps(result) if result is not None else None
    rota.status = {"done": RotaStatus.DRAFT, "cancelled": RotaStatus.CANCELLED}.get(
        status, RotaStatus.FAILED)
    if status == "done" and rota.version:
        rota.status = RotaStatus.DRAFT  # a re-solve of a published rota waits to be republished
    audit.record(session, actor=None, action=f"rota.solve_{status}", entity="rota",
                 entity_id=rota.id, after={"job": job.id, "error": error,
                                           "summary": result})
    session.commit()


def _child(data, time_limit: float, channel) -> None:
    """In the child process: die with the worker, solve, send the outcome back."""
    child_job.die_with_parent()
    report = lambda figures: channel.put(("figures", figures))  # noqa: E731
    try:
        if isinstance(data, RosterInput):
            outcome = solve_roster(data.problem, time_limit, data.pinned, data.previous, report)
        else:
            outcome = solve_place(data.problem, time_limit, report)
        channel.put(("outcome", outcome))
    except Exception as error:  # the job records it; the worker carries on
        channel.put(("error", f"the solver stopped with an error: {type(error).__name__}: "
                              f"{error}"))


def _with_pins(session: Session, rota: Rota, data):
    """Pinned assignments stay; on a re-solve the previous answer is the one to change least."""
    pins = pinned_rows(session, rota)
    if isinstance(data, RosterInput):
        current = session.exec(select(RotaAssignment).where(
            RotaAssignment.rota_id == rota.id)).all()
        return dataclasses.replace(data, pinned=tuple(_roster_key(data, rota, a) for a in pins),
                                   previous=tuple(_roster_key(data, rota, a) for a in current))
    current = session.exec(select(RotaAssignment).where(RotaAssignment.rota_id == rota.id,
                                                        RotaAssignment.pinned == False)).all()  # noqa: E712
    return _place_pins(_keep_carers(data, current), pins)


def _keep_carers(data: PlaceInput, previous: list[RotaAssignment]) -> PlaceInput:
    """On a re-solve, a visit's previous carers count as preferred: the plan changes least."""
    if not previous:
        return data
    had = {}
    for row in previous:
        if row.visit_plan_id:
            had.setdefault(f"v{row.visit_plan_id}-{row.day:%Y%m%d}", []).append(
                f"s{row.staff_member_id}")
    visits = tuple(dataclasses.replace(v, preferred_carers=tuple(dict.fromkeys(
        had[v.id] + list(v.preferred_carers)))) if v.id in had else v
        for v in data.problem.visits)
    return dataclasses.replace(data, problem=dataclasses.replace(data.problem, visits=visits))


def _roster_key(data: RosterInput, rota: Rota, row: RotaAssignment) -> optimizer.Assignment:
    code = next(c for c, tid in data.template_ids.items() if tid == row.shift_template_id)
    return optimizer.Assignment(f"s{row.staff_member_id}", (row.day - rota.starts_on).days, code)


def _place_pins(data: PlaceInput, pins: list[RotaAssignment]) -> PlaceInput:
    from webapp.services.rotas.problem.place import pin

    return pin(data, [dict(r.model_dump(exclude={"id"}), starts_at=r.starts_at, ends_at=r.ends_at)
                      for r in pins], wall_clock)


def reap_stale(session: Session, lease: timedelta) -> int:
    """Mark running jobs whose worker has stopped beating as failed, with the reason."""
    now, count = datetime.now(UTC), 0
    for job in session.exec(select(JobRun).where(JobRun.status == "running")).all():
        beat = job.heartbeat_at or job.started_at or job.created_at
        beat = beat if beat.tzinfo else beat.replace(tzinfo=UTC)
        if now - beat > lease:
            rota = session.exec(select(Rota).where(Rota.job_id == job.id)).first()
            reason = (f"the worker stopped responding: no heartbeat since "
                      f"{wall_clock(beat):%H:%M:%S} (lease {lease.total_seconds():.0f} s)")
            if rota is None:
                job.status, job.error, job.finished_at = "failed", reason, now
                session.commit()
            else:
                _finish(session, job, rota, "failed", reason)
            count += 1
    return count


def request_cancel(session: Session, user, rota: Rota) -> None:
    """Ask the job to stop; a job no worker has started yet is cancelled at once."""
    job = session.get(JobRun, rota.job_id)
    job.cancel_requested = True
    if job.status == "queued":
        job.status, job.finished_at = "cancelled", datetime.now(UTC)
        rota.status = RotaStatus.CANCELLED
    audit.record(session, actor=user, action="rota.cancel", entity="rota", entity_id=rota.id,
                 after={"job": job.id})
