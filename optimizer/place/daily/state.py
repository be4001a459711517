"""What each worker has done so far in a day-by-day solve, and what that leaves them today.

Working Time Regulations hold across all of a worker's employers, so the state adds up every
employer's minutes, fixed work included; each contract keeps its own tally for its hours cap
and overtime. The limits here are the planner's running approximation of the kernel's rules
(`optimizer.kernel`); `conform` checks the finished plan against the kernel exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from optimizer.kernel import DAY, MINUTES_PER_HOUR, WEEK, WorkingTime, average_room, minutes
from optimizer.place.eligibility import Eligibility, weeks
from optimizer.place.problem import PlaceProblem, StaffMember
from optimizer.place.worktime import closed_days, fixed_pieces, working_time

WIDEN = 1  # planned days beyond hours / 7 (more people on short days covers the peaks)
DAYS_ON_PER_WEEK = 6  # at most, so each reference week keeps a day off for weekly rest
DAY_SHIFT_START, DAY_SHIFT_END = minutes(7), minutes(21)  # a day is usable if free then


@dataclass
class StaffState:
    """Running totals for one worker."""

    contract_minutes: list[int]
    last_end: int | None = None  # end of their last working day, travel home included
    worked_minutes: int = 0  # all employers together, fixed work included
    unsocial_days: int = 0
    rested: set[int] = field(default_factory=set)  # weekly-rest periods with their rest had
    days_worked: set[int] = field(default_factory=set)
    planned_days: frozenset[int] = frozenset()
    fixed: tuple[tuple[int, int], ...] = ()  # fixed work (start, end), sorted
    week_minutes: list[int] = field(default_factory=list)  # by reference week, fixed included
    shift: int = 0  # minutes from the first reference-period start to the horizon's origin
    period: int = WEEK  # length of a weekly-rest reference period


def _week(state: StaffState, minute: int) -> int:
    """Return the reference week (0-based) a minute falls in."""
    return min(len(state.week_minutes) - 1, max(0, (minute + state.shift) // WEEK))


def _period(state: StaffState, minute: int) -> int:
    """Return the weekly-rest reference period (0-based) a minute falls in."""
    return (minute + state.shift) // state.period


def planned_working_days(problem: PlaceProblem, eligibility: Eligibility, staff: StaffMember):
    """Choose the days a worker may work: at most six a week, avoiding leave and asked-off days."""
    hours = min(sum(c.hours_per_week_max for c in staff.contracts), problem.rules.weekly_max_hours)
    wanted = max(2, min(6, round(hours / 7.0) + WIDEN)) * weeks(problem)
    days = range(problem.days)
    asked = {d.toordinal() - problem.start.toordinal() for d in staff.preferred_days_off}
    usable = [
        d
        for d in days
        if eligibility.free(staff.id, d * DAY + DAY_SHIFT_START, d * DAY + DAY_SHIFT_END)
    ]
    offset = sum(map(ord, staff.id)) % max(1, problem.days)
    usable.sort(key=lambda d: (d in asked, (d - offset) % max(1, problem.days)))
    limit = min(wanted, problem.days - 1) if problem.days >= 7 else problem.days
    shift, chosen, per_week = problem.start.weekday(), [], {}
    for d in usable:
        week = (d + shift) // 7
        if len(chosen) < limit and per_week.get(week, 0) < DAYS_ON_PER_WEEK:
            chosen.append(d)
            per_week[week] = per_week.get(week, 0) + 1
    return frozenset(chosen)


def initial_state(problem: PlaceProblem, eligibility: Eligibility) -> dict[str, StaffState]:
    """Return the state of every worker before anything is planned, fixed work counted."""
    wt = working_time(problem.rules)
    shift = problem.start.weekday() * DAY
    count = max(1, -(-(shift + problem.days * DAY) // WEEK))
    states = {}
    for s in problem.staff:
        state = StaffState(
            contract_minutes=[0] * len(s.contracts),
            planned_days=planned_working_days(problem, eligibility, s),
            week_minutes=[0] * count,
            shift=shift,
            period=wt.weekly_rest_days * DAY,
        )
        pieces = fixed_pieces(wt, problem.origin, s)
        state.fixed = tuple(sorted((p.start, p.end) for p in pieces))
        state.planned_days -= closed_days(problem, s, pieces)
        for p in pieces:
            _count(state, s, p.start, p.end - p.start, p.employer)
        states[s.id] = state
    return states


def _count(state: StaffState, staff: StaffMember, start: int, minutes: int, employer: str):
    """Add fixed minutes to the totals (to the contract of their own employer only)."""
    state.worked_minutes += minutes
    state.week_minutes[_week(state, start)] += minutes
    for k, c in enumerate(staff.contracts):
        if c.employer == employer:
            state.contract_minutes[k] += minutes
            break


@dataclass(frozen=True)
class DayLimits:
    """What a worker may still do on one day."""

    earliest: int  # first minute of work (travel included), daily and weekly rest respected
    latest_end: int  # last minute of work (travel included)
    cap: int  # minutes of work today: a fair share of what is left this week
    room: int  # minutes left under the 48-hour average (all employers)
    contract_room: tuple[int, ...]  # minutes left on each contract this horizon


def _fixed_bounds(state: StaffState, wt: WorkingTime, day: int) -> tuple[int, int] | None:
    """Return (earliest, latest end) fixed work leaves on `day`, or None if it holds fixed work."""
    earliest, latest = day * DAY, (day + 2) * DAY
    for start, end in state.fixed:
        if start // DAY == day:
            return None
        if start < day * DAY:
            earliest = max(earliest, end + wt.daily_rest)
        else:
            latest = min(latest, start - wt.daily_rest)
    return earliest, latest


def day_limits(problem: PlaceProblem, staff: StaffMember, state: StaffState, day: int):
    """Return the worker's `DayLimits` for `day`, or None if they should not work it."""
    wt = working_time(problem.rules)
    bounds = _fixed_bounds(state, wt, day) if day in state.planned_days else None
    if bounds is None:
        return None
    earliest, latest_end = bounds
    rest_first = _needs_weekly_rest_before(problem, state, day)
    if state.last_end is not None:
        rest = max(wt.daily_rest, wt.weekly_rest_needed) if rest_first else wt.daily_rest
        earliest = max(earliest, state.last_end + rest)
    if _weekly_rest_applies(problem) and not rest_first and not _rested(state, day):
        latest_end = min(latest_end, _period_end(problem, state, day) - wt.weekly_rest_needed)
    contract_room = _contract_room(problem, staff, state)
    room = min(_weekly_room(problem, staff, state, wt, day), sum(contract_room))
    if room <= 0 or earliest >= latest_end:
        return None
    left = max(1, len([d for d in state.planned_days if d >= day]))
    cap = min(room, wt.max_day_span, int(3.0 * room / left) + 60)
    return DayLimits(earliest, latest_end, cap, room, contract_room)


