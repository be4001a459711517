"""One person's cheapest rosters as shortest paths through their day-by-day states.

A person's rules follow the days in order: what they did yesterday, how long
the current run of work or days off is, how many minutes and weekends they
have used. So their cheapest roster at given costs per day and choice is a
shortest path through those states. Minutes (in units of the shifts' greatest
common divisor) and weekends are array axes, so each day is a few array
operations over every state at once. ``path_pricer`` builds
the states from a person's rules and prices them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

INF = np.inf


@dataclass(frozen=True)
class Path:
    """A roster: one choice index (None for a day off) per day, and what it costs."""

    choices: tuple[int | None, ...]
    cost: float


@dataclass(frozen=True)
class Rules:
    """One person's day-by-day rules, with choices numbered 0..C-1.

    ``units`` is each choice's length in minute units, and ``least`` and
    ``top`` the fewest and most units in all.
    """

    days: int
    units: tuple[int, ...]
    open_day: np.ndarray  # days x C: the choice may be worked that day
    follows: np.ndarray  # C x C: choice b may be worked the day after choice a
    least: int
    top: int
    run_most: int | None
    work_least: int
    off_least: int
    edges: bool  # runs touching the first or last day must be long enough too
    weekends: int | None
    weekend_first: frozenset[int]  # days that start a weekend in the horizon
    weekend_next: frozenset[int]  # a weekend's later days


class DayStates:
    """The shortest-path search over one person's states."""

    def __init__(self, rules: Rules) -> None:
        self.r = rules
        self.C = len(rules.units)
        self.W = rules.run_most if rules.run_most is not None else rules.work_least
        self.F = rules.off_least
        K = 1 if rules.weekends is None else rules.weekends + 1
        self.axes = (rules.top + 1, K)  # minutes, weekends
        self.groups: dict[bytes, list[int]] = {}
        for c in range(self.C):
            self.groups.setdefault(rules.follows[:, c].tobytes(), []).append(c)

    def size(self) -> int:
        """States per day."""
        return (self.C * self.W * 2 + self.F) * self.axes[0] * self.axes[1]

    def shortest(self, day_costs: np.ndarray, count: int = 1) -> list[Path]:
        """The cheapest rosters at ``day_costs`` (days x choices, a day off costing 0).

        Args:
            day_costs: what each choice costs on each day.
            count: how many rosters at most: the cheapest, then the cheapest
                ending in each other final state (other totals or runs).

        Returns:
            The paths, cheapest first; none when no roster keeps the rules.
        """
        layers = self._forward(day_costs)
        off, work = (values.copy() for values in layers[-1])
        if self.r.edges:  # a run into the last day must be long enough too
            off[: self.F - 1] = INF
            work[:, : self.r.work_least - 1] = INF
        off[..., : self.r.least, :] = work[..., : self.r.least, :] = INF
        values = np.concatenate((off.ravel(), work.ravel()))
        count = min(count, values.size)
        ends = np.argpartition(values, count - 1)[:count]
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
        """Each day's cheapest cost of every state: (off F x axes, work C x W x 2 x axes)."""
        F, axes = self.F, self.axes
        off = np.full((F, *axes), INF)
        work = np.full((self.C, self.W, 2, *axes), INF)
        start = np.full(axes, INF)
        start[0, 0] = 0.0
        layers = []
        for day in range(self.r.days):
            new_off = np.full((F, *axes), INF)
            new_work = np.full((self.C, self.W, 2, *axes), INF)
            if day == 0:
                # A run from the first day is exempt from the minimum (unless edges).
                new_off[0 if self.r.edges else F - 1] = start
                from_off = start
            else:
                new_off[0] = self._ended(work)
                if F > 1:
                    new_off[1:] = off[:-1]
                new_off[F - 1] = np.minimum(new_off[F - 1], off[F - 1])
                from_off = off[F - 1]
            for group in self.groups.values():
                open_now = [c for c in group if self.r.open_day[day, c]]
                if not open_now:
                    continue
                before = None
                after = self.r.follows[:, group[0]]
                if day > 0 and after.any():
                    before = work[after].min(axis=0)
                for c in open_now:
                    self._work_into(new_work[c], day, c, before, from_off)
                    new_work[c] += day_costs[day, c]
            off, work = new_off, new_work
            layers.append((off, work))
        return layers

    def _ended(self, work: np.ndarray) -> np.ndarray:
        """The cheapest state per resource cell whose run of work may end today."""
        long_enough = work[:, self.r.work_least - 1 :].min(axis=(0, 1, 2))
        if self.r.work_least == 1:
            return long_enough
        exempt = work[:, : self.r.work_least - 1, 1].min(axis=(0, 1))
        return np.minimum(long_enough, exempt)

    def _weekend_steps(self, day: int) -> tuple[int, int]:
        """Weekends used by working ``day``: (after a day off, after a day worked)."""
        if self.r.weekends is None:
            return 0, 0
        first = int(day in self.r.weekend_first)
        # A weekend's later day counts only if the day before (its first) was off.
        return first or int(day in self.r.weekend_next), first

    def _step(self, c: int, weekend: int) -> tuple[int, int]:
        return self.r.units[c], weekend

    def _work_into(self, target, day: int, c: int, before, from_off) -> None:
        """Fill ``target`` (W x 2 x axes): choice ``c`` worked on ``day``, before its cost.

        ``before`` is the cheapest work state the day before from which ``c``
        may follow (W x 2 x axes), or None.
        """
        after_off, after_work = self._weekend_steps(day)
        exempt = int(day == 0 and not self.r.edges)
        _shift_into(target[0, exempt], from_off, self._step(c, after_off))
        if before is None:
            return
        step = self._step(c, after_work)
        _shift_into(target[1:], before[:-1], step)
        if self.r.run_most is None:  # lengths from the minimum on are all alike
            _shift_into(target[self.W - 1], before[self.W - 1], step)

    def _backtrack(self, layers, where) -> list[int | None]:
        """The choice of each day, found from the last day back."""
        choices: list[int | None] = []
        kind, cell = where
        for day in range(self.r.days - 1, -1, -1):
            choices.append(None if kind == "off" else cell[0])
            if day == 0:
                break
            if kind == "off":
                kind, cell = self._off_before(layers[day - 1], cell)
            else:
                kind, cell = self._work_before(layers[day - 1], day, cell)
        choices.reverse()
        return choices

    def _off_before(self, previous, cell):
        f, *at = cell
        at = tuple(at)
        off, work = previous
        candidates = []
        if f == 0:
            ended = work[(slice(None),) * 3 + at].copy()  # C x W x 2
            ended[:, : self.r.work_least - 1, 0] = INF  # a run too short may not end
            c, w, e = (int(i) for i in np.unravel_index(int(np.argmin(ended)), ended.shape))
            candidates.append((ended[c, w, e], ("work", (c, w, e, *at))))
        if f > 0:
            candidates.append((off[(f - 1, *at)], ("off", (f - 1, *at))))
        if f == self.F - 1:
            candidates.append((off[(f, *at)], ("off", (f, *at))))
        return min(candidates, key=lambda pair: pair[0])[1]

    def _work_before(self, previous, day: int, cell):
        c, w, e, *at = cell
        off, work = previous
        after_off, after_work = self._weekend_steps(day)
        candidates = []
        was = _minus(at, self._step(c, after_off))
        if w == 0 and e == 0 and was is not None:
            candidates.append((off[(self.F - 1, *was)], ("off", (self.F - 1, *was))))
        was = _minus(at, self._step(c, after_work))
        lengths = [w - 1] if w > 0 else []
        if self.r.run_most is None and w == self.W - 1:
            lengths.append(w)
        for b in np.flatnonzero(self.r.follows[:, c]) if was is not None else ():
            for length in lengths:
                cell_before = (int(b), length, e, *was)
                candidates.append((work[cell_before], ("work", cell_before)))
        return min(candidates, key=lambda pair: pair[0])[1]


def _minus(at, step) -> tuple[int, ...] | None:
    """The resource cell ``step`` before ``at``, or None if there is none."""
    was = tuple(a - s for a, s in zip(at, step, strict=True))
    return was if min(was) >= 0 else None


def _shift_into(target, source, step: tuple[int, int]) -> None:
    """``target[m + minutes, k + weekends] = min(itself, source[m, k])`` (trailing axes)."""
    minutes, weekends = step
    M, K = source.shape[-2:]
    if minutes >= M or weekends >= K:
        return
    view = target[..., minutes:, weekends:]
    np.minimum(view, source[..., : M - minutes, : K - weekends], out=view)
