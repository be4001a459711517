"""Delegated healthcare activities: person-, task- and worker-specific (NMC Code 11)."""

from datetime import date
from enum import StrEnum

from sqlmodel import Field, SQLModel


class DelegationStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"


class PersonReceivingCare(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(max_length=20, unique=True)  # pseudonymous, never a name
    locality_id: int = Field(foreign_key="locality.id", index=True)
    latitude: float | None = None  # where visits happen: a point inside the locality
    longitude: float | None = None


class Delegation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    delegating_professional_id: int = Field(foreign_key="staffmember.id", index=True)
    registration_number: str = Field(max_length=20)
    care_worker_id: int = Field(foreign_key="staffmember.id", index=True)
    person_id: int = Field(foreign_key="personreceivingcare.id", index=True)
    activity_id: int = Field(foreign_key="competence.id")
    assessed_on: date
    review_by: date
    status: str = Field(default=DelegationStatus.ACTIVE, max_length=16)
