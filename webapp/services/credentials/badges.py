"""Signed credentials: a verified passport entry as an Open Badges 3.0 credential (a W3C
Verifiable Credential 2.0) secured as a VC-JWT with the platform's Ed25519 key; and
revoking an entry, which flips its credentials' bits in the status list. Checking one is
in webapp.services.credentials.verification."""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

from sqlmodel import Session, select

from webapp.models import Competence, Framework, Organisation, PassportEntry, StaffMember
from webapp.models.credentials import IssuedCredential
from webapp.services import audit
from webapp.services.credentials import signing_keys, status_list

CONTEXT = ["https://www.w3.org/ns/credentials/v2",
           "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
CREDENTIAL_TYPE = ["VerifiableCredential", "OpenBadgeCredential"]
FRAMEWORK_NAMES = {
    Framework.STATUTORY_MANDATORY: "Core Skills Training Framework",
    Framework.CARE_CERTIFICATE: "Care Certificate",
    Framework.CLINICAL_SKILL: "Place clinical skills catalogue",
    Framework.DELEGATED_ACTIVITY: "Place delegated healthcare activities catalogue",
}
CODE_FRAMEWORKS = {"OMMT-": "Oliver McGowan Mandatory Training"}  # outside CSTF proper


@dataclass(frozen=True)
class Platform:
    """Where this service lives: the issuer id, its status list and catalogue, its keys."""

    base_url: str  # e.g. https://place.example.org/ (with the trailing slash)
    status_url: str
    keys: Path

    @property
    def catalogue_url(self) -> str:
        return f"{self.base_url}catalogue/competences"

    def issuer(self, organisation: str | None = None) -> dict:
        name = "Place Workforce" + (f", for {organisation}" if organisation else "")
        return {"id": self.base_url, "type": ["Profile"], "name": name}


class NotIssuable(Exception):
    """This entry cannot be issued as a credential (the message says why)."""


def issuable_entry(session: Session, staff_id: int, entry_id: int) -> PassportEntry | None:
    """Return the member's entry, or None when it is not theirs."""
    entry = session.get(PassportEntry, entry_id)
    return entry if entry is not None and entry.staff_member_id == staff_id else None


def check_issuable(entry: PassportEntry, today: date) -> None:
    """Refuse self-declared, revoked and expired entries (raises NotIssuable)."""
    if entry.revoked:
        raise NotIssuable("This record has been revoked, so it cannot be issued.")
    if entry.verified_by is None or entry.verifying_organisation_id is None:
        raise NotIssuable("This record is self-declared: only a record verified by an "
                          "employer can be issued as a credential.")
    if entry.valid_until is not None and entry.valid_until < today:
        raise NotIssuable("This record has expired, so it cannot be issued.")


def issue_credential(session: Session, entry: PassportEntry, *, platform: Platform, actor,
                     request_id: str | None = None) -> tuple[IssuedCredential, str]:
    """Sign a verified entry as an OpenBadgeCredential VC-JWT, record and audit the issue."""
    check_issuable(entry, date.today())
    key = signing_keys.current_key(platform.keys)
    issued = IssuedCredential(
        credential_id=f"urn:uuid:{uuid.uuid4()}", passport_entry_id=entry.id,
        status_index=status_list.allocate_index(session), key_id=key.kid,
        issued_at=datetime.now(UTC), issued_by_user_id=getattr(actor, "id", None))
    session.add(issued)
    session.flush()
    token, issued.key_id = signing_keys.sign(build_credential(session, entry, issued, platform),
                                             platform.keys)
    audit.record(session, actor=actor, action="credential.issue", entity="issued_credential",
                 entity_id=issued.id, staff_member_id=entry.staff_member_id,
                 after={"credential_id": issued.credential_id, "entry_id": entry.id,
                        "kid": issued.key_id, "status_index": issued.status_index},
                 request_id=request_id)
    session.commit()
    return issued, token


def build_credential(session: Session, entry: PassportEntry, issued: IssuedCredential,
                     platform: Platform) -> dict:
    """Describe the entry as an Open Badges 3.0 credential (unsigned)."""
    competence = session.get(Competence, entry.competence_id)
    member = session.get(StaffMember, entry.staff_member_id)
    organisation = session.get(Organisation, entry.verifying_organisation_id)
    credential = {
        "@context": CONTEXT,
        "id": issued.credential_id,
        "type": CREDENTIAL_TYPE,
        "name": _title(competence),
        "issuer": platform.issuer(organisation.name),
        "validFrom": _timestamp(entry.achieved_on, time.min),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{"type": "IdentityObject", "identityType": "name", "hashed": False,
                            "identityHash": member.full_name}],
            "achievement": achievement(competence, platform, entry, organisation.name),
        },
        "credentialStatus": {
            "id": f"{platform.status_url}#{issued.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(issued.status_index),
            "statusListCredential": platform.status_url,
        },
    }
    if entry.valid_until is not None:
        credential["validUntil"] = _timestamp(entry.valid_until, time(23, 59, 59))
    return credential


def achievement(competence: Competence, platform: Platform, entry: PassportEntry,
                organisation: str) -> dict:
    """Describe a competence as an OB3 Achievement aligned to its national framework."""
    url = f"{platform.catalogue_url}/{competence.code}"
    verified_on = entry.verified_on or entry.achieved_on
    return {
        "id": url,
        "type": ["Achievement"],
        "achievementType": "Competency",
        "name": _title(competence),
        "description": f"{_title(competence)}, {framework_name(competence)}.",
        "criteria": {"narrative": f"Training completed on {entry.achieved_on.isoformat()} and "
                                  f"verified by {organisation} on {verified_on.isoformat()}."},
        "alignment": [{"type": ["Alignment"], "targetName": competence.title,
                       "targetCode": competence.code, "targetUrl": url,
                       "targetFramework": framework_name(competence)}],
    }


def framework_name(competence: Competence) -> str:
    for prefix, name in CODE_FRAMEWORKS.items():
        if competence.code.startswith(prefix):
            return name
    return FRAMEWORK_NAMES.get(competence.framework, "Place competence catalogue")


def _title(competence: Competence) -> str:
    return competence.title + (f", {competence.level}" if competence.level else "")


def _timestamp(day: date, at: time) -> str:
    return datetime.combine(day, at, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def revoke_entry(session: Session, entry: PassportEntry, *, reason: str, actor,
                 request_id: str | None = None) -> list[IssuedCredential]:
    """Revoke an entry and flip its credentials' status bits in one transaction (audited)."""
    now = datetime.now(UTC)
    issued = list(session.exec(select(IssuedCredential).where(
        IssuedCredential.passport_entry_id == entry.id)))
    was_revoked = entry.revoked
    entry.revoked = True
    for credential in issued:
        credential.revoked_at = credential.revoked_at or now
        session.add(credential)
    session.add(entry)
    audit.record(session, actor=actor, action="passport_entry.revoke", entity="passport_entry",
                 entity_id=entry.id, staff_member_id=entry.staff_member_id,
                 before={"revoked": was_revoked},
                 after={"revoked": True, "reason": reason,
                        "credentials": [c.credential_id for c in issued]},
                 request_id=request_id)
    session.commit()
    return issued

