"""Who may see and who may change a member's passport: the one place these rules live.

Every way passport data leaves (the page, the API, FHIR, credentials, exports, and the
rota and scenario code) asks `passport_scope` or `organisation_scope`; every way an entry
changes (the issuing forms, imports and revocation) asks `may_record_for` or
`may_change_entry`. A refusal looks the same as a missing record, so ids do not leak.
"""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from webapp.models import PLACE_WIDE, EmploymentContract, PassportEntry, Role, StaffMember

ORGANISATION_BOUND = frozenset({Role.MANAGER, Role.ISSUER})  # see what their organisation may


@dataclass(frozen=True)
class Scope:
    """The frameworks of one passport a viewer may see: None means every framework."""

    frameworks: frozenset[str] | None

    @property
    def everything(self) -> bool:
        return self.frameworks is None

    @property
    def nothing(self) -> bool:
        return self.frameworks is not None and not self.frameworks

    def shows(self, framework: str) -> bool:
        """Whether entries of this framework are visible."""
        return self.frameworks is None or framework in self.frameworks


EVERYTHING = Scope(None)
NOTHING = Scope(frozenset())


def employer_ids(session: Session, member_id: int, today: date) -> set[int]:
    """Organisations with a contract with the member that has not ended by today."""
    query = select(EmploymentContract.organisation_id).where(
        EmploymentContract.staff_member_id == member_id,
        (col(EmploymentContract.ends_on).is_(None)) | (EmploymentContract.ends_on >= today))
    return set(session.exec(query))


def organisation_scope(session: Session, organisation_id: int | None, member: StaffMember,
                       today: date) -> Scope:
    """What an organisation may see of a member's passport: everything of its own staff,
    else the frameworks an agreement in force or the member's own share allows."""
    from webapp.services import agreements

    frameworks = agreements.visible_frameworks(session, organisation_id, member, today)
    return EVERYTHING if frameworks is None else Scope(frozenset(frameworks))


def passport_scope(session: Session, user, member: StaffMember, today: date) -> Scope | None:
    """What this user may see of this member's passport; None when nothing at all."""
    if user is None or member.place_id != user.place_id:
        return None
    if user.staff_member_id is not None and user.staff_member_id == member.id:
        return EVERYTHING
    if user.role in PLACE_WIDE:
        return EVERYTHING
    if user.role in ORGANISATION_BOUND:
        scope = organisation_scope(session, user.organisation_id, member, today)
        return None if scope.nothing else scope
    if user.role == Role.REGISTERED_PROFESSIONAL and has_live_delegation(
            session, user.staff_member_id, member.id, today):
        return EVERYTHING
    return None


def has_live_delegation(session: Session, professional_id: int | None, care_worker_id: int,
                        today: date) -> bool:
    """Whether the professional has a delegation to this care worker that counts today
    (a suspended, withdrawn or overdue one gives no access)."""
    from webapp.services.delegations import has_valid_delegation

    return has_valid_delegation(session, professional_id, care_worker_id, today)


def organisation_may_change(organisation_id: int | None, *,
                            verified_by_organisation: int | None, employers: set[int]) -> bool:
    """The rule: an organisation changes only entries of staff it employs that it verified
    itself or that are self-declared (never another organisation's verified record)."""
    return (organisation_id is not None and organisation_id in employers
            and verified_by_organisation in (None, organisation_id))


def may_record_for(session: Session, user, member: StaffMember, today: date) -> bool:
    """Whether this user may add a verified entry to the member's passport."""
    if member.place_id != user.place_id:
        return False
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.ISSUER and user.organisation_id in employer_ids(
        session, member.id, today)


def may_change_entry(session: Session, user, entry: PassportEntry, today: date) -> bool:
    """Whether this user may verify, revoke or otherwise change this entry."""
    member = session.get(StaffMember, entry.staff_member_id)
    if member is None or member.place_id != user.place_id:
        return False
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.ISSUER and organisation_may_change(
        user.organisation_id, verified_by_organisation=entry.verifying_organisation_id,
        employers=employer_ids(session, member.id, today))


def changeable_entry_ids(session: Session, user, member: StaffMember,
                         entries: list[PassportEntry], today: date) -> set[int]:
    """The ids among these entries of one member that this user may change."""
    if member.place_id != user.place_id or user.role not in (Role.ADMIN, Role.ISSUER):
        return set()
    if user.role == Role.ADMIN:
        return {e.id for e in entries}
    employers = employer_ids(session, member.id, today)
    return {e.id for e in entries if organisation_may_change(
        user.organisation_id, verified_by_organisation=e.verifying_organisation_id,
        employers=employers)}
