"""The competence catalogue, passport entries and what each job role requires."""

from datetime import date
from enum import StrEnum

from sqlalchemy import Index
from sqlmodel import Field, SQLModel, UniqueConstraint


class Framework(StrEnum):
    STATUTORY_MANDATORY = "statutory_mandatory"
    CARE_CERTIFICATE = "care_certificate"
    CLINICAL_SKILL = "clinical_skill"
    DELEGATED_ACTIVITY = "delegated_activity"

    @property
    def label(self) -> str:
        return FRAMEWORK_LABELS[self]


FRAMEWORK_LABELS = {
    Framework.STATUTORY_MANDATORY: "Statutory and mandatory training",
    Framework.CARE_CERTIFICATE: "Care Certificate standards",
    Framework.CLINICAL_SKILL: "Clinical skills",
    Framework.DELEGATED_ACTIVITY: "Delegated healthcare activities",
}


class Competence(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    framework: str = Field(max_length=32, index=True)  # a Framework value
    code: str = Field(max_length=40, unique=True)
    title: str = Field(max_length=160)
    level: str | None = Field(default=None, max_length=40)
    refresher_months: int | None = None  # None: does not expire


class PassportEntry(SQLModel, table=True):
    # The matrix and the passport look entries up by member and competence together.
    __table_args__ = (Index("ix_passportentry_member_competence", "staff_member_id",
                            "competence_id"),)
    id: int | None = Field(default=None, primary_key=True)
    staff_member_id: int = Field(foreign_key="staffmember.id", index=True)
    competence_id: int = Field(foreign_key="competence.id", index=True)
    achieved_on: date
    valid_until: date | None = None  # achieved_on + the competence's refresher period
    evidence_note: str = Field(default="", max_length=500)
    verified_by: str | None = Field(default=None, max_length=120)  # None: self-declared
    verified_on: date | None = None
    verifying_organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    revoked: bool = False
    # Where valid_until came from: None = derived from the refresher period; "esr" or
    # "ascwds" = the source system's own expiry date, which a period change never rewrites.
    expiry_source: str | None = Field(default=None, max_length=16)


class RoleRequirement(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("organisation_id", "job_role", "competence_id"),)
    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    job_role: str = Field(max_length=80)
    competence_id: int = Field(foreign_key="competence.id")


class RefresherPeriod(SQLModel, table=True):
    """An employer's own refresher period for one competence, overriding the catalogue's."""

    __table_args__ = (UniqueConstraint("organisation_id", "competence_id"),)
    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    competence_id: int = Field(foreign_key="competence.id")
    refresher_months: int | None = None  # None: does not expire at this employer
