"""Rostering across an integrated care place: cover, home visits, joint roles, delegations.

Public API:
    solve(problem, time_limit=300.0, method="cpsat", workers=2, progress=None, budget=None,
          hint=()) -> PlaceSolution  (budget: a deterministic `Budget`)
    load_problem / dump_problem / problem_from_dict / problem_to_dict
    dump_solution / solution_to_dict
    validate(problem_dict, solution_dict) -> list of broken rules (empty when valid)
    check_problem(problem_dict) -> list of InputProblem (JSON path and message; empty when fine)
"""

from optimizer.place.budget import Budget
from optimizer.place.check.inputs import InputProblem, check_problem
from optimizer.place.check.validator import validate
from optimizer.place.problem import (
    Competence,
    Contract,
    CoverSlot,
    Delegation,
    FixedWork,
    Locality,
    Location,
    Organisation,
    PlaceProblem,
    Rules,
    Site,
    StaffMember,
    Travel,
    Unavailability,
    Visit,
    Weights,
)
from optimizer.place.problem_json import (
    dump_problem,
    load_problem,
    problem_from_dict,
    problem_to_dict,
)
from optimizer.place.solution import (
    Assignment,
    Candidate,
    PlaceSolution,
    Summary,
    Unfilled,
    dump_solution,
    solution_to_dict,
)
from optimizer.place.solve import solve
from optimizer.place.travel import Speeds

__all__ = [
    "Assignment",
    "Budget",
    "Candidate",
    "Competence",
    "Contract",
    "CoverSlot",
    "Delegation",
    "FixedWork",
    "InputProblem",
    "Locality",
    "Location",
    "Speeds",
    "Organisation",
    "PlaceProblem",
    "PlaceSolution",
    "Rules",
    "Site",
    "StaffMember",
    "Summary",
    "Travel",
    "Unavailability",
    "Unfilled",
    "Visit",
    "Weights",
    "check_problem",
    "dump_problem",
    "dump_solution",
    "load_problem",
    "problem_from_dict",
    "problem_to_dict",
    "solution_to_dict",
    "solve",
    "validate",
]
