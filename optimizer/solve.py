"""Build the CP-SAT model from the rules and solve it, reporting progress.

``solve`` is the entry point for every caller: the web app, the benchmark and
re-solving after a change (pinned assignments, hints, a penalty per change).
With more than one person it first plans by column generation
(``optimizer.plan``): a lower bound and a roster to start the search from.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from optimizer.problem import Assignment, Problem, Solution
from optimizer.rules import HARD_RULES, SOFT_RULES
from optimizer.variables import RosterModel, create_variables

# Above this many person-days the first roster is built person by person
# (optimizer.sequential) instead of by column generation, in this share of the
# time limit; the neighbourhood search has the rest.
LONG_PERSON_DAYS = 10_000
SEQUENTIAL_SHARE = 0.3


@dataclass(frozen=True)
class Progress:
    """An improving solution found while solving."""

    objective: float
    bound: float
    elapsed: float


ProgressCallback = Callable[[Progress], None]


@dataclass(frozen=True)
class SolveOptions:
    """How to solve: time, workers, and what to keep from a previous roster.

    ``pinned`` assignments must stay; ``hint`` assignments guide the search;
    ``previous`` with ``change_weight`` > 0 charges each person-day that differs
    from the previous roster (minimal-change repair).
    """

    time_limit: float = 60.0
    workers: int = 2
    seed: int = 0
    hint: tuple[Assignment, ...] = ()
    pinned: tuple[Assignment, ...] = ()
    previous: tuple[Assignment, ...] = ()
    change_weight: int = 0
    lns: bool | None = None  # None: decided by problem size (see optimizer.lns.needs_lns)
    # Column generation first (optimizer.columns): a bound and a strong first
    # roster. None: used whenever the problem has more than one person.
    columns: bool | None = None
    stop_at: int | None = None  # stop as soon as a roster this cheap is found
    # A limit in CP-SAT's deterministic time: with workers=1 the result does not
    # depend on how busy the machine is (tests use it).
    deterministic_time: float | None = None
    log: bool = False


def build_model(problem: Problem, options: SolveOptions = SolveOptions()) -> RosterModel:
    """Create the variables, add every hard and soft rule, and set the objective.

    Args:
        problem: the rostering problem.
        options: pinned assignments and the change penalty are added to the model.

    Returns:
        The model with its variables and the penalty terms of each soft rule.
    """
    roster = create_variables(problem)
    for rule in HARD_RULES:
        rule(roster)
    for rule in SOFT_RULES:
        rule(roster)
    add_pinned_assignments(roster, options.pinned)
    penalise_changes(roster, options.previous, options.change_weight)
    roster.model.minimize(roster.objective())
    return roster


def add_pinned_assignments(roster: RosterModel, pinned: Iterable[Assignment]) -> None:
    """A pinned assignment stays in the roster."""
    for assignment in pinned:
        var = roster.assign.get(_key(assignment))
        # A pin on a shift the person may never work has no variable: infeasible.
        roster.model.add(var == 1 if var is not None else False)


def penalise_changes(roster: RosterModel, previous: Iterable[Assignment], weight: int) -> None:
    """Each person-day that differs from the previous roster costs ``weight``."""
    if not weight:
        return
    roster.declare("changes")
    before = {(a.staff, a.day): a for a in previous}
    for (staff_id, day), worked in roster.works.items():
        was = before.get((staff_id, day))
        if was is None:
            roster.penalise("changes", worked, weight)
        else:
            roster.penalise("changes", 1 - roster.assign.get(_key(was), 0), weight)


def _key(assignment: Assignment):
    return assignment.staff, assignment.day, assignment.shift, assignment.site


def add_hints(roster: RosterModel, hint: Iterable[Assignment]) -> None:
    """Suggest a roster to start from: its assignments on, everything else off."""
    chosen = {_key(a) for a in hint}
    if not chosen:
        return
    roster.model.clear_hints()
    worked_days = {(key[0], key[1]) for key in chosen}
    for key, var in roster.assign.items():
        roster.model.add_hint(var, key in chosen)
    for key, var in roster.works.items():
        roster.model.add_hint(var, key in worked_days)


def solver_parameters(options: SolveOptions, time_limit: float | None = None) -> cp_model.CpSolver:
    """A CP-SAT solver set up for the given options."""
    solver = cp_model.CpSolver()
    seconds = options.time_limit if time_limit is None else time_limit
    # A negative limit (planning ran past the deadline) makes CP-SAT answer
    # MODEL_INVALID instead of "no time": year-long problems hit it.
    solver.parameters.max_time_in_seconds = max(0.0, seconds)
    solver.parameters.num_workers = options.workers
    solver.parameters.random_seed = options.seed
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


def solve(
    problem: Problem,
    options: SolveOptions = SolveOptions(),
    on_progress: ProgressCallback | None = None,
) -> Solution:
    """Solve a rostering problem within the time limit.

    Column generation (unless ``options.columns`` is False) gives a bound and a
    first roster; CP-SAT (one solve, or the neighbourhood search on larger
    models) then improves that roster until the time limit or the bound.

    Args:
        problem: the rostering problem.
        options: time limit, workers, pinned and hinted assignments, change penalty.
        on_progress: called with a Progress each time a better roster is found.

    Returns:
        The best roster found (no assignments and objective None if none was),
        with the objective by rule, the solver status, the bound and wall time.
    """
    from optimizer.lns import needs_lns, solve_with_lns
    from optimizer.plan import plan_by_columns

    started = time.monotonic()
    roster = build_model(problem, options)
    use_columns = len(problem.staff) > 1 if options.columns is None else options.columns
    start, bound = None, 0
    if use_columns and too_long_for_columns(problem):
        start = _person_by_person(roster, options, on_progress, started)
        options = dataclasses.replace(options, hint=start.assignments if start else options.hint)
    elif use_columns:
        start, bound = plan_by_columns(roster, options, on_progress, started)
        if start is not None and start.objective <= bound:
            return _finished(start, bound, started)
        options = dataclasses.replace(options, hint=start.assignments if start else options.hint)
    use_lns = needs_lns(problem) if options.lns is None else options.lns
    if use_lns:
        return solve_with_lns(roster, options, on_progress, started, start, bound)
    stop_at = bound if options.stop_at is None else max(bound, options.stop_at)
    known = start.objective if start is not None else None
    options = dataclasses.replace(options, stop_at=stop_at)
    solution = solve_model(roster, options, on_progress, started, known)
    if start is not None and (solution.objective is None or start.objective < solution.objective):
        # CP-SAT did not get back to the column roster in time: keep that.
        wall = time.monotonic() - started
        solution = dataclasses.replace(start, bound=solution.bound, wall_time=wall)
    return _with_bound(solution, bound, started)


def too_long_for_columns(problem: Problem) -> bool:
    """Whether pricing everyone, round after round, would eat the time limit.

    Pricing one person takes time in proportion to the horizon: on a 364-day,
    50-person problem seeding the columns alone took over 48 s.
    """
    return problem.days * len(problem.staff) > LONG_PERSON_DAYS


def _person_by_person(roster: RosterModel, options, on_progress, started: float):
    """A first roster from each person alone (optimizer.sequential), costed by the validator.

    The validator recomputes every rule's cost from the roster in a moment,
    where the whole model took seconds to presolve on a year-long problem.
    """
    from optimizer.sequential import person_by_person
    from optimizer.validator import validate

    deadline = started + SEQUENTIAL_SHARE * options.time_limit
    assignments = person_by_person(roster.problem, options, deadline)
    if assignments is None:
        return None
    report = validate(roster.problem, assignments, options.previous, options.change_weight)
    if not report.valid:
        return None
    wall = time.monotonic() - started
    if on_progress is not None:
        on_progress(Progress(report.objective, 0.0, wall))
    return Solution(assignments, report.objective, report.objective_by_rule, "FEASIBLE", 0.0, wall)


def _finished(solution: Solution, bound: int, started: float) -> Solution:
    wall = time.monotonic() - started
    return dataclasses.replace(solution, status="OPTIMAL", bound=bound, wall_time=wall)


def _with_bound(solution: Solution, bound: int, started: float) -> Solution:
    """The solution with the better of its own bound and the column bound."""
    if solution.objective is None:
        return solution
    if solution.objective <= bound:
        return _finished(solution, bound, started)
    return dataclasses.replace(solution, bound=max(solution.bound, bound))


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
