"""A careful manager's rota by hand: the greedy baseline.

Cover requirements are filled hardest first (fewest eligible people per place
needed), each place going to the least-used eligible person whose rota stays
within the rules that can only get worse by adding a shift (maximum counts,
minutes, runs, weekends, successions, days off between runs, and the working-time
rules, checked by their own pure checks in ``rules``). Short runs
of work are then lengthened or removed and people below their minimum minutes
topped up where the rules allow. The result may still break a minimum rule:
the validator says so.
"""

from __future__ import annotations

from optimizer.roster.model.rules import fixed_work, working_time
from optimizer.roster.model.rules.timeline import pieces
from optimizer.roster.problem import Assignment, CoverRequirement, Problem, StaffMember


class _Hand:
    """The rota being drawn up: person -> day -> (shift id, site)."""

    def __init__(self, problem: Problem):
        self.problem = problem
        self.rota: dict[str, dict[int, tuple[str, str | None]]] = {p.id: {} for p in problem.staff}
        self.lengths = {shift.id: shift.paid_minutes for shift in problem.shifts}
        self.times = {shift.id: (shift.start_minute, shift.end_minute) for shift in problem.shifts}
        self.banned = {(rule.first, rule.then) for rule in problem.forbidden_successions}

    def minutes(self, person: StaffMember) -> int:
        return sum(self.lengths[shift] for shift, _ in self.rota[person.id].values())

    def present(self, need: CoverRequirement) -> int:
        return sum(1 for p in self.problem.staff if _counts(self, p, need))

    def assignments(self) -> tuple[Assignment, ...]:
        return tuple(
            sorted(
                Assignment(staff, day, shift, site)
                for staff, days in self.rota.items()
                for day, (shift, site) in days.items()
            )
        )


def _counts(hand: _Hand, person: StaffMember, need: CoverRequirement) -> bool:
    got = hand.rota[person.id].get(need.day)
    if got is None or got[0] != need.shift or (need.site and got[1] != need.site):
        return False
    return need.competence is None or _holds(hand.problem, person, need)


def _holds(problem: Problem, person: StaffMember, need: CoverRequirement) -> bool:
    date = problem.date_of(need.day)
    return any(c.id == need.competence and c.valid_on(date) for c in person.competences)


def _eligible(hand: _Hand, person: StaffMember, need: CoverRequirement) -> bool:
    """Whether the person could count towards the requirement at all."""
    if need.day in person.unavailable_days or person.max_of(need.shift) == 0:
        return False
    if need.site and person.sites and need.site not in person.sites:
        return False
    return need.competence is None or _holds(hand.problem, person, need)


def _within_rules(hand: _Hand, person: StaffMember, day: int, shift: str) -> bool:
    """Whether adding the shift keeps the person's rota within the 'at most' rules."""
    days = dict(hand.rota[person.id])
    if day in days:
        return False
    days[day] = (shift, None)
    checks = (_counts_ok, _run_ok, _succession_ok, _weekends_ok, _rest_ok)
    return all(check(hand, person, days) for check in checks)


def _counts_ok(hand: _Hand, person: StaffMember, days: dict) -> bool:
    for shift, most in person.max_shifts:
        if sum(1 for s, _ in days.values() if s == shift) > most:
            return False
    minutes = sum(hand.lengths[s] for s, _ in days.values())
    return person.max_minutes is None or minutes <= person.max_minutes


def _run_ok(hand: _Hand, person: StaffMember, days: dict) -> bool:
    worked = [day in days for day in range(hand.problem.days)]
    run = 0
    for flag in worked:
        run = run + 1 if flag else 0
        if person.max_consecutive_days is not None and run > person.max_consecutive_days:
            return False
    return _off_runs_ok(hand, person, worked)


def _off_runs_ok(hand: _Hand, person: StaffMember, worked: list[bool]) -> bool:
    """Days off between two worked days are at least the minimum (edges exempt)."""
    last = len(worked) - 1
    day = 0
    while day <= last:
        if not worked[day]:
            end = day
            while end + 1 <= last and not worked[end + 1]:
                end += 1
            inside = day > 0 and end < last
            short = end - day + 1 < person.min_consecutive_days_off
            if short and (inside or hand.problem.min_stretch_at_edges):
                return False
            day = end
        day += 1
    return True


def _succession_ok(hand: _Hand, person: StaffMember, days: dict) -> bool:
    return not any(
        (shift, days[day + 1][0]) in hand.banned
        for day, (shift, _) in days.items()
        if day + 1 in days
    )


def _weekends_ok(hand: _Hand, person: StaffMember, days: dict) -> bool:
    if person.max_weekends is None:
        return True
    dates = [hand.problem.date_of(day) for day in days]
    weekends = {date.isocalendar()[:2] for date in dates if date.weekday() >= 5}
    return len(weekends) <= person.max_weekends


