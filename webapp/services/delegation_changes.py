"""Recording, reviewing, renewing, suspending and withdrawing a delegation; each is audited.

Only the registrant who delegated changes a delegation. Recording, reviewing and renewing
need the registrant's own registration to be current that day (suspending and withdrawing
never wait for it: they make care safer). The competence sign-off is a passport entry the
delegation points to: it lasts until the review date and is revoked when the delegation
stops counting, so the worker's passport no longer counts the activity.
"""

from dataclasses import asdict, dataclass
from datetime import date

from sqlmodel import Session, select

from webapp.models import (
    Competence,
    Delegation,
    DelegationStatus,
    Framework,
    Locality,
    PassportEntry,
    PersonReceivingCare,
    StaffMember,
)
from webapp.models.delegation import Consent
from webapp.services import audit
from webapp.services.passports import active_contracts

MAX_REVIEW_DAYS = 366  # a delegation is reviewed at least yearly
ACTIVE, SUSPENDED, WITHDRAWN = (DelegationStatus.ACTIVE, DelegationStatus.SUSPENDED,
                                DelegationStatus.WITHDRAWN)


class DelegationError(ValueError):
    """The change is refused; `field` names the form field to show it against."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class NewDelegation:
    """What a registrant records; the worker is found by staff number, the person by
    reference."""

    staff_number: str
    person_reference: str
    activity_id: int
    consent: str
    protocol_reference: str
    assessor: str
    supervision: str
    escalation_contact: str
    assessed_on: date
    review_by: date
    training_entry_id: int | None = None


def registration_current(member: StaffMember, day: date) -> bool:
    """Whether the member holds a professional registration in force on the day."""
    return bool(member.registration_body and member.registration_number
                and member.registration_valid_until and member.registration_valid_until >= day)


def _require_registration(member: StaffMember, day: date) -> None:
    if not registration_current(member, day):
        raise DelegationError("main-content", "Your professional registration is not current "
                              f"on {day:%d %B %Y}: you cannot delegate until it is renewed")


def find_worker(session: Session, registrant: StaffMember, staff_number: str) -> StaffMember:
    """The care worker with this staff number in the registrant's place (never themselves)."""
    worker = session.exec(select(StaffMember).where(
        StaffMember.staff_number == staff_number.strip(),
        StaffMember.place_id == registrant.place_id)).first()
    if worker is None:
        raise DelegationError("staff_number", "No care worker with that staff number")
    if worker.id == registrant.id:
        raise DelegationError("staff_number", "You cannot delegate to yourself")
    return worker


def training_choices(session: Session, worker: StaffMember) -> list[tuple[int, str]]:
    """The worker's live clinical-skill and delegated-activity entries, as training records."""
    query = (select(PassportEntry, Competence)
             .join(Competence, Competence.id == PassportEntry.competence_id)
             .where(PassportEntry.staff_member_id == worker.id, ~PassportEntry.revoked,
                    Competence.framework.in_([Framework.CLINICAL_SKILL,
                                              Framework.DELEGATED_ACTIVITY]))
             .order_by(PassportEntry.achieved_on.desc()))
    return [(e.id, f"{c.title}, {e.achieved_on:%d %b %Y}") for e, c in session.exec(query)]


def _person(session: Session, registrant: StaffMember, reference: str) -> PersonReceivingCare:
    person = session.exec(
        select(PersonReceivingCare).join(Locality, Locality.id == PersonReceivingCare.locality_id)
        .where(PersonReceivingCare.reference == reference.strip().upper(),
               Locality.place_id == registrant.place_id)).first()
    if person is None:
        raise DelegationError("person_reference", "No person receiving care with that reference")
    return person


def _check_dates(assessed_on: date, review_by: date, today: date) -> None:
    if assessed_on > today:
        raise DelegationError("assessed_on", "The date you assessed competence must be today "
                              "or in the past")
    if review_by <= today:
        raise DelegationError("review_by", "The review date must be in the future")
    if (review_by - assessed_on).days > MAX_REVIEW_DAYS:
        raise DelegationError("review_by", "The review date must be within a year of the "
                              "assessment")


def _activity(session: Session, activity_id: int) -> Competence:
    activity = session.get(Competence, activity_id)
    if activity is None or activity.framework != Framework.DELEGATED_ACTIVITY:
        raise DelegationError("activity", "Choose a delegated healthcare activity")
    return activity


def _signoff(session, registrant, worker, activity, person, assessed_on, review_by):
    """Add the competence sign-off entry, verified by the registrant for their employer."""
    contracts = active_contracts(session, registrant.id, assessed_on)
    entry = PassportEntry(
        staff_member_id=worker.id, competence_id=activity.id, achieved_on=assessed_on,
        valid_until=review_by, verified_by=f"{registrant.full_name} "
        f"({registrant.registration_body} {registrant.registration_number})"[:120],
        verified_on=assessed_on,
        verifying_organisation_id=contracts[0][0].organisation_id if contracts else None,
        evidence_note=f"Competence sign-off for a delegation: {activity.title} for "
                      f"{person.reference}"[:500])
    session.add(entry)
    session.flush()
    return entry


