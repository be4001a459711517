"""Rotas: a draft or published plan of shifts and visits for a team, a locality or the place."""

from datetime import date, datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel, UniqueConstraint


class RotaStatus(StrEnum):
    QUEUED = "queued"
    SOLVING = "solving"
    DRAFT = "draft"  # solved, not yet published
    PUBLISHED = "published"
    FAILED = "failed"
    CANCELLED = "cancelled"


class Rota(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    place_id: int = Field(foreign_key="place.id", index=True)
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    locality_id: int | None = Field(default=None, foreign_key="locality.id")
    starts_on: date
    weeks: int
    engine: str = Field(max_length=8)  # "roster" (team shifts) or "place" (visits, place-wide)
    status: str = Field(default=RotaStatus.QUEUED, max_length=16, index=True)
    version: int = 0  # the published version; 0 until first published
    lock_version: int = 1  # optimistic locking: every change bumps it
    job_id: int | None = Field(default=None, foreign_key="jobrun.id")
    summary: str | None = None  # JSON: fill, objective, bound, validator verdict, seconds
    created_by_user_id: int = Field(foreign_key="user.id")
    created_at: datetime
    published_by_user_id: int | None = Field(default=None, foreign_key="user.id")
    published_at: datetime | None = None
    # How much the solver weighs sharing unsocial days evenly: less | normal | more.
    fairness: str = Field(default="normal", max_length=8)


class RotaAssignment(SQLModel, table=True):
    """One person on one shift or visit of a rota."""

    id: int | None = Field(default=None, primary_key=True)
    rota_id: int = Field(foreign_key="rota.id", index=True)
    staff_member_id: int = Field(foreign_key="staffmember.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id")  # whose contract is charged
    locality_id: int | None = Field(default=None, foreign_key="locality.id")  # where it happens
    day: date
    starts_at: datetime
    ends_at: datetime
    shift_template_id: int | None = Field(default=None, foreign_key="shifttemplate.id")
    visit_plan_id: int | None = Field(default=None, foreign_key="carevisitplan.id")
    travel_minutes: int = 0  # travel before this visit
    pinned: bool = False


class RotaGap(SQLModel, table=True):
    """Demand the rota could not fill, with the reason the solver proved and who came closest."""

    id: int | None = Field(default=None, primary_key=True)
    rota_id: int = Field(foreign_key="rota.id", index=True)
    day: date
    starts_at: datetime
    ends_at: datetime
    shift_template_id: int | None = Field(default=None, foreign_key="shifttemplate.id")
    visit_plan_id: int | None = Field(default=None, foreign_key="carevisitplan.id")
    competence_id: int | None = Field(default=None, foreign_key="competence.id")
    missing: int = 1
    reason: str = Field(max_length=300)
    candidates: str = "[]"  # JSON: [{"staff_member_id", "name", "blocked_by"}]


class RotaVersion(SQLModel, table=True):
    """A published version: who published it, when, and what it held (for comparing)."""

    __table_args__ = (UniqueConstraint("rota_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    rota_id: int = Field(foreign_key="rota.id", index=True)
    number: int
    published_by_user_id: int = Field(foreign_key="user.id")
    published_at: datetime
    assignments: str  # JSON snapshot: [[staff_member_id, starts_at, ends_at, label], ...]
    affected_staff: str = "[]"  # JSON: staff whose shifts changed from the previous version
