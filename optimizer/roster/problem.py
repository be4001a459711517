"""The rostering problem and its solution, as frozen dataclasses.

Days are numbered from 0 (the horizon's start date) to ``days - 1``. Every
other module reads these classes; none of them knows where the data came from
(a web form, a database or the Curtois benchmark text format).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from optimizer.kernel import DAY, MINUTES_PER_HOUR, WorkingTime

MINUTES_PER_DAY = DAY
_REGULATIONS = WorkingTime()  # the kernel's defaults: the one set, in minutes


@dataclass(frozen=True)
class ShiftType:
    """A kind of shift: clock times and the minutes it pays.

    ``end`` at or before ``start`` means the shift runs past midnight.
    ``break_minutes`` is the uninterrupted break the shift includes; None
    takes its unpaid time (length less paid minutes) as the break.
    """

    id: str
    start: dt.time = dt.time(8, 0)
    end: dt.time = dt.time(16, 0)
    paid_minutes: int = 480
    break_minutes: int | None = None

    @property
    def start_minute(self) -> int:
        """Minutes after midnight of its own day at which the shift starts."""
        return self.start.hour * MINUTES_PER_HOUR + self.start.minute

    @property
    def end_minute(self) -> int:
        """Minutes after midnight of its start day at which the shift ends."""
        end = self.end.hour * MINUTES_PER_HOUR + self.end.minute
        return end + MINUTES_PER_DAY if end <= self.start_minute else end

    @property
    def break_length(self) -> int:
        """Minutes of break in the shift: as given, or its unpaid time."""
        if self.break_minutes is not None:
            return self.break_minutes
        return max(0, self.end_minute - self.start_minute - self.paid_minutes)


@dataclass(frozen=True)
class Site:
    """A ward, team base or other place where a shift is worked."""

    id: str
    name: str = ""


@dataclass(frozen=True)
class Competence:
    """A competence a staff member holds between two dates (inclusive, open if None)."""

    id: str
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None

    def valid_on(self, date: dt.date) -> bool:
        """Whether the competence is in date on ``date``."""
        after_start = self.valid_from is None or self.valid_from <= date
        before_end = self.valid_until is None or date <= self.valid_until
        return after_start and before_end


@dataclass(frozen=True)
class ShiftRequest:
    """A wish to work (on-request) or not work (off-request) a shift on a day."""

    day: int
    shift: str
    weight: int


@dataclass(frozen=True)
class StaffMember:
    """A person on the rota with their contract limits and wishes.

    ``max_shifts`` maps shift type ids to the most of that type the person may
    work over the horizon; a type left out is unlimited, 0 means not allowed.
    ``sites`` lists where the person may work (empty: anywhere).
    ``fixed_work`` holds (start, end) minutes from 00:00 of day 0 that the
    person is already working (another employer's published shifts, pinned
    work); they may fall before or after the horizon. It counts as working
    time for the Working Time Regulations but not towards ``max_minutes``
    (this employer's contract). ``carried_in_minutes`` were worked, for every
    employer, in the reference period before day 0 (fixed work before day 0
    is part of them, not counted again). ``fair_share`` is how much of the
    unsocial shifts (``Problem.fairness``) the person owes relative to the
    others (the web passes contracted minutes a week, so a part-timer owes
    fewer; 0 owes none); ``fairness_carried_in`` maps a fairness category's
    name to the shifts of it the person worked in the weeks before day 0.
    """

    id: str
    competences: tuple[Competence, ...] = ()
    sites: tuple[str, ...] = ()
    max_shifts: tuple[tuple[str, int], ...] = ()
    min_minutes: int = 0
    max_minutes: int | None = None
    max_consecutive_days: int | None = None
    min_consecutive_days: int = 1
    min_consecutive_days_off: int = 1
    max_weekends: int | None = None
    unavailable_days: frozenset[int] = frozenset()
    shift_on_requests: tuple[ShiftRequest, ...] = ()
    shift_off_requests: tuple[ShiftRequest, ...] = ()
    opted_out_of_weekly_limit: bool = False
    night_worker: bool = False
    fixed_work: tuple[tuple[int, int], ...] = ()
    carried_in_minutes: int = 0
    fair_share: int = 1
    fairness_carried_in: tuple[tuple[str, int], ...] = ()

    def max_of(self, shift: str) -> int | None:
        """The most shifts of type ``shift`` allowed, or None when unlimited."""
        return dict(self.max_shifts).get(shift)


@dataclass(frozen=True)
class CoverRequirement:
    """How many people a shift needs on a day, at a site, with a competence.

    ``site`` None counts people at every site; ``competence`` None counts
    everyone. Each missing person costs ``under_weight``, each extra one
    ``over_weight``.
    """

    day: int
    shift: str
    required: int
    under_weight: int = 100
    over_weight: int = 1
    site: str | None = None
    competence: str | None = None


@dataclass(frozen=True)
class ForbiddenSuccession:
    """Shift ``then`` may not be worked the day after shift ``first``."""

    first: str
    then: str


def _on(value: int | None, default: int) -> int:
    """A switchable rule's number: its own when switched on, else the kernel's default."""
    return default if value is None else value


WEEKLY_REST_DAYS = {"weekly": 7, "fortnightly": 14}  # reg. 11(1) and 11(2): period in days


@dataclass(frozen=True)
class WorkingTimeRules:
    """The Working Time Regulations 1998 as switchable, parameterised rules.

    A rule set to None is switched off; every duration is in minutes and every
    default is the kernel's (``optimizer.kernel.WorkingTime``); ``params`` gives
    the kernel's parameters that checks and constraints read their numbers from.

    - ``daily_rest_minutes``: rest between any two pieces of work (reg. 10).
    - ``weekly_rest``: "weekly" (``weekly_rest_minutes`` uninterrupted in each
      7-day period) or "fortnightly" (two such rests, or one of twice the
      length, in each 14-day period), periods from Monday 00:00 (reg. 11);
      ``weekly_rest_apart_from_daily`` adds the daily rest to each (reg. 11(7)).
    - ``weekly_limit_minutes``: the average per 7 days over every rolling
      ``reference_weeks`` window, hours carried in included (reg. 4).
    - ``night_limit_minutes``: a night worker's average per 24 hours over the
      same windows, weekly rest days left out (reg. 6); no opt-out.
    - ``break_minutes``: the uninterrupted break a shift longer than
      ``break_after_minutes`` must include (reg. 12).
    """

    daily_rest_minutes: int | None = _REGULATIONS.daily_rest
    weekly_rest: str | None = "weekly"
    weekly_limit_minutes: int | None = _REGULATIONS.weekly_limit
    night_limit_minutes: int | None = _REGULATIONS.night_average
    reference_weeks: int = _REGULATIONS.reference_weeks
    weekly_rest_minutes: int = _REGULATIONS.weekly_rest
    weekly_rest_apart_from_daily: bool = _REGULATIONS.weekly_rest_excludes_daily
    break_minutes: int | None = _REGULATIONS.break_length
    break_after_minutes: int = _REGULATIONS.break_after

    @cached_property
    def params(self) -> WorkingTime:
        """The kernel's parameters (a rule switched off keeps the kernel's default here)."""
        return WorkingTime(
            daily_rest=_on(self.daily_rest_minutes, _REGULATIONS.daily_rest),
            weekly_rest=self.weekly_rest_minutes,
            weekly_rest_days=WEEKLY_REST_DAYS.get(self.weekly_rest or "weekly", 7),
            weekly_rest_excludes_daily=(
                self.weekly_rest_apart_from_daily and self.daily_rest_minutes is not None
            ),
            reference_weeks=self.reference_weeks,
            weekly_limit=_on(self.weekly_limit_minutes, _REGULATIONS.weekly_limit),
            night_average=_on(self.night_limit_minutes, _REGULATIONS.night_average),
            break_after=self.break_after_minutes,
            break_length=_on(self.break_minutes, _REGULATIONS.break_length),
        )

    @classmethod
    def off(cls) -> WorkingTimeRules:
        """All Working Time Regulations switched off (the benchmark has its own rules)."""
        return cls(
            daily_rest_minutes=None,
            weekly_rest=None,
            weekly_limit_minutes=None,
            night_limit_minutes=None,
            break_minutes=None,
        )


@dataclass(frozen=True)
class Fairness:
    """Sharing out unsocial shifts: which shifts count, and what an unfair share costs.

    ``categories`` holds (name, the (day, shift id) pairs that count in it):
    nights, weekend shifts, bank-holiday shifts. Each person who could work a
    shift of a category owes a part of all the shifts of it worked, this
    roster's and those carried in, in proportion to their ``fair_share``.
    ``weight`` is the cost of each shift a person holds above that part, per
    category, rounded up to whole shifts; 0 (the default, as on the benchmark)
    switches the rule off.
    """

    weight: int = 0
    categories: tuple[tuple[str, frozenset[tuple[int, str]]], ...] = ()


@dataclass(frozen=True)
class Problem:
    """A rostering problem over a dated horizon."""

    start: dt.date
    days: int
    shifts: tuple[ShiftType, ...]
    staff: tuple[StaffMember, ...]
    cover: tuple[CoverRequirement, ...]
    sites: tuple[Site, ...] = ()
    forbidden_successions: tuple[ForbiddenSuccession, ...] = ()
    working_time: WorkingTimeRules = field(default_factory=WorkingTimeRules)
    # The benchmark (and a rota with unknown history) does not hold a short
    # stretch against anyone when it starts on day 0 or runs into the last day.
    min_stretch_at_edges: bool = False
    name: str = ""
    fairness: Fairness = field(default_factory=Fairness)

    def date_of(self, day: int) -> dt.date:
        """The calendar date of day number ``day``."""
        return self.start + dt.timedelta(days=day)

    def site_ids(self) -> tuple[str | None, ...]:
        """Site ids, or a single None when the problem has no sites."""
        return tuple(site.id for site in self.sites) or (None,)

    def shift(self, shift_id: str) -> ShiftType:
        """The shift type with id ``shift_id``."""
        return next(shift for shift in self.shifts if shift.id == shift_id)


@dataclass(frozen=True, order=True)
class Assignment:
    """One person working one shift on one day (at one site, if there are sites)."""

    staff: str
    day: int
    shift: str
    site: str | None = None


@dataclass(frozen=True)
class Solution:
    """A roster with its cost and how the solver got there.

    ``objective_by_rule`` maps each soft rule's name to its weighted penalty.
    ``status`` is the CP-SAT status name (OPTIMAL, FEASIBLE, INFEASIBLE, ...).
    """

    assignments: tuple[Assignment, ...]
    objective: int | None
    objective_by_rule: dict[str, int]
    status: str
    bound: float
    wall_time: float
