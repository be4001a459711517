"""Compliance in SQL: every required cell's status, computed in the database and counted.

A cell is one contract in post × one competence its job role requires. Its status is the one
rule in passports (status_of on the best live entry, DUE_SOON_DAYS; not_held when there is
none; an entry accepted through recognition counts, capped as recognised_valid_until caps it),
written here as SQL so a whole place is counted without loading its passports into Python.
tests/webapp/test_compliance_sql.py holds the SQL to the Python rule cell by cell.
"""

from datetime import date, timedelta

from sqlalchemy import Date, and_, case, func, literal, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from webapp.models import (
    Competence,
    EmploymentContract,
    PassportEntry,
    RoleRequirement,
    StaffMember,
)
from webapp.models.demand import Team, TeamMember
from webapp.models.recognition import CompetenceMapping, RecognitionAcceptance
from webapp.services.passports import DUE_SOON_DAYS


class valid_until_for(FunctionElement):  # noqa: N801 (an SQL function's name)
    """passports.valid_until_for in SQL: achieved + n months (the day clamped to the month's
    end, as relativedelta does) - 1 day; NULL when n is NULL."""

    type = Date()
    inherit_cache = True


@compiles(valid_until_for, "postgresql")
def _valid_until_pg(element, compiler, **kw):
    day, months = (compiler.process(a, **kw) for a in element.clauses)
    return f"CAST({day} + make_interval(months => {months}) - interval '1 day' AS DATE)"


@compiles(valid_until_for, "sqlite")
def _valid_until_sqlite(element, compiler, **kw):
    # SQLite rolls 31 January + 1 month over to 2 March: take the earlier of that and the
    # target month's last day.
    day, months = (compiler.process(a, **kw) for a in element.clauses)
    return (f"date(min(date({day}, '+' || ({months}) || ' months'), "
            f"date({day}, 'start of month', '+' || (({months}) + 1) || ' months', '-1 day')), "
            "'-1 day')")


def _earlier(a, b):
    """The earlier of two dates where NULL means never ending."""
    return case((a.is_(None), b), (b.is_(None), a), (a < b, a), else_=b)


def _later(a, b):
    """The later of two dates where NULL means none (no entry of that kind)."""
    return case((a.is_(None), b), (b.is_(None), a), (a > b, a), else_=b)


def _recognised():
    """Entries accepted through approved mappings, valid no longer than the target allows."""
    target = Competence.__table__.alias("target")
    cap = valid_until_for(PassportEntry.achieved_on, target.c.refresher_months)
    return (select(RecognitionAcceptance.staff_member_id.label("member_id"),
                   RecognitionAcceptance.competence_id.label("competence_id"),
                   RecognitionAcceptance.organisation_id.label("organisation_id"),
                   _earlier(PassportEntry.valid_until, cap).label("valid_until"))
            .join(PassportEntry, PassportEntry.id == RecognitionAcceptance.passport_entry_id)
            .join(CompetenceMapping, CompetenceMapping.id == RecognitionAcceptance.mapping_id)
            .join(target, target.c.id == RecognitionAcceptance.competence_id)
            .where(PassportEntry.revoked.is_(False), CompetenceMapping.approved_at.is_not(None),
                   CompetenceMapping.withdrawn_at.is_(None))
            .subquery("recognised"))


def cells(*, place_id: int, today: date, organisation_id: int | None = None,
          locality_id: int | None = None, team_id: int | None = None,
          job_role: str | None = None):
    """Return a subquery: one row per required cell in scope with its status (and one row
    with no competence and no status for a contract whose role requires nothing)."""
    grouped = _grouped(place_id, today).where(*conditions(organisation_id, locality_id, team_id,
                                                           job_role)).subquery("grouped")
    g = grouped.c
    best = _later(g.held_until, g.recognised_until)
    status = case((g.competence_id.is_(None), None),  # a role that requires nothing
                  (g.held + g.recognised == 0, "not_held"), (g.open_ended > 0, "current"),
                  (best < literal(today, Date), "expired"),
                  (best <= literal(today + timedelta(days=DUE_SOON_DAYS), Date), "expiring"),
                  else_="current")
    return select(g.contract_id, g.member_id, g.organisation_id, g.locality_id, g.job_role,
                  g.competence_id, status.label("status")).subquery("cells")


