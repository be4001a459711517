"""Pricing one person by dynamic programming (``paths``) instead of CP-SAT.

Each day's choices are the (shift, site) pairs the person may work. Their
request penalties and the cover prices become a cost per day and choice, and
the cheapest path through their states is their best roster, unless it
breaks a shift-type maximum: those are priced by Lagrangian multipliers, and
when one still binds the caller prices the person by CP-SAT.
"""

from __future__ import annotations

import math

import numpy as np

from optimizer.roster.columns.paths import INF, DayStates, Path, Rules
from optimizer.roster.problem import Problem, StaffMember

# Rosters per pricing call: the cheapest, and the cheapest ending in other states.
PATHS_PER_CALL = 3
# Above this many states a day, CP-SAT prices the person instead.
MOST_STATES = 400_000


def path_pricer(problem: Problem, person: StaffMember, keys, rows: dict, options):
    """A PathPricer for the person, or None where CP-SAT must price them.

    The paths know the benchmark's rules, not the Working Time Regulations,
    fixed work, pins or a change penalty; and a person with very many states
    is quicker in CP-SAT.
    """
    rules = problem.working_time
    regulations = (
        rules.daily_rest_minutes,
        rules.weekly_rest,
        rules.weekly_limit_minutes,
        rules.night_limit_minutes,
        rules.break_minutes,
    )
    if any(value is not None for value in regulations) or person.fixed_work:
        return None
    own_pins = any(a.staff == person.id for a in options.pinned)
    changes = options.change_weight and any(a.staff == person.id for a in options.previous)
    if own_pins or changes:
        return None
    pricer = PathPricer(problem, person, keys, rows)
    return pricer if pricer.states.size() <= MOST_STATES else None


class PathPricer:
    """One person's states and costs, priced by dynamic programming.

    Args:
        problem: the rostering problem (its working-time rules must be off).
        person: the person priced.
        keys: the (day, shift, site) they may work (their model's variables).
        rows: for each (day, shift, site), the cover rows it counts in.
    """

    def __init__(self, problem: Problem, person: StaffMember, keys, rows: dict) -> None:
        allowed = sorted({(shift, site) for _day, shift, site in keys})
        if person.sites:
            allowed = [(s, site) for s, site in allowed if site is None or site in person.sites]
        self.days, self.choice_keys = problem.days, allowed
        self.states = DayStates(_rules(problem, person, keys, allowed))
        # Shift types whose maximum the person could exceed, priced by multipliers.
        capped = _capped_types(person, allowed, self.states.r.open_day)
        self.limits = capped
        self.masks = {
            shift: np.array([[s == shift for s, _ in allowed]] * self.days, dtype=float)
            for shift in capped
        }
        self.multipliers = dict.fromkeys(capped, 0.0)
        self.own = _own_costs(problem, person, allowed)
        cells = [
            (day * len(allowed) + c, row)
            for c, (shift, site) in enumerate(allowed)
            for day in range(self.days)
            for row in rows.get((day, shift, site), ())
        ]
        self._cells = np.array([cell for cell, _ in cells], dtype=np.int64)
        self._rows = np.array([row for _, row in cells], dtype=np.int64)

    def prices(self, duals) -> np.ndarray:
        """Days x choices: the cover prices earned by each choice on each day."""
        size = self.days * len(self.choice_keys)
        earned = np.bincount(self._cells, weights=np.asarray(duals)[self._rows], minlength=size)
        return earned.reshape(self.days, len(self.choice_keys))

    def within_limits(self, costs: np.ndarray) -> tuple[list[Path], float]:
        """The cheapest rosters found that keep the shift-type maximums, and a lower bound.

        Without the uncounted maximums the cheapest path is a lower bound, and
        the best roster when it keeps them. When it does not, they are priced
        by Lagrangian multipliers (kept from call to call, as prices move
        little between rounds) for one more path, which keeps them more often;
        its cost less the multipliers times the maximums is a lower bound too.

        Args:
            costs: days x choices, as for ``DayStates.shortest``.

        Returns:
            (the paths found that keep the maximums, cheapest first; a lower
            bound on every roster's cost, inf if no roster keeps the other rules).
        """
        paths = self.states.shortest(costs, PATHS_PER_CALL)
        if not paths:
            return [], INF
        lower = paths[0].cost
        found = [path for path in paths if self._keeps(path)]
        if self.limits and not (found and found[0] is paths[0]):
            priced = costs + sum(
                (self.multipliers[shift] * mask for shift, mask in self.masks.items()), 0.0
            )
            at_prices = self.states.shortest(priced, PATHS_PER_CALL)
            allowance = sum(self.multipliers[s] * most for s, most in self.limits.items())
            lower = max(lower, at_prices[0].cost - allowance)
            found += [_costed(path, costs) for path in at_prices if self._keeps(path)]
            self._step_multipliers(costs, at_prices[0])
        return sorted(found, key=lambda path: path.cost), lower

    def _keeps(self, path: Path) -> bool:
        counts = self._counts(path)
        return all(counts[shift] <= most for shift, most in self.limits.items())

    def _counts(self, path: Path) -> dict[str, int]:
        counts = dict.fromkeys(self.limits, 0)
        for choice in path.choices:
            if choice is not None and self.choice_keys[choice][0] in counts:
                counts[self.choice_keys[choice][0]] += 1
        return counts

    def _step_multipliers(self, costs: np.ndarray, path: Path) -> None:
        """Raise the price of each type the path works too often; halve it on one with room."""
        counts = self._counts(path)
        for shift, most in self.limits.items():
            if counts[shift] > most:
                chosen = [
                    abs(costs[d, c])
                    for d, c in enumerate(path.choices)
                    if c is not None and self.choice_keys[c][0] == shift
                ]
                start = max(1.0, float(np.mean(chosen)) / (1 + counts[shift] - most))
                self.multipliers[shift] = max(2 * self.multipliers[shift], start)
            elif counts[shift] < most:
                self.multipliers[shift] *= 0.5