def _snapshot(d: Delegation) -> dict:
    return d.model_dump(include={"status", "assessed_on", "review_by", "reviewed_on",
                                 "status_reason", "signoff_entry_id"})


def _audit(session, d: Delegation, action: str, actor, before, request_id) -> None:
    audit.record(session, actor=actor, action=f"delegation.{action}", entity="delegation",
                 entity_id=d.id, staff_member_id=d.care_worker_id, before=before,
                 after=_snapshot(d), request_id=request_id)


def record(session: Session, *, registrant: StaffMember, new: NewDelegation, actor,
           today: date, request_id: str | None = None) -> Delegation:
    """Record a delegation with its consent, protocol, assessor, supervision and escalation."""
    _require_registration(registrant, today)
    worker = find_worker(session, registrant, new.staff_number)
    person, activity = _person(session, registrant, new.person_reference), _activity(
        session, new.activity_id)
    _check_dates(new.assessed_on, new.review_by, today)
    if new.consent not in set(Consent):
        raise DelegationError("consent", "Say how consent was given")
    if new.training_entry_id is not None and new.training_entry_id not in dict(
            training_choices(session, worker)):
        raise DelegationError("training_entry_id", "Choose a training record from the "
                              "care worker's passport")
    _refuse_duplicate(session, registrant, worker, person, activity)
    signoff = _signoff(session, registrant, worker, activity, person, new.assessed_on,
                       new.review_by)
    fields = {k: v for k, v in asdict(new).items()
              if k not in ("staff_number", "person_reference", "activity_id")}
    delegation = Delegation(
        delegating_professional_id=registrant.id,
        registration_number=registrant.registration_number, care_worker_id=worker.id,
        person_id=person.id, activity_id=activity.id, signoff_entry_id=signoff.id, **fields)
    session.add(delegation)
    session.flush()
    _audit(session, delegation, "record", actor, None, request_id)
    return delegation


def _refuse_duplicate(session, registrant, worker, person, activity) -> None:
    live = session.exec(select(Delegation.id).where(
        Delegation.delegating_professional_id == registrant.id,
        Delegation.care_worker_id == worker.id, Delegation.person_id == person.id,
        Delegation.activity_id == activity.id, Delegation.status != WITHDRAWN)).first()
    if live is not None:
        raise DelegationError("activity", "You have already delegated this activity for this "
                              "person to this care worker: review or renew that delegation")


def _move_signoff(session, d: Delegation, *, revoke: bool) -> None:
    entry = session.get(PassportEntry, d.signoff_entry_id) if d.signoff_entry_id else None
    if entry is not None:
        entry.revoked = revoke
        entry.valid_until = d.review_by
        session.add(entry)


def review(session: Session, d: Delegation, *, registrant: StaffMember, review_by: date,
           actor, today: date, request_id: str | None = None) -> None:
    """Confirm an active delegation after re-assessing the worker; set the next review."""
    if d.status != ACTIVE:
        raise DelegationError("main-content", f"This delegation is {d.status}: renew it "
                              "instead" if d.status == SUSPENDED else "It has been withdrawn")
    _require_registration(registrant, today)
    _check_dates(today, review_by, today)
    before = _snapshot(d)
    d.assessed_on, d.reviewed_on, d.review_by = today, today, review_by
    _move_signoff(session, d, revoke=False)
    session.add(d)
    _audit(session, d, "review", actor, before, request_id)


def renew(session: Session, d: Delegation, *, registrant: StaffMember, review_by: date,
          actor, today: date, request_id: str | None = None) -> None:
    """Restart a suspended delegation after re-assessing the worker, with a new sign-off."""
    if d.status != SUSPENDED:
        raise DelegationError("main-content", "Only a suspended delegation can be renewed")
    _require_registration(registrant, today)
    _check_dates(today, review_by, today)
    before = _snapshot(d)
    worker, person = session.get(StaffMember, d.care_worker_id), session.get(
        PersonReceivingCare, d.person_id)
    signoff = _signoff(session, registrant, worker, session.get(Competence, d.activity_id),
                       person, today, review_by)
    d.status, d.status_reason, d.signoff_entry_id = ACTIVE, None, signoff.id
    d.assessed_on, d.reviewed_on, d.review_by = today, today, review_by
    session.add(d)
    _audit(session, d, "renew", actor, before, request_id)


def stop(session: Session, d: Delegation, *, status: str, reason: str, actor,
         request_id: str | None = None) -> None:
    """Suspend or withdraw a delegation; the sign-off entry stops counting at once."""
    allowed = {SUSPENDED: {ACTIVE}, WITHDRAWN: {ACTIVE, SUSPENDED}}
    if d.status not in allowed.get(status, set()):
        raise DelegationError("main-content", f"This delegation is already {d.status}")
    if not reason.strip():
        raise DelegationError("reason", "Say why, so the care worker and their manager know")
    before = _snapshot(d)
    d.status, d.status_reason = status, reason.strip()[:200]
    _move_signoff(session, d, revoke=True)
    session.add(d)
    _audit(session, d, "suspend" if status == SUSPENDED else "withdraw", actor, before,
           request_id)