def _grouped(place_id: int, today: date):
    """Each in-post contract × required competence, with its live and recognised entries."""
    contract, held, recognised = EmploymentContract, PassportEntry, _recognised()
    open_held = case((and_(held.id.is_not(None), held.valid_until.is_(None)), 1), else_=0)
    open_recognised = case((and_(recognised.c.member_id.is_not(None),
                                 recognised.c.valid_until.is_(None)), 1), else_=0)
    keys = (contract.id, contract.staff_member_id, contract.organisation_id,
            StaffMember.home_locality_id, contract.job_role, RoleRequirement.competence_id)
    return (
        select(contract.id.label("contract_id"), contract.staff_member_id.label("member_id"),
               contract.organisation_id.label("organisation_id"),
               StaffMember.home_locality_id.label("locality_id"), contract.job_role,
               RoleRequirement.competence_id, func.count(held.id).label("held"),
               func.count(recognised.c.member_id).label("recognised"),
               (func.sum(open_held) + func.sum(open_recognised)).label("open_ended"),
               func.max(held.valid_until).label("held_until"),
               func.max(recognised.c.valid_until).label("recognised_until"))
        .join(StaffMember, StaffMember.id == contract.staff_member_id)
        .outerjoin(RoleRequirement, and_(
            RoleRequirement.organisation_id == contract.organisation_id,
            RoleRequirement.job_role == contract.job_role))
        .outerjoin(held, and_(held.staff_member_id == contract.staff_member_id,
                              held.competence_id == RoleRequirement.competence_id,
                              held.revoked.is_(False)))
        .outerjoin(recognised, and_(recognised.c.member_id == contract.staff_member_id,
                                    recognised.c.competence_id == RoleRequirement.competence_id,
                                    recognised.c.organisation_id == contract.organisation_id))
        .where(StaffMember.place_id == place_id, contract.starts_on <= today,
               or_(contract.ends_on.is_(None), contract.ends_on >= today))
        .group_by(*keys))


def conditions(organisation_id=None, locality_id=None, team_id=None, job_role=None) -> list:
    """Conditions on the contract: one organisation, one locality, one team, one job role."""
    contract, found = EmploymentContract, []
    if organisation_id is not None:
        found.append(contract.organisation_id == organisation_id)
    if locality_id is not None:
        found.append(StaffMember.home_locality_id == locality_id)
    if team_id is not None:  # uncorrelated, so the database reads the team once
        found.append(contract.staff_member_id.in_(
            select(TeamMember.staff_member_id).where(TeamMember.team_id == team_id)))
        found.append(contract.organisation_id == select(Team.organisation_id).where(
            Team.id == team_id).scalar_subquery())
    if job_role is not None:
        found.append(contract.job_role == job_role)
    return found


def contracts_in(*, place_id: int, today: date, status: str | None = None, **scope):
    """Select (contract, member) in post in scope, by name; status "attention" keeps those
    with any cell not current, another status those with a cell of that status."""
    query = (select(EmploymentContract, StaffMember)
             .join(StaffMember, StaffMember.id == EmploymentContract.staff_member_id)
             .where(StaffMember.place_id == place_id, EmploymentContract.starts_on <= today,
                    or_(EmploymentContract.ends_on.is_(None), EmploymentContract.ends_on >= today),
                    *conditions(**scope)))
    if status is not None:
        found = cells(place_id=place_id, today=today, **scope).c
        wanted = found.status != "current" if status == "attention" else found.status == status
        query = query.where(EmploymentContract.id.in_(select(found.contract_id).where(wanted)))
    return query.order_by(StaffMember.family_name, StaffMember.given_name, StaffMember.id,
                          EmploymentContract.id)


def not_current(session, *, place_id: int, today: date, **scope) -> list[tuple]:
    """Each cell in scope that is expired, due or not held: (organisation, locality, member,
    competence, status). One pass over the cells: current ones (most) never leave SQL."""
    c = cells(place_id=place_id, today=today, **scope).c
    return session.execute(select(c.organisation_id, c.locality_id, c.member_id,
                                  c.competence_id, c.status)
                           .where(c.status.in_(("expired", "expiring", "not_held")))).all()


def members(session, *, place_id: int, today: date, **scope) -> list[tuple]:
    """Each member in post in scope, once per organisation: (organisation, locality, member)."""
    found = contracts_in(place_id=place_id, today=today, **scope).order_by(None).subquery()
    return session.execute(select(found.c.organisation_id, found.c.home_locality_id,
                                  found.c.staff_member_id).distinct()).all()


def required_cells(session, *, place_id: int, today: date, **scope) -> dict[int, int]:
    """How many cells in scope each competence has (contracts in post × requirements)."""
    found = contracts_in(place_id=place_id, today=today, **scope).order_by(None).subquery()
    query = (select(RoleRequirement.competence_id, func.count())
             .join(found, and_(found.c.organisation_id == RoleRequirement.organisation_id,
                               found.c.job_role == RoleRequirement.job_role))
             .group_by(RoleRequirement.competence_id))
    return dict(session.execute(query).all())
