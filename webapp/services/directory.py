"""Finding staff: a manager or issuer sees their organisation's, place-wide roles the place."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from webapp.models import EmploymentContract, Organisation, PassportEntry, StaffMember
from webapp.services.passport_access import ORGANISATION_BOUND
from webapp.services.passports import best_entry, status_of


@dataclass(frozen=True)
class StaffRow:
    member: StaffMember
    roles: list[tuple[str, str]]  # (organisation name, job role)
    expired: int
    expiring: int


def search_staff(session: Session, *, user, q: str, page: int, size: int, today: date):
    """Return (rows, total) of staff matching q that this user may see."""
    query = select(StaffMember).where(StaffMember.place_id == user.place_id)
    if user.role in ORGANISATION_BOUND:
        in_org = select(EmploymentContract.staff_member_id).where(  # employs today: as
            EmploymentContract.organisation_id == user.organisation_id,  # passport_access
            (col(EmploymentContract.ends_on).is_(None)) | (EmploymentContract.ends_on >= today))
        query = query.where(col(StaffMember.id).in_(in_org))
    term = q.strip()
    if term:
        like = f"%{term.lower()}%"
        full = func.lower(StaffMember.given_name + " " + StaffMember.family_name)
        query = query.where(or_(full.like(like), func.lower(StaffMember.staff_number).like(like)))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    query = query.order_by(StaffMember.family_name, StaffMember.given_name, StaffMember.id)
    members = list(session.exec(query.offset((page - 1) * size).limit(size)))
    return _rows(session, members, today), total


def _rows(session: Session, members: list[StaffMember], today: date) -> list[StaffRow]:
    ids = [m.id for m in members]
    roles: dict[int, list] = {i: [] for i in ids}
    query = (
        select(EmploymentContract.staff_member_id, Organisation.name, EmploymentContract.job_role)
        .join(Organisation, Organisation.id == EmploymentContract.organisation_id)
        .where(col(EmploymentContract.staff_member_id).in_(ids))
    )
    for member_id, org, job in session.exec(query):
        roles[member_id].append((org, job))
    expired, expiring = _attention_counts(session, ids, today)
    return [StaffRow(m, roles[m.id], expired.get(m.id, 0), expiring.get(m.id, 0))
            for m in members]


def _attention_counts(session: Session, ids: list[int], today: date):
    """Count expired and expiring competences per member, judged on each one's best entry."""
    entries: dict[tuple[int, int], list[PassportEntry]] = {}
    for e in session.exec(select(PassportEntry).where(col(PassportEntry.staff_member_id).in_(ids))):
        entries.setdefault((e.staff_member_id, e.competence_id), []).append(e)
    expired: dict[int, int] = {}
    expiring: dict[int, int] = {}
    for (member_id, _), held in entries.items():
        best = best_entry(held)
        status = status_of(best.valid_until, today) if best else None
        if status == "expired":
            expired[member_id] = expired.get(member_id, 0) + 1
        elif status == "expiring":
            expiring[member_id] = expiring.get(member_id, 0) + 1
    return expired, expiring
