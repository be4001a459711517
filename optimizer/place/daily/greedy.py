"""Greedy filling of a subproblem: most urgent item first, cheapest worker who still fits.

Used as the baseline the CP-SAT plan is compared with, and as the hint CP-SAT starts from.
"""

from __future__ import annotations

from optimizer.place.daily.subproblems import CarerDay, CoverDay, CoverOption, VisitDay
from optimizer.place.visit_times import gap_window


def greedy_cover(cover: CoverDay) -> list[CoverOption]:
    """Fill one day's cover slots greedily.

    Args:
        cover: the day's slots and options.

    Returns:
        The chosen options, at most one per worker.
    """
    by_slot: dict[int, list[CoverOption]] = {}
    for option in cover.options:
        by_slot.setdefault(option.slot, []).append(option)
    order = sorted(range(len(cover.slots)), key=lambda i: (-cover.unmet[i], cover.slots[i].start))
    busy: set[str] = set()
    chosen: list[CoverOption] = []
    for index in order:
        options = sorted(by_slot.get(index, []), key=lambda o: (o.penalty, o.staff))
        for option in [o for o in options if o.staff not in busy][: cover.slots[index].required]:
            busy.add(option.staff)
            chosen.append(option)
    return chosen


class _Run:
    """A carer's visits so far today, to test whether one more fits."""

    def __init__(self, carer: CarerDay, within: int, max_span: int):
        self.carer, self.within, self.max_span = carer, within, max_span
        self.visits: list[tuple[int, int]] = []  # (start, end)
        self.work = 0  # minutes, travel included

    def fits(self, start: int, duration: int) -> bool:
        """Return whether a visit at `start` keeps travel, span, rest and hours rules."""
        end, gap, carer = start + duration, self.within, self.carer
        if any(not (end + gap <= s or e + gap <= start) for s, e in self.visits):
            return False
        first = min([start] + [s for s, _ in self.visits]) - carer.out
        last = max([end] + [e for _, e in self.visits]) + carer.back
        if first < carer.earliest or last > carer.latest_end or last - first > self.max_span:
            return False
        return self.work + self.extra(duration) <= carer.cap

    def extra(self, duration: int) -> int:
        """Return the minutes one more visit adds, travel included."""
        if not self.visits:
            return duration + self.carer.out + self.carer.back
        return duration + self.within

    def add(self, start: int, duration: int) -> None:
        """Add a visit to the run."""
        self.work += self.extra(duration)
        self.visits.append((start, start + duration))


def _start_times(runs: dict[str, _Run], names: list[str], window: tuple[int, int], within: int):
    """Return start times worth trying: the earliest, and just after each candidate's visits."""
    earliest, latest = window
    times = {earliest}
    for name in names:
        times.update(e + within for _, e in runs[name].visits if earliest <= e + within <= latest)
        times.add(max(earliest, runs[name].carer.earliest + runs[name].carer.out))
    return sorted(t for t in times if earliest <= t <= latest)


def _window(sub: VisitDay, index: int, starts: dict[int, int]) -> tuple[int, int]:
    """Return a visit's window held to its gaps with the visits already placed (may be empty)."""
    window = sub.windows[index]
    for i, j, low, high in sub.gaps:
        if j == index and i in starts:
            window = gap_window(window, starts[i], low, high)
        elif i == index and j in starts:
            window = gap_window(window, starts[j], -high, -low)
    return window


def _starts(sub: VisitDay, placed) -> dict[int, int]:
    """Return the starts of the visits placed so far (none needed when no gaps tie visits)."""
    return {i: start for i, _, start in placed} if sub.gaps else {}


def _place(sub: VisitDay, runs: dict[str, _Run], index: int, starts: dict[int, int]):
    """Return (start, carers) for a visit, preferring known carers and early starts, or None."""
    visit = sub.visits[index]
    ranked = [name for name, _ in sorted(sub.options[index], key=lambda o: o[1])]
    for start in _start_times(runs, ranked, _window(sub, index, starts), sub.within):
        able = [n for n in ranked if runs[n].fits(start, visit.duration_minutes)]
        if len(able) >= visit.carers:
            return start, able[: visit.carers]
    return None


def _keep_hinted(sub: VisitDay, runs: dict[str, _Run], hint) -> list[tuple[int, str, int]]:
    """Place the hinted visits that still fit: all their carers offered for the visit (others
    are ignored), at one start inside its window, each carer's day keeping its rules."""
    by_visit: dict[int, list[tuple[str, int]]] = {}
    for index, name, start in hint:
        by_visit.setdefault(index, []).append((name, start))
    placed = []
    for index in sorted(by_visit):
        visit, offered = sub.visits[index], {n for n, _ in sub.options[index]}
        pairs = [(n, s) for n, s in by_visit[index] if n in offered]
        names, starts = sorted({n for n, _ in pairs}), {s for _, s in pairs}
        low, high = _window(sub, index, _starts(sub, placed))
        if len(names) != visit.carers or len(starts) != 1:
            continue
        start = starts.pop()
        if not low <= start <= high:
            continue
        if all(runs[n].fits(start, visit.duration_minutes) for n in names):
            for name in names:
                runs[name].add(start, visit.duration_minutes)
                placed.append((index, name, start))
    return placed


def greedy_visits(sub: VisitDay, hint=()) -> list[tuple[int, str, int]]:
    """Fill one locality's visits for one day greedily.

    Args:
        sub: the locality-day subproblem.
        hint: (visit index, staff id, start) of an earlier plan; those that still fit are
            placed first, the rest greedily.

    Returns:
        (visit index, staff id, start minute) for every carer placed.
    """
    runs = {name: _Run(carer, sub.within, sub.max_span) for name, carer in sub.carers.items()}
    placed = _keep_hinted(sub, runs, hint)
    done = {i for i, _, _ in placed}
    order = sorted(
        (i for i in range(len(sub.visits)) if i not in done),
        key=lambda i: (-sub.unmet[i], sub.windows[i][1], sub.windows[i][0]),
    )
    for index in order:
        found = _place(sub, runs, index, _starts(sub, placed))
        if found is None:
            continue
        start, names = found
        for name in names:
            runs[name].add(start, sub.visits[index].duration_minutes)
            placed.append((index, name, start))
    return placed
