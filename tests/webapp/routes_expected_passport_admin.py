"""Who may use the role-requirement, recognition, transfer, issuing, import, agreement and
audit-trail routes."""

import json
from datetime import UTC, date, datetime

from sqlmodel import select

from webapp.models import PassportEntry, RoleRequirement, User
from webapp.models.agreements import DataSharingAgreement
from webapp.models.imports import ImportBatch
from webapp.models.recognition import CompetenceMapping

from .routes_expected import R

MEMBERS = {R.CARE_WORKER, R.REGISTERED_PROFESSIONAL, R.MANAGER}
IMPORTERS = {R.ISSUER, R.ADMIN}

EXPECTED = {
    "requirements.index": {R.MANAGER, R.ADMIN},
    "requirements.remove": {R.MANAGER, R.ADMIN},
    "requirements.expiring_csv": {R.MANAGER, R.WORKFORCE_LEAD, R.ADMIN},
    "recognition.index": {R.ADMIN},
    "recognition.approve": {R.ADMIN},
    "recognition.remove": {R.ADMIN},
    "recognition.load_drafts": {R.ADMIN},
    "transfers.index": {R.MANAGER, R.ADMIN},
    "transfers.show": {R.MANAGER, R.ADMIN},
    "issuing.record": {R.ISSUER, R.ADMIN},
    "issuing.unverified": {R.ISSUER, R.ADMIN},
    "issuing.verify": {R.ISSUER, R.ADMIN},
    "imports.new": IMPORTERS,
    "imports.show": IMPORTERS,
    "imports.commit": IMPORTERS,
    "imports.discard": IMPORTERS,
    "agreements.index": {R.ADMIN},
    "agreements.withdraw": {R.ADMIN},
    "agreements.sharing": MEMBERS,
    "agreements.stop_sharing": MEMBERS,
    "audit_trail.mine": MEMBERS,
    "audit_trail.show": {R.ADMIN},
}


def sample_args(db) -> dict:
    """A council requirement, a draft mapping, a trust upload, an agreement, an unverified
    entry: things every allowed role may act on."""
    manager = db.exec(select(User).where(User.email == "manager@demo.place")).one()
    issuer = db.exec(select(User).where(User.email == "issuer@demo.place")).one()
    requirement = db.exec(
        select(RoleRequirement).where(RoleRequirement.organisation_id == manager.organisation_id)
    ).first()
    entry = db.exec(select(PassportEntry).where(PassportEntry.verified_by.is_(None))).first()
    now = datetime.now(UTC)
    mapping = CompetenceMapping(
        place_id=manager.place_id,
        held_competence_id=entry.competence_id,
        satisfies_competence_id=requirement.competence_id,
        created_at=now,
    )
    batch = ImportBatch(
        place_id=issuer.place_id,
        organisation_id=issuer.organisation_id,
        layout="esr",
        filename="sample.csv",
        uploaded_by_user_id=issuer.id,
        uploaded_at=now,
        rows=json.dumps([]),
    )
    agreement = DataSharingAgreement(
        place_id=manager.place_id,
        title="Sample",
        purpose="Tests",
        frameworks="statutory_mandatory",
        starts_on=date.today(),
        created_at=now,
    )
    db.add_all([mapping, batch, agreement])
    db.commit()
    return {
        "requirement_id": requirement.id,
        "mapping_id": mapping.id,
        "batch_id": batch.id,
        "agreement_id": agreement.id,
        "entry_id": entry.id,
    }
