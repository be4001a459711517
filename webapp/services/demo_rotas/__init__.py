"""Demand for the demo place: teams and their managers, shift templates, cover, people
receiving care with care packages, and leave. Same seed and day, same demand.

Sized so that at 2,500 staff the demo manager's home-care branch has about 150 carers and
2,500 visits a week and the trust's ward about 40 staff; smaller places scale down.
"""

import random
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from webapp.models import PersonReceivingCare, Role, Sector, User
from webapp.models.demand import Team, TeamKind, TeamManager, TeamMember
from webapp.services.demo_rotas import data
from webapp.services.demo_rotas.cover import add_templates_and_cover
from webapp.services.demo_rotas.leave import add_leave
from webapp.services.demo_rotas.packages import (
    HomeCare,
    active_delegations,
    locality_centres,
    place_people,
    plan_packages,
)
from webapp.services.demo_rotas.team_plan import TeamDraft, plan_teams
from webapp.services.demo_staff import DEMO_INDEX

WARD_MANAGER_EMAIL = "wardmanager@demo.place"


@dataclass(frozen=True)
class DemandSummary:
    teams: int
    team_members: int
    cover_requirements: int
    people: int
    packages: int
    visits_per_week: int
    leave: int


def build_demand(session: Session, rng: random.Random, *, place, plan, member_ids, orgs,
                 localities, codes: dict, today: date) -> DemandSummary:
    """Add the demo place's demand; call after its staff, delegations and sign-ins exist."""
    drafts = plan_teams(rng, plan, orgs, localities)
    teams = _insert_teams(session, drafts, member_ids)
    cover = sum(add_templates_and_cover(session, team, len(draft.members), codes)
                for team, draft in teams)
    _managers(session, teams, plan, member_ids, orgs)
    centres = locality_centres(place.name, localities)
    people = place_people(session, rng, centres)
    home_care = [HomeCare(team, [member_ids[i] for i in draft.members],
                          round(data.VISITS_PER_CARER_WEEK * len(draft.members)))
                 for team, draft in teams if team.kind == TeamKind.HOME_CARE]
    packages, visits = plan_packages(
        session, rng, people=people, teams=home_care, delegations=active_delegations(session),
        centres=centres, codes=codes, today=today, demo_carer_id=member_ids[DEMO_INDEX["carer"]])
    waiting = [member_ids[DEMO_INDEX["carer"]]] + _ward_member(teams, member_ids)
    leave = add_leave(session, rng, member_ids=member_ids, today=today, waiting_for=waiting)
    session.flush()
    people_count = session.exec(select(func.count()).select_from(PersonReceivingCare)).one()
    return DemandSummary(len(teams), sum(len(d.members) for _, d in teams), cover,
                         people_count, packages, visits, leave)


def _insert_teams(session, drafts: list[TeamDraft], member_ids) -> list[tuple[Team, TeamDraft]]:
    teams = [(Team(code=d.code, name=d.name, kind=d.kind, organisation_id=d.organisation_id,
                   locality_id=d.locality_id), d) for d in drafts]
    session.add_all(team for team, _ in teams)
    session.flush()
    session.add_all(TeamMember(team_id=team.id, staff_member_id=member_ids[i])
                    for team, draft in teams for i in draft.members)
    return teams


def _managers(session, teams, plan, member_ids, orgs) -> None:
    """The demo manager runs the branch; a new ward manager sign-in runs the ward."""
    by_demo = {draft.demo: team for team, draft in teams if draft.demo}
    manager = session.exec(select(User).where(User.email == "manager@demo.place")).one()
    session.add(TeamManager(team_id=by_demo["branch"].id, user_id=manager.id))
    trust = next(o for o in orgs if o.sector == Sector.NHS_TRUST)
    index = next((i for i, p in enumerate(plan) if i >= len(DEMO_INDEX)
                  and p.contracts[0]["organisation_id"] == trust.id
                  and p.contracts[0]["job_role"] == "Ward manager"), None)
    if index is None or "ward" not in by_demo:
        return  # a place too small for a ward manager: no ward sign-in
    ward_manager = User(email=WARD_MANAGER_EMAIL, password_hash=manager.password_hash,
                        role=Role.MANAGER, place_id=manager.place_id, organisation_id=trust.id,
                        staff_member_id=member_ids[index])
    session.add(ward_manager)
    session.flush()
    session.add(TeamManager(team_id=by_demo["ward"].id, user_id=ward_manager.id))


def _ward_member(teams, member_ids) -> list[int]:
    """A ward member with a request waiting, so the ward manager has one to decide."""
    ward = [draft for _, draft in teams if draft.demo == "ward"]
    return [member_ids[ward[0].members[-1]]] if ward else []
