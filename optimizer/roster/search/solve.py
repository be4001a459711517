"""The entry point: solve a rostering problem within a time limit, reporting progress.

``solve`` serves every caller: the web app, the benchmark and re-solving after
a change (pinned assignments, hints, a penalty per change). With more than
one person it first plans by column generation (``optimizer.roster.columns``),
or on long problems person by person (``sequential``):
a lower bound and a roster to start the search from.
"""

from __future__ import annotations

import dataclasses
import threading
import time

from optimizer.roster.check.validator import validate
from optimizer.roster.columns.plan import plan_by_columns
from optimizer.roster.model.build import build_model
from optimizer.roster.model.cpsat import solve_model
from optimizer.roster.model.variables import RosterModel
from optimizer.roster.options import DEFAULT_OPTIONS, Progress, ProgressCallback, SolveOptions
from optimizer.roster.problem import Problem, Solution
from optimizer.roster.search.lns import needs_lns, solve_with_lns
from optimizer.roster.search.sequential import person_by_person

# Above this many person-days the first roster is built person by person
# (``sequential``) instead of by column generation, in this share of the
# time limit; the neighbourhood search has the rest.
LONG_PERSON_DAYS = 10_000

SEQUENTIAL_SHARE = 0.3
# Kept back from the deadline for costing the person-by-person roster with the
# validator (well under a second on a year-long roster: bench/README.md, "kernel").
VALIDATE_SECONDS = 2.0
SLACK_SHARE, MOST_SLACK_SECONDS = 0.05, 0.5
# From the hard limit, kept for handing back a dropped search's first roster.
RETURN_SECONDS = 0.05


def solve(
    problem: Problem,
    options: SolveOptions = DEFAULT_OPTIONS,
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
    started = time.monotonic() if options.started is None else options.started
    limit_at = started + options.time_limit
    # Every phase aims a little short of the limit: CP-SAT may overrun its own a little.
    slack = min(MOST_SLACK_SECONDS, SLACK_SHARE * options.time_limit)
    options = dataclasses.replace(options, time_limit=options.time_limit - slack)
    use_columns = len(problem.staff) > 1 if options.columns is None else options.columns
    if use_columns and too_long_for_columns(problem):
        return _solve_long(problem, options, on_progress, started, limit_at)
    roster = build_model(problem, options)
    start, bound = None, 0
    if use_columns:
        start, bound = plan_by_columns(roster, options, on_progress, started)
        if start is not None and start.objective <= bound:
            return _finished(start, bound, started)
        options = dataclasses.replace(options, hint=start.assignments if start else options.hint)
    return _improve(roster, options, on_progress, started, start, bound)


def _improve(roster: RosterModel, options, on_progress, started: float, start, bound: int):
    """Improve the first roster (if any) with CP-SAT, alone or in a neighbourhood search."""
    problem = roster.problem
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

    Pricing one person takes time in proportion to the horizon, and every round
    prices everyone.
    """
    return problem.days * len(problem.staff) > LONG_PERSON_DAYS


def _solve_long(problem: Problem, options, on_progress, started: float, limit_at: float):
    """A long problem: the person-by-person roster first, then the whole model's search.

    The first roster comes before the whole model: building that takes a while on a long
    problem, and the person-by-person roster does not need it. Building the model and
    CP-SAT's presolve on it cannot be interrupted on time, so both run in a daemon thread
    held to ``limit_at``: if they have not returned by then, they are dropped (their
    progress reports silenced) and the first roster is the answer. The limit holds.
    """
    start = _person_by_person(problem, options, on_progress, started)
    options = dataclasses.replace(options, hint=start.assignments if start else options.hint)
    live = threading.Event()
    live.set()

    def report(progress: Progress) -> None:
        if live.is_set() and on_progress is not None:
            on_progress(progress)

    def search() -> Solution:
        roster = build_model(problem, options)
        return _improve(roster, options, report, started, start, 0)

    found = _within(search, limit_at - RETURN_SECONDS)
    live.clear()
    if found is not None:
        return found
    wall = time.monotonic() - started
    return dataclasses.replace(start, wall_time=wall) if start else _nothing(started)


def _within(work, deadline: float):
    """``work()``'s result, or None if it does not return by ``deadline``.

    Unfinished work goes on in a daemon thread and is dropped: the deadline holds.
    """
    done: list = []
    if deadline <= time.monotonic():
        return None

    def run() -> None:
        try:
            done.append(work())
        except BaseException as error:  # raised again in the caller's thread
            done.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(max(0.0, deadline - time.monotonic()))
    if done and isinstance(done[0], BaseException):
        raise done[0]
    return done[0] if done else None


def _nothing(started: float) -> Solution:
    """No roster: none was found within the time limit."""
    return Solution((), None, {}, "UNKNOWN", 0.0, time.monotonic() - started)


def _person_by_person(problem: Problem, options, on_progress, started: float):
    """A first roster from each person alone (``sequential``), costed by the validator.

    The validator recomputes every rule's cost from the roster at once, where
    the whole model is slow to presolve on a year-long problem.
    """
    deadline = started + SEQUENTIAL_SHARE * options.time_limit
    last = started + options.time_limit - VALIDATE_SECONDS
    assignments = person_by_person(problem, options, deadline, last)
    if assignments is None:
        return None
    report = validate(problem, assignments, options.previous, options.change_weight)
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
