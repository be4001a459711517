"""A place problem: staff of several employers, cover slots and home visits, in the domain's words.

Everything is a frozen dataclass so the web app can adapt database rows into it and the
solver can share it between threads. Times are naive local datetimes; the horizon starts at
midnight on `PlaceProblem.start` and lasts `days` days.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property

from optimizer.kernel import WorkingTime, as_hours
from optimizer.place.travel import Speeds, TravelSource, travel_source
from optimizer.place.visit_times import gap_index

CONTRACT_TYPES = ("substantive", "joint", "bank", "agency", "secondment")
DELEGATION_STATUSES = ("active", "suspended", "withdrawn")
FUNDERS = ("NHS", "council", "pooled")


@dataclass(frozen=True)
class Organisation:
    """An employer at the place: an NHS trust, a council, a care provider or public health."""

    id: str
    name: str
    kind: str  # nhs_trust | council | care_provider | public_health


@dataclass(frozen=True)
class Locality:
    """A neighbourhood of the place; home visits and staff homes sit in one."""

    id: str
    name: str
    kind: str = "urban"  # urban | rural: how fast carers drive there (see `travel.Speeds`)
    latitude: float | None = None  # centroid, where a location meets a locality-only place
    longitude: float | None = None


@dataclass(frozen=True)
class Location:
    """A point on the map (a person's home, a worker's home, a site) inside one locality."""

    id: str
    latitude: float
    longitude: float
    locality: str


@dataclass(frozen=True)
class Travel:
    """Minutes from one place to another, one way (localities, or locations in the matrix)."""

    origin: str
    destination: str
    minutes: int


@dataclass(frozen=True)
class Contract:
    """One employment contract: whose hours, how many, and at what cost."""

    employer: str
    type: str  # one of CONTRACT_TYPES
    hours_per_week: float  # contracted hours, paid at cost_per_hour
    hours_per_week_max: float  # hard cap for this employer, overtime included
    cost_per_hour: float  # pounds
    overtime_cost_per_hour: float  # pounds, for hours above hours_per_week


@dataclass(frozen=True)
class Competence:
    """A competence (training or skill) valid from one date until another (inclusive)."""

    code: str
    valid_from: date
    valid_until: date | None = None


@dataclass(frozen=True)
class Delegation:
    """A registrant's delegation of one healthcare activity for one person to this worker."""

    person: str
    activity: str
    review_by: date  # the delegation lapses after this date unless reviewed
    status: str = "active"  # one of DELEGATION_STATUSES


@dataclass(frozen=True)
class Unavailability:
    """A period when the worker cannot work (approved leave, training, not available)."""

    start: datetime
    end: datetime
    reason: str = "leave"


@dataclass(frozen=True)
class FixedWork:
    """Work the person already does: another employer's published shift, a pinned visit or shift.

    It is busy time for every rule (overlap, travel, rest, day span, weekly limits) and counts
    towards the contract of its own employer only.
    """

    start: datetime
    end: datetime
    locality: str
    employer: str


@dataclass(frozen=True)
class StaffMember:
    """A worker at the place, possibly employed by two organisations at once (a joint role)."""

    id: str
    name: str
    home_locality: str
    contracts: tuple[Contract, ...]
    competences: tuple[Competence, ...] = ()
    delegations: tuple[Delegation, ...] = ()
    wtr_opt_out: bool = False
    unavailable: tuple[Unavailability, ...] = ()
    preferred_days_off: tuple[date, ...] = ()
    fixed_work: tuple[FixedWork, ...] = ()
    carried_in_minutes: int | None = None  # worked in the 48-hour reference period before
    night_worker: bool = False  # a night worker by contract, whatever this plan holds
    home_location: str | None = None  # a location id; travel starts there when given


@dataclass(frozen=True)
class Site:
    """A place where shifts are worked: a ward, a care home, a clinic."""

    id: str
    name: str
    locality: str
    organisation: str
    location: str | None = None  # a location id; else shifts are at the locality (centroid)


@dataclass(frozen=True)
class CoverSlot:
    """Cover needed: `required` people holding `competence` on one shift at one site."""

    id: str
    site: str
    shift: str  # early | late | night | long_day | day
    start: datetime
    end: datetime
    competence: str
    required: int
    employers: tuple[str, ...]  # whose contracts may be charged for this shift
    funder: str = "NHS"
    priority: int = 2  # 1 most urgent


@dataclass(frozen=True)
class Visit:
    """A home visit or intervention for one person, possibly double-handed."""

    id: str
    person: str
    locality: str
    earliest_start: datetime
    latest_start: datetime
    duration_minutes: int
    employers: tuple[str, ...]
    competences: tuple[str, ...] = ()
    activity: str | None = None  # a delegated healthcare activity, e.g. "insulin"
    carers: int = 1  # 2 for a double-handed visit
    priority: int = 2
    funder: str = "council"
    preferred_carers: tuple[str, ...] = ()
    location: str | None = None  # a location id (the person's home); else the locality
    late_tolerance_minutes: int = 0  # may start this late after latest_start, at a cost a minute

    @property
    def last_start(self) -> datetime:
        """Return the last start allowed: the window's end, plus the lateness tolerated."""
        return self.latest_start + timedelta(minutes=self.late_tolerance_minutes)


