"""Who may take a visit in a locality-day, best first, and what each choice costs the model.

Candidates are ranked by the person's preference, then carers they already know, then (when
visits are at addresses) the journey from the carer's home to the door, then pay. At
addresses, half that journey is also the choice's cost in the day model: its legs are all the
typical one, so this is what keeps each carer's round near their home.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from optimizer.place.daily.subproblems import CarerDay, VisitDay

NEAR_HOME = 0.5  # travel weight per minute from home to the door, standing for the route's legs


def _visit_fits(eligibility, carer: CarerDay, visit, window) -> bool:
    """Return whether a statically eligible carer passes the day's rules for a visit."""
    earliest, latest = window
    staff = eligibility.staff[carer.staff]
    if staff.contracts[carer.contract].employer not in visit.employers:
        return False
    if max(earliest, carer.earliest + carer.out) > latest:
        return False
    if earliest + visit.duration_minutes + carer.back > carer.latest_end:
        return False
    return visit.duration_minutes + carer.out + carer.back <= carer.cap


def _rank(visit, carer: CarerDay, seen: set[str], journey: int) -> tuple:
    """Order candidates: preferred and already-known carers first, then nearest, then cheapest."""
    return (
        carer.staff not in visit.preferred_carers,
        carer.staff not in seen,
        journey,
        carer.rate,
        carer.staff,
    )


def _pair_penalty(problem, visit, carer: CarerDay, journey: int) -> float:
    """Return the cost of a carer the person did not prefer, plus half a journey from home."""
    penalty = problem.weights.travel * NEAR_HOME * journey
    if visit.preferred_carers and carer.staff not in visit.preferred_carers:
        penalty += problem.weights.preference_carer
    return penalty


def visit_options(problem, eligibility, sub: VisitDay, index: int, most: int) -> list:
    """Return (carer, pair penalty) of the best `most` candidates per carer a visit needs.

    Args:
        problem: the place problem.
        eligibility: cached static facts.
        sub: the locality-day subproblem (its carers, windows, places and who people know).
        index: the visit's index in it.
        most: candidates kept per carer needed.
    """
    visit, window = sub.visits[index], sub.windows[index]
    door = sub.places[index] if sub.places else None

    def journey(carer: CarerDay) -> int:
        return problem.travel_minutes(carer.home, door) if door else 0

    eligible = [sub.carers[n] for n in eligibility.eligible_for_visit(visit) if n in sub.carers]
    fitting = [c for c in eligible if _visit_fits(eligibility, c, visit, window)]
    seen = sub.seen[visit.person]
    fitting.sort(key=lambda c: _rank(visit, c, seen, journey(c)))
    kept = fitting[: most * visit.carers]
    return [(c.staff, _pair_penalty(problem, visit, c, journey(c))) for c in kept]
