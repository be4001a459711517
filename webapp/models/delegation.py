"""Delegated healthcare activities: person-, task- and worker-specific (NMC Code 11)."""

from datetime import date
from enum import StrEnum

from sqlmodel import Field, SQLModel


class DelegationStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"


class Consent(StrEnum):
    """Who agreed to the activity being delegated (the person, or for them)."""

    PERSON = "person"
    REPRESENTATIVE = "representative"  # lasting power of attorney for health and welfare
    BEST_INTERESTS = "best_interests"  # Mental Capacity Act 2005 s4 decision


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
    # Recorded with the delegation in the app (demo and older rows may lack them).
    consent: str | None = Field(default=None, max_length=16)  # a Consent value
    protocol_reference: str | None = Field(default=None, max_length=80)
    assessor: str | None = Field(default=None, max_length=120)
    supervision: str | None = Field(default=None, max_length=500)
    escalation_contact: str | None = Field(default=None, max_length=160)
    reviewed_on: date | None = None
    status_reason: str | None = Field(default=None, max_length=200)
    # The passport entries this delegation rests on: activity training and competence sign-off.
    training_entry_id: int | None = Field(default=None, foreign_key="passportentry.id")
    signoff_entry_id: int | None = Field(default=None, foreign_key="passportentry.id")