def _weekly_rest_applies(problem: PlaceProblem) -> bool:
    """Return whether the horizon is long enough for the weekly rest rule to be judged."""
    return problem.days >= 7


def _rested(state: StaffState, day: int) -> bool:
    """Return whether the worker has had the weekly rest of the period `day` is in."""
    return _period(state, day * DAY) in state.rested


def _period_end(problem: PlaceProblem, state: StaffState, day: int) -> int:
    """Return the minute the weekly-rest period of `day` ends (the horizon's end at the latest)."""
    end = (_period(state, day * DAY) + 1) * state.period - state.shift
    return min(end, problem.days * DAY)


def _needs_weekly_rest_before(problem: PlaceProblem, state: StaffState, day: int) -> bool:
    """Return whether work today must leave a weekly rest since the last work."""
    if not _weekly_rest_applies(problem) or _rested(state, day):
        return False
    last_day = _period_end(problem, state, day) // DAY - 1
    return day == last_day or (day - 1) not in state.days_worked


def _weekly_room(problem, staff: StaffMember, state: StaffState, wt: WorkingTime, day: int):
    """Return minutes left under the 48-hour average (all employers), large if opted out."""
    if staff.wtr_opt_out:
        return 10**6
    return average_room(state.week_minutes, wt, staff.carried_in_minutes, _week(state, day * DAY))


def _contract_room(problem: PlaceProblem, staff: StaffMember, state: StaffState):
    """Return minutes left on each contract's hours cap."""
    return tuple(
        int(c.hours_per_week_max * MINUTES_PER_HOUR * weeks(problem)) - used
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
    period_start = _period(state, first) * state.period - state.shift
    gap_from = max(state.last_end if state.last_end is not None else 0, period_start)
    if first - gap_from >= DAY:
        state.rested.add(_period(state, first))
    state.last_end = max(w[1] for w in work)
    for _, _, worked, contract in work:
        state.worked_minutes += worked
        state.week_minutes[_week(state, first)] += worked
        state.contract_minutes[contract] += worked
    state.days_worked.add(day)
    state.unsocial_days += int(unsocial)


def contract_base_left(problem: PlaceProblem, staff: StaffMember, state: StaffState, k: int) -> int:
    """Return contracted minutes left on contract `k` before overtime starts."""
    contracted = int(staff.contracts[k].hours_per_week * MINUTES_PER_HOUR * weeks(problem))
    return max(0, contracted - state.contract_minutes[k])
