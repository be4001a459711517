"""The validator's hard-rule checks: each reads the roster and names what it breaks.

Part of the independent validator (see ``validator``). The
working-time rules are checked by the working-time kernel's pure checks
(``optimizer.kernel``, through ``model.rules.working_time``: one definition each,
whose parameters the model's constraints are built from too); the other rules
are recomputed here from the roster alone.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from optimizer.roster.model.rules import fixed_work, working_time
from optimizer.roster.model.rules.timeline import pieces


class Rota:
    """The roster indexed by person and day."""

    def __init__(self, problem, assignments: list):
        self.problem = problem
        self.assignments = assignments
        self.people = {person.id: person for person in problem.staff}
        self.shift_types = {shift.id: shift for shift in problem.shifts}
        self.by_day: dict[str, dict[int, list]] = defaultdict(lambda: defaultdict(list))
        self._pieces: dict[str, list] = {}
        for a in assignments:
            self.by_day[a.staff][a.day].append(a)

    def worked(self, staff_id: str) -> list[bool]:
        return [bool(self.by_day[staff_id].get(day)) for day in range(self.problem.days)]

    def shift_on(self, staff_id: str, day: int):
        found = self.by_day[staff_id].get(day)
        return found[0].shift if found else None

    def pieces(self, person):
        """The person's shifts and fixed work on the time line."""
        if person.id not in self._pieces:
            worked = [(a.day, a.shift) for found in self.by_day[person.id].values() for a in found]
            known = [(day, shift) for day, shift in worked if shift in self.shift_types]
            self._pieces[person.id] = pieces(self.problem, person, known)
        return self._pieces[person.id]


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


def _check_fixed_work(rota: Rota):
    for person in rota.problem.staff:
        for fixed, shift in fixed_work.clashes(rota.pieces(person)):
            yield f"{person.id} works {shift.shift} on day {shift.day} over fixed work {fixed}"


def _check_daily_rest(rota: Rota):
    for person in rota.problem.staff:
        for first, then, _ in working_time.short_rests(rota.problem, rota.pieces(person)):
            yield f"{person.id} rests {then.start - first.end} minutes from minute {first.end}"


def _check_weekly_rest(rota: Rota):
    for person in rota.problem.staff:
        for breach in working_time.lacking_rest(rota.problem, rota.pieces(person)):
            start, length = breach.detail["period"], breach.detail["length"]
            yield f"{person.id} lacks weekly rest in minutes {start}-{start + length}"


def _check_averaged_limits(rota: Rota):
    for person in rota.problem.staff:
        for breach in working_time.averaged(rota.problem, person, rota.pieces(person)):
            d = breach.detail
            where = f" in reference week {d['week']}" if "week" in d else ""
            yield f"{person.id} works {d['minutes']} minutes{where}: {breach.rule} {d['limit']}"


def _check_breaks(rota: Rota):
    for a in rota.assignments:
        shift = rota.shift_types.get(a.shift)
        if shift is not None and working_time.shift_breaks(rota.problem, shift):
            yield f"{a.staff} works {a.shift} on day {a.day}: too long without a break"


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
    _check_fixed_work,
    _check_daily_rest,
    _check_weekly_rest,
    _check_averaged_limits,
    _check_breaks,
)
