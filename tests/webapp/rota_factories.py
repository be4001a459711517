"""Cheap factories for rota tests: a ward with templates and cover, a home-care team with
packages, built from the demo place's own staff."""

from datetime import time

from sqlmodel import Session, select

from webapp.models import (
    Competence,
    EmploymentContract,
    Organisation,
    PersonReceivingCare,
    Sector,
    StaffMember,
    User,
)
from webapp.models.demand import (
    CarePackage,
    CareVisitPlan,
    CoverRequirement,
    ShiftTemplate,
    Team,
    TeamKind,
    TeamManager,
    TeamMember,
)

WARD_TEMPLATES = (("E", "Early", time(7), time(15), 30), ("L", "Late", time(13), time(21, 30), 30),
                  ("N", "Night", time(21), time(7, 30), 30))


def _org(session: Session, sector: Sector) -> Organisation:
    return session.exec(select(Organisation).where(Organisation.sector == sector)).first()


def staff_of(session: Session, org: Organisation, roles: tuple[str, ...], count: int) -> list:
    rows = session.exec(select(StaffMember.id).join(
        EmploymentContract, EmploymentContract.staff_member_id == StaffMember.id).where(
        EmploymentContract.organisation_id == org.id,
        EmploymentContract.job_role.in_(roles)).order_by(StaffMember.id)).all()
    return list(dict.fromkeys(rows))[:count]


def make_team(session: Session, *, kind=TeamKind.WARD, code="W1", members=(),
              manager_email=None, sector=Sector.NHS_TRUST) -> Team:
    org = _org(session, sector)
    member = session.get(StaffMember, members[0]) if members else None
    team = Team(organisation_id=org.id, code=code, name=f"Team {code}", kind=kind,
                locality_id=member.home_locality_id if member else 1)
    session.add(team)
    session.flush()
    session.add_all(TeamMember(team_id=team.id, staff_member_id=m) for m in members)
    if manager_email:
        user = session.exec(select(User).where(User.email == manager_email)).one()
        session.add(TeamManager(team_id=team.id, user_id=user.id))
    session.flush()
    return team


def make_ward(session: Session, *, code="W1", size=12, minimum=2, manager_email=None) -> Team:
    """A ward of `size` trust staff with early, late and night needing `minimum` each."""
    org = _org(session, Sector.NHS_TRUST)
    members = staff_of(session, org, ("Registered nurse", "Healthcare support worker",
                                      "Senior staff nurse", "Nursing associate"), size)
    team = make_team(session, code=code, members=members, manager_email=manager_email)
    for shift, name, starts, ends, unpaid in WARD_TEMPLATES:
        template = ShiftTemplate(team_id=team.id, code=shift, name=name, starts=starts,
                                 ends=ends, unpaid_break_minutes=unpaid)
        session.add(template)
        session.flush()
        session.add_all(CoverRequirement(team_id=team.id, shift_template_id=template.id,
                                         weekday=d, minimum=minimum, preferred=minimum + 1)
                        for d in range(7))
    session.flush()
    return team


def make_home_care(session: Session, *, code="HC1", size=8, visits_per_person=2, people=10,
                   manager_email=None) -> Team:
    """A council home-care team visiting `people` people `visits_per_person` times a day."""
    org = _org(session, Sector.COUNCIL_ASC)
    members = staff_of(session, org, ("Home care worker", "Senior home care worker",
                                      "Reablement support worker"), size)
    team = make_team(session, kind=TeamKind.HOME_CARE, code=code, members=members,
                     manager_email=manager_email, sector=Sector.COUNCIL_ASC)
    persons = session.exec(select(PersonReceivingCare).order_by(PersonReceivingCare.id)).all()
    for person in persons[:people]:
        person.latitude, person.longitude = 52.0 + person.locality_id / 100, -1.5
        package = CarePackage(person_id=person.id, team_id=team.id, funder="council",
                              starts_on=_monday(), priority=2)
        session.add(package)
        session.flush()
        windows = [(time(7, 30), time(9)), (time(12), time(13)), (time(17), time(18))]
        session.add_all(CareVisitPlan(package_id=package.id, weekdays=0b1111111,
                                      earliest_start=a, latest_start=b, duration_minutes=30)
                        for a, b in windows[:visits_per_person])
    session.flush()
    return team


def _monday():
    from datetime import date, timedelta

    today = date.today()
    return today - timedelta(days=today.weekday())


def competence_id(session: Session, code: str) -> int:
    return session.exec(select(Competence.id).where(Competence.code == code)).one()


def _only_theirs(session: Session, organisation_id: int, count: int) -> list[int]:
    """Staff employed by this organisation alone, in no team yet, with no sign-in."""
    from sqlalchemy import func

    alone = select(EmploymentContract.staff_member_id).group_by(
        EmploymentContract.staff_member_id).having(
        func.count(EmploymentContract.id) == 1,
        func.max(EmploymentContract.organisation_id) == organisation_id)
    in_team = select(TeamMember.staff_member_id)
    signs_in = select(User.staff_member_id).where(User.staff_member_id.is_not(None))
    return list(session.exec(alone.where(
        EmploymentContract.staff_member_id.not_in(in_team),
        EmploymentContract.staff_member_id.not_in(signs_in))).all())[:count]


def owned_by(session: Session, organisation_id: int, manager_email: str) -> dict:
    """Rota, team and leave ids belonging to one organisation: a team of its own staff that
    `manager_email` manages, a drafted rota with one assignment, and a waiting leave request."""
    from datetime import UTC, date, datetime, timedelta

    from webapp.models.leave import Leave
    from webapp.models.rota import Rota, RotaAssignment

    org = session.get(Organisation, organisation_id)
    members = _only_theirs(session, organisation_id, 3)
    team = make_team(session, code=f"OWN{organisation_id}", members=members,
                     manager_email=manager_email, sector=Sector(org.sector))
    manager = session.exec(select(User).where(User.email == manager_email)).one()
    start = date.today() + timedelta(days=7)
    rota = Rota(place_id=manager.place_id, team_id=team.id, starts_on=start, weeks=1,
                engine="roster", status="draft", created_by_user_id=manager.id,
                created_at=datetime.now(UTC))
    session.add(rota)
    session.flush()
    at = datetime.combine(start, datetime.min.time(), UTC) + timedelta(hours=7)
    from webapp.models.demand import CareVisitPlan

    row = RotaAssignment(rota_id=rota.id, staff_member_id=members[0],
                         organisation_id=organisation_id, day=start, starts_at=at,
                         ends_at=at + timedelta(hours=8),  # a visit: every rota route applies
                         visit_plan_id=session.exec(select(CareVisitPlan.id)).first())
    leave = Leave(staff_member_id=members[0], kind="annual_leave", starts_on=start,
                  ends_on=start + timedelta(days=1), requested_at=datetime.now(UTC))
    session.add_all([row, leave])
    session.commit()
    return {"rota_id": rota.id, "assignment_id": row.id, "team_id": team.id,
            "leave_id": leave.id}
