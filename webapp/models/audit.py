"""The append-only audit log: who did what to which passport or rota, and when."""

from datetime import datetime

from sqlmodel import Field, Index, SQLModel


class AuditEvent(SQLModel, table=True):
    # The admins' audit view filters by who acted or by kind of action and pages newest
    # first on (at, id): these indexes keep each page an index range scan on a large log.
    __table_args__ = (Index("ix_auditevent_actor_at", "actor_user_id", "at", "id"),
                      Index("ix_auditevent_action_at", "action", "at", "id"),
                      Index("ix_auditevent_at_id", "at", "id"))
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
