"""A shortage scenario: a baseline week (or four) of the place plus changes, and its results."""

from datetime import date, datetime

from sqlmodel import Field, SQLModel


class Scenario(SQLModel, table=True):
    """A named what-if a workforce lead saved; its latest run's job and aggregate results."""

    id: int | None = Field(default=None, primary_key=True)
    place_id: int = Field(foreign_key="place.id", index=True)
    name: str = Field(max_length=120)
    starts_on: date  # the baseline's first day
    weeks: int = 1  # 1 or 4
    locality_id: int | None = Field(default=None, foreign_key="locality.id")  # None: the place
    changes: str = "{}"  # JSON: the levers (see webapp.services.scenarios.changes)
    seeds: str = Field(default="1,2,3", max_length=40)  # staff-loss samples, one solve each
    parent_id: int | None = Field(default=None, foreign_key="scenario.id")  # cloned from
    job_id: int | None = Field(default=None, foreign_key="jobrun.id")  # the latest run
    result: str | None = None  # JSON: aggregates only, never a member of staff's name
    created_by_user_id: int = Field(foreign_key="user.id")
    created_at: datetime
