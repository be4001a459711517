"""A carer's daily visit list: times, the person's reference (never a name), where, what,
the delegation behind a delegated activity, the double-up partner and travel between."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from webapp.models import Competence, Delegation, Locality, PersonReceivingCare, StaffMember
from webapp.models.delegation import DelegationStatus
from webapp.models.demand import CarePackage, CareVisitPlan
from webapp.models.rota import Rota, RotaAssignment
from webapp.services.rotas.clock import wall_clock


@dataclass(frozen=True)
class Visit:
    starts: datetime  # wall-clock time in England
    ends: datetime
    person: str  # the pseudonymous reference
    locality: str
    map_reference: str
    tasks: str
    activity: str | None  # a delegated healthcare activity, if the visit has one
    delegation: str | None  # its delegation's reference
    review_by: date | None
    partner: str | None
    travel_minutes: int


@dataclass(frozen=True)
class CarerDay:
    carer: StaffMember
    visits: list[Visit]

    @property
    def travel_minutes(self) -> int:
        return sum(v.travel_minutes for v in self.visits)


def day_lists(session: Session, rota: Rota, day: date, *, locality_id: int | None = None,
              carer_id: int | None = None) -> list[CarerDay]:
    """Each carer's visits on `day`, in time order, for one locality or one carer."""
    query = select(RotaAssignment).where(RotaAssignment.rota_id == rota.id,
                                         RotaAssignment.day == day,
                                         col(RotaAssignment.visit_plan_id).is_not(None))
    found = list(session.exec(query.order_by(RotaAssignment.starts_at)).all())
    mine = [a for a in found if (locality_id is None or a.locality_id == locality_id)
            and (carer_id is None or a.staff_member_id == carer_id)]
    return _lists(session, found, mine)


def _lists(session: Session, everyone: list, mine: list) -> list[CarerDay]:
    plans = _plans(session, {a.visit_plan_id for a in mine})
    staff = _staff(session, {a.staff_member_id for a in everyone if a.visit_plan_id in plans})
    delegations = _delegations(session, {a.staff_member_id for a in mine})
    localities = dict(session.exec(select(Locality.id, Locality.name)).all())
    on_visit = defaultdict(list)
    for a in everyone:
        on_visit[a.visit_plan_id].append(a.staff_member_id)
    by_carer = defaultdict(list)
    for a in mine:
        plan, person, activity = plans[a.visit_plan_id]
        partner = next((staff[o].full_name for o in on_visit[a.visit_plan_id]
                        if o != a.staff_member_id), None)
        held = delegations.get((a.staff_member_id, person.id, plan.activity_id))
        by_carer[a.staff_member_id].append(Visit(
            wall_clock(a.starts_at), wall_clock(a.ends_at), person.reference,
            localities.get(person.locality_id, ""), _map_reference(person), plan.tasks, activity,
            f"DEL-{held.id:05d}" if held else None, held.review_by if held else None, partner,
            a.travel_minutes))
    days = [CarerDay(staff[sid], visits) for sid, visits in by_carer.items()]
    return sorted(days, key=lambda d: (d.carer.family_name, d.carer.given_name))


def _map_reference(person: PersonReceivingCare) -> str:
    """Where the visit is, as a latitude and longitude a phone's map opens."""
    if person.latitude is None or person.longitude is None:
        return ""
    return f"{person.latitude:.4f}, {person.longitude:.4f}"


def _plans(session: Session, plan_ids: set) -> dict:
    rows = session.exec(select(CareVisitPlan, PersonReceivingCare, Competence.title).join(
        CarePackage, CarePackage.id == CareVisitPlan.package_id).join(
        PersonReceivingCare, PersonReceivingCare.id == CarePackage.person_id).outerjoin(
        Competence, Competence.id == CareVisitPlan.activity_id).where(
        col(CareVisitPlan.id).in_(plan_ids or {0}))).all()
    return {plan.id: (plan, person, activity) for plan, person, activity in rows}


def _staff(session: Session, ids: set) -> dict[int, StaffMember]:
    return {m.id: m for m in session.exec(select(StaffMember).where(
        col(StaffMember.id).in_(ids or {0}))).all()}


def _delegations(session: Session, carer_ids: set) -> dict:
    """Active delegations of these carers, by (carer, person, activity)."""
    rows = session.exec(select(Delegation).where(
        col(Delegation.care_worker_id).in_(carer_ids or {0}),
        Delegation.status == DelegationStatus.ACTIVE)).all()
    return {(d.care_worker_id, d.person_id, d.activity_id): d for d in rows}


HEADER = ["Carer", "Date", "Start", "End", "Person reference", "Locality", "Map reference",
          "Tasks", "Delegated activity", "Delegation", "Review by", "Double-up partner",
          "Travel before (minutes)"]


def csv_rows(days: list[CarerDay]) -> list[list]:
    """The visit lists as CSV rows, one visit a row."""
    return [[d.carer.full_name, f"{v.starts:%Y-%m-%d}", f"{v.starts:%H:%M}", f"{v.ends:%H:%M}",
             v.person, v.locality, v.map_reference, v.tasks, v.activity or "",
             v.delegation or "", v.review_by.isoformat() if v.review_by else "",
             v.partner or "", v.travel_minutes] for d in days for v in d.visits]
