"""Delegations a registered professional has made (NMC Code 11: they stay accountable)."""

from sqlmodel import Session, select

from webapp.models import Competence, Delegation, PersonReceivingCare, StaffMember


def delegations_made(session: Session, professional_id: int) -> list:
    """Return (delegation, activity, person, care worker) rows, soonest review first."""
    query = (
        select(Delegation, Competence, PersonReceivingCare, StaffMember)
        .join(Competence, Competence.id == Delegation.activity_id)
        .join(PersonReceivingCare, PersonReceivingCare.id == Delegation.person_id)
        .join(StaffMember, StaffMember.id == Delegation.care_worker_id)
        .where(Delegation.delegating_professional_id == professional_id)
        .order_by(Delegation.review_by, Delegation.id)
    )
    return list(session.exec(query))
