"""Who may use the delegation-management routes (issue 20)."""

from sqlmodel import select

from webapp.models import Delegation, User

from .routes_expected import R

REGISTRANT = {R.REGISTERED_PROFESSIONAL}

EXPECTED = {
    "delegations.new": REGISTRANT,
    "delegations.show": REGISTRANT,
    "delegations.review": REGISTRANT,
    "delegations.renew": REGISTRANT,
    "delegations.suspend": REGISTRANT,
    "delegations.withdraw": REGISTRANT,
    "refresher.edit": {R.ADMIN, R.ISSUER},
}


def sample_args(db) -> dict:
    """A delegation the demo nurse made (theirs to see and change)."""
    nurse = db.exec(select(User).where(User.email == "nurse@demo.place")).one()
    delegation = db.exec(select(Delegation).where(
        Delegation.delegating_professional_id == nurse.staff_member_id)
        .order_by(Delegation.id)).first()
    return {"delegation_id": delegation.id}
