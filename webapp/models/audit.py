"""The append-only audit log: who did what to which passport or rota, and when."""

from datetime import datetime

from sqlmodel import Field, SQLModel


class AuditEvent(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)
    actor_user_id: int | None = Field(default=None, foreign_key="user.id")
    action: str = Field(max_length=60)  # e.g. passport.view, passport.view_denied
    entity: str = Field(max_length=40)
    entity_id: str = Field(max_length=40)
    staff_member_id: int | None = Field(default=None, index=True)
    before: str | None = None  # JSON
    after: str | None = None  # JSON
    request_id: str | None = Field(default=None, max_length=36)
