"""Who may use the rota routes: managers (their own teams), workforce leads and admins."""

from webapp.models import Role as R

PLANNERS = {R.MANAGER, R.WORKFORCE_LEAD, R.ADMIN}
EXPECTED = {f"rotas.{name}": PLANNERS for name in (
    "index", "new", "show", "progress", "cancel", "solve", "publish_rota", "cell", "pin",
    "move_visit",
    "compare")}


def sample_args(db) -> dict:
    """A drafted rota of a ward the demo manager manages, with one assignment on it (a visit,
    so that the visit routes have one to act on)."""
    from datetime import UTC, date, datetime, timedelta

    from sqlmodel import select

    from webapp.models import User
    from webapp.models.demand import CareVisitPlan
    from webapp.models.rota import Rota, RotaAssignment

    from .rota_factories import make_ward

    manager = db.exec(select(User).where(User.email == "manager@demo.place")).one()
    team = make_ward(db, code="WALK", size=3, manager_email=manager.email)
    start = date.today() + timedelta(days=7)
    rota = Rota(place_id=manager.place_id, team_id=team.id, starts_on=start, weeks=1,
                engine="roster", status="draft", created_by_user_id=manager.id,
                created_at=datetime.now(UTC))
    db.add(rota)
    db.flush()
    moment = datetime.combine(start, datetime.min.time(), UTC) + timedelta(hours=7)
    row = RotaAssignment(rota_id=rota.id, staff_member_id=manager.staff_member_id,
                         organisation_id=team.organisation_id, day=start, starts_at=moment,
                         ends_at=moment + timedelta(hours=8),
                         visit_plan_id=db.exec(select(CareVisitPlan.id)).first())
    db.add(row)
    db.commit()
    return {"rota_id": rota.id, "assignment_id": row.id}