def _costed(path: Path, costs: np.ndarray) -> Path:
    """The path with its cost at ``costs`` (without the multipliers)."""
    cost = float(sum(costs[d, c] for d, c in enumerate(path.choices) if c is not None))
    return Path(path.choices, cost)


def _rules(problem: Problem, person: StaffMember, keys, allowed) -> Rules:
    """The person's day-by-day rules over ``allowed`` choices."""
    index = {choice: n for n, choice in enumerate(allowed)}
    minutes = {shift.id: shift.paid_minutes for shift in problem.shifts}
    unit = math.gcd(*(minutes[s] for s, _ in allowed)) if allowed else 1
    units = tuple(minutes[s] // unit for s, _ in allowed)
    ceiling = problem.days * max(units, default=0)
    most = person.max_minutes
    open_day = np.zeros((problem.days, len(allowed)), dtype=bool)
    for day, shift, site in keys:
        if (shift, site) in index and day not in person.unavailable_days:
            open_day[day, index[shift, site]] = True
    banned = {(rule.first, rule.then) for rule in problem.forbidden_successions}
    follows = np.array(
        [[(a, b) not in banned for b, _ in allowed] for a, _ in allowed], dtype=bool
    ).reshape(len(allowed), len(allowed))
    first, later = _weekend_days(problem)
    return Rules(
        days=problem.days,
        units=units,
        open_day=open_day,
        follows=follows,
        least=-(-person.min_minutes // unit),
        top=ceiling if most is None else min(ceiling, most // unit),
        run_most=person.max_consecutive_days,
        work_least=max(1, person.min_consecutive_days),
        off_least=max(1, person.min_consecutive_days_off),
        edges=problem.min_stretch_at_edges,
        weekends=person.max_weekends,
        weekend_first=frozenset(first),
        weekend_next=frozenset(later),
    )


def _capped_types(person: StaffMember, allowed, open_day: np.ndarray) -> dict[str, int]:
    """Shift types whose maximum is below the days the person could work them."""
    capped = {}
    for shift in sorted({s for s, _ in allowed}):
        most = person.max_of(shift)
        kinds = np.array([s == shift for s, _ in allowed])
        if most is not None and most < int((open_day & kinds).any(axis=1).sum()):
            capped[shift] = most
    return capped


def _weekend_days(problem: Problem) -> tuple[set[int], set[int]]:
    """Days that start a calendar weekend in the horizon, and its later days."""
    first, later, seen = set(), set(), set()
    for day in range(problem.days):
        date = problem.date_of(day)
        if date.weekday() < 5:
            continue
        week = date.isocalendar()[:2]
        (later if week in seen else first).add(day)
        seen.add(week)
    return first, later


def _own_costs(problem: Problem, person: StaffMember, allowed) -> tuple[float, np.ndarray]:
    """The person's request penalties: a constant, and what each choice adds per day."""
    base = float(sum(request.weight for request in person.shift_on_requests))
    per_day = np.zeros((problem.days, len(allowed)))
    for requests, sign in ((person.shift_on_requests, -1), (person.shift_off_requests, 1)):
        for request in requests:
            for c, (shift, _site) in enumerate(allowed):
                if shift == request.shift and 0 <= request.day < problem.days:
                    per_day[request.day, c] += sign * request.weight
    return base, per_day
