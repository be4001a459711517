"""Secret link tokens (share links, calendar feeds, set-password links): the raw token is shown
once, only its sha256 is stored, so a copy of the database opens nothing."""

import hashlib
import secrets


def new_token() -> str:
    """Return a fresh unguessable token for a URL (256 bits)."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """Return the stored form of a token."""
    return hashlib.sha256(token.encode()).hexdigest()
