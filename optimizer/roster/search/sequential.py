"""A first roster person by person, for problems too long for the whole model to start.

Every hard rule is about one person and cover is soft, so rosters that each
keep their own person's rules make a valid roster together. Each person is
solved alone (their own CP-SAT model) at the cover the people before them
leave short (``teams``), as a manager fills a rota one name at a
time; ``workers`` threads take people in turn. On a year-long problem the
whole model is slow to a first roster, one person alone quick (bench/README.md).
"""

from __future__ import annotations

import threading
import time

from ortools.sat.python import cp_model

from optimizer.roster.model.build import build_model
from optimizer.roster.model.cpsat import read_solution
from optimizer.roster.options import SolveOptions
from optimizer.roster.problem import Assignment, Problem, Solution
from optimizer.roster.search.teams import team_problem
from optimizer.seeds import cpsat_seed

# A person whose share of the time left is below this (past the deadline, say)
# gets the first roster CP-SAT finds, as does one whose share found none, in at
# most FIRST_ROSTER_SECONDS (and never past the whole solve's deadline).
FLOOR_SECONDS = 0.3
FIRST_TRY_SECONDS = 3.0  # for a first roster with the objective, before one without
FIRST_ROSTER_SECONDS = 30.0


class _Rota:
    """The rosters chosen so far, shared by the threads."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.queue = list(reversed(problem.staff))
        self.chosen: dict[str, tuple[Assignment, ...]] = {}
        self.lock = threading.Lock()
        self.failed = False
        self.error: BaseException | None = None  # raised again in the caller's thread
        self.last = float("inf")  # time.monotonic() past which nobody is searched for

    def so_far(self) -> Solution:
        assignments = tuple(a for mine in self.chosen.values() for a in mine)
        return Solution(assignments, None, {}, "FEASIBLE", 0.0, 0.0)


def person_by_person(
    problem: Problem, options, deadline: float, last: float | None = None
) -> tuple[Assignment, ...] | None:
    """Solve each person alone in turn, at the cover the others leave short.

    Args:
        problem: the rostering problem.
        options: SolveOptions (workers, seed, pins and the change penalty).
        deadline: ``time.monotonic()`` to aim for; everyone gets a roster even
            past it, at the floor time each.
        last: ``time.monotonic()`` past which nobody is searched for any more (the
            whole solve's deadline); None: no such limit.

    Returns:
        Everyone's assignments, or None if someone has no roster within their rules
        (or none was found by ``last``).
    """
    rota = _Rota(problem)
    rota.last = float("inf") if last is None else last
    threads = [
        threading.Thread(target=_work, args=(rota, options, deadline, options.seed + n))
        for n in range(max(1, options.workers))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if rota.error is not None:
        raise rota.error
    return None if rota.failed else tuple(sorted(rota.so_far().assignments))


def _work(rota: _Rota, options, deadline: float, seed: int) -> None:
    try:
        _take_people(rota, options, deadline, seed)
    except BaseException as error:  # a thread's error would otherwise vanish
        with rota.lock:
            rota.error, rota.failed = error, True


def _take_people(rota: _Rota, options, deadline: float, seed: int) -> None:
    while True:
        with rota.lock:
            if rota.queue and time.monotonic() >= rota.last:
                rota.failed = True  # out of time with people left: no roster
            if not rota.queue or rota.failed:
                return
            person = rota.queue.pop()
            left = len(rota.queue) + 1
            alone = team_problem(rota.problem, rota.so_far(), {person.id})
        share = (deadline - time.monotonic()) * max(1, options.workers) / left
        found = _solve_alone(alone, options, share, seed, rota.last)
        with rota.lock:
            if found is None:
                rota.failed = True
            else:
                rota.chosen[person.id] = found


def _solve_alone(alone: Problem, options, seconds: float, seed: int, last=float("inf")):
    """The person's best roster found in ``seconds`` (then once more for any roster).

    No search runs past ``last`` (``time.monotonic()``): None when none was found by then.
    """
    person = alone.staff[0].id
    own = SolveOptions(
        pinned=tuple(a for a in options.pinned if a.staff == person),
        previous=tuple(a for a in options.previous if a.staff == person),
        change_weight=options.change_weight,
    )
    roster = build_model(alone, own)
    tries = ((seconds, False, seed),) if seconds >= FLOOR_SECONDS else ()
    # A first roster that does not come is looked for again with another seed and
    # no objective: on a year-long problem the cover's pull can keep a tightly
    # contracted person's first roster from coming at all.
    firsts = ((FIRST_TRY_SECONDS, True, seed), (FIRST_ROSTER_SECONDS, True, seed + 7919))
    for n, (limit, first, random_seed) in enumerate(tries + firsts):
        left = last - time.monotonic()
        if left <= 0:
            return None
        if n == len(tries) + 1:
            roster.model.clear_objective()  # any roster that keeps the person's rules
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = min(limit, left)
        solver.parameters.stop_after_first_solution = first
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = cpsat_seed(random_seed)
        # The run-pattern clauses in the LP: without them some people alone
        # find no roster for a long time on a year-long problem.
        solver.parameters.linearization_level = 2
        status = solver.solve(roster.model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return read_solution(roster, solver.value, "FEASIBLE", 0.0, 0.0).assignments
        if status == cp_model.INFEASIBLE:
            return None
    return None
