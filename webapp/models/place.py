"""A place, its localities and the organisations that employ its workforce."""

from enum import StrEnum

from sqlmodel import Field, SQLModel, UniqueConstraint


class Sector(StrEnum):
    NHS_TRUST = "nhs_trust"
    COUNCIL_ASC = "council_asc"
    INDEPENDENT_PROVIDER = "independent_provider"
    PUBLIC_HEALTH = "public_health"

    @property
    def label(self) -> str:
        return SECTOR_LABELS[self]


SECTOR_LABELS = {
    Sector.NHS_TRUST: "NHS trust",
    Sector.COUNCIL_ASC: "Council adult social care",
    Sector.INDEPENDENT_PROVIDER: "Independent care provider",
    Sector.PUBLIC_HEALTH: "Public health",
}


class Place(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    population: int = 0


class Locality(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    place_id: int = Field(foreign_key="place.id", index=True)
    name: str = Field(max_length=120)
    population: int = 0


class Organisation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    place_id: int = Field(foreign_key="place.id", index=True)
    name: str = Field(max_length=160)
    sector: str = Field(max_length=32)  # a Sector value
    code: str = Field(max_length=20, index=True)  # ODS code (NHS, council) or CQC provider id
    code_scheme: str = Field(max_length=8)  # "ODS" or "CQC"


class AscwdsWorkplace(SQLModel, table=True):
    """A workplace an organisation holds in ASC-WDS, by the LOCALESTID it uses in bulk files."""

    __table_args__ = (UniqueConstraint("organisation_id", "local_id"),)
    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    local_id: str = Field(max_length=50)
    name: str = Field(default="", max_length=120)
