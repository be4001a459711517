"""A row per background job, so a page can poll its progress."""

from datetime import datetime

from sqlmodel import Field, SQLModel


class JobRun(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=40)
    status: str = Field(default="queued", max_length=16)  # queued, running, done, failed, cancelled
    progress: int = 0  # percent
    result: str | None = None  # JSON
    error: str | None = None
    created_at: datetime
    started_at: datetime | None = None
    heartbeat_at: datetime | None = None  # a running job beats; a silent one has died
    worker: str | None = Field(default=None, max_length=80)  # host and process running it
    cancel_requested: bool = False
    detail: str | None = None  # JSON: live figures (objective, bound, fill, elapsed, time left)
    finished_at: datetime | None = None
