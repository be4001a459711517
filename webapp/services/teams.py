"""Teams: who may see and manage which team, and the shift templates a new team starts with."""

from dataclasses import dataclass
from datetime import time

from sqlalchemy import func
from sqlmodel import Session, select

from webapp.models import PLACE_WIDE, Locality, Organisation, Role
from webapp.models.demand import Team, TeamKind, TeamManager, TeamMember


@dataclass(frozen=True)
class TeamSummary:
    team: Team
    organisation: str
    locality: str
    members: int


@dataclass(frozen=True)
class TemplateDefault:
    code: str
    name: str
    starts: time
    ends: time  # at or before `starts`: ends the next day
    unpaid_break_minutes: int


# DOMAIN.md §5: typical ward and community shifts. Home care is planned as visits, not shifts.
DEFAULT_TEMPLATES = {
    TeamKind.WARD: (
        TemplateDefault("E", "Early", time(7), time(15), 30),
        TemplateDefault("L", "Late", time(13), time(21, 30), 30),
        TemplateDefault("N", "Night", time(21), time(7, 30), 45),
        TemplateDefault("LD", "Long day", time(7), time(19, 30), 60),
    ),
    TeamKind.COMMUNITY: (
        TemplateDefault("CD", "Community day", time(8), time(16, 30), 30),
        TemplateDefault("TW", "Twilight", time(16), time(23), 20),
    ),
    TeamKind.HOME_CARE: (),
}


def default_templates(kind: str) -> tuple[TemplateDefault, ...]:
    """Return the shift templates a new team of this kind starts with."""
    return DEFAULT_TEMPLATES[TeamKind(kind)]


def teams_for(session: Session, user) -> list[Team]:
    """Return the teams a user may see: a manager's own; every team in the place for leads."""
    query = select(Team).join(Organisation, Organisation.id == Team.organisation_id).where(
        Organisation.place_id == user.place_id)
    if user.role == Role.MANAGER:
        query = query.join(TeamManager, TeamManager.team_id == Team.id).where(
            TeamManager.user_id == user.id)
    elif user.role not in PLACE_WIDE:
        return []
    return list(session.exec(query.order_by(Team.name, Team.id)))


def may_manage_team(session: Session, user, team_id: int) -> bool:
    """Say whether a user may plan this team's demand and rotas."""
    return find_team(session, user, team_id) is not None


def find_team(session: Session, user, team_id: int) -> Team | None:
    """Return the team if the user may manage it, else None (the view answers 404)."""
    team = session.get(Team, team_id)
    if team is None or session.get(Organisation, team.organisation_id).place_id != user.place_id:
        return None
    if user.role in PLACE_WIDE:
        return team
    if user.role != Role.MANAGER:
        return None
    managed = session.exec(select(TeamManager.id).where(
        TeamManager.team_id == team_id, TeamManager.user_id == user.id)).first()
    return team if managed is not None else None


def managed_team_ids(session: Session, user) -> set[int]:
    """Return the ids of the teams a user may manage."""
    return {team.id for team in teams_for(session, user)}


def summaries(session: Session, user) -> list[TeamSummary]:
    """The teams a user may see, with their organisation, locality and headcount."""
    teams = teams_for(session, user)
    ids = [t.id for t in teams]
    counts = dict(session.exec(select(TeamMember.team_id, func.count()).where(
        TeamMember.team_id.in_(ids)).group_by(TeamMember.team_id)).all())
    orgs = {o.id: o.name for o in session.exec(select(Organisation).where(
        Organisation.place_id == user.place_id))}
    places = {loc.id: loc.name for loc in session.exec(select(Locality).where(
        Locality.place_id == user.place_id))}
    return [TeamSummary(t, orgs[t.organisation_id], places[t.locality_id], counts.get(t.id, 0))
            for t in teams]
