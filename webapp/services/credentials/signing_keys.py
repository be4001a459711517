"""The platform's Ed25519 signing keys: kept as files outside the database, newest signs.

Each key is one PEM file named after its key id (kid). Rotation adds a newer file; older
keys stay so that credentials they signed still verify, and all of them appear in the JWKS.
"""

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from jwt.algorithms import OKPAlgorithm

KID = re.compile(r"^key-\d{8}T\d{12}$")  # key-YYYYmmddTHHMMSSffffff: sorts oldest first


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private: Ed25519PrivateKey

    @property
    def public(self) -> Ed25519PublicKey:
        return self.private.public_key()


def keys_directory(app) -> Path:
    """Return where the app keeps its keys: CREDENTIAL_KEYS_PATH or <instance>/keys."""
    configured = app.config.get("CREDENTIAL_KEYS_PATH")
    return Path(configured) if configured else Path(app.instance_path) / "keys"


def load_keys(directory: Path) -> list[SigningKey]:
    """Return every key in the directory, oldest first."""
    if not directory.is_dir():
        return []
    keys = []
    for path in sorted(directory.glob("key-*.pem")):
        if KID.match(path.stem):
            private = serialization.load_pem_private_key(path.read_bytes(), password=None)
            if isinstance(private, Ed25519PrivateKey):
                keys.append(SigningKey(path.stem, private))
    return keys


def create_key(directory: Path) -> SigningKey:
    """Generate a new key, newer than every existing one, readable by its owner only."""
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    kid = f"key-{datetime.now(UTC):%Y%m%dT%H%M%S%f}"
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    fd = os.open(directory / f"{kid}.pem", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as file:
        file.write(pem)
    return SigningKey(kid, private)


def current_key(directory: Path) -> SigningKey:
    """Return the newest key, creating the first one on first use."""
    keys = load_keys(directory)
    return keys[-1] if keys else create_key(directory)


def public_key(directory: Path, kid: object) -> Ed25519PublicKey | None:
    """Find a public key by kid; an unknown or malformed kid finds nothing."""
    if not isinstance(kid, str) or not KID.match(kid):
        return None
    return next((k.public for k in load_keys(directory) if k.kid == kid), None)


def jwks(directory: Path) -> dict:
    """Publish every public key (old ones too) as a JSON Web Key Set."""
    current_key(directory)
    keys = []
    for key in load_keys(directory):
        jwk = OKPAlgorithm.to_jwk(key.public, as_dict=True)
        keys.append({**jwk, "kid": key.kid, "use": "sig", "alg": "EdDSA"})
    return {"keys": keys}


def _numeric_date(timestamp: str) -> int:
    """A credential's RFC 3339 time as a JWT NumericDate (seconds since the epoch)."""
    from datetime import datetime

    return int(datetime.fromisoformat(timestamp.replace("Z", "+00:00")).timestamp())


def jwt_claims(credential: dict) -> dict:
    """The credential with the registered claims Open Badges 3.0 §8.2 maps from it:
    iss ← issuer.id, nbf ← validFrom, exp ← validUntil, jti ← id, sub ← credentialSubject.id
    (each only when the credential has it). Verifiers refuse a token without iss."""
    issuer = credential.get("issuer")
    mapped = {"iss": issuer.get("id") if isinstance(issuer, dict) else issuer,
              "jti": credential.get("id"), "sub": credential.get("credentialSubject", {}).get(
                  "id")}
    for claim, field in (("nbf", "validFrom"), ("exp", "validUntil")):
        if credential.get(field):
            mapped[claim] = _numeric_date(credential[field])
    return credential | {k: v for k, v in mapped.items() if v is not None}


def sign(claims: dict, directory: Path) -> tuple[str, str]:
    """Sign claims as a VC-JWT with the newest key; return (token, kid)."""
    import jwt

    key = current_key(directory)
    token = jwt.encode(jwt_claims(claims), key.private, algorithm="EdDSA",
                       headers={"kid": key.kid, "typ": "vc+jwt", "cty": "vc"})
    return token, key.kid
