"""Care demand: teams, their shift templates and cover, people's care packages of visits."""

from datetime import date, time
from enum import StrEnum

from sqlmodel import Field, SQLModel, UniqueConstraint


class TeamKind(StrEnum):
    WARD = "ward"  # a ward or unit: shifts with cover by competence
    HOME_CARE = "home_care"  # a home-care service or branch: visits to people at home
    COMMUNITY = "community"  # a community team: day and twilight shifts

    @property
    def label(self) -> str:
        return {"ward": "Ward or unit", "home_care": "Home-care service",
                "community": "Community team"}[self.value]


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    locality_id: int = Field(foreign_key="locality.id", index=True)
    code: str = Field(max_length=20, unique=True)
    name: str = Field(max_length=120)
    kind: str = Field(max_length=16)  # a TeamKind value


class TeamMember(SQLModel, table=True):
    """A staff member rostered in a team (under their contract with its organisation)."""

    __table_args__ = (UniqueConstraint("team_id", "staff_member_id"),)
    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    staff_member_id: int = Field(foreign_key="staffmember.id", index=True)


class TeamManager(SQLModel, table=True):
    """A sign-in that manages a team's rota."""

    __table_args__ = (UniqueConstraint("team_id", "user_id"),)
    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)


class ShiftTemplate(SQLModel, table=True):
    """A kind of shift a team works: early, late, night, long day, community day, twilight."""

    __table_args__ = (UniqueConstraint("team_id", "code"),)
    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    code: str = Field(max_length=4)  # printed in the rota grid: E, L, N, LD, CD, TW
    name: str = Field(max_length=40)
    starts: time
    ends: time  # at or before `starts`: the shift ends the next day
    unpaid_break_minutes: int = 0
    active: bool = True


class CoverRequirement(SQLModel, table=True):
    """People needed on one shift on one day of the week, holding one competence (or anyone).

    A line with a competence counts the people on the shift who hold it; a line without one
    is the shift's headcount, so a nurse counted on a nurses' line counts towards it too.
    """

    __table_args__ = (UniqueConstraint("shift_template_id", "weekday", "competence_id"),)
    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    shift_template_id: int = Field(foreign_key="shifttemplate.id", index=True)
    weekday: int  # 0 Monday … 6 Sunday
    competence_id: int | None = Field(default=None, foreign_key="competence.id")
    minimum: int
    preferred: int


class CarePackage(SQLModel, table=True):
    """A person's commissioned home care, delivered by one home-care team."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="personreceivingcare.id", index=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    funder: str = Field(max_length=16)  # NHS, council or pooled
    starts_on: date
    ends_on: date | None = None
    priority: int = 2  # 1 most urgent (time-critical medicines), 3 least


class CareVisitPlan(SQLModel, table=True):
    """A recurring visit of a package: which days, the start window, how long, how many carers."""

    id: int | None = Field(default=None, primary_key=True)
    package_id: int = Field(foreign_key="carepackage.id", index=True)
    weekdays: int  # bit 0 Monday … bit 6 Sunday
    earliest_start: time
    latest_start: time
    duration_minutes: int
    carers: int = 1  # 2 for a double-handed visit
    tasks: str = Field(default="", max_length=200)  # e.g. "personal care, breakfast"
    competence_id: int | None = Field(default=None, foreign_key="competence.id")
    activity_id: int | None = Field(default=None, foreign_key="competence.id")  # delegated

    def on_weekday(self, weekday: int) -> bool:
        return bool(self.weekdays >> weekday & 1)


class PreferredCarer(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("package_id", "staff_member_id"),)
    id: int | None = Field(default=None, primary_key=True)
    package_id: int = Field(foreign_key="carepackage.id", index=True)
    staff_member_id: int = Field(foreign_key="staffmember.id", index=True)
