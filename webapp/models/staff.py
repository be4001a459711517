"""Staff members and their employment contracts (several at once for a joint role)."""

from datetime import date
from enum import StrEnum

from sqlmodel import Field, SQLModel


class ContractType(StrEnum):
    SUBSTANTIVE = "substantive"
    SECONDMENT = "secondment"
    JOINT = "joint"
    BANK = "bank"
    HONORARY = "honorary"


class StaffMember(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    place_id: int = Field(foreign_key="place.id", index=True)
    staff_number: str = Field(max_length=20, unique=True)
    given_name: str = Field(max_length=80)
    family_name: str = Field(max_length=80, index=True)
    home_locality_id: int | None = Field(default=None, foreign_key="locality.id")
    registration_body: str | None = Field(default=None, max_length=8)  # NMC, HCPC, GMC, SWE
    registration_number: str | None = Field(default=None, max_length=20)
    registration_valid_until: date | None = None
    date_of_birth: date | None = None  # matches ESR rows that carry no staff number

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class EmploymentContract(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    staff_member_id: int = Field(foreign_key="staffmember.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    job_role: str = Field(max_length=80)
    contract_type: str = Field(max_length=16)  # a ContractType value
    hours_per_week: float
    cost_per_hour: float
    starts_on: date
    ends_on: date | None = None

    def is_active(self, on: date) -> bool:
        return self.starts_on <= on and (self.ends_on is None or self.ends_on >= on)
