"""Credentials issued from passport entries, each with its bit in the revocation status list."""

from datetime import datetime

from sqlmodel import Field, SQLModel, UniqueConstraint


class IssuedCredential(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("status_list", "status_index"),)
    id: int | None = Field(default=None, primary_key=True)
    credential_id: str = Field(max_length=64, unique=True)  # urn:uuid:...
    passport_entry_id: int = Field(foreign_key="passportentry.id", index=True)
    status_list: int = 1  # the list published at /credentials/status/<n>
    status_index: int  # this credential's bit in that list
    key_id: str = Field(max_length=64)  # the signing key's kid
    issued_at: datetime
    issued_by_user_id: int | None = Field(default=None, foreign_key="user.id")
    revoked_at: datetime | None = None
