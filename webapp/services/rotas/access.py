"""Which teams and rotas a user may plan: managers their own teams, leads and admins the place."""

from __future__ import annotations

from sqlmodel import Session, select

from webapp.models import PLACE_WIDE, Role
from webapp.models.demand import TeamManager
from webapp.models.rota import Rota
from webapp.services.teams import teams_for


def manageable_team_ids(session: Session, user) -> set[int]:
    """Teams whose rotas this user may generate, change and publish."""
    if user.role in PLACE_WIDE:
        return {team.id for team in teams_for(session, user)}  # their own place's teams only
    if user.role != Role.MANAGER:
        return set()
    return set(session.exec(select(TeamManager.team_id).where(
        TeamManager.user_id == user.id)).all())


def visible_rotas(session: Session, user) -> list[Rota]:
    """Rotas this user may see, newest first."""
    query = select(Rota).where(Rota.place_id == user.place_id)
    if user.role not in PLACE_WIDE:
        query = query.where(Rota.team_id.in_(manageable_team_ids(session, user) or {0}))
    return list(session.exec(query.order_by(Rota.id.desc())).all())


def rota_for(session: Session, user, rota_id: int) -> Rota | None:
    """The rota if this user may see it; None (a 404, never a 403) otherwise."""
    rota = session.get(Rota, rota_id)
    if rota is None or rota.place_id != user.place_id:
        return None
    if user.role in PLACE_WIDE or rota.team_id in manageable_team_ids(session, user):
        return rota
    return None
