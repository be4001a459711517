"""Share links: a member shows chosen parts of their passport to anyone holding the link."""

from datetime import datetime

from sqlmodel import Field, SQLModel


class ShareLink(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    staff_member_id: int = Field(foreign_key="staffmember.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)  # sha256 hex; the raw token is never kept
    label: str = Field(default="", max_length=80)  # the member's own note, e.g. "Sunrise Care"
    scope: str  # JSON {"frameworks": [...], "entry_ids": [...]}
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
