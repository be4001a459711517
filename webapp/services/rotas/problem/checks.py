"""The solver's own input checks, run on what the adapter built, in words a manager can act on.

The place engine checks its document (schema, then sense: windows ordered and inside the
horizon, references that exist); a problem here is a problem in the demand or staff data, so
it is reported before a solve is queued and again by the job, never as a crash in the solver.
"""

from __future__ import annotations

import re

import optimizer.place as place_engine
from webapp.services.rotas.problem.place import PlaceInput
from webapp.services.rotas.problem.roster import RosterInput

_ITEM = re.compile(r"^\$\.(\w+)\[(\d+)\](.*)$")
WHAT = {"visits": "visit", "cover": "cover slot", "staff": "staff member", "sites": "site",
        "localities": "locality", "organisations": "organisation", "travel": "journey",
        "locations": "home", "travel_matrix": "journey"}


def input_problems(data: RosterInput | PlaceInput) -> list[str]:
    """Every problem the engine finds in its input, each naming the record it is about."""
    if not isinstance(data, PlaceInput):
        return []  # the roster engine's input is built from typed rows it checks as it reads
    document = place_engine.problem_to_dict(data.problem)
    return [_in_words(document, p) for p in place_engine.check_problem(document)]


def _in_words(document: dict, problem) -> str:
    match = _ITEM.match(problem.path)
    if not match:
        return f"{problem.path}: {problem.message}"
    key, index, rest = match.group(1), int(match.group(2)), match.group(3).lstrip(".")
    records = document.get(key) or []
    record = records[index] if index < len(records) and isinstance(records[index], dict) else {}
    name = record.get("name") or record.get("id") or f"number {index + 1}"
    field = f" ({rest})" if rest else ""
    return f"{WHAT.get(key, key)} {name}{field}: {problem.message}"
