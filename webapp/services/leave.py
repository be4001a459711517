"""Leave: staff request it, their managers decide, seeing first what it would leave uncovered."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, select

from webapp.models import PLACE_WIDE, PersonReceivingCare, Role, StaffMember
from webapp.models.demand import CarePackage, CareVisitPlan, ShiftTemplate, Team, TeamMember
from webapp.models.leave import Leave, LeaveKind, LeaveStatus
from webapp.models.rota import Rota, RotaAssignment, RotaStatus
from webapp.services import audit
from webapp.services.problems import Problem, Problems
from webapp.services.teams import managed_team_ids

MAX_DAYS = 60  # a longer absence is not "leave" to approve here: HR handles it
HOLDING = (LeaveStatus.REQUESTED, LeaveStatus.APPROVED)  # requests that block their dates


@dataclass(frozen=True)
class Uncovered:
    """A published shift or visit the leave would leave without this person."""

    day: date
    starts_at: datetime
    ends_at: datetime
    team: str
    what: str


def problems_with(*, starts_on: date, ends_on: date, today: date, holding: list[Leave]) -> list:
    """List every reason the dates cannot be requested (empty when they can)."""
    problems = []
    if starts_on < today:
        problems.append(Problem("starts_on", "The first day must be today or later"))
    if ends_on < starts_on:
        problems.append(Problem("ends_on", "The last day must be the same as or after the "
                                           "first day"))
    elif (ends_on - starts_on).days + 1 > MAX_DAYS:
        problems.append(Problem("ends_on", f"Leave can be at most {MAX_DAYS} days: ask your "
                                           "manager about a longer absence"))
    for other in holding:
        if other.starts_on <= ends_on and starts_on <= other.ends_on:
            problems.append(Problem("starts_on", "These dates overlap your "
                                    f"{LeaveStatus(other.status).value} "
                                    f"{LeaveKind(other.kind).label.lower()} from "
                                    f"{other.starts_on:%-d %B} to {other.ends_on:%-d %B %Y}"))
    return problems


def request_leave(session: Session, *, member_id: int, kind: str, starts_on: date,
                  ends_on: date, note: str, actor, today: date, now: datetime,
                  request_id: str | None = None) -> Leave:
    """Record a leave request; raise Problems listing every problem with it."""
    holding = list(session.exec(select(Leave).where(
        Leave.staff_member_id == member_id, Leave.status.in_(HOLDING))))
    problems = problems_with(starts_on=starts_on, ends_on=ends_on, today=today, holding=holding)
    if problems:
        raise Problems(problems)
    leave = Leave(staff_member_id=member_id, kind=LeaveKind(kind), starts_on=starts_on,
                  ends_on=ends_on, note=note.strip(), requested_at=now)
    session.add(leave)
    session.flush()
    _audit(session, "leave.request", leave, actor, request_id)
    return leave


def cancel(session: Session, *, leave: Leave, actor, request_id: str | None = None) -> None:
    """Withdraw a request still waiting for a decision."""
    _still_waiting(leave)
    leave.status = LeaveStatus.CANCELLED
    session.add(leave)
    session.flush()
    _audit(session, "leave.cancel", leave, actor, request_id)


def decide(session: Session, *, leave: Leave, approve: bool, actor, now: datetime,
           request_id: str | None = None) -> Leave:
    """Approve or decline a waiting request."""
    _still_waiting(leave)
    leave.status = LeaveStatus.APPROVED if approve else LeaveStatus.DECLINED
    leave.decided_by_user_id, leave.decided_at = actor.id, now
    session.add(leave)
    session.flush()
    _audit(session, "leave.approve" if approve else "leave.decline", leave, actor, request_id)
    return leave


def _still_waiting(leave: Leave) -> None:
    if leave.status != LeaveStatus.REQUESTED:
        raise Problems([Problem("decision", "This request has already been "
                                     f"{leave.status}: nothing was changed")])


def _audit(session, action: str, leave: Leave, actor, request_id) -> None:
    audit.record(session, actor=actor, action=action, entity="leave", entity_id=leave.id,
                 staff_member_id=leave.staff_member_id, request_id=request_id,
                 after={"kind": leave.kind, "starts_on": leave.starts_on,
                        "ends_on": leave.ends_on, "status": leave.status})


def uncovered_by(session: Session, *, staff_member_id: int, starts_on: date,
                 ends_on: date) -> list[Uncovered]:
    """Return the published shifts and visits the person is on within the dates."""
    query = (select(RotaAssignment, Rota, ShiftTemplate, CarePackage, PersonReceivingCare,
                    CareVisitPlan)
             .outerjoin(ShiftTemplate, ShiftTemplate.id == RotaAssignment.shift_template_id)
             .outerjoin(CareVisitPlan, CareVisitPlan.id == RotaAssignment.visit_plan_id)
             .outerjoin(CarePackage, CarePackage.id == CareVisitPlan.package_id)
             .outerjoin(PersonReceivingCare, PersonReceivingCare.id == CarePackage.person_id))
    query = _within_published(query, staff_member_id, starts_on, ends_on)
    rows = list(session.exec(query.order_by(RotaAssignment.starts_at, RotaAssignment.id)))
    names = {t.id: t.name for t in session.exec(select(Team))}
    return [_uncovered(row, names) for row in rows]


def _uncovered(row, team_names: dict) -> Uncovered:
    assignment, rota, template, package, person, plan = row
    team_id = (template.team_id if template else package.team_id if package else rota.team_id)
    if template:
        what = f"{template.name} shift"
    elif plan:
        what = f"Visit to {person.reference}: {plan.tasks}" if plan.tasks else \
            f"Visit to {person.reference}"
    else:
        what = "Shift"
    return Uncovered(assignment.day, assignment.starts_at, assignment.ends_at,
                     team_names.get(team_id, "Place-wide rota"), what)


def requests_of(session: Session, member_id: int) -> list[Leave]:
    """A member's own requests, latest first."""
    return list(session.exec(select(Leave).where(Leave.staff_member_id == member_id)
                             .order_by(Leave.starts_on.desc(), Leave.id.desc())))


