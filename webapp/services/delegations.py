"""Delegated healthcare activities: the one rule for when a delegation counts, and the
lists built on it (NMC Code 11: the registrant who delegates stays accountable).

`is_valid_on` is the rule. The registrant's list, the worker's passport, who may open the
worker's passport, and the rota solver's input all ask it; templates show its answer.
Recording and changing delegations lives in `delegation_changes`.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from webapp.models import (
    Competence,
    Delegation,
    DelegationStatus,
    PersonReceivingCare,
    StaffMember,
)

DUE_SOON_DAYS = 30  # a review this close appears under "Needs attention"

# state → (label, status tag colour)
STATES = {
    "active": ("Active", "current"),
    "due_soon": ("Review due soon", "expiring"),
    "overdue": ("Review overdue", "expired"),
    "not_started": ("Not yet assessed", "not_held"),
    "suspended": ("Suspended", "not_held"),
    "withdrawn": ("Withdrawn", "not_held"),
}


def is_valid_on(delegation: Delegation, day: date) -> bool:
    """A delegation counts on a day when it is active, its competence was assessed by then,
    and its review date has not passed (suspended, withdrawn and overdue ones do not)."""
    return (delegation.status == DelegationStatus.ACTIVE
            and delegation.assessed_on <= day <= delegation.review_by)


def state_on(delegation: Delegation, day: date) -> str:
    """Name where a delegation stands on a day (a key of STATES)."""
    if delegation.status != DelegationStatus.ACTIVE:
        return delegation.status
    if is_valid_on(delegation, day):
        soon = delegation.review_by <= day + timedelta(days=DUE_SOON_DAYS)
        return "due_soon" if soon else "active"
    return "overdue" if day > delegation.review_by else "not_started"


@dataclass(frozen=True)
class DelegationRow:
    """A delegation with its activity, person, the other party and its state today."""

    delegation: Delegation
    activity: Competence
    person: PersonReceivingCare
    other: StaffMember  # the care worker (registrant's list) or the registrant (passport)
    state: str

    @property
    def label(self) -> str:
        return STATES[self.state][0]

    @property
    def tag(self) -> str:
        return STATES[self.state][1]

    @property
    def valid(self) -> bool:
        return self.state in ("active", "due_soon")

    @property
    def needs_review(self) -> bool:
        return self.state in ("overdue", "due_soon")


def _rows(session: Session, other_column, where, today: date) -> list[DelegationRow]:
    query = (
        select(Delegation, Competence, PersonReceivingCare, StaffMember)
        .join(Competence, Competence.id == Delegation.activity_id)
        .join(PersonReceivingCare, PersonReceivingCare.id == Delegation.person_id)
        .join(StaffMember, StaffMember.id == other_column)
        .where(where).order_by(Delegation.review_by, Delegation.id)
    )
    return [DelegationRow(d, a, p, o, state_on(d, today)) for d, a, p, o in session.exec(query)]


def delegations_made(session: Session, professional_id: int, today: date) -> list:
    """The delegations a registrant has made, soonest review first."""
    return _rows(session, Delegation.care_worker_id,
                 Delegation.delegating_professional_id == professional_id, today)


def delegations_held(session: Session, member_id: int, today: date) -> list:
    """The delegations made to a care worker, soonest review first."""
    return _rows(session, Delegation.delegating_professional_id,
                 Delegation.care_worker_id == member_id, today)


def needing_review(rows: list[DelegationRow]) -> list[DelegationRow]:
    """Rows whose review is overdue or due soon, overdue first."""
    return sorted((r for r in rows if r.needs_review),
                  key=lambda r: (r.state != "overdue", r.delegation.review_by))


def has_valid_delegation(session: Session, professional_id: int | None, care_worker_id: int,
                         today: date) -> bool:
    """Whether this registrant has a delegation to this care worker that counts today."""
    if professional_id is None:
        return False
    query = select(Delegation).where(
        Delegation.delegating_professional_id == professional_id,
        Delegation.care_worker_id == care_worker_id,
        Delegation.status == DelegationStatus.ACTIVE)
    return any(is_valid_on(d, today) for d in session.exec(query))


def status_for_solver(delegation: Delegation) -> str:
    """The status the solver sees. The solver applies the review date per day itself
    (`day <= review_by`, the date half of `is_valid_on`); a delegation that could not count
    even on its review date reaches it as not active."""
    if delegation.status != DelegationStatus.ACTIVE:
        return delegation.status
    valid_at_all = is_valid_on(delegation, delegation.review_by)
    return DelegationStatus.ACTIVE if valid_at_all else DelegationStatus.SUSPENDED


def solver_delegations(session: Session, staff_ids: list[int]) -> dict[int, list[tuple]]:
    """Map worker id → [(person id, activity code, review by, status for the solver)]."""
    codes = dict(session.exec(select(Competence.id, Competence.code)).all())
    result: dict[int, list[tuple]] = {}
    for start in range(0, len(staff_ids), 900):  # SQLite caps bound parameters
        query = select(Delegation).where(
            col(Delegation.care_worker_id).in_(staff_ids[start:start + 900]))
        for d in session.exec(query.order_by(Delegation.id)):
            result.setdefault(d.care_worker_id, []).append(
                (d.person_id, codes[d.activity_id], d.review_by, status_for_solver(d)))
    return result
