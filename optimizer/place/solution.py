"""A place solution: who works what, for which employer, what is left unfilled and why."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from optimizer.place.problem_json import _plain


@dataclass(frozen=True)
class Assignment:
    """One worker on one cover slot or visit, charged to one of their employers."""

    staff: str
    item: str
    kind: str  # cover | visit
    start: datetime
    end: datetime
    employer: str


@dataclass(frozen=True)
class Candidate:
    """A worker who nearly could have filled an unfilled item, and what stopped them."""

    staff: str
    blocked_by: str  # the rule, e.g. "weekly_limit"
    detail: str  # in the domain's words


@dataclass(frozen=True)
class Unfilled:
    """A visit or cover slot (or part of one) left unfilled, with its computed reason."""

    item: str
    kind: str
    missing: int  # people still needed
    reason: str  # rule key of the main blocker, e.g. "no_delegation"
    explanation: str  # the reason in domain words
    candidates: tuple[Candidate, ...] = ()
    fixes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Summary:
    """Headline figures of a solve."""

    fill_rate: float
    fill_rate_bound: float
    objective: float
    bound: float
    seconds: float
    validator: str | list[str]
    objective_terms: dict[str, float] = field(default_factory=dict)
    hours_by_employer: dict[str, float] = field(default_factory=dict)
    cost_by_employer: dict[str, float] = field(default_factory=dict)
    cost_by_funder: dict[str, float] = field(default_factory=dict)
    unfilled_by_reason: dict[str, int] = field(default_factory=dict)
    method: str = "decomposed CP-SAT"
    repeatable: str = ""  # whether another run gives the same result, and why (see `budget`)
    bound_kind: str = ""  # how the bounds were found: "LP", "flow", "LP and flow" or "static"


@dataclass(frozen=True)
class PlaceSolution:
    """The plan for the place."""

    assignments: tuple[Assignment, ...]
    unfilled: tuple[Unfilled, ...]
    summary: Summary


def solution_to_dict(solution: PlaceSolution) -> dict[str, Any]:
    """Return the JSON document of a solution (see place_solution.schema.json).

    Args:
        solution: the solution.

    Returns:
        A dictionary ready for `json.dump`.
    """
    return _plain(solution)


def dump_solution(solution: PlaceSolution, path: str | Path) -> None:
    """Write a solution to a JSON file.

    Args:
        solution: the solution.
        path: the file to write.
    """
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(solution_to_dict(solution), handle, indent=1)
