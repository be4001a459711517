"""Issuing: an HR or training issuer records completions and verifies self-declared evidence."""

from datetime import date

from sqlmodel import Session, col, select

from webapp.models import (
    Competence,
    EmploymentContract,
    Organisation,
    PassportEntry,
    StaffMember,
)
from webapp.services import audit, passport_access
from webapp.services.passports import achieved_on_problem, valid_until_for


class IssueError(ValueError):
    """A problem with one field of the issuing form."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def record_for(session: Session, *, place_id: int, staff_number: str, competence_id: int,
               achieved_on: date, evidence_note: str, actor, today: date,
               request_id: str | None = None) -> tuple[StaffMember, PassportEntry]:
    """Find the member by staff number and record the completion; raise IssueError."""
    member = member_by_number(session, place_id, staff_number)
    if member is None or not passport_access.may_record_for(session, actor, member, today):
        raise IssueError("staff_number", "No one your organisation employs has that staff number")
    competence = session.get(Competence, competence_id)
    if competence is None:
        raise IssueError("competence", "Choose a competence")
    if problem := achieved_on_problem(achieved_on, today):
        raise IssueError("achieved_on", problem)
    entry = record_completion(session, member=member, competence=competence,
                              achieved_on=achieved_on, evidence_note=evidence_note,
                              actor=actor, today=today, request_id=request_id)
    return member, entry


def _verifier_name(actor) -> str:
    return getattr(actor, "email", None) or "Unknown issuer"


def record_completion(session: Session, *, member: StaffMember, competence: Competence,
                      achieved_on: date, evidence_note: str, actor, today: date,
                      request_id: str | None = None) -> PassportEntry:
    """Add a verified entry with its validity derived from the refresher period; audited."""
    from webapp.services import refresher  # it imports passports, as this module does

    if problem := achieved_on_problem(achieved_on, today):
        raise ValueError(problem)
    entry = PassportEntry(
        staff_member_id=member.id, competence_id=competence.id, achieved_on=achieved_on,
        valid_until=valid_until_for(refresher.months_for(
            session, competence, actor.organisation_id), achieved_on),
        evidence_note=evidence_note.strip()[:500], verified_by=_verifier_name(actor),
        verified_on=today, verifying_organisation_id=actor.organisation_id)
    session.add(entry)
    session.flush()
    audit.record(session, actor=actor, action="passport_entry.create", entity="passport_entry",
                 entity_id=entry.id, staff_member_id=member.id, request_id=request_id,
                 after=_state(entry, competence))
    return entry


def verify(session: Session, entry: PassportEntry, *, actor, today: date,
           request_id: str | None = None) -> None:
    """Mark self-declared evidence as verified by the issuer's organisation; audited."""
    if entry.verified_by is not None:
        raise ValueError("That entry is verified already")
    if entry.revoked:
        raise ValueError("That entry has been revoked")
    before = _state(entry)
    entry.verified_by = _verifier_name(actor)
    entry.verified_on = today
    entry.verifying_organisation_id = actor.organisation_id
    session.add(entry)
    audit.record(session, actor=actor, action="passport_entry.verify", entity="passport_entry",
                 entity_id=entry.id, staff_member_id=entry.staff_member_id,
                 request_id=request_id, before=before, after=_state(entry))


def unverified(session: Session, *, place_id: int, organisation_id: int | None = None,
               limit: int = 50, q: str = "", today: date | None = None) -> list:
    """Return self-declared, live entries in the place: (entry, member, competence); with an
    organisation, only of staff it employs (whose entries it may verify)."""
    query = (select(PassportEntry, StaffMember, Competence)
             .join(StaffMember, StaffMember.id == PassportEntry.staff_member_id)
             .join(Competence, Competence.id == PassportEntry.competence_id)
             .where(StaffMember.place_id == place_id, col(PassportEntry.verified_by).is_(None),
                    col(PassportEntry.revoked).is_(False)))
    if organisation_id is not None:
        today = today or date.today()
        query = query.where(col(StaffMember.id).in_(select(
            EmploymentContract.staff_member_id).where(
            EmploymentContract.organisation_id == organisation_id,
            (col(EmploymentContract.ends_on).is_(None)) | (EmploymentContract.ends_on >= today))))
    if q.strip():
        query = query.where(StaffMember.staff_number == q.strip())
    query = query.order_by(StaffMember.family_name, StaffMember.id, Competence.code).limit(limit)
    return list(session.exec(query))


def member_by_number(session: Session, place_id: int, staff_number: str) -> StaffMember | None:
    return session.exec(select(StaffMember).where(
        StaffMember.place_id == place_id,
        StaffMember.staff_number == staff_number.strip())).first()


def organisation_name(session: Session, organisation_id: int | None) -> str | None:
    org = session.get(Organisation, organisation_id) if organisation_id else None
    return org.name if org else None


def _state(entry: PassportEntry, competence: Competence | None = None) -> dict:
    state = {"competence_id": entry.competence_id, "achieved_on": entry.achieved_on,
             "valid_until": entry.valid_until, "evidence_note": entry.evidence_note,
             "verified_by": entry.verified_by, "verified_on": entry.verified_on,
             "verifying_organisation_id": entry.verifying_organisation_id}
    if competence is not None:
        state["competence"] = competence.code
    return state
