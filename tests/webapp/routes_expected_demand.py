"""Who may use the leave and team-demand routes."""

from sqlmodel import select

from webapp.models import User
from webapp.models.demand import TeamManager
from webapp.models.leave import Leave, LeaveStatus

from .routes_expected import R

MEMBERS = {R.CARE_WORKER, R.REGISTERED_PROFESSIONAL, R.MANAGER}
DECIDERS = {R.MANAGER, R.WORKFORCE_LEAD, R.ADMIN}

EXPECTED = {
    "leave.mine": MEMBERS,
    "leave.cancel": MEMBERS,
    "leave.index": DECIDERS,
    "leave.show": DECIDERS,
    "leave.decide": DECIDERS,
    "teams.index": DECIDERS,
    "teams.demand": DECIDERS,
}


def sample_args(db) -> dict:
    """The demo carer's waiting request and the demo manager's branch (both theirs to see)."""
    carer = db.exec(select(User).where(User.email == "carer@demo.place")).one()
    manager = db.exec(select(User).where(User.email == "manager@demo.place")).one()
    leave = db.exec(select(Leave).where(Leave.staff_member_id == carer.staff_member_id,
                                        Leave.status == LeaveStatus.REQUESTED)).first()
    team = db.exec(select(TeamManager).where(TeamManager.user_id == manager.id)).first()
    return {"leave_id": leave.id, "team_id": team.team_id}
