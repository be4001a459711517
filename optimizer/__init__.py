"""Pure rostering solver: stdlib and OR-Tools only."""

from optimizer.problem import (
    Assignment,
    Competence,
    CoverRequirement,
    ForbiddenSuccession,
    Problem,
    ShiftRequest,
    ShiftType,
    Site,
    Solution,
    StaffMember,
    WorkingTimeRules,
)
from optimizer.solve import Progress, SolveOptions, build_model, solve
from optimizer.validator import ValidationReport, validate

__all__ = [
    "Assignment",
    "Competence",
    "CoverRequirement",
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
    "solve",
    "validate",
]
