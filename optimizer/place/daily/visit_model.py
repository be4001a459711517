"""CP-SAT model of one locality's home visits on one day: who goes where, and when.

Hard rules: a double-handed visit has all its carers on site at the same start; a carer's
visits never overlap and leave the travel time between them; a carer's day (travel from and
back home included) respects their rest, their 13-hour span and their hours left; two visits
tied by a gap start within it. Soft rules: unmet visits by priority, pay and overtime,
travel, minutes late, new carers for a person (continuity), unsocial days (fairness) and
preferences.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from optimizer.place.daily.subproblems import VisitDay
from optimizer.seeds import cpsat_seed

SCALE = 100  # objective units are multiplied by this and rounded for CP-SAT


@dataclass
class VisitVars:
    """The variables of the model, by visit and carer."""

    start: list = field(default_factory=list)
    served: list = field(default_factory=list)
    assign: dict[tuple[int, str], cp_model.IntVar] = field(default_factory=dict)
    by_carer: dict[str, list[int]] = field(default_factory=dict)
    works: dict[str, cp_model.IntVar] = field(default_factory=dict)
    terms: list = field(default_factory=list)  # objective terms, already scaled


def _new_vars(model: cp_model.CpModel, sub: VisitDay) -> VisitVars:
    """Create start, served and assignment variables with readable names."""
    v = VisitVars()
    for index, visit in enumerate(sub.visits):
        low, high = sub.windows[index]
        v.start.append(model.new_int_var(low, high, f"start(visit={visit.id})"))
        v.served.append(model.new_bool_var(f"served(visit={visit.id})"))
        for name, _ in sub.options[index]:
            v.assign[index, name] = model.new_bool_var(f"assign(visit={visit.id}, carer={name})")
            v.by_carer.setdefault(name, []).append(index)
    for name in v.by_carer:
        v.works[name] = model.new_bool_var(f"works(carer={name}, day={sub.day})")
    return v


def add_all_carers_of_a_visit(model, sub: VisitDay, v: VisitVars) -> None:
    """A visit is served only when all its carers (two if double-handed) are there together."""
    for index, visit in enumerate(sub.visits):
        chosen = [v.assign[index, name] for name, _ in sub.options[index]]
        model.add(sum(chosen) == visit.carers * v.served[index])


def add_travel_between_visits(model, sub: VisitDay, v: VisitVars) -> None:
    """A carer's visits never overlap and leave the locality's travel time between them."""
    for name, indexes in v.by_carer.items():
        intervals = [
            model.new_optional_fixed_size_interval_var(
                v.start[i],
                sub.visits[i].duration_minutes + sub.within,
                v.assign[i, name],
                f"visit_and_travel(visit={sub.visits[i].id}, carer={name})",
            )
            for i in indexes
        ]
        model.add_no_overlap(intervals)


def add_gaps_between_visits(model, sub: VisitDay, v: VisitVars) -> None:
    """When both happen, the second visit of a gap starts its minimum to maximum after the first."""
    for i, j, low, high in sub.gaps:
        both = [v.served[i], v.served[j]]
        model.add(v.start[j] - v.start[i] >= low).only_enforce_if(both)
        model.add(v.start[j] - v.start[i] <= high).only_enforce_if(both)


def penalise_lateness(model, sub: VisitDay, v: VisitVars) -> None:
    """Each minute a visit starts after its window costs the lateness weight."""
    weight = round(SCALE * sub.weights_lateness)
    for index, (_, last) in enumerate(sub.windows):
        on_time = sub.on_time[index]
        if last <= on_time:
            continue
        late = model.new_int_var(0, last - on_time, f"late(visit={sub.visits[index].id})")
        model.add(late >= v.start[index] - on_time)
        v.terms.append(weight * late)


def add_working_day_limits(model, sub: VisitDay, v: VisitVars) -> None:
    """A carer's day, travel included, starts after their rest, spans at most 13 hours and
    stays within their hours left."""
    for name, indexes in v.by_carer.items():
        carer, works = sub.carers[name], v.works[name]
        low, high = carer.earliest + carer.out, carer.latest_end - carer.back
        first = model.new_int_var(low, high, f"first_start(carer={name})")
        last = model.new_int_var(low, high, f"last_end(carer={name})")
        for i in indexes:
            chosen = v.assign[i, name]
            model.add(first <= v.start[i]).only_enforce_if(chosen)
            model.add(last >= v.start[i] + sub.visits[i].duration_minutes).only_enforce_if(chosen)
            model.add_implication(chosen, works)
        model.add(works <= sum(v.assign[i, name] for i in indexes))
        span = sub.max_span - carer.out - carer.back
        model.add(last - first <= span).only_enforce_if(works)
        model.add(_work_minutes(sub, v, name) <= carer.cap)


def _work_minutes(sub: VisitDay, v: VisitVars, name: str):
    """Return a carer's minutes of work today: visits plus travel from and back home."""
    return sum(sub.visits[i].duration_minutes * v.assign[i, name] for i in v.by_carer[name]) + (
        _travel_minutes(sub, v, name)
    )


def _travel_minutes(sub: VisitDay, v: VisitVars, name: str):
    """Return travel minutes: home to the locality, between visits, and back home."""
    carer = sub.carers[name]
    count = sum(v.assign[i, name] for i in v.by_carer[name])
    return (carer.out + carer.back - sub.within) * v.works[name] + sub.within * count


def penalise_unmet_visits(sub: VisitDay, v: VisitVars) -> None:
    """Every visit left unserved costs the weight of its priority."""
    for index, served in enumerate(v.served):
        v.terms.append(round(SCALE * sub.unmet[index]) * (1 - served))


