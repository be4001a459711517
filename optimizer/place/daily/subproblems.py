"""The pieces a week is cut into: one day's cover, and one locality's visits on one day.

Each subproblem lists, for every item, the workers who pass every static and state rule for
it (competence, delegation, contract, leave, rest, hours left), with the objective cost of
each choice, so the CP-SAT model and the greedy baseline solve exactly the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from optimizer.kernel import DAY, minutes
from optimizer.place.daily.options import visit_options
from optimizer.place.daily.state import DayLimits, contract_base_left
from optimizer.place.eligibility import Eligibility
from optimizer.place.problem import CoverSlot, PlaceProblem, Visit
from optimizer.place.travel import home_of, place_of, places_of, typical_leg
from optimizer.place.visit_times import gaps_among, start_window, tied_window

NIGHT_SHIFTS = ("night",)


@dataclass(frozen=True)
class CoverOption:
    """One worker who may work one cover slot today, under one contract."""

    staff: str
    slot: int  # index into CoverDay.slots
    contract: int
    minutes: int
    penalty: float  # objective cost of the choice (cost, fairness, preference), in objective units


@dataclass
class CoverDay:
    """All cover slots starting on one day and who may work them."""

    day: int
    slots: list[CoverSlot]
    unmet: list[float]  # objective weight of one missing person, per slot
    options: list[CoverOption] = field(default_factory=list)


@dataclass(frozen=True)
class CarerDay:
    """One worker sent to one locality for the day's visits, under one contract."""

    staff: str
    contract: int
    earliest: int  # first minute of work, leaving home
    latest_end: int  # last minute of work, back home
    cap: int  # minutes of work allowed today, travel included
    out: int  # minutes from home to the locality (the typical journey to its visits)
    back: int  # minutes from the locality home
    base_left: int  # contracted minutes before overtime
    rate: float  # pounds per hour
    overtime_rate: float
    unsocial_penalty: float  # fairness cost if today becomes an unsocial day for them
    weekend: bool
    day_off_penalty: float  # preference cost if they asked for today off
    home: str = ""  # where their day starts and ends (a locality or location id)


@dataclass
class VisitDay:
    """The visits in one locality on one day and the carers sent there."""

    day: int
    locality: str
    within: int  # travel minutes between two visits here (the typical leg between their places)
    max_span: int
    visits: list[Visit]
    windows: list[tuple[int, int]]  # earliest and last start (lateness included), in minutes
    unmet: list[float]
    unsocial: list[bool]
    carers: dict[str, CarerDay]
    options: list[list[tuple[str, float]]]  # per visit: (carer, pair penalty)
    seen: dict[str, set[str]]  # carers each person has had so far this week
    weights_continuity: float = 0.0
    weights_cost: float = 1.0
    weights_travel: float = 1.0
    on_time: list[int] = field(default_factory=list)  # per visit: latest start before it is late
    gaps: list[tuple[int, int, int, int]] = field(default_factory=list)  # (i, j, low, high):
    # when both happen, visit j starts low to high minutes after visit i
    weights_lateness: float = 0.0
    places: list[str] = field(default_factory=list)  # per visit, when any is at an address:
    # the plan is then re-timed door to door (`retime`)


def shift_cost(problem: PlaceProblem, rate: float, overtime: float, minutes: int, base: int):
    """Return the pounds of `minutes` of work when `base` minutes remain before overtime."""
    plain = min(minutes, base)
    return (plain * rate + (minutes - plain) * overtime) / 60.0


def is_weekend(problem: PlaceProblem, day: int) -> bool:
    """Return whether horizon day `day` is a Saturday or Sunday."""
    return problem.date_of_day(day).weekday() >= 5


def day_off_asked(problem: PlaceProblem, staff_id: str, day: int, eligibility: Eligibility):
    """Return whether the worker asked for this day off."""
    return problem.date_of_day(day) in eligibility.staff[staff_id].preferred_days_off


def _cover_option(problem, eligibility, state, limits, slot_index, slot, staff_id, when):
    """Return the best CoverOption for a qualified worker and slot, or None if a rule forbids it."""
    start, end, day = when
    minutes = end - start
    if start < limits.earliest or end > limits.latest_end or minutes > limits.room:
        return None
    usable = [
        k
        for k in eligibility.contracts_for(staff_id, slot.employers)
        if limits.contract_room[k] >= minutes
    ]
    if not usable:
        return None
    staff = eligibility.staff[staff_id]
    k = max(
        usable,
        key=lambda k: limits.contract_room[k] / max(1, staff.contracts[k].hours_per_week_max),
    )
    penalty = _cover_penalty(problem, eligibility, state, staff, k, slot, minutes, day)
    return CoverOption(staff_id, slot_index, k, minutes, penalty)


