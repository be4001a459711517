"""A row per background job, so a page can poll its progress."""

from datetime import datetime

from sqlmodel import Field, SQLModel


class JobRun(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=40)
    status: str = Field(default="queued", max_length=16)  # queued, running, done, failed
    progress: int = 0  # percent
    result: str | None = None  # JSON
    error: str | None = None
    created_at: datetime
    finished_at: datetime | None = None