@dataclass(frozen=True)
class LeaveRow:
    leave: Leave
    member: StaffMember
    uncovered: int  # published shifts and visits it would leave uncovered


def to_decide(session: Session, user, *, waiting: bool = True, limit: int = 200) -> list:
    """Requests from staff whose leave this user decides: waiting ones, or recent decisions."""
    statuses = [LeaveStatus.REQUESTED] if waiting else [LeaveStatus.APPROVED,
                                                         LeaveStatus.DECLINED]
    order = (Leave.starts_on, Leave.id) if waiting else (Leave.decided_at.desc(), Leave.id.desc())
    rows = list(session.exec(
        select(Leave, StaffMember).join(StaffMember, StaffMember.id == Leave.staff_member_id)
        .where(Leave.status.in_(statuses), Leave.staff_member_id.in_(_decidable(session, user)))
        .order_by(*order).limit(limit)))
    counts = _uncovered_counts(session, [leave.id for leave, _ in rows])
    return [LeaveRow(leave, member, counts.get(leave.id, 0)) for leave, member in rows]


def _within_published(query, staff_id, first_day, last_day):
    """The one rule: a published rota's assignment for the person between the two days."""
    return (query.join(Rota, Rota.id == RotaAssignment.rota_id)
            .where(Rota.status == RotaStatus.PUBLISHED,
                   RotaAssignment.staff_member_id == staff_id,
                   RotaAssignment.day >= first_day, RotaAssignment.day <= last_day))


def _uncovered_counts(session: Session, leave_ids: list[int]) -> dict[int, int]:
    if not leave_ids:
        return {}
    query = select(Leave.id, func.count(RotaAssignment.id)).select_from(Leave).join(
        RotaAssignment, RotaAssignment.staff_member_id == Leave.staff_member_id)
    query = _within_published(query, Leave.staff_member_id, Leave.starts_on, Leave.ends_on)
    return dict(session.exec(query.where(Leave.id.in_(leave_ids)).group_by(Leave.id)).all())


def _decidable(session: Session, user):
    """A query of the staff whose leave this user decides (never their own)."""
    query = select(StaffMember.id).where(StaffMember.place_id == user.place_id)
    if user.role not in PLACE_WIDE:
        teams = managed_team_ids(session, user) if user.role == Role.MANAGER else set()
        query = query.join(TeamMember, TeamMember.staff_member_id == StaffMember.id).where(
            TeamMember.team_id.in_(teams))
    if user.staff_member_id is not None:
        query = query.where(StaffMember.id != user.staff_member_id)
    return query


def find_to_decide(session: Session, user, leave_id: int) -> Leave | None:
    """The request if this user decides it, else None (the view answers 404)."""
    return session.exec(select(Leave).where(
        Leave.id == leave_id, Leave.staff_member_id.in_(_decidable(session, user)))).first()


def find_own(session: Session, user, leave_id: int | None) -> Leave | None:
    """The signed-in member's own request, else None."""
    leave = session.get(Leave, leave_id) if leave_id else None
    if leave is None or leave.staff_member_id != user.staff_member_id:
        return None
    return leave
