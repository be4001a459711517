"""A training upload held between preview and confirmation (never in the cookie)."""

from datetime import datetime

from sqlmodel import Field, SQLModel


class ImportBatch(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    place_id: int = Field(foreign_key="place.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id")
    layout: str = Field(max_length=16)  # "esr" or "ascwds"
    filename: str = Field(max_length=200)
    uploaded_by_user_id: int = Field(foreign_key="user.id")
    uploaded_at: datetime
    status: str = Field(default="previewed", max_length=16)  # previewed, committed, discarded
    row_count: int = 0
    error_count: int = 0
    rows: str = "[]"  # JSON: the parsed rows, re-checked against the database on commit
    summary: str | None = None  # JSON: counts written on commit
    committed_at: datetime | None = None
