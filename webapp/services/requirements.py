"""What each organisation requires per job role, and its list of training about to expire."""

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from webapp.models import (
    Competence,
    EmploymentContract,
    Organisation,
    PassportEntry,
    RoleRequirement,
    StaffMember,
)
from webapp.services import audit
from webapp.services.catalogue import list_catalogue
from webapp.services.passports import best_entry, status_of

EXPIRY_WINDOWS = (60, 30, 0)


@dataclass(frozen=True)
class RoleRequirements:
    job_role: str
    requirements: list[tuple[RoleRequirement, Competence]]


def by_job_role(session: Session, organisation_id: int) -> list[RoleRequirements]:
    """Return each job role in the organisation (required or in post) with its requirements."""
    rows = session.exec(
        select(RoleRequirement, Competence)
        .join(Competence, Competence.id == RoleRequirement.competence_id)
        .where(RoleRequirement.organisation_id == organisation_id))
    grouped: dict[str, list] = {role: [] for role in _roles_in_post(session, organisation_id)}
    for requirement, competence in rows:
        grouped.setdefault(requirement.job_role, []).append((requirement, competence))
    order = {c.id: i for i, c in enumerate(list_catalogue(session))}
    return [RoleRequirements(role, sorted(reqs, key=lambda rc: order.get(rc[1].id, 0)))
            for role, reqs in sorted(grouped.items())]


def _roles_in_post(session: Session, organisation_id: int) -> set[str]:
    query = select(EmploymentContract.job_role).where(
        EmploymentContract.organisation_id == organisation_id).distinct()
    return set(session.exec(query))


def add(session: Session, *, organisation_id: int, job_role: str, competence_id: int, actor,
        request_id: str | None = None) -> RoleRequirement:
    """Require a competence for a job role; audited. Raise ValueError if already required."""
    job_role = " ".join(job_role.split())
    exists = session.exec(select(RoleRequirement).where(
        RoleRequirement.organisation_id == organisation_id, RoleRequirement.job_role == job_role,
        RoleRequirement.competence_id == competence_id)).first()
    if exists:
        raise ValueError(f"{job_role} already requires that competence")
    requirement = RoleRequirement(organisation_id=organisation_id, job_role=job_role,
                                  competence_id=competence_id)
    session.add(requirement)
    session.flush()
    _audit(session, actor, "requirement.add", requirement, request_id, after=True)
    return requirement


def remove(session: Session, requirement: RoleRequirement, *, actor,
           request_id: str | None = None) -> None:
    """Stop requiring a competence for a job role; audited."""
    _audit(session, actor, "requirement.remove", requirement, request_id, after=False)
    session.delete(requirement)


def _audit(session, actor, action, requirement, request_id, *, after: bool) -> None:
    state = {"organisation_id": requirement.organisation_id, "job_role": requirement.job_role,
             "competence_id": requirement.competence_id}
    audit.record(session, actor=actor, action=action, entity="role_requirement",
                 entity_id=requirement.id, request_id=request_id,
                 before=None if after else state, after=state if after else None)


EXPIRING_HEADER = ["Staff number", "Family name", "Given name", "Job role", "Competence code",
                   "Competence", "Level", "Achieved", "Valid until", "Days left", "Status"]


def expiring_rows(session: Session, organisation: Organisation, today: date,
                  within_days: int) -> list[list]:
    """Return, for staff in post, the best entry of each competence that expires by then."""
    members = select(EmploymentContract.staff_member_id).where(
        EmploymentContract.organisation_id == organisation.id,
        EmploymentContract.starts_on <= today,
        (col(EmploymentContract.ends_on).is_(None)) | (EmploymentContract.ends_on >= today))
    roles: dict[int, str] = {}
    for member_id, role in session.exec(select(EmploymentContract.staff_member_id,
                                               EmploymentContract.job_role).where(
            EmploymentContract.organisation_id == organisation.id)):
        roles.setdefault(member_id, role)
    query = (select(PassportEntry, StaffMember, Competence)
             .join(StaffMember, StaffMember.id == PassportEntry.staff_member_id)
             .join(Competence, Competence.id == PassportEntry.competence_id)
             .where(col(PassportEntry.staff_member_id).in_(members),
                    col(PassportEntry.valid_until).is_not(None)))
    groups: dict[tuple[int, int], list] = {}
    for entry, member, competence in session.exec(query):
        groups.setdefault((member.id, competence.id), []).append((entry, member, competence))
    rows = []
    limit = today + timedelta(days=within_days)
    for group in groups.values():
        best = best_entry([e for e, _, _ in group])
        if best is None or best.valid_until is None or best.valid_until > limit:
            continue
        _, member, competence = group[0]
        rows.append([member.staff_number, member.family_name, member.given_name,
                     roles.get(member.id, ""), competence.code, competence.title,
                     competence.level or "", best.achieved_on.isoformat(),
                     best.valid_until.isoformat(), (best.valid_until - today).days,
                     "Expired" if status_of(best.valid_until, today) == "expired" else "Expiring"])
    return sorted(rows, key=lambda r: (r[8], r[1], r[2], r[4]))


def to_csv(header: list[str], rows: list[list]) -> str:
    """Write CSV, neutralising cells a spreadsheet would run as a formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_safe(v) for v in row])
    return out.getvalue()


# A spreadsheet runs a cell as a formula when, after any leading spaces or control
# characters, it starts with one of these (full-width forms included: Excel folds them).
FORMULA_STARTS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")


def _safe(value):
    if not isinstance(value, str) or not value:
        return value
    if value[0] in "\t\r\n" or value.lstrip(" \t\r\n\u00a0\u3000")[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def organisation_for(session: Session, user, requested_id: int | None) -> Organisation | None:
    """Pick the organisation a page works on: a manager's or issuer's own, else the one asked
    for (or the place's first) — always within the user's place."""
    from webapp.models import Role

    if user.role in (Role.MANAGER, Role.ISSUER):
        if user.organisation_id is None:
            return None  # an organisation's own role with no organisation sees nothing
        requested_id = user.organisation_id
    orgs = session.exec(select(Organisation).where(
        Organisation.place_id == user.place_id).order_by(Organisation.name)).all()
    if requested_id is None:
        return orgs[0] if orgs else None
    return next((o for o in orgs if o.id == requested_id), None)


def place_organisations(session: Session, place_id: int) -> list[Organisation]:
    return list(session.exec(select(Organisation).where(
        Organisation.place_id == place_id).order_by(Organisation.name)))


def find(session: Session, requirement_id: int, user) -> RoleRequirement | None:
    """Return the requirement if it belongs to an organisation this user may edit."""
    requirement = session.get(RoleRequirement, requirement_id)
    if requirement is None:
        return None
    organisation = organisation_for(session, user, requirement.organisation_id)
    if organisation is None or organisation.id != requirement.organisation_id:
        return None
    return requirement
