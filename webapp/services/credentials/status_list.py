"""The revocation status list (W3C Bitstring Status List v1.0): one bit per issued credential.

The bitstring is derived from IssuedCredential.revoked_at, so revoking a credential and
flipping its bit are one database write in one transaction. Bit 0 is the most significant
bit of the first byte. `encodedList` is the Multibase base64url (no padding, prefix "u") of
the GZIP-compressed bitstring.

The list is published at /credentials/status/1 signed as a VC-JWT with the platform's key
by default (a verifier trusts a signed list); a client asking for `application/json` gets
the same credential unsigned.
"""

import base64
import gzip
import secrets
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from webapp.models.credentials import IssuedCredential

LIST_ID = 1
SIZE = 131_072  # 16 KB of bits: the spec's minimum, which keeps every holder in a crowd
CONTEXT = "https://www.w3.org/ns/credentials/v2"


class StatusListFull(Exception):
    """Every index of the list is taken."""


def encode(indexes, size: int = SIZE) -> str:
    """Return the encodedList for a bitstring with these indexes set."""
    bits = bytearray(size // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode()


def decode(encoded: str) -> bytes:
    """Return the bitstring from an encodedList (raises ValueError when it is malformed)."""
    if not encoded.startswith("u"):
        raise ValueError("encodedList is not Multibase base64url")
    data = encoded[1:]
    try:
        packed = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
        return gzip.decompress(packed)
    except (ValueError, OSError, EOFError) as error:
        raise ValueError("encodedList is not a GZIP-compressed bitstring") from error


def is_set(bits: bytes, index: int) -> bool:
    """Read one bit (index 0 is the left-most bit)."""
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def revoked_indexes(session: Session, list_id: int = LIST_ID) -> list[int]:
    """Return the indexes of revoked credentials in this list."""
    query = select(IssuedCredential.status_index).where(
        IssuedCredential.status_list == list_id, col(IssuedCredential.revoked_at).is_not(None))
    return list(session.exec(query))


def allocate_index(session: Session, list_id: int = LIST_ID) -> int:
    """Pick a free index at random, so an index says nothing about when it was issued."""
    used = set(session.exec(select(IssuedCredential.status_index).where(
        IssuedCredential.status_list == list_id)))
    if len(used) >= SIZE:
        raise StatusListFull(f"status list {list_id} is full")
    while True:
        index = secrets.randbelow(SIZE)
        if index not in used:
            return index


def status_list_credential(session: Session, *, url: str, issuer: dict) -> dict:
    """Build the BitstringStatusListCredential published at `url`."""
    return {
        "@context": [CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode(revoked_indexes(session)),
        },
    }


def is_revoked(session: Session, index: int) -> bool:
    """Read an index from the list as published (encoded, then decoded like any verifier)."""
    bits = decode(encode(revoked_indexes(session)))
    return is_set(bits, index)
