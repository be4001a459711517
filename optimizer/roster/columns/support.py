"""The LP's support: the whole model narrowed to the shifts its rosters use.

Once column generation has (nearly) converged, the LP mixes a few rosters per
person. CP-SAT on the whole model, with every shift that none of a person's
mixed rosters works ruled out for them, searches the combinations of those
rosters' shifts day by day, under every rule: far more than one roster per
person (what a dive or the best mix of columns can choose), far less than the
whole model. On Instance 17 it found the optimum (5,746) in 5.4 s, and 4,141 on
Instance 12 in 15 s (LP 4,040), where diving gave 5,472-7,591 and, after best
responses, 4,657-5,288.
"""

from __future__ import annotations

import threading
import time

from ortools.sat.python import cp_model

from optimizer.roster.columns.master import Master
from optimizer.roster.columns.pool import Column, ColumnPool
from optimizer.roster.model.build import add_hints
from optimizer.roster.model.cpsat import read_solution
from optimizer.roster.model.variables import RosterModel
from optimizer.roster.problem import Problem, Solution


def lp_support(problem: Problem, pool: ColumnPool) -> tuple[dict[str, set], list[Column]]:
    """Per person, the (day, shift, site) their LP rosters work, and their heaviest roster.

    Args:
        problem: the rostering problem.
        pool: the columns generated (everyone has at least one).

    Returns:
        (the keys each person's LP rosters work, one column per person: the
        roster with the largest LP weight).
    """
    master = Master(problem, pool.columns())
    master.solve()
    mix = master.mix()
    support = {staff: set().union(*(c.keys for _w, c in mine)) for staff, mine in mix.items()}
    heaviest = [max(mix[p.id], key=lambda pair: pair[0])[1] for p in problem.staff]
    return support, heaviest


def solve_on_support(
    roster: RosterModel,
    pool: ColumnPool,
    solver: cp_model.CpSolver,
    stop_at: int,
    stall: float | None = None,
) -> Solution | None:
    """The best roster CP-SAT finds using only the shifts of each person's LP rosters.

    Args:
        roster: the whole model (left as it was: a copy is narrowed).
        pool: the columns generated.
        solver: set up with the time limit and workers.
        stop_at: stop once a roster this cheap is found (the bound).
        stall: stop once this many seconds pass without a better roster.

    Returns:
        The roster found, priced by the whole model's rules, or None.
    """

    support, heaviest = lp_support(roster.problem, pool)
    add_hints(roster, [a for column in heaviest for a in column.assignments()])
    model = roster.model.clone()  # with the hints
    roster.model.clear_hints()
    for (staff, *key), var in roster.assign.items():
        if tuple(key) not in support.get(staff, ()):
            domain = model.proto.variables[var.index].domain
            domain[0] = domain[1] = 0
    watch = _Watch(solver, stop_at, stall)
    try:
        status = solver.solve(model, watch)
    finally:
        watch.done.set()
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    # The copy keeps the original's variable indices: the original's
    # expressions read the copy's values.
    return read_solution(roster, solver.value, "FEASIBLE", 0.0, 0.0)


class _Watch(cp_model.CpSolverSolutionCallback):
    """Stop the search at the bound, or once it has gone ``stall`` seconds without a better roster.

    A search on the support that stalls gains nothing by going on: the whole
    model's neighbourhood search does better with the time.
    """

    def __init__(self, solver: cp_model.CpSolver, stop_at: int, stall: float | None) -> None:
        super().__init__()
        self._stop_at = stop_at
        self.last = time.monotonic()
        self.done = threading.Event()
        if stall is not None:
            threading.Thread(target=self._watch, args=(solver, stall), daemon=True).start()

    def on_solution_callback(self) -> None:
        self.last = time.monotonic()
        if self.objective_value <= self._stop_at:
            self.stop_search()

    def _watch(self, solver: cp_model.CpSolver, stall: float) -> None:
        while not self.done.wait(0.1):
            if time.monotonic() - self.last > stall:
                solver.stop_search()
                return