def penalise_pay_and_travel(model, sub: VisitDay, v: VisitVars) -> None:
    """Minutes worked cost the contract's rate, overtime its own rate; travel costs extra."""
    for name in v.by_carer:
        carer = sub.carers[name]
        work = _work_minutes(sub, v, name)
        over = model.new_int_var(0, carer.cap, f"overtime(carer={name})")
        model.add(over >= work - carer.base_left)
        per_minute = SCALE * sub.weights_cost / 60.0
        v.terms.append(round(per_minute * carer.rate) * work)
        v.terms.append(round(per_minute * (carer.overtime_rate - carer.rate)) * over)
        v.terms.append(round(SCALE * sub.weights_travel) * _travel_minutes(sub, v, name))


def penalise_new_carers(model, sub: VisitDay, v: VisitVars) -> None:
    """Each carer a person has not had before this week costs continuity (the first is free)."""
    weight = round(SCALE * sub.weights_continuity)
    pairs: dict[tuple[str, str], list] = {}
    for (index, name), var in v.assign.items():
        person = sub.visits[index].person
        if name not in sub.seen[person]:
            pairs.setdefault((person, name), []).append(var)
    new_by_person: dict[str, list] = {}
    for (person, name), variables in pairs.items():
        new = model.new_bool_var(f"new_carer(person={person}, carer={name})")
        for var in variables:
            model.add_implication(var, new)
        new_by_person.setdefault(person, []).append(new)
        v.terms.append(weight * new)
    for person, news in new_by_person.items():
        if not sub.seen[person]:
            first = model.new_bool_var(f"first_carer(person={person})")
            model.add(first <= sum(news))
            v.terms.append(-weight * first)


def penalise_unsocial_days(model, sub: VisitDay, v: VisitVars) -> None:
    """A weekend day, or a day with an evening visit, costs more for those who had more."""
    for name, indexes in v.by_carer.items():
        carer = sub.carers[name]
        unsocial = model.new_bool_var(f"unsocial_day(carer={name})")
        if carer.weekend:
            model.add(unsocial >= v.works[name])
        for i in indexes:
            if sub.unsocial[i]:
                model.add_implication(v.assign[i, name], unsocial)
        v.terms.append(round(SCALE * carer.unsocial_penalty) * unsocial)


def penalise_preferences(sub: VisitDay, v: VisitVars) -> None:
    """Working a day asked off, or a visit by a carer the person did not prefer, costs a little."""
    for name in v.by_carer:
        v.terms.append(round(SCALE * sub.carers[name].day_off_penalty) * v.works[name])
    for index, options in enumerate(sub.options):
        for name, penalty in options:
            if penalty:
                v.terms.append(round(SCALE * penalty) * v.assign[index, name])


def build_visit_model(sub: VisitDay) -> tuple[cp_model.CpModel, VisitVars]:
    """Return the CP-SAT model of a locality-day and its variables.

    Args:
        sub: the locality-day subproblem.

    Returns:
        The model (objective set) and its variables.
    """
    model = cp_model.CpModel()
    v = _new_vars(model, sub)
    add_all_carers_of_a_visit(model, sub, v)
    add_travel_between_visits(model, sub, v)
    add_working_day_limits(model, sub, v)
    add_gaps_between_visits(model, sub, v)
    penalise_unmet_visits(sub, v)
    penalise_lateness(model, sub, v)
    penalise_pay_and_travel(model, sub, v)
    penalise_new_carers(model, sub, v)
    penalise_unsocial_days(model, sub, v)
    penalise_preferences(sub, v)
    model.minimize(sum(v.terms))
    return model, v


def solve_visits(sub: VisitDay, seconds: float, workers: int, hint, work=None, seed=0, until=None):
    """Solve a locality-day with CP-SAT, starting from a hint.

    Args:
        sub: the locality-day subproblem.
        seconds: time limit (with `work`, only a safety net).
        workers: CP-SAT search workers.
        hint: (visit index, staff id, start) triples of a feasible plan.
        work: deterministic time (CP-SAT's work units) instead of seconds: with a fixed seed
            and worker count (several workers interleaved) the search is deterministic.
        seed: CP-SAT's random seed.
        until: the solve's `Deadline`, marked cut if the safety net stopped counted work.

    Returns:
        (visit index, staff id, start) triples, or None if CP-SAT found nothing in time.
    """
    if not sub.visits:
        return []
    model, v = build_visit_model(sub)
    _add_hint(model, sub, v, hint)
    solver = cp_model.CpSolver()
    _limit(solver.parameters, seconds, workers, work, seed)
    status = solver.solve(model)
    if work is not None and until is not None and status != cp_model.OPTIMAL:
        until.cut = until.cut or solver.wall_time >= 0.99 * solver.parameters.max_time_in_seconds
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return [
        (index, name, solver.value(v.start[index]))
        for (index, name), var in v.assign.items()
        if solver.value(var)
    ]


def _limit(parameters, seconds: float, workers: int, work, seed: int) -> None:
    """Bound the search by the wall clock, or deterministically by work with a fixed seed."""
    parameters.max_time_in_seconds = max(0.1, seconds)
    parameters.num_workers = workers
    if work is None:
        return
    parameters.max_deterministic_time = work
    parameters.random_seed = cpsat_seed(seed)
    parameters.interleave_search = workers > 1


def _add_hint(model, sub: VisitDay, v: VisitVars, hint) -> None:
    """Hint the greedy plan: its assignments, starts and served visits."""
    chosen = {(i, name) for i, name, _ in hint}
    starts = {i: start for i, _, start in hint}
    for key, var in v.assign.items():
        model.add_hint(var, key in chosen)
    for index, start in enumerate(v.start):
        model.add_hint(start, starts.get(index, sub.windows[index][0]))
        model.add_hint(v.served[index], index in starts)
