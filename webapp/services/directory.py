"""Finding staff: a manager or issuer sees their organisation's, place-wide roles the place."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from webapp.models import (
    EmploymentContract,
    Organisation,
    PassportEntry,
    RoleRequirement,
    StaffMember,
)
from webapp.services.passport_access import ORGANISATION_BOUND
from webapp.services.passports import best_entry, status_of


@dataclass(frozen=True)
class StaffRow:
    member: StaffMember
    roles: list[tuple[str, str]]  # (organisation name, job role)
    expired: int
    expiring: int
    not_held: int = 0  # required by their roles and not held at all

    @property
    def up_to_date(self) -> bool:
        return not (self.expired or self.expiring or self.not_held)


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
        query = query.where(_matching(session, term))
    return _page(session, query, page, size, today)


def _page(session: Session, query, page: int, size: int, today: date):
    """Return one page of the matches and their total from a single scan: a count over the
    window rides along with each row, since a name search with a leading wildcard reads every
    row whichever index there is. Past the last page there is no row to carry it, so count."""
    ordered = query.add_columns(func.count().over().label("total")).order_by(
        StaffMember.family_name, StaffMember.given_name, StaffMember.id)
    found = session.execute(ordered.offset((page - 1) * size).limit(size)).all()  # rows
    if not found:
        return [], session.exec(select(func.count()).select_from(query.subquery())).one()
    return _rows(session, [m for m, _ in found], today), found[0][1]


def _matching(session: Session, term: str):
    """Given name, family name (or, for a term with a space, the full name) or staff number
    containing the term, any case. SQLite's LIKE already ignores ASCII case as its lower()
    does, so only PostgreSQL is asked for ILIKE: lower() on 25,000 names costs."""
    fields = [StaffMember.given_name, StaffMember.family_name, StaffMember.staff_number]
    if " " in term:
        fields.append(StaffMember.given_name + " " + StaffMember.family_name)
    like = f"%{term}%"
    if session.get_bind().dialect.name == "sqlite":
        return or_(*(field.like(like) for field in fields))
    return or_(*(field.ilike(like) for field in fields))


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
    missing = _not_held(session, ids, today)
    return [StaffRow(m, roles[m.id], expired.get(m.id, 0), expiring.get(m.id, 0),
                     missing.get(m.id, 0)) for m in members]


def _not_held(session: Session, ids: list[int], today: date) -> dict[int, int]:
    """Count, per member, the competences their roles require that they hold no live entry
    for (an entry accepted through recognition counts as held, as on the passport)."""
    from webapp.services import recognition

    contracts = session.exec(select(EmploymentContract).where(
        col(EmploymentContract.staff_member_id).in_(ids))).all()
    live = [c for c in contracts if c.is_active(today)]
    orgs = {c.organisation_id for c in live}
    needs: dict[tuple[int, str], set[int]] = {}
    for r in session.exec(select(RoleRequirement).where(
            col(RoleRequirement.organisation_id).in_(orgs))):
        needs.setdefault((r.organisation_id, r.job_role), set()).add(r.competence_id)
    required: dict[int, set[int]] = {}
    for c in live:
        required.setdefault(c.staff_member_id, set()).update(
            needs.get((c.organisation_id, c.job_role), set()))
    held = set(session.exec(select(PassportEntry.staff_member_id, PassportEntry.competence_id)
                            .where(col(PassportEntry.staff_member_id).in_(ids),
                                   col(PassportEntry.revoked).is_(False))).all())
    held |= set(recognition.recognised_entries(session, organisation_ids=orgs, member_ids=ids))
    return {m: sum((m, c) not in held for c in cs) for m, cs in required.items()}


def _attention_counts(session: Session, ids: list[int], today: date):
    """Count expired and expiring competences per member, judged on each one's best entry."""
    entries: dict[tuple[int, int], list] = {}
    query = select(PassportEntry.staff_member_id, PassportEntry.competence_id,  # rows, not
                   PassportEntry.valid_until, PassportEntry.achieved_on,  # ORM objects:
                   PassportEntry.revoked).where(  # best_entry reads these attributes
        col(PassportEntry.staff_member_id).in_(ids))
    for e in session.exec(query):
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
