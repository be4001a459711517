"""Column generation: each person's whole roster is one column.

Every hard rule binds one person only; people meet only in cover. So a master
LP chooses, per person, a mix of candidate rosters (columns) that covers
demand best, and its duals put a price on each cover requirement. Each person's
own model (the same rules, that person alone; ``pricer``) then finds
the roster that earns most at those prices; it becomes a new column if it beats
the LP's mix.

When no person has a better roster at the LP's prices, the LP value is a lower
bound on every roster's cost (and while some still do, the LP value plus each
person's best reduced cost is one: the Lagrangian bound). A dive through the
LP (``dive``) then gives one roster per person.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field

from optimizer.roster.problem import Assignment, CoverRequirement, Problem, StaffMember

EPSILON = 1e-6


@dataclass(frozen=True)
class Column:
    """One person's roster over the whole horizon, with what it costs and covers."""

    staff: str
    keys: frozenset[tuple[int, str, str | None]]  # (day, shift, site) worked
    cost: int  # the person's own penalties: requests and changes
    cover: tuple[tuple[int, int], ...]  # (cover requirement index, people given)

    def assignments(self) -> tuple[Assignment, ...]:
        """The column as assignments."""
        return tuple(Assignment(self.staff, day, shift, site) for day, shift, site in self.keys)


@dataclass
class ColumnPool:
    """Every column found, per person, and the best bound proved so far."""

    problem: Problem
    by_staff: dict[str, list[Column]] = field(default_factory=dict)
    bound: float = 0.0
    value: float = math.inf  # the master LP's value when generation stopped
    converged: bool = False  # no roster beat the LP at its prices
    hopeless: bool = False  # generation gave up: the LP is too far off for a dive to pay
    greedy: dict[str, Column] = field(default_factory=dict)  # the seed: one roster each

    def add(self, column: Column) -> bool:
        """Keep a column unless the person already has the same roster."""
        mine = self.by_staff.setdefault(column.staff, [])
        if any(known.keys == column.keys for known in mine):
            return False
        mine.append(column)
        return True

    def complete(self) -> bool:
        """Whether everyone has at least one column."""
        return all(self.by_staff.get(person.id) for person in self.problem.staff)

    def columns(self) -> list[Column]:
        """All columns, person by person."""
        return [column for mine in self.by_staff.values() for column in mine]


def cover_index(problem: Problem) -> dict[str, dict[tuple[int, str, str | None], list[int]]]:
    """Per person, for each (day, shift, site) they could work, the cover rows it counts in."""
    rows: dict[str, dict[tuple[int, str, str | None], list[int]]] = {}
    for person in problem.staff:
        mine: dict[tuple[int, str, str | None], list[int]] = {}
        for index, need in enumerate(problem.cover):
            if not _counts_for(person, need, problem):
                continue
            for site in problem.site_ids() if need.site is None else (need.site,):
                mine.setdefault((need.day, need.shift, site), []).append(index)
        rows[person.id] = mine
    return rows


def _counts_for(person: StaffMember, need: CoverRequirement, problem: Problem) -> bool:
    if need.competence is None:
        return True
    date = problem.date_of(need.day)
    return any(c.id == need.competence and c.valid_on(date) for c in person.competences)


def each_person(queue: list, deadline: float, workers: int, step) -> list:
    """Run ``step(person, seed, lock)`` for people popped from ``queue`` in ``workers`` threads.

    Returns:
        The people the deadline left unpriced.
    """
    lock = threading.Lock()

    def work(seed: int) -> None:
        while True:
            with lock:
                if not queue or time.monotonic() >= deadline:
                    return
                person = queue.pop()
            step(person, seed, lock)

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(max(1, workers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return queue


def reduced_cost(column: Column, duals: list[float], person_dual: float) -> float:
    """What adding the column would change the LP value by, per unit."""
    return column.cost - sum(duals[row] * given for row, given in column.cover) - person_dual
