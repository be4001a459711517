"""Cross-sector recognition: which held competence an organisation may count for another.

A mapping is data an admin approves, never code; an unapproved draft counts for nothing.
A RecognitionAcceptance records that a receiving organisation accepts one passport entry,
through one approved mapping, for one competence it requires ("tell us once").
"""

from datetime import datetime

from sqlmodel import Field, SQLModel, UniqueConstraint


class CompetenceMapping(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("place_id", "held_competence_id",
                                       "satisfies_competence_id"),)
    id: int | None = Field(default=None, primary_key=True)
    place_id: int = Field(foreign_key="place.id", index=True)
    held_competence_id: int = Field(foreign_key="competence.id", index=True)
    satisfies_competence_id: int = Field(foreign_key="competence.id", index=True)
    note: str = Field(default="", max_length=300)
    created_by_user_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime
    approved_by_user_id: int | None = Field(default=None, foreign_key="user.id")
    approved_at: datetime | None = None  # None: a draft, which does not count
    withdrawn_at: datetime | None = None  # set when removed; acceptances through it lapse

    @property
    def approved(self) -> bool:
        return self.approved_at is not None and self.withdrawn_at is None


class RecognitionAcceptance(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("passport_entry_id", "organisation_id",
                                       "competence_id"),)
    id: int | None = Field(default=None, primary_key=True)
    passport_entry_id: int = Field(foreign_key="passportentry.id", index=True)
    staff_member_id: int = Field(foreign_key="staffmember.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    competence_id: int = Field(foreign_key="competence.id")  # the competence it counts for
    mapping_id: int = Field(foreign_key="competencemapping.id")
    accepted_by_user_id: int | None = Field(default=None, foreign_key="user.id")
    accepted_at: datetime
