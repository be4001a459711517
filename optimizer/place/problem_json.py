"""Reading and writing a place problem as JSON (see schemas/place_problem.schema.json)."""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

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
    VisitGap,
    Weights,
)
from optimizer.place.travel import Speeds


def _day(text: str | None) -> date | None:
    """Parse an ISO date, allowing null."""
    return None if text is None else date.fromisoformat(text)


def _moment(text: str) -> datetime:
    """Parse an ISO datetime (minutes precision is enough)."""
    return datetime.fromisoformat(text)


def _staff(raw: dict[str, Any]) -> StaffMember:
    """Build one staff member from its JSON object."""
    return StaffMember(
        id=raw["id"],
        name=raw.get("name", raw["id"]),
        home_locality=raw["home_locality"],
        contracts=tuple(Contract(**c) for c in raw["contracts"]),
        competences=tuple(
            Competence(c["code"], _day(c["valid_from"]), _day(c.get("valid_until")))
            for c in raw.get("competences", [])
        ),
        delegations=tuple(
            Delegation(d["person"], d["activity"], _day(d["review_by"]), d.get("status", "active"))
            for d in raw.get("delegations", [])
        ),
        wtr_opt_out=raw.get("wtr_opt_out", False),
        unavailable=tuple(
            Unavailability(_moment(u["start"]), _moment(u["end"]), u.get("reason", "leave"))
            for u in raw.get("unavailable", [])
        ),
        preferred_days_off=tuple(_day(d) for d in raw.get("preferred_days_off", [])),
        fixed_work=tuple(
            FixedWork(_moment(f["start"]), _moment(f["end"]), f["locality"], f["employer"])
            for f in raw.get("fixed_work", [])
        ),
        carried_in_minutes=raw.get("carried_in_minutes"),
        night_worker=raw.get("night_worker", False),
        home_location=raw.get("home_location"),
    )


def _cover(raw: dict[str, Any]) -> CoverSlot:
    """Build one cover slot from its JSON object."""
    values = dict(raw, start=_moment(raw["start"]), end=_moment(raw["end"]))
    return CoverSlot(**dict(values, employers=tuple(raw["employers"])))


def _visit(raw: dict[str, Any]) -> Visit:
    """Build one visit from its JSON object."""
    values = dict(
        raw,
        earliest_start=_moment(raw["earliest_start"]),
        latest_start=_moment(raw["latest_start"]),
        employers=tuple(raw["employers"]),
        competences=tuple(raw.get("competences", ())),
        preferred_carers=tuple(raw.get("preferred_carers", ())),
    )
    return Visit(**values)


def _weights(raw: dict[str, Any] | None) -> Weights:
    """Build the weights, the unmet table given as {"1": w, ...}."""
    if not raw:
        return Weights()
    values = dict(raw)
    if "unmet" in values:
        values["unmet"] = tuple(sorted((int(k), float(v)) for k, v in values["unmet"].items()))
    return Weights(**values)


def problem_from_dict(raw: dict[str, Any]) -> PlaceProblem:
    """Build a place problem from a parsed JSON document.

    Args:
        raw: the document, shaped as place_problem.schema.json describes.

    Returns:
        The frozen problem.
    """
    return PlaceProblem(
        name=raw.get("name", "place"),
        start=date.fromisoformat(raw["start"]),
        days=raw["days"],
        organisations=tuple(Organisation(**o) for o in raw["organisations"]),
        localities=tuple(Locality(**loc) for loc in raw["localities"]),
        travel=tuple(Travel(**t) for t in raw.get("travel", [])),
        sites=tuple(Site(**s) for s in raw.get("sites", [])),
        staff=tuple(_staff(s) for s in raw["staff"]),
        cover=tuple(_cover(c) for c in raw.get("cover", [])),
        visits=tuple(_visit(v) for v in raw.get("visits", [])),
        travel_within_locality_minutes=raw.get("travel_within_locality_minutes", 10),
        weights=_weights(raw.get("weights")),
        rules=Rules(**raw.get("rules", {})),
        locations=tuple(Location(**p) for p in raw.get("locations", [])),
        travel_matrix=tuple(Travel(**t) for t in raw.get("travel_matrix", [])),
        travel_speeds=Speeds(**raw.get("travel_speeds", {})),
        visit_gaps=tuple(VisitGap(**g) for g in raw.get("visit_gaps", [])),
    )


_FIELDS: dict[type, tuple[str, ...]] = {}


def _plain(value: Any) -> Any:
    """Turn dataclasses, dates, datetimes and tuples into JSON values (no deep copies)."""
    if is_dataclass(value):
        names = _FIELDS.get(type(value))
        if names is None:
            names = _FIELDS[type(value)] = tuple(f.name for f in fields(value))
        return {name: _plain(getattr(value, name)) for name in names}
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def problem_to_dict(problem: PlaceProblem) -> dict[str, Any]:
    """Return the JSON document of a place problem.

    Args:
        problem: the problem.

    Returns:
        A dictionary ready for `json.dump`, valid against place_problem.schema.json.
    """
    raw = _plain(problem)
    raw["weights"]["unmet"] = {str(k): v for k, v in problem.weights.unmet}
    return raw


def load_problem(path: str | Path) -> PlaceProblem:
    """Read a place problem from a JSON file.

    Args:
        path: the file.

    Returns:
        The frozen problem.
    """
    with open(path, encoding="utf-8") as handle:
        return problem_from_dict(json.load(handle))


def dump_problem(problem: PlaceProblem, path: str | Path) -> None:
    """Write a place problem to a JSON file (compact, sorted keys, so a seed gives one file).

    Args:
        problem: the problem.
        path: the file to write.
    """
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(problem_to_dict(problem), handle, sort_keys=True, separators=(",", ":"))
