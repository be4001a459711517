"""Run a solver on a rota's input and check its answer independently (in a child process).

Runs away from the web app's database and session: it takes the solver input, reports
progress through a callback and returns plain data, so the job can run it in a process it
is able to stop.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import optimizer
import optimizer.place as place_engine
from optimizer import roster_gaps


@dataclass(frozen=True)
class Figures:
    """Live figures for the progress page."""

    elapsed: float
    time_limit: float
    objective: float | None = None
    bound: float | None = None
    message: str = ""


@dataclass(frozen=True)
class Outcome:
    """What a solve produced, already checked by the engine's independent validator."""

    engine: str
    assignments: tuple
    gaps: tuple
    summary: dict
    broken: tuple[str, ...] = field(default_factory=tuple)


def no_roster(status: str) -> str:
    """Say truly why there is no roster: proven impossible, or none found in the time."""
    if status in ("INFEASIBLE", "MODEL_INVALID"):
        return (f"the roster engine found no roster ({status}): the pins, leave and fixed work "
                "together break a hard rule")
    return (f"the roster engine found no roster in the time allowed ({status}): solve again "
            "with more time")


def solve_roster(problem: optimizer.Problem, time_limit: float, pinned=(), previous=(),
                 report=lambda figures: None) -> Outcome:
    """Roster a team's shifts, fill what is still legal to fill, explain every gap, validate."""
    began = time.monotonic()
    options = optimizer.SolveOptions(
        time_limit=time_limit, workers=2, pinned=tuple(pinned), previous=tuple(previous),
        change_weight=10 if previous else 0, hint=tuple(previous))
    solution = optimizer.solve(problem, options, lambda p: report(
        Figures(p.elapsed, time_limit, p.objective, p.bound)))
    if solution.objective is None:
        return Outcome("roster", (), (), {"status": solution.status}, (no_roster(solution.status),))
    assignments = roster_gaps.fill(problem, solution.assignments)
    check = optimizer.validate(problem, assignments, previous, options.change_weight)
    gaps = roster_gaps.explain(problem, assignments)
    summary = roster_summary(problem, assignments, gaps, check, solution, began)
    return Outcome("roster", tuple(assignments), tuple(gaps), summary, tuple(check.broken))


def roster_summary(problem, assignments, gaps, check, solution=None, began=None) -> dict:
    """Headline figures of a roster, recomputed by the validator (solver figures beside)."""
    needed = sum(need.required for need, _ in _minimums(problem))
    missing = sum(gap.missing for gap in gaps)
    return {
        "status": solution.status if solution else "EDITED", "objective": check.objective,
        "solver_objective": solution.objective if solution else None,
        "bound": solution.bound if solution else None,
        "objective_by_rule": check.objective_by_rule,
        "fill_rate": round(1 - missing / needed, 4) if needed else 1.0,
        "needed": needed, "unfilled": missing, "assignments": len(assignments),
        "seconds": round(time.monotonic() - began, 1) if began else None,
        "validator": "valid" if check.valid else list(check.broken),
    }


def _minimums(problem):
    """The cover minimums (what a rota must staff), each counted once."""
    return roster_gaps.shortfalls(problem, ()) if problem.cover else []


def solve_place(problem: place_engine.PlaceProblem, time_limit: float,
                report=lambda figures: None) -> Outcome:
    """Plan visits and cover across teams with the place engine (which validates itself)."""
    began = time.monotonic()
    solution = place_engine.solve(problem, time_limit, "cpsat", 2, progress=lambda message: report(
        Figures(time.monotonic() - began, time_limit, message=message)))
    broken = place_engine.validate(place_engine.problem_to_dict(problem),
                                   place_engine.solution_to_dict(solution))
    s = solution.summary
    summary = {
        "objective": s.objective, "bound": s.bound, "fill_rate": s.fill_rate,
        "fill_rate_bound": s.fill_rate_bound, "seconds": round(time.monotonic() - began, 1),
        "unfilled_by_reason": s.unfilled_by_reason, "hours_by_employer": s.hours_by_employer,
        "cost_by_funder": s.cost_by_funder, "assignments": len(solution.assignments),
        "unfilled": sum(u.missing for u in solution.unfilled),
        "validator": "valid" if not broken else list(broken),
    }
    return Outcome("place", solution.assignments, solution.unfilled, summary, tuple(broken))
