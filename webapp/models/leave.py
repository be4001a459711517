"""Staff leave and other unavailability, requested by the worker and decided by a manager."""

from datetime import date, datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel


class LeaveKind(StrEnum):
    ANNUAL_LEAVE = "annual_leave"
    STUDY = "study"
    UNAVAILABLE = "unavailable"  # not able to work (caring duties, another job)
    SICKNESS = "sickness"

    @property
    def label(self) -> str:
        return {"annual_leave": "Annual leave", "study": "Study or training",
                "unavailable": "Not available", "sickness": "Sickness"}[self.value]


class LeaveStatus(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    DECLINED = "declined"
    CANCELLED = "cancelled"


class Leave(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    staff_member_id: int = Field(foreign_key="staffmember.id", index=True)
    kind: str = Field(max_length=16)  # a LeaveKind value
    starts_on: date
    ends_on: date  # inclusive
    note: str = Field(default="", max_length=300)
    status: str = Field(default=LeaveStatus.REQUESTED, max_length=16, index=True)
    requested_at: datetime
    decided_by_user_id: int | None = Field(default=None, foreign_key="user.id")
    decided_at: datetime | None = None

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on
