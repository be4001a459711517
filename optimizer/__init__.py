"""Pure rostering solvers: stdlib and OR-Tools only.

The roster engine (one team's shifts) is ``optimizer.roster``; the place-wide
engine is ``optimizer.place``. The roster engine's public names are here.
"""

from optimizer.roster.check import gaps as roster_gaps
from optimizer.roster.check.validator import ValidationReport, validate
from optimizer.roster.model.build import build_model
from optimizer.roster.options import Progress, SolveOptions
from optimizer.roster.problem import (
    Assignment,
    Competence,
    CoverRequirement,
    Fairness,
    ForbiddenSuccession,
    Problem,
    ShiftRequest,
    ShiftType,
    Site,
    Solution,
    StaffMember,
    WorkingTimeRules,
)
from optimizer.roster.search.solve import solve

__all__ = [
    "Assignment",
    "Competence",
    "CoverRequirement",
    "Fairness",
    "ForbiddenSuccession",
    "Problem",
    "Progress",
    "ShiftRequest",
    "ShiftType",
    "Site",
    "Solution",
    "SolveOptions",
    "StaffMember",
    "ValidationReport",
    "WorkingTimeRules",
    "build_model",
    "roster_gaps",
    "solve",
    "validate",
]
