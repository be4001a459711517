"""Large-neighbourhood search: re-solve part of the roster around the incumbent.

A solve of the whole model gives a first roster and a bound. Then each step
frees a neighbourhood and lets CP-SAT re-optimise it with the rest fixed:

- a window of days for everyone, or a third of the staff over a longer window:
  every other person-day is fixed by narrowing variable domains in the worker
  thread's own copy of the model, so nothing is rebuilt;
- a team of a few people over the whole horizon: a small problem of its own
  (the same rules, cover reduced by what everyone else already gives), which
  solves far faster than the whole model with most of it fixed.

One step runs per worker thread.
"""

from __future__ import annotations

import dataclasses
import random
import threading
import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from optimizer.roster.model.build import add_hints, build_model
from optimizer.roster.model.cpsat import price_roster, read_solution, solve_model
from optimizer.roster.model.variables import RosterModel
from optimizer.roster.options import Progress, SolveOptions
from optimizer.roster.problem import Assignment, Problem, Solution
from optimizer.roster.search.teams import team_problem
from optimizer.seeds import cpsat_seed

STEP_SECONDS = 2.0  # time limit of one neighbourhood re-solve
KINDS = ("window", "team", "block")


def needs_lns(problem: Problem) -> bool:
    """Whether the problem is large enough that search should go by neighbourhoods."""
    return problem.days * len(problem.staff) * len(problem.shifts) > 1500


@dataclass
class _Search:
    roster: RosterModel
    started: float
    deadline: float
    on_progress: object
    best: Solution
    values: dict[int, int]  # proto index of each shift variable -> incumbent value
    lock: threading.Lock = field(default_factory=threading.Lock)
    sizes: dict[str, int] = field(default_factory=lambda: {"window": 7, "team": 4, "block": 7})
    steps: int = 0
    # The longest a step has run beyond its CP-SAT calls (copying, fixing and
    # building models): no step starts, or gives CP-SAT time, that this would carry
    # past the deadline.
    overhead: float = 0.0
    stop_at: int | None = None
    pinned: tuple[Assignment, ...] = ()
    # Team steps re-price only the soft rules of the team problem; a change
    # penalty and fairness span the whole roster, so with either they fall
    # back to fixing.
    teams: bool = True
    # Per kind: objective gained and seconds spent, to favour what pays.
    gained: dict[str, float] = field(default_factory=lambda: dict.fromkeys(KINDS, 0.0))
    spent: dict[str, float] = field(default_factory=lambda: dict.fromkeys(KINDS, 0.0))

    def remaining(self) -> float:
        if self.stop_at is not None and self.best.objective <= self.stop_at:
            return 0.0
        return self.deadline - time.monotonic()


def solve_with_lns(
    roster: RosterModel,
    options: SolveOptions,
    on_progress,
    started: float,
    start: Solution | None = None,
    bound: float = 0,
) -> Solution:
    """Solve by a first full solve, then neighbourhood re-solves until the time limit.

    Args:
        roster: the built model.
        options: time limit, workers (one LNS thread each), seed and hint.
        on_progress: called with a Progress on each improvement.
        started: ``time.monotonic()`` when solving began.
        start: a roster to start from instead of a first full solve.
        bound: a lower bound known beforehand (from column generation).

    Returns:
        The best roster found, with the best bound known.
    """
    if start is None:
        first = _first_solve(roster, options, on_progress, started)
    else:
        first = dataclasses.replace(start, bound=max(start.bound, bound))
    if first.objective is not None and first.objective <= bound:
        first = dataclasses.replace(first, status="OPTIMAL", bound=bound)
    if first.objective is None or first.status == "OPTIMAL" or _good_enough(first, options):
        return first
    search = _Search(roster, started, started + options.time_limit, on_progress, first, {})
    search.stop_at = max(bound, options.stop_at or 0)
    search.pinned = options.pinned
    search.teams = not {"changes", "fairness"} & roster.penalties.keys()
    search.values = _incumbent_values(roster, first)
    seeds = [options.seed + n for n in range(max(1, options.workers))]
    threads = [threading.Thread(target=_worker, args=(search, seed)) for seed in seeds]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    best = search.best
    status = "OPTIMAL" if best.objective <= first.bound else "FEASIBLE"
    wall = time.monotonic() - started
    return Solution(
        best.assignments, best.objective, best.objective_by_rule, status, first.bound, wall
    )


