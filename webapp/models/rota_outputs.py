"""What a person takes away from a published rota: a calendar feed, and what they last saw."""

from datetime import datetime

from sqlmodel import Field, SQLModel


class CalendarFeed(SQLModel, table=True):
    """A secret calendar URL for one person; only its hash is kept, so a leaked database
    cannot be turned into working feed URLs."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    staff_member_id: int = Field(foreign_key="staffmember.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)  # sha256 hex of the URL's token
    created_at: datetime
    revoked_at: datetime | None = None


class ShiftsSeen(SQLModel, table=True):
    """The published shifts and visits a person saw when they last opened /me/shifts."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", unique=True)
    seen_at: datetime
    snapshot: str = "[]"  # JSON: [[rota id, start, end, label], ...] as shown then
