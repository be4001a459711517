"""Tell us once: what a member's passport already gives a new employer, and accepting it.

For the job roles a member holds (or is about to start) with a receiving organisation, each
required competence is held as-is, recognised through an approved mapping (to accept),
already accepted, expired, or missing. Accepting records RecognitionAcceptance rows; it never
copies or re-keys a PassportEntry.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, col, select

from webapp.models import (
    Competence,
    EmploymentContract,
    Organisation,
    PassportEntry,
    RoleRequirement,
    StaffMember,
)
from webapp.models.recognition import CompetenceMapping, RecognitionAcceptance
from webapp.services import audit, recognition
from webapp.services.passports import best_entry, status_of

CATEGORIES = ("missing", "expired", "recognised", "accepted", "as_is")
CATEGORY_LABELS = {
    "as_is": "Already held", "recognised": "Recognised: to accept",
    "accepted": "Recognised and accepted", "expired": "Expired", "missing": "Missing",
}


@dataclass(frozen=True)
class TransferItem:
    competence: Competence
    category: str
    entry: PassportEntry | None = None  # the held entry, or the one recognised
    held: Competence | None = None  # what is held, when recognised
    mapping: CompetenceMapping | None = None
    valid_until: date | None = None

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self.category]


@dataclass
class TransferReview:
    member: StaffMember
    organisation: Organisation
    contracts: list[EmploymentContract]
    items: list[TransferItem] = field(default_factory=list)

    def of(self, category: str) -> list[TransferItem]:
        return [i for i in self.items if i.category == category]


def receiving_contracts(session: Session, member_id: int, today: date) -> list:
    """Return (contract, organisation) for contracts not yet ended, newest first."""
    query = (select(EmploymentContract, Organisation)
             .join(Organisation, Organisation.id == EmploymentContract.organisation_id)
             .where(EmploymentContract.staff_member_id == member_id,
                    (col(EmploymentContract.ends_on).is_(None))
                    | (EmploymentContract.ends_on >= today))
             .order_by(EmploymentContract.starts_on.desc(), EmploymentContract.id.desc()))
    return list(session.exec(query))


def review(session: Session, member: StaffMember, organisation: Organisation,
           today: date) -> TransferReview:
    """Sort each competence the receiving organisation requires into a category."""
    contracts = [c for c, o in receiving_contracts(session, member.id, today)
                 if o.id == organisation.id]
    required = _required(session, organisation.id, {c.job_role for c in contracts})
    held = _held_by_competence(session, member.id)
    mappings = recognition.approved_mappings(session, member.place_id)
    accepted = _accepted(session, member.id, organisation.id)
    result = TransferReview(member, organisation, contracts)
    for competence in required:
        result.items.append(_classify(session, competence, held, mappings, accepted, today))
    result.items.sort(key=lambda i: (CATEGORIES.index(i.category), i.competence.code))
    return result


def _classify(session, competence, held, mappings, accepted, today) -> TransferItem:
    direct = best_entry(held.get(competence.id, []))
    if direct is not None and status_of(direct.valid_until, today) != "expired":
        return TransferItem(competence, "as_is", direct, valid_until=direct.valid_until)
    best = None
    for mapping in (m for m in mappings if m.satisfies_competence_id == competence.id):
        for entry in (e for e in held.get(mapping.held_competence_id, []) if not e.revoked):
            until = recognition.recognised_valid_until(entry, competence)
            if status_of(until, today) != "expired" and (
                    best is None or (until or date.max) > (best[2] or date.max)):
                best = (entry, mapping, until)
    if best is not None:
        entry, mapping, until = best
        category = "accepted" if (entry.id, competence.id) in accepted else "recognised"
        return TransferItem(competence, category, entry, session.get(
            Competence, mapping.held_competence_id), mapping, until)
    if direct is not None:
        return TransferItem(competence, "expired", direct, valid_until=direct.valid_until)
    return TransferItem(competence, "missing")


def accept(session: Session, member: StaffMember, organisation: Organisation, *, actor,
           today: date, request_id: str | None = None) -> int:
    """Record that the organisation accepts every recognised entry; audited; return how many.

    The caller commits. Accepting twice adds nothing: accepted items are no longer recognised.
    """
    items = review(session, member, organisation, today).of("recognised")
    now = datetime.now(UTC)
    for item in items:
        acceptance = RecognitionAcceptance(
            passport_entry_id=item.entry.id, staff_member_id=member.id,
            organisation_id=organisation.id, competence_id=item.competence.id,
            mapping_id=item.mapping.id, accepted_by_user_id=getattr(actor, "id", None),
            accepted_at=now)
        session.add(acceptance)
        session.flush()
        audit.record(session, actor=actor, action="recognition.accept",
                     entity="passport_entry", entity_id=item.entry.id,
                     staff_member_id=member.id, request_id=request_id,
                     after={"organisation_id": organisation.id,
                            "counts_for": item.competence.code, "held": item.held.code,
                            "mapping_id": item.mapping.id, "acceptance_id": acceptance.id})
    return len(items)


def _required(session: Session, organisation_id: int, job_roles: set[str]) -> list[Competence]:
    if not job_roles:
        return []
    ids = select(RoleRequirement.competence_id).where(
        RoleRequirement.organisation_id == organisation_id,
        col(RoleRequirement.job_role).in_(job_roles))
    return list(session.exec(select(Competence).where(col(Competence.id).in_(ids))))


def _held_by_competence(session: Session, member_id: int) -> dict[int, list[PassportEntry]]:
    held: dict[int, list[PassportEntry]] = {}
    for entry in session.exec(select(PassportEntry).where(
            PassportEntry.staff_member_id == member_id)):
        held.setdefault(entry.competence_id, []).append(entry)
    return held


def _accepted(session: Session, member_id: int, organisation_id: int) -> set[tuple[int, int]]:
    query = select(RecognitionAcceptance.passport_entry_id,
                   RecognitionAcceptance.competence_id).where(
        RecognitionAcceptance.staff_member_id == member_id,
        RecognitionAcceptance.organisation_id == organisation_id)
    return {tuple(row) for row in session.exec(query)}


def receiving_organisation(session: Session, member: StaffMember, user, requested_id,
                           today: date) -> Organisation | None:
    """Pick the organisation reviewing a transfer: a manager's own (if it holds a contract
    with the member), else the one asked for, else the newest employer."""
    from webapp.models import Role

    if member.place_id != user.place_id:
        return None
    orgs = [o for _, o in receiving_contracts(session, member.id, today)]
    if user.role == Role.MANAGER:
        if user.organisation_id is None:
            return None
        requested_id = user.organisation_id
    if requested_id is None:
        return orgs[0] if orgs else None
    return next((o for o in orgs if o.id == requested_id), None)


def joiners(session: Session, organisation_id: int, today: date, days: int = 90) -> list:
    """Return (contract, member) for people who start with the organisation within `days`
    either side of today and hold, or held, a contract with another organisation."""
    other = select(EmploymentContract.staff_member_id).where(
        EmploymentContract.organisation_id != organisation_id)
    query = (select(EmploymentContract, StaffMember)
             .join(StaffMember, StaffMember.id == EmploymentContract.staff_member_id)
             .where(EmploymentContract.organisation_id == organisation_id,
                    EmploymentContract.starts_on >= today - timedelta(days=days),
                    EmploymentContract.starts_on <= today + timedelta(days=days),
                    col(EmploymentContract.staff_member_id).in_(other))
             .order_by(EmploymentContract.starts_on.desc(), StaffMember.family_name))
    return list(session.exec(query))
