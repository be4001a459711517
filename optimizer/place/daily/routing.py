"""Routing a locality-day door to door with the home-care routing engine (`optimizer.hhcrsp`).

The day model places visits with a typical journey between two visits of a locality, and the
re-timing (`retime`) keeps each carer's order while counting their real journeys. Here the
routing engine re-orders the visits kept and moves them between the carers sent there: each
carer leaves home no earlier than their day allows and comes back, a visit starts inside its
window (late, past its on-time start, at a cost), a double-handed visit's two carers start
together, a visit tied by a gap to another stays where it is, and every carer's day keeps the
working-time kernel's day shape by the re-timing's own test. The routes replace the plan only
when the locality-day's objective, travel counted door to door, falls.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from optimizer.hhcrsp.instance import SIMULTANEOUS, Caregiver, Instance, Need, Patient, Sync
from optimizer.hhcrsp.solve import Effort, solve_tasks
from optimizer.hhcrsp.tasks import SCALE, Tasks, build_tasks
from optimizer.place.daily.retime import door_to_door, keeps_day
from optimizer.place.daily.scoring import score_visits
from optimizer.place.daily.subproblems import VisitDay

WEIGHT_SCALE = 100  # the engine's weights are integers: place weights per minute times this
# Routing first builds the door-to-door matrix of the day's doors and carers' homes (about
# 0.6 s for 500 visits and 150 carers, so this much a pair): on the clock, a locality-day
# given less than twice that keeps its plan.
PAIR_SECONDS = 1.5e-6


@dataclass(frozen=True)
class _Routing:
    """The locality-day as routing tasks, and the way back to visits and carers."""

    tasks: Tasks
    names: list[str]  # carer index -> staff id
    visit_of: list[int]  # task -> visit index


def route(sub: VisitDay, trip, triples, tied: set[int], seconds: float, seed: int = 0,
          effort: tuple[float, int] | None = None):  # fmt: skip
    """Return the plan routed door to door, or the plan itself when routing does not improve it.

    Args:
        sub: the locality-day subproblem (its `places` set).
        trip: the problem's travel minutes.
        triples: (visit index, staff id, start) of the re-timed plan.
        tied: indexes of visits tied by a gap to another visit (they keep their start).
        seconds: time for the routing engine (with `effort`, only a safety net).
        seed: the engine's random seed.
        effort: (CP-SAT work per neighbourhood, neighbourhoods) to count work, not seconds.
    """
    carers_on: dict[int, int] = {}
    for index, _, _ in triples:
        carers_on[index] = carers_on.get(index, 0) + 1
    if not triples or max(carers_on.values()) > 2:
        return triples
    if effort is None and seconds < 2 * PAIR_SECONDS * (len(sub.visits) + len(sub.carers)) ** 2:
        return triples
    began = time.monotonic()  # the build counts against the time given
    routing = _tasks(sub, trip, triples, tied)
    plan = solve_tasks(
        routing.tasks, max(0.1, seconds), seed, 1, start=_routes(routing, triples),
        effort=Effort(effort[1], effort[0]) if effort else None, started=began,
    )  # fmt: skip
    if plan is None:
        return triples
    routed = [
        (routing.visit_of[t], routing.names[carer], plan.starts[t] // SCALE)
        for carer, tasks in enumerate(plan.routes)
        for t in tasks
    ]
    return (
        routed if door_score(sub, trip, routed) < door_score(sub, trip, triples) - 1e-9 else triples
    )


def door_score(sub: VisitDay, trip, triples) -> float:
    """Return the locality-day's objective with every carer's travel counted door to door."""
    placed: dict[str, list[tuple[int, int]]] = {}
    for index, name, start in triples:
        placed.setdefault(name, []).append((index, start))
    travel = {}
    for name, visits in placed.items():
        _, _, worked = door_to_door(sub, trip, name, visits)
        travel[name] = worked - sum(sub.visits[i].duration_minutes for i, _ in visits)
    return score_visits(sub, triples, travel)


def _routes(routing: _Routing, triples) -> list[list[int]]:
    """The plan's own routes as task lists, in start order."""
    index = {name: c for c, name in enumerate(routing.names)}
    tasks_of: dict[int, list[int]] = {}
    for t, visit in enumerate(routing.visit_of):
        tasks_of.setdefault(visit, []).append(t)
    routes: list[list[tuple[int, int]]] = [[] for _ in routing.names]
    taken: dict[int, int] = {}
    for visit, name, start in sorted(triples, key=lambda t: (t[2], t[0], t[1])):
        task = tasks_of[visit][taken.get(visit, 0)]
        taken[visit] = taken.get(visit, 0) + 1
        routes[index[name]].append((start, task))
    return [[task for _, task in sorted(r)] for r in routes]


