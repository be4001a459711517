"""What each worker has done so far in a day-by-day solve, and what that leaves them today.

Working Time Regulations hold across all of a worker's employers, so the state adds up every
employer's minutes; each contract keeps its own tally for its hours cap and overtime.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from optimizer.place.eligibility import Eligibility, weeks
from optimizer.place.problem import PlaceProblem, StaffMember

DAY = 1440
WIDEN = 1  # planned days beyond hours / 7 (more people on short days covers the peaks)


@dataclass
class StaffState:
    """Running totals for one worker."""

    contract_minutes: list[int]
    last_end: int | None = None  # end of their last working day, travel home included
    worked_minutes: int = 0  # all employers together
    unsocial_days: int = 0
    rested: bool = False  # has had the weekly 24 hours of uninterrupted rest
    days_worked: set[int] = field(default_factory=set)
    planned_days: frozenset[int] = frozenset()


@dataclass(frozen=True)
class DayLimits:
    """What a worker may still do on one day."""

    earliest: int  # first minute of work (travel included), daily and weekly rest respected
    latest_end: int  # last minute of work (travel included)
    cap: int  # minutes of work today: a fair share of what is left this week
    room: int  # minutes left this week under the Working Time Regulations
    contract_room: tuple[int, ...]  # minutes left on each contract this horizon


def planned_working_days(problem: PlaceProblem, eligibility: Eligibility, staff: StaffMember):
    """Choose the days a worker may work: at most six, avoiding leave and asked-off days."""
    hours = min(sum(c.hours_per_week_max for c in staff.contracts), problem.rules.weekly_max_hours)
    wanted = max(2, min(6, round(hours / 7.0) + WIDEN)) * weeks(problem)
    days = range(problem.days)
    asked = {d.toordinal() - problem.start.toordinal() for d in staff.preferred_days_off}
    usable = [d for d in days if eligibility.free(staff.id, d * DAY + 420, d * DAY + 1260)]
    offset = sum(map(ord, staff.id)) % max(1, problem.days)
    usable.sort(key=lambda d: (d in asked, (d - offset) % max(1, problem.days)))
    limit = min(wanted, problem.days - 1) if problem.days >= 7 else problem.days
    return frozenset(usable[:limit])


def initial_state(problem: PlaceProblem, eligibility: Eligibility) -> dict[str, StaffState]:
    """Return the state of every worker before anything is planned."""
    return {
        s.id: StaffState(
            contract_minutes=[0] * len(s.contracts),
            planned_days=planned_working_days(problem, eligibility, s),
        )
        for s in problem.staff
    }


def _weekly_rest_applies(problem: PlaceProblem) -> bool:
    """Return whether the horizon is long enough for the weekly rest rule to be judged."""
    return problem.days >= 7


def day_limits(problem: PlaceProblem, staff: StaffMember, state: StaffState, day: int):
    """Return the worker's `DayLimits` for `day`, or None if they should not work it."""
    if day not in state.planned_days:
        return None
    rules = problem.rules
    earliest = day * DAY
    rest_first = _needs_weekly_rest_before(problem, state, day)
    if state.last_end is not None:
        rest = rules.daily_rest_hours * 60
        if rest_first:
            rest = max(rest, rules.weekly_rest_hours * 60)
        earliest = max(earliest, state.last_end + int(rest))
    latest_end = day * DAY + 2 * DAY
    if _weekly_rest_applies(problem) and not state.rested and not rest_first:
        latest_end = min(latest_end, problem.days * DAY - int(rules.weekly_rest_hours * 60))
    room = _weekly_room(problem, staff, state)
    contract_room = _contract_room(problem, staff, state)
    room = min(room, sum(contract_room))
    if room <= 0 or earliest >= latest_end:
        return None
    left = max(1, len([d for d in state.planned_days if d >= day]))
    cap = min(room, int(rules.max_day_span_hours * 60), int(3.0 * room / left) + 60)
    return DayLimits(earliest, latest_end, cap, room, contract_room)


def _needs_weekly_rest_before(problem: PlaceProblem, state: StaffState, day: int) -> bool:
    """Return whether work today must leave 24 hours since the last work (weekly rest)."""
    if not _weekly_rest_applies(problem) or state.rested:
        return False
    return day == problem.days - 1 or (day - 1) not in state.days_worked


def _weekly_room(problem: PlaceProblem, staff: StaffMember, state: StaffState) -> int:
    """Return minutes left under the 48-hour limit (all employers), large if opted out."""
    if staff.wtr_opt_out:
        return 10**6
    limit = int(problem.rules.weekly_max_hours * 60 * weeks(problem))
    return limit - state.worked_minutes


def _contract_room(problem: PlaceProblem, staff: StaffMember, state: StaffState):
    """Return minutes left on each contract's hours cap."""
    return tuple(
        int(c.hours_per_week_max * 60 * weeks(problem)) - used
        for c, used in zip(staff.contracts, state.contract_minutes, strict=True)
    )


def record_day(state: StaffState, day: int, work: list[tuple[int, int, int, int]], unsocial: bool):
    """Add one worked day to the state.

    Args:
        state: the worker's state, updated in place.
        day: horizon day.
        work: (first minute, last minute, minutes worked, contract index) of the day's work,
            travel included; one entry per contract charged.
        unsocial: whether the day counts as unsocial for fairness.
    """
    first = min(w[0] for w in work)
    gap_from = state.last_end if state.last_end is not None else 0
    if first - gap_from >= 24 * 60:
        state.rested = True
    state.last_end = max(w[1] for w in work)
    for _, _, minutes, contract in work:
        state.worked_minutes += minutes
        state.contract_minutes[contract] += minutes
    state.days_worked.add(day)
    state.unsocial_days += int(unsocial)


def contract_base_left(problem: PlaceProblem, staff: StaffMember, state: StaffState, k: int) -> int:
    """Return contracted minutes left on contract `k` before overtime starts."""
    contracted = int(staff.contracts[k].hours_per_week * 60 * weeks(problem))
    return max(0, contracted - state.contract_minutes[k])
