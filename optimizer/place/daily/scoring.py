"""The objective of a subproblem's plan, computed directly (to compare greedy and CP-SAT plans)."""

from __future__ import annotations

from optimizer.place.daily.subproblems import VisitDay


def score_visits(sub: VisitDay, triples: list[tuple[int, str, int]], travel=None) -> float:
    """Return the objective of a locality-day plan as the model counts it.

    Args:
        sub: the locality-day subproblem.
        triples: (visit index, staff id, start) of every carer placed.
        travel: minutes each carer travels, when known door to door (default: the model's
            typical journeys).
    """
    served = {i for i, _, _ in triples}
    total = sum(w for i, w in enumerate(sub.unmet) if i not in served)
    penalty = {(i, name): p for i, options in enumerate(sub.options) for name, p in options}
    by_carer: dict[str, list[int]] = {}
    for index, name, _ in triples:
        by_carer.setdefault(name, []).append(index)
        total += penalty.get((index, name), 0.0)
    for name, indexes in by_carer.items():
        total += _carer_score(sub, name, indexes, None if travel is None else travel[name])
    return total + _continuity_score(sub, triples) + _lateness_score(sub, triples)


def _carer_score(sub: VisitDay, name: str, indexes: list[int], travel: int | None) -> float:
    """Return one carer's pay, travel, fairness and day-off cost for the day."""
    carer = sub.carers[name]
    if travel is None:
        travel = carer.out + carer.back + sub.within * (len(indexes) - 1)
    work = travel + sum(sub.visits[i].duration_minutes for i in indexes)
    over = max(0, work - carer.base_left)
    pay = (work * carer.rate + over * (carer.overtime_rate - carer.rate)) / 60.0
    unsocial = carer.weekend or any(sub.unsocial[i] for i in indexes)
    total = sub.weights_cost * pay + sub.weights_travel * travel + carer.day_off_penalty
    return total + (carer.unsocial_penalty if unsocial else 0.0)


def _continuity_score(sub: VisitDay, triples) -> float:
    """Return continuity cost: each new carer for a person, the first one free."""
    new: dict[str, set[str]] = {}
    for index, name, _ in triples:
        person = sub.visits[index].person
        if name not in sub.seen[person]:
            new.setdefault(person, set()).add(name)
    count = sum(len(names) - (0 if sub.seen[p] else 1) for p, names in new.items())
    return sub.weights_continuity * count


def _lateness_score(sub: VisitDay, triples) -> float:
    """Return the cost of minutes late, once per visit served."""
    starts = {i: start for i, _, start in triples}
    late = sum(max(0, start - sub.on_time[i]) for i, start in starts.items())
    return sub.weights_lateness * late