def _tasks(sub: VisitDay, trip, triples, tied: set[int]) -> _Routing:
    """Build the routing tasks of the visits served, for the carers sent there."""
    names = sorted(sub.carers)
    starts, served = {}, {}
    for index, name, start in triples:
        starts[index] = start
        served.setdefault(index, set()).add(name)
    visits = sorted(served)
    homes = sorted({sub.carers[n].home for n in names})
    places = [sub.places[i] for i in visits] + homes
    node = [[float(trip(a, b)) for b in places] for a in places]
    matrix = [[0.0] * (len(places) + 1)] + [[0.0, *row] for row in node]
    patients, abilities, visit_of = [], {n: set() for n in names}, []
    for i in visits:
        services = [f"{i}", f"{i}+"][: len(served[i])]
        able = {n for n, _ in sub.options[i]} | served[i]
        for n in able & set(names):
            abilities[n].update(services)
        patients.append(_patient(sub, i, services, starts[i] if i in tied else None))
        visit_of += [i] * len(services)
    carers = tuple(Caregiver(n, frozenset(abilities[n])) for n in names)
    services = tuple(sorted({s for a in abilities.values() for s in a}))
    name = f"{sub.locality}/{sub.day}"
    instance = Instance(name, tuple(patients), carers, services, "home", tuple(map(tuple, matrix)))
    tasks = build_tasks(instance)
    last = [(starts[i] if i in tied else sub.windows[i][1]) * SCALE for i in visit_of]
    tasks = replace(
        tasks,
        home=tuple(1 + len(visits) + homes.index(sub.carers[n].home) for n in names),
        ready=tuple(sub.carers[n].earliest * SCALE for n in names),
        latest=tuple(last),
        weights=_weights(sub),
        route_check=_checker(sub, trip, names, visit_of),
    )
    return _Routing(tasks, names, visit_of)


def _patient(sub: VisitDay, index: int, services: list[str], pinned: int | None) -> Patient:
    """One visit as the engine's patient: its window, its carers' services, together if two."""
    visit = sub.visits[index]
    opens = sub.windows[index][0] if pinned is None else pinned
    on_time = sub.on_time[index] if sub.on_time else sub.windows[index][1]
    closes = max(opens, on_time) if pinned is None else pinned
    needs = tuple(Need(s, float(visit.duration_minutes)) for s in services)
    sync = Sync(SIMULTANEOUS) if len(services) == 2 else None
    return Patient(visit.id, (0.0, 0.0), (float(opens), float(closes)), needs, sync)


def _weights(sub: VisitDay) -> tuple[int, int, int]:
    """The engine's weights: a minute's travel (paid at the carers' mean rate) and lateness."""
    rates = [c.rate for c in sub.carers.values()]
    per_minute = sub.weights_travel + sub.weights_cost * sum(rates) / max(1, len(rates)) / 60.0
    return max(1, round(WEIGHT_SCALE * per_minute)), round(WEIGHT_SCALE * sub.weights_lateness), 0


def _checker(sub: VisitDay, trip, names: list[str], visit_of: list[int]):
    """The re-timing's own test of a carer's day (end, span, hours left, by the kernel)."""

    def check(carer: int, tasks: list[int], starts: list[int]) -> bool:
        return keeps_day(sub, trip, names[carer], {visit_of[t]: starts[t] // SCALE for t in tasks})

    return check
