"""Sign-in accounts: argon2 hashing and authentication."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, func, select

from webapp.models import User

_hasher = PasswordHasher()
# Verified against when the email is unknown, so both failures cost the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def authenticate(session: Session, *, email: str, password: str) -> User | None:
    """Return the active user with this email and password, or None."""
    user = session.exec(select(User).where(func.lower(User.email) == email.strip().lower())).first()
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
        session.commit()
    return user


def create_user(session: Session, *, email: str, password: str, role: str, place_id: int,
                staff_member_id: int | None = None, organisation_id: int | None = None) -> User:
    """Create a sign-in account (the caller commits)."""
    user = User(email=email.lower(), password_hash=hash_password(password), role=role,
                place_id=place_id, staff_member_id=staff_member_id,
                organisation_id=organisation_id)
    session.add(user)
    return user


def end_sessions(user: User) -> None:
    """End every session of this user, on every device: each session cookie carries the
    version it was made under, and the user loader refuses an older one."""
    user.session_version += 1


def set_password(session: Session, user: User, password: str) -> None:
    """Give the user a new password and end their other sessions (the caller commits)."""
    user.password_hash = hash_password(password)
    end_sessions(user)
    session.add(user)
