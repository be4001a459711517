"""Checking a credential: our signature (by kid, against every published key), its shape,
its dates and its revocation bit. Anything else gets "not valid, because ..."."""

from dataclasses import dataclass
from datetime import UTC, datetime

import jwt
from sqlmodel import Session

from webapp.services.credentials import signing_keys, status_list
from webapp.services.credentials.badges import Platform


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
