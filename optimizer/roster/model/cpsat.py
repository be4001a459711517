"""Running CP-SAT on a built model: solver presets, progress, reading and pricing rosters."""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from optimizer.roster.model.build import add_hints
from optimizer.roster.model.variables import RosterModel
from optimizer.roster.options import Progress, SolveOptions
from optimizer.roster.problem import Assignment, Solution
from optimizer.seeds import cpsat_seed


def solver_parameters(options: SolveOptions, time_limit: float | None = None) -> cp_model.CpSolver:
    """A CP-SAT solver set up for the given options."""
    solver = cp_model.CpSolver()
    seconds = options.time_limit if time_limit is None else time_limit
    # A negative limit (planning ran past the deadline) makes CP-SAT answer
    # MODEL_INVALID instead of "no time": year-long problems hit it.
    solver.parameters.max_time_in_seconds = max(0.0, seconds)
    solver.parameters.num_workers = options.workers
    solver.parameters.random_seed = cpsat_seed(options.seed)
    solver.parameters.log_search_progress = options.log
    if options.deterministic_time is not None:
        solver.parameters.max_deterministic_time = options.deterministic_time
    # Level 2 puts the run-pattern clauses into the LP relaxation, which makes
    # each person's relaxation much tighter on rostering rules. With few workers
    # the portfolio's full-problem worker would otherwise be "default_lp" (level
    # 1); "max_lp" reaches and proves the benchmark optima far sooner.
    solver.parameters.linearization_level = 2
    solver.parameters.subsolvers.append("max_lp")
    return solver


class _ProgressReporter(cp_model.CpSolverSolutionCallback):
    """Report each roster better than the best known so far (CP-SAT may start worse)."""

    def __init__(self, on_progress, started: float, stop_at=None, best_known=None):
        super().__init__()
        self._on_progress = on_progress
        self._started = started
        self._stop_at = stop_at
        self._best = best_known

    def on_solution_callback(self) -> None:
        better = self._best is None or self.objective_value < self._best
        if self._on_progress is not None and better:
            self._best = self.objective_value
            elapsed = time.monotonic() - self._started
            self._on_progress(Progress(self.objective_value, self.best_objective_bound, elapsed))
        if self._stop_at is not None and self.objective_value <= self._stop_at:
            self.stop_search()


def read_solution(roster: RosterModel, values, status: str, bound: float, wall: float) -> Solution:
    """Turn variable values into a Solution with the objective broken down by rule.

    ``values`` maps a CP-SAT expression to its value (e.g. ``solver.value``).
    """
    assignments = tuple(
        sorted(Assignment(*key) for key, var in roster.assign.items() if values(var))
    )
    by_rule = {
        rule: sum(weight * values(expression) for expression, weight in terms)
        for rule, terms in roster.penalties.items()
    }
    return Solution(assignments, sum(by_rule.values()), by_rule, status, bound, wall)


def price_roster(roster: RosterModel, assignments, seconds: float = 10.0) -> Solution | None:
    """The objective of a given roster under the whole model (None if it breaks a hard rule)."""
    add_hints(roster, assignments)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 1
    solver.parameters.fix_variables_to_their_hinted_value = True
    status = solver.solve(roster.model)
    roster.model.clear_hints()
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return read_solution(roster, solver.value, "FEASIBLE", solver.best_objective_bound, 0.0)


def solve_model(
    roster: RosterModel, options: SolveOptions, on_progress, started: float, best_known=None
) -> Solution:
    """Solve a built model once with CP-SAT (progress only below ``best_known``)."""
    add_hints(roster, options.hint)
    solver = solver_parameters(options, options.time_limit - (time.monotonic() - started))
    status = solver.solve(
        roster.model, _ProgressReporter(on_progress, started, options.stop_at, best_known)
    )
    wall = time.monotonic() - started
    name = solver.status_name(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Solution((), None, {}, name, solver.best_objective_bound, wall)
    return read_solution(roster, solver.value, name, solver.best_objective_bound, wall)
