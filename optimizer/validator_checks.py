"""The validator's hard-rule checks: each reads the roster and names what it breaks.

Part of the independent validator (see ``optimizer.validator``): nothing here is
shared with the CP-SAT model.
"""

from __future__ import annotations

from collections import Counter, defaultdict

DAY = 1440  # minutes


class Rota:
    """The roster indexed by person and day."""

    def __init__(self, problem, assignments: list):
        self.problem = problem
        self.assignments = assignments
        self.people = {person.id: person for person in problem.staff}
        self.shift_types = {shift.id: shift for shift in problem.shifts}
        self.by_day: dict[str, dict[int, list]] = defaultdict(lambda: defaultdict(list))
        for a in assignments:
            self.by_day[a.staff][a.day].append(a)

    def worked(self, staff_id: str) -> list[bool]:
        return [bool(self.by_day[staff_id].get(day)) for day in range(self.problem.days)]

    def shift_on(self, staff_id: str, day: int):
        found = self.by_day[staff_id].get(day)
        return found[0].shift if found else None

    def intervals(self, staff_id: str) -> list[tuple[int, int, int]]:
        """(start minute, end minute, day) of each shift worked, in order."""
        out = []
        for day, found in sorted(self.by_day[staff_id].items()):
            for a in found:
                shift = self.shift_types[a.shift]
                start = shift.start.hour * 60 + shift.start.minute
                end = shift.end.hour * 60 + shift.end.minute
                end = end + DAY if end <= start else end
                out.append((day * DAY + start, day * DAY + end, day))
        return out


def _check_known(rota: Rota):
    sites = {site.id for site in rota.problem.sites}
    for a in rota.assignments:
        bad_site = (a.site is not None or sites) and a.site not in sites
        if a.staff not in rota.people or a.shift not in rota.shift_types or bad_site:
            yield f"unknown person, shift or site in {a}"
        elif not 0 <= a.day < rota.problem.days:
            yield f"day outside the horizon in {a}"


def _check_one_shift_per_day(rota: Rota):
    for staff_id, days in rota.by_day.items():
        for day, found in days.items():
            if len(found) > 1:
                yield f"{staff_id} works {len(found)} shifts on day {day}"


def _check_unavailable_days(rota: Rota):
    for a in rota.assignments:
        if a.staff in rota.people and a.day in rota.people[a.staff].unavailable_days:
            yield f"{a.staff} works on unavailable day {a.day}"


def _check_shift_type_limits(rota: Rota):
    counts = Counter((a.staff, a.shift) for a in rota.assignments)
    for person in rota.problem.staff:
        for shift, most in person.max_shifts:
            if counts[person.id, shift] > most:
                yield f"{person.id} works {counts[person.id, shift]} {shift} shifts, max {most}"


def _check_sites(rota: Rota):
    for a in rota.assignments:
        person = rota.people.get(a.staff)
        if person and person.sites and a.site is not None and a.site not in person.sites:
            yield f"{a.staff} works at site {a.site} they are not attached to"


def _check_successions(rota: Rota):
    banned = {(rule.first, rule.then) for rule in rota.problem.forbidden_successions}
    for person in rota.problem.staff:
        for day in range(rota.problem.days - 1):
            pair = (rota.shift_on(person.id, day), rota.shift_on(person.id, day + 1))
            if pair in banned:
                yield f"{person.id} works {pair[1]} on day {day + 1} after {pair[0]}"


def _paid(rota: Rota, staff_id: str, days: range | None = None) -> int:
    return sum(
        rota.shift_types[a.shift].paid_minutes
        for a in rota.assignments
        if a.staff == staff_id and (days is None or a.day in days)
    )


def _check_total_minutes(rota: Rota):
    for person in rota.problem.staff:
        minutes = _paid(rota, person.id)
        if minutes < person.min_minutes:
            yield f"{person.id} works {minutes} minutes, min {person.min_minutes}"
        if person.max_minutes is not None and minutes > person.max_minutes:
            yield f"{person.id} works {minutes} minutes, max {person.max_minutes}"


