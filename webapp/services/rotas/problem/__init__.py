"""The only place that turns rows into solver input: team shifts for the roster engine, home
visits and place-wide plans for the place engine."""

from datetime import timedelta

from sqlmodel import Session, select

from webapp.models.demand import Team, TeamKind
from webapp.models.rota import Rota, RotaAssignment
from webapp.services.rotas.problem.checks import input_problems
from webapp.services.rotas.problem.place import PlaceInput, build_place_input
from webapp.services.rotas.problem.roster import RosterInput, build_roster_input

__all__ = ["PlaceInput", "RosterInput", "build_input", "engine_for", "input_problems",
           "teams_of"]


def engine_for(team: Team | None) -> str:
    """Ward and community shifts go to the roster engine; visits and areas to the place engine."""
    return "roster" if team is not None and team.kind != TeamKind.HOME_CARE else "place"


def teams_of(session: Session, rota: Rota) -> list[Team]:
    """The teams a rota plans: its team, or every team of its locality or of the place."""
    if rota.team_id is not None:
        return [session.get(Team, rota.team_id)]
    query = select(Team)
    if rota.locality_id is not None:
        query = query.where(Team.locality_id == rota.locality_id)
    return list(session.exec(query.order_by(Team.code)).all())


def build_input(session: Session, rota: Rota) -> RosterInput | PlaceInput:
    """The solver input for a rota, from the database as it is now."""
    teams = teams_of(session, rota)
    if rota.engine == "roster":
        return build_roster_input(session, teams[0], rota.starts_on, rota.weeks, rota.id,
                                  rota.fairness or "normal")
    return build_place_input(session, teams, rota.starts_on, rota.weeks, rota.id,
                             rota.fairness or "normal")


def pinned_rows(session: Session, rota: Rota) -> list[RotaAssignment]:
    """Assignments the manager pinned: they stay as they are when the rota is solved again."""
    return list(session.exec(select(RotaAssignment).where(
        RotaAssignment.rota_id == rota.id, RotaAssignment.pinned == True)).all())  # noqa: E712


def horizon_end(rota: Rota):
    return rota.starts_on + timedelta(days=7 * rota.weeks - 1)