def _cover_penalty(problem, eligibility, state, staff, k, slot, minutes, day):
    """Return the objective cost of one worker on one shift: pay, fairness, preference."""
    weights, contract = problem.weights, staff.contracts[k]
    base = contract_base_left(problem, staff, state, k)
    cost = shift_cost(
        problem, contract.cost_per_hour, contract.overtime_cost_per_hour, minutes, base
    )
    penalty = weights.cost * cost
    if is_weekend(problem, day) or slot.shift in NIGHT_SHIFTS:
        penalty += weights.fairness * (2 * state.unsocial_days + 1)
    if day_off_asked(problem, staff.id, day, eligibility):
        penalty += weights.preference_day_off
    return penalty


def build_cover_day(problem, eligibility, states, limits: dict[str, DayLimits], day, slots, scarce):
    """Return the CoverDay for `slots`, with every worker-slot option that breaks no rule.

    Args:
        problem: the place problem.
        eligibility: cached static facts.
        states: each worker's running totals.
        limits: what each worker may still do today (absent: not working today).
        day: horizon day.
        slots: the cover slots starting today.
        scarce: workers whose delegations today's visits need; using them for cover costs a
            little extra so they stay free for the visits only they can do.
    """
    cover = CoverDay(day, list(slots), [problem.weights.unmet_weight(s.priority) for s in slots])
    span = minutes(problem.rules.max_day_span_hours)
    for index, slot in enumerate(slots):
        when = (problem.minute(slot.start), problem.minute(slot.end), day)
        if when[1] - when[0] > span:
            continue
        for staff_id in eligibility.eligible_for_cover(slot):  # competence, contract, leave
            if staff_id not in limits:
                continue
            option = _cover_option(
                problem,
                eligibility,
                states[staff_id],
                limits[staff_id],
                index,
                slot,
                staff_id,
                when,
            )
            if option is not None:
                extra = 1000.0 if staff_id in scarce else 0.0
                cover.options.append(
                    CoverOption(
                        option.staff, index, option.contract, option.minutes, option.penalty + extra
                    )
                )
    return cover


def build_carer_day(problem, eligibility, staff_id, state, limits: DayLimits, places, k, day):
    """Return the CarerDay of a worker sent to `places` (a locality-day's) under contract `k`.

    None when they cannot do a single visit there.
    """
    staff = eligibility.staff[staff_id]
    contract = staff.contracts[k]
    home = [home_of(staff)]
    trip = problem.travel_minutes
    out, back = typical_leg(trip, home, places), typical_leg(trip, places, home)
    cap = min(limits.cap, limits.contract_room[k])
    if cap < out + back + 15:
        return None
    weights = problem.weights
    asked = day_off_asked(problem, staff_id, day, eligibility)
    return CarerDay(
        staff=staff_id,
        contract=k,
        earliest=limits.earliest,
        latest_end=limits.latest_end,
        cap=cap,
        out=out,
        back=back,
        base_left=contract_base_left(problem, staff, state, k),
        rate=contract.cost_per_hour,
        overtime_rate=contract.overtime_cost_per_hour,
        unsocial_penalty=weights.fairness * (2 * state.unsocial_days + 1),
        weekend=is_weekend(problem, day),
        day_off_penalty=weights.preference_day_off if asked else 0.0,
        home=home[0],
    )


def build_visit_day(problem, eligibility, day, locality, visits, carers, seen, max_options=12,
                    planned=None):  # fmt: skip
    """Return the VisitDay of one locality, keeping the best `max_options` carers per visit.

    Args:
        problem: the place problem.
        eligibility: cached static facts.
        day: horizon day.
        locality: locality id.
        visits: the visits there today.
        carers: the carers sent there today, by staff id.
        seen: carers each person has had so far this week (continuity).
        max_options: candidates kept per carer needed on a visit.
        planned: starts of visits already planned, by id (their gap partners here are held
            to them).
    """
    weights = problem.weights
    windows = [tied_window(problem, v, start_window(problem, v), planned or {}) for v in visits]
    unsocial_minute = minutes(problem.rules.unsocial_from_hour)
    sub = VisitDay(
        day=day,
        locality=locality,
        within=typical_leg(problem.travel_minutes, places_of(visits), places_of(visits), True),
        max_span=minutes(problem.rules.max_day_span_hours),
        visits=list(visits),
        windows=windows,
        unmet=[weights.unmet_weight(v.priority) for v in visits],
        unsocial=[w[0] % DAY >= unsocial_minute for w in windows],
        carers=carers,
        options=[],
        seen={v.person: set(seen.get(v.person, ())) for v in visits},
        weights_continuity=weights.continuity,
        weights_cost=weights.cost,
        weights_travel=weights.travel,
        on_time=[problem.minute(v.latest_start) for v in visits],
        gaps=gaps_among(problem, visits),
        weights_lateness=weights.lateness,
        places=[place_of(v) for v in visits] if any(v.location for v in visits) else [],
    )
    for index, window in enumerate(windows):
        if window[0] > window[1]:  # no start keeps its gap to a visit already planned
            sub.windows[index] = (window[0], window[0])
            sub.options.append([])
            continue
        sub.options.append(visit_options(problem, eligibility, sub, index, max_options))
    return sub
