"""People who sign in, each with one role."""

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlmodel import Field, SQLModel


class Role(StrEnum):
    CARE_WORKER = "care_worker"
    MANAGER = "manager"
    REGISTERED_PROFESSIONAL = "registered_professional"
    WORKFORCE_LEAD = "workforce_lead"
    ISSUER = "issuer"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


# Leads and admins act across their whole place (passports, teams, rotas, every employer's
# shifts); everyone else through their organisation, teams or delegations. One set, used by
# every access rule.
PLACE_WIDE = frozenset({Role.WORKFORCE_LEAD, Role.ADMIN})


class User(UserMixin, SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True)
    name: str = Field(default="", max_length=120, sa_column_kwargs={"server_default": ""})
    password_hash: str = Field(max_length=200)
    role: str = Field(max_length=32)  # a Role value
    place_id: int = Field(foreign_key="place.id")
    staff_member_id: int | None = Field(default=None, foreign_key="staffmember.id")
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    active: bool = True
    # Part of the session cookie's user id: raised on sign-out and on a new password, so
    # every earlier session cookie of this user stops working at once.
    session_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"


class RateLimitCounter(SQLModel, table=True):
    """A fixed-window counter of the sign-in limits, shared by every worker process."""

    key: str = Field(primary_key=True, max_length=255)
    count: int
    expires_at: float  # Unix time the window ends


class PasswordLink(SQLModel, table=True):
    """A single-use, expiring link that sets a user's password (an invitation or a reset).

    Only the token's SHA-256 is stored, as for calendar feeds: the link is shown to the
    admin once, to pass on, and cannot be read back from the database.
    """

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    purpose: str = Field(max_length=8)  # "invite" or "reset"
    created_by_user_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
