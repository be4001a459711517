"""Data-sharing agreements between a place's organisations, and a member's own shares.

An organisation sees another organisation's staff passport entries only under an agreement
in force that names both, for the frameworks it lists, or when the member shares them.
"""

from datetime import date, datetime

from sqlmodel import Field, SQLModel, UniqueConstraint


class DataSharingAgreement(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    place_id: int = Field(foreign_key="place.id", index=True)
    title: str = Field(max_length=160)
    purpose: str = Field(max_length=500)
    frameworks: str = Field(max_length=200)  # comma-separated Framework values
    starts_on: date
    ends_on: date | None = None  # None: open-ended
    created_by_user_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime
    withdrawn_at: datetime | None = None

    @property
    def framework_set(self) -> set[str]:
        return {f for f in self.frameworks.split(",") if f}

    def in_force(self, on: date) -> bool:
        return (self.withdrawn_at is None and self.starts_on <= on
                and (self.ends_on is None or self.ends_on >= on))


class AgreementParty(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("agreement_id", "organisation_id"),)
    id: int | None = Field(default=None, primary_key=True)
    agreement_id: int = Field(foreign_key="datasharingagreement.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)


class PassportShare(SQLModel, table=True):
    """A member chooses to show their passport to an organisation that does not employ them."""

    id: int | None = Field(default=None, primary_key=True)
    staff_member_id: int = Field(foreign_key="staffmember.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id")
    frameworks: str = Field(max_length=200)  # comma-separated Framework values
    shared_at: datetime
    withdrawn_at: datetime | None = None
