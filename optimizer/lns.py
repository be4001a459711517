"""Large-neighbourhood search: re-solve part of the roster around the incumbent.

After a short solve of the whole model gives a first roster and a bound, each
step frees a neighbourhood (a few people over the whole horizon, a window of
days for everyone, or the people who could fill a badly covered shift), fixes
everything else to the incumbent and lets CP-SAT re-optimise what is free. One
step runs per worker thread, each on its own copy of the model.
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from optimizer.problem import Problem, Solution
from optimizer.solve import (
    Progress,
    SolveOptions,
    add_hints,
    read_solution,
    solver_parameters,
    _ProgressReporter,
)
from optimizer.variables import RosterModel

STEP_SECONDS = 1.0  # time limit of one neighbourhood re-solve


def needs_lns(problem: Problem) -> bool:
    """Whether the problem is large enough that search should go by neighbourhoods."""
    return problem.days * len(problem.staff) * len(problem.shifts) > 1500


@dataclass
class _Search:
    roster: RosterModel
    options: SolveOptions
    started: float
    deadline: float
    on_progress: object
    best: Solution
    values: dict = field(default_factory=dict)  # proto index -> value of the incumbent
    lock: threading.Lock = field(default_factory=threading.Lock)
    sizes: dict = field(default_factory=lambda: {"staff": 3, "window": 7, "cover": 4, "block": 7})
    steps: int = 0
    improvements: int = 0
    bound: float = 0.0
    proven: bool = False

    def remaining(self) -> float:
        return self.deadline - time.monotonic()


def solve_with_lns(
    roster: RosterModel, options: SolveOptions, on_progress, started: float
) -> Solution:
    """Solve by a first full solve followed by neighbourhood re-solves until the time limit."""
    from optimizer.solve import solve_model

    deadline = started + options.time_limit
    first_limit = max(2.0, 0.15 * options.time_limit)
    first_options = SolveOptions(
        time_limit=min(options.time_limit, first_limit + (time.monotonic() - started)),
        workers=options.workers,
        seed=options.seed,
        hint=options.hint,
        log=options.log,
    )
    first = solve_model(roster, first_options, on_progress, started)
    if first.objective is None or first.status == "OPTIMAL":
        return first
    search = _Search(roster, options, started, deadline, on_progress, first, bound=first.bound)
    search.values = _incumbent_values(roster, first)
    threads = [
        threading.Thread(target=_worker, args=(search, options.seed + n))
        for n in range(max(1, options.workers))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    best = search.best
    status = "OPTIMAL" if best.objective <= search.bound else "FEASIBLE"
    wall = time.monotonic() - started
    return Solution(best.assignments, best.objective, best.objective_by_rule, status, search.bound, wall)


def _incumbent_values(roster: RosterModel, solution: Solution) -> dict[int, int]:
    chosen = {(a.staff, a.day, a.shift, a.site) for a in solution.assignments}
    return {var.index: int(key in chosen) for key, var in roster.assign.items()}


def _worker(search: _Search, seed: int) -> None:
    rng = random.Random(seed)
    model = search.roster.model.clone()
    index_of = {key: var.index for key, var in search.roster.assign.items()}
    while search.remaining() > 0.2:
        kind = rng.choice(("staff", "window", "cover", "block"))
        free = _neighbourhood(search, kind, rng)
        _step(search, model, index_of, free, kind, rng)


def _neighbourhood(search: _Search, kind: str, rng: random.Random) -> set:
    problem = search.roster.problem
    size = search.sizes[kind]
    staff = [p.id for p in problem.staff]
    days = list(range(problem.days))
    if kind == "staff":
        people, period = rng.sample(staff, min(size, len(staff))), days
    elif kind == "window":
        first = rng.randrange(max(1, problem.days - size + 1))
        people, period = staff, days[first : first + size]
    elif kind == "cover":
        people, period = _cover_people(search, size, rng), days
    else:
        first = rng.randrange(max(1, problem.days - 2 * size + 1))
        people = rng.sample(staff, min(len(staff), max(2, len(staff) // 3)))
        period = days[first : first + 2 * size]
    return {(person, day) for person in people for day in period}


def _cover_people(search: _Search, size: int, rng: random.Random) -> list[str]:
    """People who may work a shift with cover short or over, around one such shift."""
    problem = search.roster.problem
    worked = {(a.day, a.shift) for a in search.best.assignments}
    need = rng.choice(problem.cover)
    for _ in range(20):
        if (need.day, need.shift) not in worked or need.required == 0:
            break
        need = rng.choice(problem.cover)
    able = [p.id for p in problem.staff if p.max_of(need.shift) != 0]
    working = [a.staff for a in search.best.assignments if a.day == need.day]
    pool = able or [p.id for p in problem.staff]
    chosen = set(rng.sample(pool, min(len(pool), max(1, size // 2))))
    chosen.update(rng.sample(working, min(len(working), size - len(chosen))))
    return list(chosen)


def _step(search: _Search, model: cp_model.CpModel, index_of: dict, free: set, kind, rng) -> None:
    with search.lock:
        values = dict(search.values)
        incumbent = search.best.objective
    proto = model.proto
    model.clear_hints()
    for key, index in index_of.items():
        domain = proto.variables[index].domain
        if (key[0], key[1]) in free:
            domain[0], domain[1] = 0, 1
            model.add_hint(model.get_bool_var_from_proto_index(index), values[index])
        else:
            domain[0] = domain[1] = values[index]
    limit = min(STEP_SECONDS, search.remaining())
    options = SolveOptions(time_limit=limit, workers=1, seed=rng.randrange(1 << 20))
    solver = solver_parameters(options)
    status = solver.solve(model)
    _learn(search, kind, status == cp_model.OPTIMAL)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and solver.objective_value < incumbent:
        _accept(search, solver)


def _learn(search: _Search, kind: str, finished: bool) -> None:
    """Grow a neighbourhood that solves to optimality in time, shrink one that does not."""
    with search.lock:
        size = search.sizes[kind]
        search.sizes[kind] = max(1, size + 1 if finished else size - 1)
        search.steps += 1


def _accept(search: _Search, solver: cp_model.CpSolver) -> None:
    """Make the re-solved roster the incumbent if it is still the best."""
    with search.lock:
        if solver.objective_value >= search.best.objective:
            return
        roster = search.roster
        wall = time.monotonic() - search.started
        # The copy keeps the original's variable indices, so the original's
        # expressions read the copy's values.
        search.best = read_solution(roster, solver.value, "FEASIBLE", search.bound, wall)
        search.values = {var.index: solver.value(var) for var in roster.assign.values()}
        search.improvements += 1
        if search.on_progress is not None:
            search.on_progress(Progress(search.best.objective, search.bound, wall))
