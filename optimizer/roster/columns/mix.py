"""The best mix of known rosters: one column per person, chosen by an integer programme.

Column generation, its dives and the best responses leave many rosters per
person. The best whole roster made only of those is a set-partitioning problem
(one column per person, cover short or over at its weights) that SCIP solves
well from the incumbent: it combines people's rosters from different dives,
which no single dive or best response does. On the benchmark it took Instance
6 from 1,952 to its optimum 1,950 in 5 s and Instance 5 from 1,147 to its
optimum 1,143 in 8 s. (CP-SAT's bound on 3,642 columns of Instance 5 was 71
after 15 s, against an LP value of 1,140.6.)
"""

from __future__ import annotations

import time

from ortools.linear_solver import pywraplp

from optimizer.roster.columns.generation import roster_cost
from optimizer.roster.columns.master import Master
from optimizer.roster.columns.pool import Column, reduced_cost
from optimizer.roster.problem import Problem

SLACK = 1e-4  # the LP's own round-off in reduced costs
# Above this many promising columns the mix is not tried: SCIP takes its whole
# share and finds nothing better.
MOST_COLUMNS = 1_700


def best_mix(
    problem: Problem,
    columns: list[Column],
    incumbent: list[Column],
    deadline: float,
) -> tuple[list[Column], bool]:
    """The cheapest whole roster made of ``columns`` (and ``incumbent``), within the time.

    Args:
        problem: the rostering problem.
        columns: rosters known per person (any order; duplicates are fine).
        incumbent: one column per person: the start, and the answer if nothing beats it.
        deadline: ``time.monotonic()`` by which to stop.

    Returns:
        (one column per person costing no more than ``incumbent``, True when no
        mix of these columns costs less).
    """
    seconds = deadline - time.monotonic()
    if seconds <= 0.1:
        return incumbent, False
    columns = promising(problem, columns, incumbent)
    if len(columns) > MOST_COLUMNS:
        return incumbent, False
    solver = pywraplp.Solver.CreateSolver("SCIP")
    choose = _choices(solver, problem, columns, incumbent)
    current = {(column.staff, column.keys) for column in incumbent}
    pairs = [(var, column) for mine in choose.values() for var, column in mine]
    solver.SetHint(
        [var for var, _ in pairs],
        [float((column.staff, column.keys) in current) for _, column in pairs],
    )
    solver.SetTimeLimit(int(1000 * seconds))
    status = solver.Solve()
    if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
        return incumbent, False
    best = [
        next(column for var, column in choose[person.id] if var.solution_value() > 0.5)
        for person in problem.staff
    ]
    return best, status == pywraplp.Solver.OPTIMAL


def promising(problem: Problem, columns: list[Column], incumbent: list[Column]) -> list[Column]:
    """The columns that can be part of a roster at least one unit cheaper than ``incumbent``.

    With the LP over all the columns solved, every column's reduced cost is at
    least 0 and any whole roster costs at least the LP value plus the reduced
    costs of its columns. So a column whose reduced cost is more than the
    incumbent's cost, less one, less the LP value, is in no better roster (on
    Instance 6, 2,578 columns after the dives; costs are integers).
    """
    master = Master(problem, (*incumbent, *columns))
    value, duals, persons = master.solve()
    room = roster_cost(problem, incumbent) - 1 - value
    return [
        column
        for column in columns
        if reduced_cost(column, duals, persons[column.staff]) <= room + SLACK
    ]


def _choices(solver, problem: Problem, columns, incumbent) -> dict[str, list]:
    """Build the programme; per person, (0-1 variable, column) for each distinct roster."""
    by_staff: dict[str, dict[frozenset, Column]] = {p.id: {} for p in problem.staff}
    for column in (*incumbent, *columns):
        by_staff[column.staff].setdefault(column.keys, column)
    objective = solver.Objective()
    given: list[list] = [[] for _ in problem.cover]
    choose: dict[str, list] = {}
    for staff, mine in by_staff.items():
        one = solver.Constraint(1, 1)
        choose[staff] = [(solver.BoolVar(""), column) for column in mine.values()]
        for var, column in choose[staff]:
            one.SetCoefficient(var, 1)
            objective.SetCoefficient(var, column.cost)
            for row, count in column.cover:
                given[row].append((var, count))
    for need, terms in zip(problem.cover, given, strict=True):
        row = solver.Constraint(need.required, need.required)
        short = solver.IntVar(0, need.required, "")
        excess = solver.IntVar(0, solver.infinity(), "")
        row.SetCoefficient(short, 1)
        row.SetCoefficient(excess, -1)
        for var, count in terms:
            row.SetCoefficient(var, count)
        objective.SetCoefficient(short, need.under_weight)
        objective.SetCoefficient(excess, need.over_weight)
    objective.SetMinimization()
    return choose
