"""The master LP: per person, a convex mix of candidate rosters (columns) against cover.

Cover rows have slack at the cover's own under and over weights, so the LP is
always feasible; its duals price each cover requirement for the next round of
pricing (``pricer``). A dive (``dive``) narrows it by fixing
people's rosters.
"""

from __future__ import annotations

from collections.abc import Iterable

from ortools.linear_solver import pywraplp

from optimizer.roster.columns.pool import EPSILON, Column
from optimizer.roster.problem import Problem


class Master:
    """The master LP: a convex mix of columns per person, cover with slack."""

    def __init__(self, problem: Problem, columns: Iterable[Column] = ()) -> None:
        self.problem = problem
        self.fixed: dict[str, Column] = {}
        self.columns: list[Column] = list(columns)
        self.rebuild()

    def rebuild(self) -> None:
        """Build the LP afresh from the columns offered so far."""
        self.solver = pywraplp.Solver.CreateSolver("GLOP")
        # Without presolve GLOP re-solves from the last basis after columns are added.
        self.solver.SetSolverSpecificParametersAsString("use_preprocessing: false")
        infinity = self.solver.infinity()
        self.convexity = {p.id: self.solver.Constraint(1, 1) for p in self.problem.staff}
        self.cover = []
        objective = self.solver.Objective()
        for need in self.problem.cover:
            row = self.solver.Constraint(need.required, need.required)
            short = self.solver.NumVar(0, infinity, "")
            excess = self.solver.NumVar(0, infinity, "")
            row.SetCoefficient(short, 1)
            row.SetCoefficient(excess, -1)
            objective.SetCoefficient(short, need.under_weight)
            objective.SetCoefficient(excess, need.over_weight)
            self.cover.append(row)
        objective.SetMinimization()
        self.weights: list[tuple[Column, pywraplp.Variable]] = []
        for column in self.columns:
            self._add_variable(column)

    def add(self, column: Column) -> None:
        """Offer the LP one more roster for its person."""
        if column.staff in self.fixed:
            return
        self.columns.append(column)
        self._add_variable(column)

    def _add_variable(self, column: Column) -> None:
        fixed = self.fixed.get(column.staff)
        var = self.solver.NumVar(0, 1 if fixed in (None, column) else 0, "")
        self.convexity[column.staff].SetCoefficient(var, 1)
        for row, given in column.cover:
            self.cover[row].SetCoefficient(var, given)
        self.solver.Objective().SetCoefficient(var, column.cost)
        self.weights.append((column, var))

    def solve(self) -> tuple[float, list[float], dict[str, float]]:
        """Solve the LP: its value, the dual price of each cover row and of each person."""
        status = self.solver.Solve()
        if status != pywraplp.Solver.OPTIMAL:
            # GLOP can lose its way re-solving from a warm start after many
            # bound changes (seen once in a dive); from scratch it does not.
            self.rebuild()
            status = self.solver.Solve()
        if status != pywraplp.Solver.OPTIMAL:
            raise RuntimeError(f"master LP not solved (status {status})")
        duals = [row.dual_value() for row in self.cover]
        persons = {staff: row.dual_value() for staff, row in self.convexity.items()}
        return self.solver.Objective().Value(), duals, persons

    def fix(self, column: Column) -> None:
        """Keep only this roster for its person (a diving step)."""
        self.fixed[column.staff] = column
        for other, var in self.weights:
            if other.staff == column.staff and other != column:
                var.SetUb(0)

    def mix(self) -> dict[str, list[tuple[float, Column]]]:
        """Per person, the columns the LP uses and their weights."""
        used: dict[str, list[tuple[float, Column]]] = {}
        for column, var in self.weights:
            if var.solution_value() > EPSILON:
                used.setdefault(column.staff, []).append((var.solution_value(), column))
        return used
