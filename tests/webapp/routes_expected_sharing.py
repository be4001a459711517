"""Who may use the sharing, credential, verification and API routes."""

from datetime import date

from sqlmodel import select

from webapp.models import PassportEntry, StaffMember, User
from webapp.services import sharing

from .routes_expected import EVERYONE, SIGNED_IN, R

MEMBERS = {R.CARE_WORKER, R.REGISTERED_PROFESSIONAL, R.MANAGER}

EXPECTED = {
    "sharing.index": MEMBERS,
    "sharing.revoke": MEMBERS,
    "verify.share": EVERYONE,
    "verify.credential": EVERYONE,
    "credentials.issue": SIGNED_IN,  # anyone who may see the passport (checked in the view)
    "credentials.practitioner": SIGNED_IN,  # likewise
    "credentials.revoke": {R.ISSUER, R.ADMIN},
    "credentials.status_list_credential": EVERYONE,
    "credentials.jwks": EVERYONE,
    "api.openapi": EVERYONE,
    "api.passport": SIGNED_IN,  # likewise: the member and those allowed to see them
    "api.verify_credential": EVERYONE,
    "api.verify_share": EVERYONE,
}


def sample_args(db) -> dict:
    """A live share link and a current verified entry, both the demo carer's."""
    carer = db.exec(select(User).where(User.email == "carer@demo.place")).one()
    member = db.get(StaffMember, carer.staff_member_id)
    today = date.today()
    entry = next(
        e
        for e in db.exec(
            select(PassportEntry).where(
                PassportEntry.staff_member_id == member.id, PassportEntry.verified_by.is_not(None)
            )
        )
        if not e.revoked and (e.valid_until is None or e.valid_until >= today)
    )
    _link, token = sharing.create_share(
        db,
        member=member,
        frameworks=["statutory_mandatory"],
        entry_ids=[],
        days=7,
        label="walk",
        actor=None,
    )
    return {"token": token, "entry_id": entry.id}