@dataclass(frozen=True)
class VisitGap:
    """Two visits whose starts must be `min_minutes` to `max_minutes` apart when both happen
    (a medication prompt 2 to 4 hours after breakfast)."""

    first: str
    second: str
    min_minutes: int
    max_minutes: int


@dataclass(frozen=True)
class Weights:
    """Weights: unmet demand dominates, then cost, travel, continuity, fairness, preferences.

    Units: unmet per visit or per missing person on a shift, by priority; cost per pound;
    travel per minute; continuity per extra distinct carer per person; fairness per
    unsocial day squared per worker; preference per day worked that was asked off and per
    carer on a visit who is not among the person's preferred carers; lateness per minute.
    """

    unmet: tuple[tuple[int, float], ...] = ((1, 1_000_000.0), (2, 300_000.0), (3, 100_000.0))
    cost: float = 1.0
    travel: float = 1.0
    continuity: float = 20.0
    fairness: float = 5.0
    preference_day_off: float = 10.0
    preference_carer: float = 5.0
    lateness: float = 10.0  # per minute a visit starts after its window (within tolerance)

    def unmet_weight(self, priority: int) -> float:
        """Return the weight of one unmet unit of demand at `priority`."""
        table = dict(self.unmet)
        return table.get(priority, min(table.values()))


_WT = WorkingTime()


@dataclass(frozen=True)
class Rules:
    """Working Time Regulations and working-day limits, all configurable.

    The problem document states them in hours (people write them so); every default is the
    working-time kernel's own (`optimizer.kernel.WorkingTime`), so there is one set.
    """

    weekly_max_hours: float = as_hours(_WT.weekly_limit)  # per 7 days unless opted out
    daily_rest_hours: float = as_hours(_WT.daily_rest)
    weekly_rest_hours: float = as_hours(_WT.weekly_rest)
    max_day_span_hours: float = as_hours(_WT.max_day_span)  # first start to last end, travel in
    unsocial_from_hour: int = 20  # a visit whose window opens at or after this is unsocial
    weekly_rest_period_days: int = _WT.weekly_rest_days  # 7 (24 h per 7) or 14 (2 x 24 h or 48 h)
    weekly_rest_excludes_daily: bool = _WT.weekly_rest_excludes_daily  # reg 11(7)
    reference_weeks: int = _WT.reference_weeks  # the 48-hour average's (26 for special cases)
    night_average_hours: float = as_hours(_WT.night_average)
    break_after_hours: float = as_hours(_WT.break_after)
    break_minutes: int = _WT.break_length


@dataclass(frozen=True)
class PlaceProblem:
    """A week (or any number of days) of cover and visits across the whole place."""

    name: str
    start: date
    days: int
    organisations: tuple[Organisation, ...]
    localities: tuple[Locality, ...]
    travel: tuple[Travel, ...]
    sites: tuple[Site, ...]
    staff: tuple[StaffMember, ...]
    cover: tuple[CoverSlot, ...]
    visits: tuple[Visit, ...]
    travel_within_locality_minutes: int = 10
    weights: Weights = field(default_factory=Weights)
    rules: Rules = field(default_factory=Rules)
    locations: tuple[Location, ...] = ()
    travel_matrix: tuple[Travel, ...] = ()  # minutes between location ids (e.g. a road router's)
    travel_speeds: Speeds = field(default_factory=Speeds)
    visit_gaps: tuple[VisitGap, ...] = ()

    @cached_property
    def gaps_by_visit(self) -> dict[str, list[tuple[str, int, int]]]:
        """Return, per visit, (partner, low, high): it starts low to high after the partner."""
        return gap_index(self.visit_gaps)

    @cached_property
    def origin(self) -> datetime:
        """Return midnight at the start of the horizon."""
        return datetime.combine(self.start, time())

    def minute(self, moment: datetime) -> int:
        """Return minutes from the start of the horizon to `moment`."""
        return int((moment - self.origin).total_seconds() // 60)

    def at(self, minute: int) -> datetime:
        """Return the datetime `minute` minutes after the start of the horizon."""
        return self.origin + timedelta(minutes=minute)

    def date_of_day(self, day: int) -> date:
        """Return the calendar date of horizon day `day` (0-based)."""
        return self.start + timedelta(days=day)

    @cached_property
    def travel_source(self) -> TravelSource:
        """Return the problem's travel source (matrix, distance or locality table)."""
        return travel_source(self)

    def travel_minutes(self, origin: str, destination: str) -> int:
        """Return travel minutes between two places (locality or location ids)."""
        return self.travel_source.minutes(origin, destination)
