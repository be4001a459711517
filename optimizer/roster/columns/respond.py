"""Best responses: each person in turn takes their best roster given everyone else's.

With everyone else's rosters fixed, what one person's roster adds to the cover
cost is linear in it: each shift they work where cover is still short saves the
under weight, each where it is met costs the over weight. So their own pricing
model, priced that way, finds their best roster exactly, and taking it never
raises the total. Sweeping the staff until nobody can improve (a local optimum
over whole-horizon rosters of one person) complements the search's
neighbourhoods of many people over a few days.
"""

from __future__ import annotations

import threading
import time

from optimizer.roster.columns.pool import EPSILON, Column, each_person
from optimizer.roster.columns.pricer import Pricer
from optimizer.roster.problem import Problem


def respond(
    problem: Problem,
    pricers: dict[str, Pricer],
    chosen: list[Column],
    deadline: float,
    workers: int = 2,
) -> list[Column]:
    """Sweep the staff with best responses until none improves or time runs out.

    Args:
        problem: the rostering problem.
        pricers: each person's own model.
        chosen: one column per person.
        deadline: ``time.monotonic()`` by which to stop.
        workers: pricing threads (each response is checked against the roster
            as it stands when it is taken).

    Returns:
        One column per person, costing no more than ``chosen``.
    """
    state = _State(problem, {column.staff: column for column in chosen})
    while time.monotonic() < deadline and _sweep(problem, pricers, state, deadline, workers):
        pass
    return [state.rosters[person.id] for person in problem.staff]


def _sweep(problem: Problem, pricers, state: _State, deadline: float, workers: int) -> int:
    """Offer everyone a best response once; how many took one."""
    moved = [0]

    def step(person, seed: int, lock: threading.Lock) -> None:
        with lock:
            mine = state.rosters[person.id]
            prices = state.prices(mine)
        seconds = min(2.0, deadline - time.monotonic())
        found, _proven, _lower = pricers[person.id].price(prices, seconds, mine, seed)
        with lock:
            moved[0] += state.take(person.id, found)

    each_person(list(reversed(problem.staff)), deadline, workers, step)
    return moved[0]


def residual_prices(cover, given: list[int]) -> list[float]:
    """What one more person on each cover row is worth when ``given`` people already are.

    The under weight where the row is still short, minus the over weight where it is met.
    """
    return [
        need.under_weight if people < need.required else -need.over_weight
        for need, people in zip(cover, given, strict=True)
    ]


class _State:
    """Everyone's current roster and the people it gives each cover row."""

    def __init__(self, problem: Problem, rosters: dict[str, Column]) -> None:
        self.cover = problem.cover
        self.rosters = rosters
        self.given = [0] * len(problem.cover)
        for column in rosters.values():
            for row, count in column.cover:
                self.given[row] += count

    def prices(self, mine: Column) -> list[float]:
        """What each cover row is worth to one person, given everyone else's rosters."""
        others = list(self.given)
        for row, count in mine.cover:
            others[row] -= count
        return residual_prices(self.cover, others)

    def take(self, staff: str, found: list[Column]) -> int:
        """Swap in the best of ``found`` if it lowers the total now; 1 if it did."""
        mine = self.rosters[staff]
        for row, count in mine.cover:
            self.given[row] -= count
        best = min(found, key=self._cost, default=mine)
        if self._cost(best) >= self._cost(mine) - EPSILON:
            best = mine
        self.rosters[staff] = best
        for row, count in best.cover:
            self.given[row] += count
        return int(best is not mine)

    def _cost(self, column: Column) -> float:
        """The column's own cost and what it changes in cover cost, others' rosters given."""
        change = 0
        for row, count in column.cover:
            need, people = self.cover[row], self.given[row]
            for extra in range(count):
                short = people + extra < need.required
                change += -need.under_weight if short else need.over_weight
        return column.cost + change
