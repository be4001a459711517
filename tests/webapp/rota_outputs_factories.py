"""A published ward rota and a published home-care day, built row by row (no solve), so the
outputs can be checked against exactly what was published."""

from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import select

from webapp.models import User
from webapp.models.demand import CareVisitPlan, ShiftTemplate
from webapp.models.rota import Rota, RotaAssignment, RotaGap
from webapp.services.rotas import publish
from webapp.services.rotas.clock import stored

from .rota_factories import make_home_care, make_ward

MANAGER = "manager@demo.place"
REASONS = ("Nobody holding Medicines administration is free: all are on leave",
           "=HYPERLINK(\"http://evil\") every candidate would break the 11-hour rest")


def monday(weeks_ahead: int = 1) -> date:
    today = date.today()
    return today + timedelta(days=7 * weeks_ahead - today.weekday())


def _rota(db, team, start: date, weeks: int, engine: str) -> Rota:
    manager = db.exec(select(User).where(User.email == MANAGER)).one()
    rota = Rota(place_id=manager.place_id, team_id=team.id, starts_on=start, weeks=weeks,
                engine=engine, status="draft", created_by_user_id=manager.id,
                created_at=datetime.now(UTC))
    db.add(rota)
    db.flush()
    return rota


def shift(db, rota, staff_id, day: date, template: ShiftTemplate, org_id: int):
    """Put one person on one shift, its times in England's wall clock."""
    starts = datetime.combine(day, template.starts)
    ends = datetime.combine(day + timedelta(days=template.ends <= template.starts),
                            template.ends)
    row = RotaAssignment(rota_id=rota.id, staff_member_id=staff_id, organisation_id=org_id,
                         day=day, starts_at=stored(starts), ends_at=stored(ends),
                         shift_template_id=template.id)
    db.add(row)
    return row


def published_ward(db, *, size=6, weeks=1, start=None, code="PW1", extra_staff=(),
                   publish=True):
    """A ward rota with everyone on an early or a night five days in seven, two gaps,
    published (or left a draft for a manager to publish)."""
    team = make_ward(db, code=code, size=size, manager_email=MANAGER)
    templates = {t.code: t for t in db.exec(select(ShiftTemplate).where(
        ShiftTemplate.team_id == team.id)).all()}
    rota = _rota(db, team, start or monday(), weeks, "roster")
    members = list(dict.fromkeys([r.staff_member_id for r in _members(db, team)] +
                                 list(extra_staff)))
    for d in range(7 * weeks):
        day = rota.starts_on + timedelta(days=d)
        for i, sid in enumerate(members):
            if (d + i) % 7 < 5:
                shift(db, rota, sid, day, templates["N" if i % 3 == 0 else "E"],
                      team.organisation_id)
    for k, reason in enumerate(REASONS):
        day = rota.starts_on + timedelta(days=k)
        t = templates["L"]
        db.add(RotaGap(rota_id=rota.id, day=day, starts_at=stored(datetime.combine(day, t.starts)),
                       ends_at=stored(datetime.combine(day, t.ends)), shift_template_id=t.id,
                       reason=reason))
    if not publish:
        db.commit()
        return rota, team
    return _publish(db, rota), team


def _members(db, team):
    from webapp.models.demand import TeamMember

    return db.exec(select(TeamMember).where(TeamMember.team_id == team.id)
                   .order_by(TeamMember.id)).all()


def _publish(db, rota):
    manager = db.exec(select(User).where(User.email == MANAGER)).one()
    db.flush()
    publish.publish(db, manager, rota, rota.lock_version)
    db.commit()
    return rota


def published_visits(db, *, day=None, code="PH1", size=4, people=6, visits_per_person=1):
    """A home-care day: each carer visits people in turn; the first visit is a double-up."""
    team = make_home_care(db, code=code, size=size, people=people,
                          visits_per_person=visits_per_person, manager_email=MANAGER)
    day = day or monday()
    rota = _rota(db, team, day, 1, "place")
    carers = [r.staff_member_id for r in _members(db, team)]
    plans = db.exec(select(CareVisitPlan).join_from(CareVisitPlan, _package()).where(
        _package().team_id == team.id).order_by(CareVisitPlan.id)).all()
    for n, plan in enumerate(plans):
        at = datetime.combine(day, time(8)) + timedelta(minutes=45 * (n // len(carers)))
        for carer in (carers[:2] if n == 0 else [carers[n % len(carers)]]):
            db.add(RotaAssignment(rota_id=rota.id, staff_member_id=carer,
                                  organisation_id=team.organisation_id,
                                  locality_id=team.locality_id, day=day, starts_at=stored(at),
                                  ends_at=stored(at + timedelta(minutes=30)),
                                  visit_plan_id=plan.id, travel_minutes=10 * (n > 0)))
    return _publish(db, rota), team


def _package():
    from webapp.models.demand import CarePackage

    return CarePackage