def _first_solve(roster: RosterModel, options: SolveOptions, on_progress, started: float):
    """A first roster and a bound from the whole model, in 40% of the time."""
    first_seconds = max(1.5, 0.4 * options.time_limit)
    first = solve_model(
        roster, _first_options(options, first_seconds, started), on_progress, started
    )
    if first.objective is None and first.status != "INFEASIBLE":
        first = solve_model(roster, options, on_progress, started)
    return first


def _good_enough(solution: Solution, options: SolveOptions) -> bool:
    return options.stop_at is not None and solution.objective <= options.stop_at


def _first_options(options: SolveOptions, seconds: float, started: float) -> SolveOptions:
    spent = time.monotonic() - started
    limit = min(options.time_limit, seconds + spent)
    return SolveOptions(
        limit, options.workers, options.seed, options.hint, log=options.log, stop_at=options.stop_at
    )


def _incumbent_values(roster: RosterModel, solution: Solution) -> dict[int, int]:
    chosen = {(a.staff, a.day, a.shift, a.site) for a in solution.assignments}
    return {var.index: int(key in chosen) for key, var in roster.assign.items()}


def _worker(search: _Search, seed: int) -> None:
    if search.remaining() <= 0.3:
        return  # no time for a step: do not copy the model
    rng = random.Random(seed)
    model = search.roster.model.clone()
    index_of = {key: var.index for key, var in search.roster.assign.items()}
    while search.remaining() > search.overhead + 0.3:
        kind = _choose_kind(search, rng)
        free = _neighbourhood(search, kind, rng)
        before, began = search.best.objective, time.monotonic()
        if kind == "team" and search.teams:
            given = _team_step(search, {staff_id for staff_id, _ in free}, rng)
        else:
            given = _step(search, model, index_of, free, kind, rng)
        took = time.monotonic() - began
        with search.lock:
            search.gained[kind] += max(0, before - search.best.objective)
            search.spent[kind] += took
            search.overhead = max(search.overhead, took - given)


def _choose_kind(search: _Search, rng: random.Random) -> str:
    """Mostly the kind with the best gain per second so far; sometimes any kind."""
    if rng.random() < 0.25:
        return rng.choice(KINDS)
    with search.lock:
        rate = {kind: search.gained[kind] / (search.spent[kind] + 1.0) for kind in KINDS}
    return max(KINDS, key=lambda kind: (rate[kind], rng.random()))