def _check_weekends(rota: Rota):
    for person in rota.problem.staff:
        if person.max_weekends is None:
            continue
        weeks = {
            rota.problem.date_of(day).isocalendar()[:2]
            for day, worked in enumerate(rota.worked(person.id))
            if worked and rota.problem.date_of(day).weekday() >= 5
        }
        if len(weeks) > person.max_weekends:
            yield f"{person.id} works {len(weeks)} weekends, max {person.max_weekends}"


def _runs(flags: list[bool], value: bool) -> list[tuple[int, int]]:
    """(first day, length) of each maximal run of ``value``."""
    runs, day = [], 0
    while day < len(flags):
        if flags[day] == value:
            end = day
            while end + 1 < len(flags) and flags[end + 1] == value:
                end += 1
            runs.append((day, end - day + 1))
            day = end
        day += 1
    return runs


def _check_stretches(rota: Rota):
    last = rota.problem.days - 1
    edges = rota.problem.min_stretch_at_edges
    for person in rota.problem.staff:
        worked = rota.worked(person.id)
        most = person.max_consecutive_days
        for first, length in _runs(worked, True):
            if most is not None and length > most:
                yield f"{person.id} works {length} days in a row from day {first}, max {most}"
        for value, shortest, what in (
            (True, person.min_consecutive_days, "working days"),
            (False, person.min_consecutive_days_off, "days off"),
        ):
            for first, length in _runs(worked, value):
                exempt = not edges and (first == 0 or first + length - 1 == last)
                if length < shortest and not exempt:
                    yield f"{person.id} has {length} {what} from day {first}, min {shortest}"


def _check_daily_rest(rota: Rota):
    rest = rota.problem.working_time.daily_rest_minutes
    if rest is None:
        return
    for person in rota.problem.staff:
        shifts = rota.intervals(person.id)
        for (_, end, day), (start, _, next_day) in zip(shifts, shifts[1:], strict=False):
            if start - end < rest:
                yield f"{person.id} rests {start - end} minutes between days {day} and {next_day}"


def _rest_days(rota: Rota, staff_id: str) -> list[bool]:
    """Days with no shift starting, inside a gap of at least 24 hours between shifts."""
    shifts = rota.intervals(staff_id)
    starts = {day for _, _, day in shifts}
    flags = []
    for day in range(rota.problem.days):
        before = [end for _, end, d in shifts if d < day]
        after = [start for start, _, d in shifts if d > day]
        gap = (min(after) if after else 10**9) - (max(before) if before else -(10**9))
        flags.append(day not in starts and gap >= DAY)
    return flags


def _check_weekly_rest(rota: Rota):
    mode = rota.problem.working_time.weekly_rest
    if mode is None:
        return
    period, needed = {"weekly": (7, 1), "fortnightly": (14, 2)}[mode]
    for person in rota.problem.staff:
        rests = _rest_days(rota, person.id)
        for first in range(0, rota.problem.days - period + 1, period):
            if sum(rests[first : first + period]) < needed:
                yield f"{person.id} lacks weekly rest in days {first}-{first + period - 1}"


def _averaging_windows(problem) -> list[range]:
    length = min(problem.days, problem.working_time.reference_weeks * 7)
    return [range(s, s + length) for s in range(0, problem.days - length + 1, 7)]


def _check_averaged_limits(rota: Rota):
    rules = rota.problem.working_time
    for person in rota.problem.staff:
        for days in _averaging_windows(rota.problem):
            minutes = _paid(rota, person.id, days)
            weekly = rules.weekly_limit_minutes
            counted = weekly is not None and not person.opted_out_of_weekly_limit
            if counted and minutes > weekly * len(days) // 7:
                yield f"{person.id} averages over {weekly // 60} hours a week"
            nightly = rules.night_limit_minutes
            night_cap = nightly * (len(days) - len(days) // 7) if nightly is not None else None
            if night_cap is not None and person.night_worker and minutes > night_cap:
                yield f"night worker {person.id} averages over {nightly // 60} hours a day"


CHECKS = (
    _check_known,
    _check_one_shift_per_day,
    _check_unavailable_days,
    _check_shift_type_limits,
    _check_sites,
    _check_successions,
    _check_total_minutes,
    _check_weekends,
    _check_stretches,
    _check_daily_rest,
    _check_weekly_rest,
    _check_averaged_limits,
)
