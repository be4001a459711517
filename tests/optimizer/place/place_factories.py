"""Cheap factories for tiny place problems; every solve goes through the validator."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from optimizer.place import (
    Competence,
    Contract,
    CoverSlot,
    Delegation,
    Locality,
    Organisation,
    PlaceProblem,
    StaffMember,
    Travel,
    Visit,
    problem_to_dict,
    solution_to_dict,
    solve,
    validate,
)

START = date(2026, 11, 2)  # a Monday


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """Return a moment on horizon day `day`."""
    return datetime.combine(START, time()) + timedelta(days=day, hours=hour, minutes=minute)


def contract(
    employer="council", hours=37.5, most=45.0, rate=15.0, overtime=None, kind="substantive"
):
    """Return a contract with overridable defaults."""
    return Contract(employer, kind, hours, most, rate, rate * 1.5 if overtime is None else overtime)


def worker(
    staff_id="w1", home="loc-a", contracts=None, competences=("care-certificate", "HCA"), **extra
):
    """Return a worker holding long-valid competences."""
    held = tuple(Competence(c, START - timedelta(days=100)) for c in competences)
    return StaffMember(staff_id, staff_id, home, tuple(contracts or [contract()]), held, **extra)


def delegation(
    person="p1", activity="insulin", review_by=START + timedelta(days=30), status="active"
):
    """Return a delegation."""
    return Delegation(person, activity, review_by, status)


def visit(visit_id="v1", day=0, hour=9, minute=0, window=60, duration=30, **extra):
    """Return a home visit in loc-a for p1 paid by the council, window `window` minutes wide."""
    values = dict(person="p1", locality="loc-a", employers=("council",))
    values.update(extra)
    opens = at(day, hour, minute)
    return Visit(
        visit_id,
        earliest_start=opens,
        latest_start=opens + timedelta(minutes=window),
        duration_minutes=duration,
        **values,
    )


def slot(slot_id="s1", day=0, start=(7, 0), hours=8, shift="early", **extra):
    """Return a cover slot needing one HCA on a trust ward."""
    values = dict(site="ward-1", competence="HCA", required=1, employers=("trust",))
    values.update(extra)
    begins = at(day, *start)
    return CoverSlot(
        slot_id, shift=shift, start=begins, end=begins + timedelta(hours=hours), **values
    )


def place(staff, visits=(), cover=(), days=1, travel=(), within=10, **extra) -> PlaceProblem:
    """Return a tiny place with two localities (30 minutes apart unless told)."""
    roads = tuple(travel) or (Travel("loc-a", "loc-b", 30),)
    return PlaceProblem(
        name="test",
        start=START,
        days=days,
        organisations=(
            Organisation("trust", "Trust", "nhs_trust"),
            Organisation("council", "Council", "council"),
        ),
        localities=(Locality("loc-a", "A"), Locality("loc-b", "B")),
        travel=roads,
        sites=extra.pop("sites", ()),
        staff=tuple(staff),
        cover=tuple(cover),
        visits=tuple(visits),
        travel_within_locality_minutes=within,
        **extra,
    )


def solved(problem: PlaceProblem, method="cpsat", seconds=10.0):
    """Solve, and check the plan with the independent validator (it must be valid)."""
    solution = solve(problem, time_limit=seconds, method=method, workers=1)
    broken = validate(problem_to_dict(problem), solution_to_dict(solution))
    assert broken == [], broken
    assert solution.summary.validator == "valid"
    return solution


def broken_rules(problem: PlaceProblem, solution, assignments: list[dict]) -> list[str]:
    """Return what the validator says about a hand-made plan replacing the solution's."""
    document = solution_to_dict(solution)
    document["assignments"] = assignments
    document["summary"]["objective"] = None
    return validate(problem_to_dict(problem), document)


def hand(staff, item, start, end, employer="council", kind="visit") -> dict:
    """Return one hand-made assignment document."""
    return {
        "staff": staff,
        "item": item,
        "kind": kind,
        "start": start.isoformat(timespec="minutes"),
        "end": end.isoformat(timespec="minutes"),
        "employer": employer,
    }
