"""Pricing one person by dynamic programming over their days, instead of CP-SAT.

A person's rules, bar the per-shift-type maximums, follow the days in order:
what they did yesterday, how long the current run of work or days off is, how
many minutes and weekends they have used. So their cheapest roster at given
cover prices is a shortest path through those states, day by day. Minutes (in
units of the greatest common divisor of the shift lengths) and weekends are
array axes, so each day is a few array operations over every state at once.

The path ignores the per-shift-type maximums: when it keeps them it is the
person's best roster, and either way its cost is a lower bound on every
roster's (the caller falls back to CP-SAT when it breaks one).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from optimizer.problem import Problem, StaffMember

INF = np.inf
EPSILON = 1e-6
# Rosters per pricing call: the cheapest, and the cheapest ending in other states.
PATHS_PER_CALL = 3
# Above this many states a day, CP-SAT prices the person instead.
MOST_STATES = 400_000


@dataclass(frozen=True)
class Path:
    """The cheapest roster found: one choice index (or None for off) per day, and its cost."""

    choices: tuple[int | None, ...]
    cost: float


def path_pricer(problem: Problem, person: StaffMember, keys, rows: dict, options):
    """A PathPricer for the person, or None where CP-SAT must price them.

    The paths know the benchmark's rules, not the Working Time Regulations,
    pins or a change penalty; and a person with very many states per day is
    quicker in CP-SAT.
    """
    rules = problem.working_time
    if any(
        value is not None
        for value in (
            rules.daily_rest_minutes,
            rules.weekly_rest,
            rules.weekly_limit_minutes,
            rules.night_limit_minutes,
        )
    ):
        return None
    own_pins = any(a.staff == person.id for a in options.pinned)
    changes = options.change_weight and any(a.staff == person.id for a in options.previous)
    if own_pins or changes:
        return None
    pricer = PathPricer(problem, person, keys, rows)
    return pricer if pricer.size() <= MOST_STATES else None


class PathPricer:
    """One person's day-by-day states, priced by dynamic programming.

    Args:
        problem: the rostering problem (its working-time rules must be off).
        person: the person priced.
        keys: the (day, shift, site) they may work (their model's variables).
        rows: for each (day, shift, site), the cover rows it counts in.
    """

    def __init__(self, problem: Problem, person: StaffMember, keys, rows: dict) -> None:
        self.days = problem.days
        self.person = person
        allowed = sorted({(shift, site) for _day, shift, site in keys})
        if person.sites:
            allowed = [(s, site) for s, site in allowed if site is None or site in person.sites]
        self.choice_keys = allowed
        index = {choice: n for n, choice in enumerate(allowed)}
        minutes = {shift.id: shift.paid_minutes for shift in problem.shifts}
        self.unit = math.gcd(*(minutes[s] for s, _ in allowed)) if allowed else 1
        self.units = [minutes[s] // self.unit for s, _ in allowed]
        most = person.max_minutes
        ceiling = self.days * max(self.units, default=0)
        self.top = ceiling if most is None else min(ceiling, most // self.unit)
        self.least = -(-person.min_minutes // self.unit)
        self.weekends = person.max_weekends
        self.run_most = person.max_consecutive_days
        self.work_least = max(1, person.min_consecutive_days)
        self.off_least = max(1, person.min_consecutive_days_off)
        self.edges = problem.min_stretch_at_edges
        self.W = self.run_most if self.run_most is not None else self.work_least
        self.F = self.off_least
        self.open_day = np.zeros((self.days, len(allowed)), dtype=bool)
        for day, shift, site in keys:
            if (shift, site) in index and day not in person.unavailable_days:
                self.open_day[day, index[shift, site]] = True
        banned = {(rule.first, rule.then) for rule in problem.forbidden_successions}
        self.follows = np.array(
            [[(a, b) not in banned for b, _ in allowed] for a, _ in allowed], dtype=bool
        ).reshape(len(allowed), len(allowed))
        self.weekend_first, self.weekend_next = _weekend_days(problem)
        self.own = _own_costs(problem, person, allowed)
        cells = [
            (day * len(allowed) + c, row)
            for c, (shift, site) in enumerate(allowed)
            for day in range(self.days)
            for row in rows.get((day, shift, site), ())
        ]
        self._cells = np.array([cell for cell, _ in cells], dtype=np.int64)
        self._rows = np.array([row for _, row in cells], dtype=np.int64)
        self._size = self.days * len(allowed)
        # Shift types whose maximum the person could exceed, each with its cells.
        self.limits: dict[str, int] = {}
        self.capped: dict[str, np.ndarray] = {}
        for shift in {s for s, _ in allowed}:
            most = person.max_of(shift)
            mask = np.array([[s == shift for s, _ in allowed]] * self.days) & self.open_day
            if most is not None and most < int(mask.any(axis=1).sum()):
                self.limits[shift], self.capped[shift] = most, mask.astype(float)
        self.multipliers = dict.fromkeys(self.limits, 0.0)
        self.groups: dict[bytes, list[int]] = {}
        for c in range(len(allowed)):
            self.groups.setdefault(self.follows[:, c].tobytes(), []).append(c)

    def prices(self, duals) -> np.ndarray:
        """Days x choices: the cover prices earned by each choice on each day."""
        earned = np.bincount(
            self._cells, weights=np.asarray(duals)[self._rows], minlength=self._size
        )
        return earned.reshape(self.days, len(self.choice_keys))

    def within_limits(self, costs: np.ndarray) -> tuple[list[Path], float]:
        """The cheapest rosters found that keep the shift-type maximums, and a lower bound.

        Without the maximums the cheapest path is a lower bound, and the best
        roster when it keeps them. When it does not, the maximums are priced by
        Lagrangian multipliers (kept from call to call, as prices move little
        between rounds) for one more path, which keeps them more often; its
        cost less the multipliers times the maximums is a lower bound too.

        Args:
            costs: days x choices, as for ``shortest``.

        Returns:
            (the paths found that keep the maximums, cheapest first; a lower
            bound on every roster's cost, inf if no roster keeps the other rules).
        """
        paths = self.shortest(costs, PATHS_PER_CALL)
        if not paths:
            return [], INF
        lower = paths[0].cost
        found = [path for path in paths if self._keeps(path)]
        if self.limits and not (found and found[0] is paths[0]):
            priced = costs + sum(
                (self.multipliers[shift] * mask for shift, mask in self.capped.items()), 0.0
            )
            at_prices = self.shortest(priced, PATHS_PER_CALL)
            lower = max(lower, at_prices[0].cost - self._allowance())
            found += [self._costed(path, costs) for path in at_prices if self._keeps(path)]
            self._step_multipliers(costs, at_prices[0])
        return sorted(found, key=lambda path: path.cost), lower

    def _keeps(self, path: Path) -> bool:
        counts = self._counts(path)
        return all(counts[shift] <= most for shift, most in self.limits.items())

    @staticmethod
    def _costed(path: Path, costs: np.ndarray) -> Path:
        cost = float(sum(costs[d, c] for d, c in enumerate(path.choices) if c is not None))
        return Path(path.choices, cost)

    def _counts(self, path: Path) -> dict[str, int]:
        counts = dict.fromkeys(self.limits, 0)
        for choice in path.choices:
            if choice is not None and self.choice_keys[choice][0] in counts:
                counts[self.choice_keys[choice][0]] += 1
        return counts

    def _allowance(self) -> float:
        return sum(self.multipliers[s] * most for s, most in self.limits.items())

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

    def size(self) -> int:
        """States per day."""
        K = 1 if self.weekends is None else self.weekends + 1
        return (len(self.choice_keys) * self.W * 2 + self.F) * (self.top + 1) * K

    def shortest(self, day_costs: np.ndarray, count: int = 1) -> list[Path]:
        """The cheapest rosters at ``day_costs`` (days x choices, off costing 0).

        Args:
            day_costs: what each choice costs on each day.
            count: how many rosters at most: the cheapest, then the cheapest
                ending in each other final state (other totals or runs).

        Returns:
            The paths, cheapest first; none when no roster keeps the person's rules.
        """
        layers = self._forward(day_costs)
        off, work = (values.copy() for values in layers[-1])
        if self.edges:  # a run into the last day must be long enough too
            off[: self.F - 1] = INF
            work[:, : self.work_least - 1] = INF
        off[..., : self.least, :] = INF
        work[..., : self.least, :] = INF
        values = np.concatenate((off.ravel(), work.ravel()))
        count = min(count, values.size)
        ends = (
            np.argpartition(values, count - 1)[:count]
            if count < values.size
            else np.arange(values.size)
        )
        paths = []
        for flat in sorted(ends, key=lambda i: values[i]):
            if not np.isfinite(values[flat]):
                break
            if flat < off.size:
                where = ("off", tuple(int(i) for i in np.unravel_index(flat, off.shape)))
            else:
                cell = np.unravel_index(flat - off.size, work.shape)
                where = ("work", tuple(int(i) for i in cell))
            paths.append(Path(tuple(self._backtrack(layers, where)), float(values[flat])))
        return paths

    def _forward(self, day_costs: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        C, W, F = len(self.choice_keys), self.W, self.F
        M = self.top + 1
        K = 1 if self.weekends is None else self.weekends + 1
        off = np.full((F, M, K), INF)
        work = np.full((C, W, 2, M, K), INF)
        layers = []
        for day in range(self.days):
            new_off = np.full((F, M, K), INF)
            new_work = np.full((C, W, 2, M, K), INF)
            if day == 0:
                # A run from the first day is exempt from the minimum (unless edges).
                new_off[0 if self.edges else F - 1, 0, 0] = 0.0
                from_off = np.full((M, K), INF)
                from_off[0, 0] = 0.0
            else:
                new_off[0] = self._ended(work)
                if F > 1:
                    new_off[1:] = off[:-1]
                new_off[F - 1] = np.minimum(new_off[F - 1], off[F - 1])
                from_off = off[F - 1]
            for group in self.groups.values():
                open_now = [c for c in group if self.open_day[day, c]]
                if not open_now:
                    continue
                before = None
                if day > 0 and self.follows[:, group[0]].any():
                    before = work[self.follows[:, group[0]]].min(axis=0)
                for c in open_now:
                    self._work_into(new_work[c], day, c, before, from_off)
                    new_work[c] += day_costs[day, c]
            off, work = new_off, new_work
            layers.append((off, work))
        return layers

    def _ended(self, work: np.ndarray) -> np.ndarray:
        """The cheapest state per (minutes, weekends) whose run of work may end today."""
        long_enough = work[:, self.work_least - 1 :].min(axis=(0, 1, 2))
        if self.work_least == 1:
            return long_enough
        exempt = work[:, : self.work_least - 1, 1].min(axis=(0, 1))
        return np.minimum(long_enough, exempt)

    def _work_into(self, target, day: int, c: int, before, from_off) -> None:
        """Fill ``target`` (W x 2 x M x K): choice ``c`` worked on ``day``, before its cost.

        ``before`` is the cheapest work state the day before from which ``c``
        may follow (W x 2 x M x K), or None.
        """
        counted = self.weekends is not None
        first = counted and day in self.weekend_first
        # A weekend's later day counts only if the day before (its first) was off.
        again = counted and day in self.weekend_next
        unit = self.units[c]
        exempt = int(day == 0 and not self.edges)
        _shift_into(target[0, exempt], from_off, unit, int(first or again))
        if before is None:
            return
        step = int(first)
        _shift_into(target[1:], before[:-1], unit, step)
        if self.run_most is None:
            _shift_into(target[self.W - 1], before[self.W - 1], unit, step)

    def _backtrack(self, layers, where) -> list[int | None]:
        """The choice of each day, last day first, then reversed."""
        choices: list[int | None] = []
        kind, cell = where
        for day in range(self.days - 1, -1, -1):
            if kind == "off":
                choices.append(None)
                if day == 0:
                    break
                kind, cell = self._off_before(layers[day - 1], cell)
            else:
                c, w, e, m, k = cell
                choices.append(c)
                if day == 0:
                    break
                kind, cell = self._work_before(layers[day - 1], day, cell)
        choices.reverse()
        return choices

    def _off_before(self, previous, cell):
        f, m, k = cell
        off, work = previous
        candidates = []
        if f == 0:
            ended = work[:, :, :, m, k].copy()  # C x W x 2
            ended[:, : self.work_least - 1, 0] = INF  # a run too short may not end
            c, w, e = np.unravel_index(int(np.argmin(ended)), ended.shape)
            candidates.append((ended[c, w, e], ("work", (int(c), int(w), int(e), m, k))))
        if f > 0:
            candidates.append((off[f - 1, m, k], ("off", (f - 1, m, k))))
        if f == self.F - 1:
            candidates.append((off[f, m, k], ("off", (f, m, k))))
        return min(candidates, key=lambda pair: pair[0])[1]

    def _work_before(self, previous, day, cell):
        c, w, e, m, k = cell
        off, work = previous
        m0 = m - self.units[c]
        candidates = []
        counted = self.weekends is not None
        k0 = k - int(counted and (day in self.weekend_first or day in self.weekend_next))
        if w == 0 and e == 0 and k0 >= 0:
            candidates.append((off[self.F - 1, m0, k0], ("off", (self.F - 1, m0, k0))))
        k0 = k - int(counted and day in self.weekend_first)
        lengths = [w - 1] if w > 0 else []
        if self.run_most is None and w == self.W - 1:
            lengths.append(w)
        for b in np.flatnonzero(self.follows[:, c]) if k0 >= 0 else ():
            for length in lengths:
                before = (int(b), length, e, m0, k0)
                candidates.append((work[before], ("work", before)))
        return min(candidates, key=lambda pair: pair[0])[1]


def _shift_into(target, source, minutes: int, weekends: int) -> None:
    """``target[m + minutes, k + weekends] = min(itself, source[m, k])``."""
    M, K = source.shape[-2], source.shape[-1]
    if minutes >= M or weekends >= K:
        return
    view = target[..., minutes:, weekends:]
    np.minimum(view, source[..., : M - minutes, : K - weekends], out=view)


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
    for request in person.shift_on_requests:
        for c, (shift, _site) in enumerate(allowed):
            if shift == request.shift and 0 <= request.day < problem.days:
                per_day[request.day, c] -= request.weight
    for request in person.shift_off_requests:
        for c, (shift, _site) in enumerate(allowed):
            if shift == request.shift and 0 <= request.day < problem.days:
                per_day[request.day, c] += request.weight
    return base, per_day
