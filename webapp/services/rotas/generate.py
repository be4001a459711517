"""Asking for a rota: check the request, create the draft and its job, queue the solve."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlmodel import Session, func, select

from webapp.models import PLACE_WIDE, JobRun, Locality
from webapp.models.demand import CareVisitPlan, CoverRequirement, Team, TeamMember
from webapp.models.rota import Rota, RotaStatus
from webapp.services import audit
from webapp.services.rotas.problem import build_input, engine_for, input_problems

MAX_WEEKS = 6
WEEKS_MESSAGE = f"Enter a number of weeks from 1 to {MAX_WEEKS}"


@dataclass(frozen=True)
class RotaRequest:
    team_id: int | None
    locality_id: int | None
    whole_place: bool
    starts_on: date
    weeks: int
    fairness: str = "normal"  # less | normal | more (scales either engine's fairness weight)


def problems(session: Session, user, request: RotaRequest, today: date,
             manageable: set[int]) -> dict[str, str]:
    """Every reason the request cannot be planned, by form field (empty: it can)."""
    errors = {}
    if not 1 <= request.weeks <= MAX_WEEKS:
        errors["weeks"] = WEEKS_MESSAGE
    if request.starts_on < today:
        errors["starts_on"] = "The first day must be today or later"
    chosen = [request.team_id is not None, request.locality_id is not None, request.whole_place]
    if sum(chosen) != 1:
        errors["team_id"] = "Choose one team (or, as a workforce lead, a locality or the place)"
    elif request.team_id is not None:
        errors |= _team_problems(session, request.team_id, manageable)
    elif user.role not in PLACE_WIDE:
        errors["team_id"] = "Only workforce leads plan a locality or the whole place"
    elif request.locality_id is not None and getattr(
            session.get(Locality, request.locality_id), "place_id", None) != user.place_id:
        errors["locality_id"] = "Choose a locality of this place"
    return errors or _input_problems(session, user, request)


def _input_problems(session: Session, user, request: RotaRequest) -> dict[str, str]:
    """The engine's own checks of the input this request would build, before it is queued."""
    team = session.get(Team, request.team_id) if request.team_id else None
    if engine_for(team) != "place" or request.whole_place:
        # Only the place engine has input checks of its own. The whole place takes seconds to
        # build, too long to hold a web request: its job checks first and fails with them.
        return {}
    draft = Rota(place_id=user.place_id, team_id=request.team_id,
                 locality_id=request.locality_id, starts_on=request.starts_on,
                 weeks=request.weeks, engine="place", fairness=request.fairness)
    wrong = input_problems(build_input(session, draft))
    if not wrong:
        return {}
    more = f" (and {len(wrong) - 3} more)" if len(wrong) > 3 else ""
    return {"team_id": "The data for this plan cannot be solved yet: " + "; ".join(wrong[:3])
            + more}


def _team_problems(session: Session, team_id: int, manageable: set[int]) -> dict[str, str]:
    team = session.get(Team, team_id)
    if team is None or team_id not in manageable:
        return {"team_id": "Choose one of your teams"}
    members = session.exec(select(func.count()).select_from(TeamMember).where(
        TeamMember.team_id == team_id)).one()
    if not members:
        return {"team_id": f"{team.name} has nobody in it yet: add staff to the team first"}
    if engine_for(team) == "roster":
        cover = session.exec(select(func.count()).select_from(CoverRequirement).where(
            CoverRequirement.team_id == team_id)).one()
        if not cover:
            return {"team_id": f"{team.name} has no cover requirements: set its demand first"}
    elif not session.exec(select(CareVisitPlan.id).join_from(
            CareVisitPlan, _package()).where(_package().team_id == team_id)).first():
        return {"team_id": f"{team.name} has no care packages with visits to plan"}
    return {}


def _package():
    from webapp.models.demand import CarePackage

    return CarePackage


def create(session: Session, user, request: RotaRequest) -> Rota:
    """Create the draft rota and its queued job (the caller commits, then queues)."""
    team = session.get(Team, request.team_id) if request.team_id else None
    job = JobRun(kind="rota_solve", created_at=datetime.now(UTC))
    session.add(job)
    session.flush()
    rota = Rota(place_id=user.place_id, team_id=request.team_id, locality_id=request.locality_id,
                starts_on=request.starts_on, weeks=request.weeks, engine=engine_for(team),
                fairness=request.fairness,
                status=RotaStatus.QUEUED, job_id=job.id, created_by_user_id=user.id,
                created_at=datetime.now(UTC))
    session.add(rota)
    session.flush()
    audit.record(session, actor=user, action="rota.generate", entity="rota", entity_id=rota.id,
                 after={"team_id": request.team_id, "locality_id": request.locality_id,
                        "starts_on": request.starts_on, "weeks": request.weeks,
                        "fairness": request.fairness})
    return rota


def requeue(session: Session, user, rota: Rota) -> JobRun:
    """A new job to solve the rota again around its pins (the caller commits, then queues)."""
    job = JobRun(kind="rota_solve", created_at=datetime.now(UTC))
    session.add(job)
    session.flush()
    rota.job_id, rota.status = job.id, RotaStatus.QUEUED
    rota.lock_version += 1
    audit.record(session, actor=user, action="rota.resolve", entity="rota", entity_id=rota.id,
                 after={"job": job.id})
    return job


def queue(rota: Rota) -> None:
    """Put the rota's job on the queue (after the transaction that created it has committed)."""
    from webapp.jobs import solve_rota

    solve_rota(rota.job_id, rota.id)