def _rest_ok(hand: _Hand, person: StaffMember, days: dict) -> bool:
    """Fixed work, daily and weekly rest, breaks, averages: the kernel's checks, as validated."""
    problem = hand.problem
    mine = pieces(problem, person, [(day, shift) for day, (shift, _) in days.items()])
    if fixed_work.clashes(mine):
        return False
    if any(working_time.shift_breaks(problem, shift) for shift in _types(hand, days)):
        return False
    if working_time.short_rests(problem, mine) or working_time.lacking_rest(problem, mine):
        return False
    return not working_time.averaged(problem, person, mine)


def _types(hand: _Hand, days: dict):
    return [hand.problem.shift(shift) for shift in {shift for shift, _ in days.values()}]


def _hardness(hand: _Hand, need: CoverRequirement) -> float:
    eligible = sum(1 for p in hand.problem.staff if _eligible(hand, p, need))
    return eligible / need.required if need.required else float("inf")


def _wish(person: StaffMember, day: int, shift: str) -> int:
    """Positive when the person asked for the shift, negative when they asked not to."""
    on = sum(r.weight for r in person.shift_on_requests if (r.day, r.shift) == (day, shift))
    off = sum(r.weight for r in person.shift_off_requests if (r.day, r.shift) == (day, shift))
    return on - off


def _site_for(problem: Problem, person: StaffMember, need: CoverRequirement) -> str | None:
    if need.site is not None:
        return need.site
    sites = [s.id for s in problem.sites if not person.sites or s.id in person.sites]
    return sites[0] if sites else None


def _fill(hand: _Hand, need: CoverRequirement) -> None:
    while hand.present(need) < need.required:
        candidates = [
            p
            for p in hand.problem.staff
            if _eligible(hand, p, need) and _within_rules(hand, p, need.day, need.shift)
        ]
        if not candidates:
            return
        person = min(
            candidates, key=lambda p: (hand.minutes(p), -_wish(p, need.day, need.shift), p.id)
        )
        hand.rota[person.id][need.day] = (need.shift, _site_for(hand.problem, person, need))


def _short_runs(hand: _Hand, person: StaffMember) -> list[tuple[int, int]]:
    worked = [day in hand.rota[person.id] for day in range(hand.problem.days)]
    runs, day, last = [], 0, hand.problem.days - 1
    while day <= last:
        if worked[day]:
            end = day
            while end + 1 <= last and worked[end + 1]:
                end += 1
            exempt = not hand.problem.min_stretch_at_edges and (day == 0 or end == last)
            if end - day + 1 < person.min_consecutive_days and not exempt:
                runs.append((day, end))
            day = end
        day += 1
    return runs


def _add_best_shift(hand: _Hand, person: StaffMember, day: int) -> bool:
    """Give the person the most useful allowed shift on ``day``; False if none fits."""
    if not 0 <= day < hand.problem.days or day in person.unavailable_days:
        return False
    options = []
    for need in hand.problem.cover:
        fits = need.day == day and _eligible(hand, person, need)
        if fits and _within_rules(hand, person, day, need.shift):
            gap = need.required - hand.present(need)
            options.append((gap > 0, gap, _wish(person, day, need.shift), need))
    if not options:
        return False
    need = max(options, key=lambda o: o[:3])[3]
    hand.rota[person.id][day] = (need.shift, _site_for(hand.problem, person, need))
    return True


def _repair_short_runs(hand: _Hand) -> None:
    for person in hand.problem.staff:
        for first, last in _short_runs(hand, person):
            grown = _add_best_shift(hand, person, last + 1) or _add_best_shift(
                hand, person, first - 1
            )
            if not grown:
                for day in range(first, last + 1):
                    hand.rota[person.id].pop(day, None)


def _top_up_minutes(hand: _Hand) -> None:
    for person in hand.problem.staff:
        for day in range(hand.problem.days):
            if hand.minutes(person) >= person.min_minutes:
                break
            if day not in hand.rota[person.id]:
                _add_best_shift(hand, person, day)


def greedy_roster(problem: Problem) -> tuple[Assignment, ...]:
    """Draw up a rota by hand: hardest cover first, least-used eligible person.

    Args:
        problem: the rostering problem.

    Returns:
        The assignments of the greedy rota (check them with the validator).
    """
    hand = _Hand(problem)
    for need in sorted(problem.cover, key=lambda n: (_hardness(hand, n), n.day)):
        _fill(hand, need)
    _top_up_minutes(hand)
    _repair_short_runs(hand)
    return hand.assignments()
