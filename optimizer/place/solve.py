"""Solving a place problem end to end: plan, explain what is unfilled, report, validate."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import replace

from optimizer.place.budget import Budget, Deadline
from optimizer.place.check.validator import validate
from optimizer.place.daily.decompose import plan
from optimizer.place.eligibility import Eligibility
from optimizer.place.objective import compute_totals
from optimizer.place.problem import PlaceProblem
from optimizer.place.problem_json import problem_to_dict
from optimizer.place.solution import PlaceSolution, Summary, solution_to_dict
from optimizer.place.whole.bound import place_bound
from optimizer.place.whole.conform import conform
from optimizer.place.whole.eject import eject
from optimizer.place.whole.explain import explain_unfilled
from optimizer.place.whole.repair import repair

PLAN_SHARE = 0.35  # the day-by-day plan; insertion fills far more per second, so it gets more
REPAIR_UNTIL = 0.8  # the insertion pass stops at this share of the time limit
EJECT_UNTIL = 0.88  # moving one blocking piece to make room, while it improves
EXPLAIN_UNTIL = 0.96  # explanations' deadline (their words say when it cut them short)
BOUND_SECONDS = 5.0  # the least the bound's LP gets, even when the search used the limit
REPEATABLE_BOUND_SECONDS = 120.0


def _improve(problem, assignments, eligibility, until, say):
    """Insert what fits, move single pieces to make room, then insert again."""
    began = time.monotonic()
    assignments = repair(problem, assignments, eligibility, until(REPAIR_UNTIL))
    say(f"inserted: {len(assignments)} assignments at {time.monotonic() - began:.0f} s")
    before = len(assignments)
    assignments = eject(problem, assignments, eligibility, until(EJECT_UNTIL))
    if len(assignments) > before:
        assignments = repair(problem, assignments, eligibility, until(EXPLAIN_UNTIL - 0.04))
    say(f"moved and inserted: {len(assignments)} assignments at {time.monotonic() - began:.0f} s")
    return assignments


def _deadlines(time_limit: float, budget: Budget | None):
    """Return a function giving each step's Deadline: a share of the time limit, or (with a
    budget) one counting Deadline for every step, the time limit its safety net."""
    began = time.monotonic()
    if budget is not None:
        safety = Deadline(time_limit * EXPLAIN_UNTIL, checks=budget.checks)
        return lambda share: safety
    return lambda share: Deadline(began + time_limit * share - time.monotonic())


def solve(
    problem: PlaceProblem,
    time_limit: float = 300.0,
    method: str = "cpsat",
    workers: int = 2,
    progress=None,
    budget: Budget | None = None,
    hint=(),
) -> PlaceSolution:
    """Plan a place problem and explain every gap.

    Args:
        problem: the place problem.
        time_limit: seconds for the whole solve: 35% plans day by day, insertion runs until
            80%, moves that make room until 88%, explanations until 96%; then bound, validate.
            With a `budget`, only a safety net (the summary says if it cut the work short).
        method: "cpsat" (greedy start improved by CP-SAT per subproblem) or "greedy".
        workers: CP-SAT search workers per subproblem.
        progress: optional callback taking a short message.
        budget: deterministic work limits and seed: the same problem and budget give the
            same solution whatever the machine's load.
        hint: assignments of an earlier solution of a similar problem to start from; those
            naming workers or visits not in this problem, or breaking a rule, are ignored.

    Returns:
        The solution, already checked by the independent validator (see `summary.validator`).
    """
    began = time.monotonic()
    until = _deadlines(time_limit, budget)
    eligibility = Eligibility(problem)
    say = progress or (lambda message: None)
    plan_seconds = time_limit * PLAN_SHARE
    assignments = plan(problem, plan_seconds, method, workers, progress, eligibility, budget,
                       until(PLAN_SHARE) if budget else None, hint)
    assignments = conform(problem, eligibility.staff, assignments)
    if method == "cpsat":
        assignments = _improve(problem, assignments, eligibility, until, say)
    unfilled = explain_unfilled(
        problem, assignments, eligibility=eligibility, seconds=until(EXPLAIN_UNTIL)
    )
    say(f"explained {len(unfilled)} unfilled items at {time.monotonic() - began:.0f} s")
    # The bound's LP gets what is left of the time limit (at least BOUND_SECONDS). With a
    # budget its components are capped by size, not time: a generous limit keeps the kind
    # of bound (and so the figures) the same from run to run whatever the load.
    left = REPEATABLE_BOUND_SECONDS if budget else max(
        BOUND_SECONDS, time_limit - (time.monotonic() - began))
    summary = _summary(problem, eligibility, assignments, unfilled, method, left)
    summary = replace(summary, repeatable=_repeatable(budget, until(1.0), time_limit))
    solution = PlaceSolution(tuple(assignments), tuple(unfilled), summary)
    broken = validate(problem_to_dict(problem), solution_to_dict(solution))
    say(f"validated at {time.monotonic() - began:.0f} s")
    summary = replace(
        summary, validator=broken or "valid", seconds=round(time.monotonic() - began, 2)
    )
    return replace(solution, summary=summary)


def _repeatable(budget: Budget | None, until: Deadline, time_limit: float) -> str:
    """Return whether another run would give the same result, in words."""
    if budget is None:
        return "no: bounded by the wall clock"
    if until.cut:
        return f"no: the {time_limit:g} s time limit cut the counted work short"
    return "yes: " + budget.describe()


def _summary(problem, eligibility, assignments, unfilled, method, bound_seconds) -> Summary:
    """Return the headline figures (seconds and validator are filled in last)."""
    totals = compute_totals(problem, assignments)
    found = place_bound(problem, eligibility, bound_seconds)
    fill_rate_bound, objective_bound = found.fill_rate, found.objective
    return Summary(
        fill_rate=round(totals.fill_rate, 6),
        fill_rate_bound=round(fill_rate_bound, 6),
        objective=totals.objective,
        bound=objective_bound,
        seconds=0.0,
        validator="valid",
        objective_terms=totals.terms,
        hours_by_employer={k: round(v, 2) for k, v in sorted(totals.hours_by_employer.items())},
        cost_by_employer={k: round(v, 2) for k, v in sorted(totals.cost_by_employer.items())},
        cost_by_funder={k: round(v, 2) for k, v in sorted(totals.cost_by_funder.items())},
        unfilled_by_reason=dict(Counter(u.reason for u in unfilled).most_common()),
        method=method,
        bound_kind=found.kind,
    )
