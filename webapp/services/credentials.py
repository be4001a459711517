"""Signed credentials: a verified passport entry as an Open Badges 3.0 credential (a W3C
Verifiable Credential 2.0) secured as a VC-JWT with the platform's Ed25519 key; checking
one; and revoking an entry, which flips its credentials' bits in the status list."""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

import jwt
from sqlmodel import Session, select

from webapp.models import Competence, Framework, Organisation, PassportEntry, StaffMember
from webapp.models.credentials import IssuedCredential
from webapp.services import audit, signing_keys, status_list

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


@dataclass
class Verification:
    """What checking a credential found; `reasons` says why it is not valid."""

    reasons: list[str]
    signature_valid: bool = False
    key_id: str | None = None
    credential: dict | None = None
    revoked: bool | None = None  # None: not checked

    @property
    def valid(self) -> bool:
        return self.signature_valid and not self.reasons

    def _get(self, *path):
        value = self.credential
        for step in path:
            value = value.get(step) if isinstance(value, dict) else None
        return value

    @property
    def issuer_name(self) -> str | None:
        return _text(self._get("issuer", "name"))

    @property
    def name(self) -> str | None:
        return _text(self._get("name"))

    @property
    def subject_name(self) -> str | None:
        identifiers = self._get("credentialSubject", "identifier")
        first = identifiers[0] if isinstance(identifiers, list) and identifiers else None
        return _text(first.get("identityHash")) if isinstance(first, dict) else None

    @property
    def valid_from(self) -> datetime | None:
        return _parse_time(self._get("validFrom"))

    @property
    def valid_until(self) -> datetime | None:
        return _parse_time(self._get("validUntil"))

    def as_dict(self) -> dict:
        return {"valid": self.valid, "reasons": self.reasons,
                "signature": "valid" if self.signature_valid else "not valid",
                "key_id": self.key_id, "issuer": self.issuer_name, "name": self.name,
                "subject": self.subject_name,
                "valid_from": _iso(self.valid_from), "valid_until": _iso(self.valid_until),
                "status": {None: "not checked", True: "revoked", False: "not revoked"}[
                    self.revoked]}


MAX_TOKEN = 20_000  # far above any credential we issue


def verify_credential(session: Session, token: object, *, platform: Platform,
                      now: datetime | None = None) -> Verification:
    """Check a VC-JWT: our signature, its shape, its dates, its revocation bit."""
    now = now or datetime.now(UTC)
    result = Verification(reasons=[])
    if not isinstance(token, str) or not token.strip():
        return Verification(reasons=["nothing was given to check"])
    token = token.strip()
    if len(token) > MAX_TOKEN:
        return Verification(reasons=["it is far too long to be a credential from this service"])
    try:
        header = jwt.get_unverified_header(token)
    except (jwt.PyJWTError, ValueError, TypeError):
        return Verification(reasons=["it is not a signed credential (a VC-JWT has three parts "
                                     "separated by dots)"])
    reason = _check_header(header, platform, result)
    if reason:
        result.reasons.append(reason)
        return result
    try:
        payload = jwt.decode(token, signing_keys.public_key(platform.keys, result.key_id),
                             algorithms=["EdDSA"], options={
                                 "verify_exp": False, "verify_nbf": False, "verify_iat": False,
                                 "verify_aud": False, "verify_iss": False})
    except jwt.InvalidSignatureError:
        result.reasons.append("its signature does not match: it was changed after it was "
                              "signed, or was not signed by this service")
        return result
    except (jwt.PyJWTError, ValueError, TypeError):
        result.reasons.append("its contents could not be read")
        return result
    result.signature_valid = True
    result.credential = payload
    result.reasons.extend(_check_contents(session, result, platform, now))
    return result


def _check_header(header: dict, platform: Platform, result: Verification) -> str | None:
    if header.get("alg") != "EdDSA":
        return f"it is signed with {str(header.get('alg'))[:20]!r}, not EdDSA as ours are"
    kid = header.get("kid")
    result.key_id = str(kid)[:80] if kid is not None else None
    if kid is None:
        return "it does not name the key that signed it"
    if signing_keys.public_key(platform.keys, kid) is None:
        return (f"it was signed with a key that is not one of this service's published keys "
                f"({result.key_id!r})")
    return None


def _check_contents(session, result: Verification, platform: Platform, now) -> list[str]:
    types = result._get("type")
    if not isinstance(types, list) or "VerifiableCredential" not in types:
        return ["it is not a verifiable credential"]
    reasons = []
    if result._get("issuer", "id") != platform.base_url:
        reasons.append("it names a different issuer")
    if result.valid_until is not None and result.valid_until < now:
        reasons.append(f"it expired on {result.valid_until:%-d %B %Y}")
    if result.valid_from is not None and result.valid_from > now:
        reasons.append(f"it is not valid until {result.valid_from:%-d %B %Y}")
    reasons.extend(_check_status(session, result, platform))
    return reasons


def _check_status(session, result: Verification, platform: Platform) -> list[str]:
    status = result._get("credentialStatus")
    if not isinstance(status, dict) or status.get("statusListCredential") != platform.status_url:
        return ["its revocation status could not be checked against this service's list"]
    try:
        index = int(status.get("statusListIndex"))
    except (TypeError, ValueError):
        return ["its revocation status entry is malformed"]
    if not 0 <= index < status_list.SIZE:
        return ["its revocation status entry is out of range"]
    result.revoked = status_list.is_revoked(session, index)
    return ["it has been revoked by the issuer"] if result.revoked else []


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def _parse_time(value) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _iso(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else None