def _neighbourhood(search: _Search, kind: str, rng: random.Random) -> set[tuple[str, int]]:
    """The person-days freed by one step."""
    problem = search.roster.problem
    staff = [person.id for person in problem.staff]
    size = search.sizes[kind]
    if kind == "team":
        people, length = rng.sample(staff, min(size, len(staff))), problem.days
    elif kind == "window":
        people, length = staff, min(size, problem.days)
    else:
        people = rng.sample(staff, max(2, len(staff) // 3))
        length = min(2 * size, problem.days)
    first = rng.randrange(problem.days - length + 1)
    return {(person, day) for person in people for day in range(first, first + length)}


def _fix_outside(model: cp_model.CpModel, index_of: dict, values: dict, free: set) -> None:
    """Fix every shift variable outside the neighbourhood; hint the free ones."""
    proto = model.proto
    model.clear_hints()
    for (staff_id, day, _shift, _site), index in index_of.items():
        domain = proto.variables[index].domain
        if (staff_id, day) in free:
            domain[0], domain[1] = 0, 1
            model.add_hint(model.get_bool_var_from_proto_index(index), values[index])
        else:
            domain[0] = domain[1] = values[index]


def _step_solver(seconds: float, seed: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.0, seconds)  # negative: MODEL_INVALID
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = cpsat_seed(seed)
    # Most variables are fixed: skip the expensive presolve passes.
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.symmetry_level = 0
    solver.parameters.max_presolve_iterations = 1
    # The run-pattern clauses in the LP make each freed person's relaxation tight.
    solver.parameters.linearization_level = 2
    return solver


def _step(search: _Search, model, index_of: dict, free: set, kind: str, rng) -> float:
    """Re-solve the neighbourhood in the worker's model; return the seconds CP-SAT took."""
    with search.lock:
        values, incumbent = dict(search.values), search.best.objective
    _fix_outside(model, index_of, values, free)
    seconds = max(0.0, min(STEP_SECONDS, search.remaining() - search.overhead))
    solver = _step_solver(seconds, rng.randrange(1 << 20))
    began = time.monotonic()
    status = solver.solve(model)
    solving = time.monotonic() - began
    _learn(search, kind, status == cp_model.OPTIMAL)
    # Equal-cost rosters are accepted too: moving sideways on a plateau helps escape it.
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and solver.objective_value <= incumbent:
        _accept(search, solver)
    return solving


def _learn(search: _Search, kind: str, finished: bool) -> None:
    """Grow a neighbourhood that solves to optimality in time, shrink one that does not."""
    with search.lock:
        size = search.sizes[kind]
        search.sizes[kind] = max(2, size + 1 if finished else size - 1)
        search.steps += 1


def _accept(search: _Search, solver: cp_model.CpSolver) -> None:
    """Make the re-solved roster the incumbent if it is still the best."""
    with search.lock:
        if solver.objective_value > search.best.objective:
            return
        improved = solver.objective_value < search.best.objective
        roster = search.roster
        wall = time.monotonic() - search.started
        # The copy keeps the original's variable indices, so the original's
        # expressions read the copy's values.
        search.best = read_solution(roster, solver.value, "FEASIBLE", search.best.bound, wall)
        search.values = {var.index: solver.value(var) for var in roster.assign.values()}
        if improved and search.on_progress is not None:
            search.on_progress(Progress(search.best.objective, search.best.bound, wall))


def _solve_team(roster: RosterModel, hint, seconds: float, seed: int):
    """Solve a team problem starting from its current rosters."""
    add_hints(roster, hint)
    solver = _step_solver(seconds, seed)
    status = solver.solve(roster.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, False
    return read_solution(roster, solver.value, "", 0.0, 0.0), status == cp_model.OPTIMAL


def _team_step(search: _Search, people: set[str], rng: random.Random) -> float:
    """Re-roster a few people over the whole horizon around everyone else's shifts.

    Returns the seconds CP-SAT took (building the team's model is overhead).
    """
    with search.lock:
        best = search.best
    mine = tuple(a for a in best.assignments if a.staff in people)
    pins = tuple(a for a in search.pinned if a.staff in people)
    roster = build_model(
        team_problem(search.roster.problem, best, people), SolveOptions(pinned=pins)
    )
    # Half to price, half to solve, what the step's overhead leaves.
    seconds = min(STEP_SECONDS, (search.remaining() - search.overhead) / 2)
    if seconds <= 0:
        return 0.0
    began = time.monotonic()
    before = price_roster(roster, mine, seconds)
    if before is None:  # the current rosters should always price; be safe
        return time.monotonic() - began
    after, finished = _solve_team(roster, mine, seconds, rng.randrange(1 << 20))
    solving = time.monotonic() - began
    _learn(search, "team", finished)
    if after is not None and after.objective <= before.objective:
        _accept_team(search, best, people, before, after)
    return solving


def _accept_team(search: _Search, best: Solution, people: set[str], before, after) -> None:
    """Splice the team's new rosters into the incumbent if it has not moved meanwhile."""
    with search.lock:
        if search.best is not best:
            return
        kept = tuple(a for a in best.assignments if a.staff not in people)
        by_rule = {
            rule: best.objective_by_rule.get(rule, 0)
            + after.objective_by_rule.get(rule, 0)
            - before.objective_by_rule.get(rule, 0)
            for rule in best.objective_by_rule
        }
        wall = time.monotonic() - search.started
        objective = sum(by_rule.values())
        assignments = tuple(sorted(kept + after.assignments))
        search.best = Solution(assignments, objective, by_rule, "FEASIBLE", best.bound, wall)
        search.values = _incumbent_values(search.roster, search.best)
        if objective < best.objective and search.on_progress is not None:
            search.on_progress(Progress(objective, best.bound, wall))
