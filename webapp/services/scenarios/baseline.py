"""A scenario's baseline: the place's week (or four) as solver input, with the facts the
levers and the aggregates need (roles, sectors, registrations, teams), read once."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

import optimizer.place as engine
from webapp.models import Competence, EmploymentContract, Locality, Organisation, StaffMember
from webapp.models.demand import CarePackage, CareVisitPlan, Team, TeamMember
from webapp.models.scenario import Scenario
from webapp.services.rotas.problem.place import build_place_input


class ScenarioError(ValueError):
    """A scenario that cannot be run, in the lead's words (the job records it as failed)."""


@dataclass(frozen=True)
class StaffInfo:
    """What the levers ask of a worker: job roles, employers' sectors, registration, teams."""

    roles: tuple[str, ...]
    sectors: tuple[str, ...]
    registrant: bool
    teams: tuple[int, ...]


@dataclass(frozen=True)
class Baseline:
    """Plain data, so it can cross into the solver's child process."""

    problem: engine.PlaceProblem
    staff: dict[str, StaffInfo]  # solver staff id → facts
    visit_teams: dict[str, int]  # visit id → Team.id
    team_names: dict[int, str]
    titles: dict[str, str] = field(default_factory=dict)  # competence code → title
    names: dict = field(default_factory=dict)  # (kind, id) → name, for describing changes

    @property
    def end(self) -> date:
        return self.problem.date_of_day(self.problem.days - 1)


def teams_for(session: Session, place_id: int, locality_id: int | None = None) -> list[Team]:
    """The place's teams (or a locality's), in code order."""
    query = select(Team).join(Organisation, Organisation.id == Team.organisation_id).where(
        Organisation.place_id == place_id)
    if locality_id is not None:
        query = query.where(Team.locality_id == locality_id)
    return list(session.exec(query.order_by(Team.code)).all())


def load(session: Session, scenario: Scenario) -> Baseline:
    """Build the baseline from the database as it is now; refuse an empty week."""
    teams = teams_for(session, scenario.place_id, scenario.locality_id)
    data = build_place_input(session, teams, scenario.starts_on, scenario.weeks)
    if not data.problem.visits and not data.problem.cover:
        raise ScenarioError("The baseline has no visits or shifts to plan in that period: "
                            "choose another first day or add demand to the teams")
    return Baseline(data.problem, _staff(session, data.staff_ids),
                    _visit_teams(session, data.visit_plans), {t.id: t.name for t in teams},
                    dict(session.exec(select(Competence.code, Competence.title)).all()),
                    names(session))


def _staff(session: Session, staff_ids: dict[str, int]) -> dict[str, StaffInfo]:
    ids = list(staff_ids.values())
    roles, sectors, teams = defaultdict(set), defaultdict(set), defaultdict(set)
    for i in range(0, len(ids), 900):  # SQLite caps bound parameters
        chunk = ids[i:i + 900]
        for member_id, role, sector in session.exec(
                select(EmploymentContract.staff_member_id, EmploymentContract.job_role,
                       Organisation.sector).join(
                    Organisation, Organisation.id == EmploymentContract.organisation_id)
                .where(col(EmploymentContract.staff_member_id).in_(chunk))).all():
            roles[member_id].add(role)
            sectors[member_id].add(str(sector))
        for team_id, member_id in session.exec(select(
                TeamMember.team_id, TeamMember.staff_member_id).where(
                col(TeamMember.staff_member_id).in_(chunk))).all():
            teams[member_id].add(team_id)
    registered = _registrants(session, ids)
    return {sid: StaffInfo(tuple(sorted(roles[m])), tuple(sorted(sectors[m])),
                           m in registered, tuple(sorted(teams[m])))
            for sid, m in staff_ids.items()}


def _registrants(session: Session, ids: list[int]) -> set[int]:
    found = set()
    for i in range(0, len(ids), 900):
        found |= set(session.exec(select(StaffMember.id).where(
            col(StaffMember.id).in_(ids[i:i + 900]),
            col(StaffMember.registration_body).is_not(None))).all())
    return found


def _visit_teams(session: Session, visit_plans: dict[str, int]) -> dict[str, int]:
    plan_ids = sorted(set(visit_plans.values()))
    team_of = {}
    for i in range(0, len(plan_ids), 900):
        team_of |= dict(session.exec(select(CareVisitPlan.id, CarePackage.team_id).join(
            CarePackage, CarePackage.id == CareVisitPlan.package_id).where(
            col(CareVisitPlan.id).in_(plan_ids[i:i + 900]))).all())
    return {visit: team_of[plan] for visit, plan in visit_plans.items()}


def names(session: Session) -> dict:
    """Names of teams, localities and competences by id, for describing changes."""
    found = {("team", t.id): t.name for t in session.exec(select(Team)).all()}
    found |= {("locality", x.id): x.name for x in session.exec(select(Locality)).all()}
    found |= {("competence", c.id): c.title for c in session.exec(select(Competence)).all()}
    found |= {("code", c.id): c.code for c in session.exec(select(Competence)).all()}
    return found
