"""The engine: a construction, then CP-SAT on the whole (small instances) or on neighbourhoods.

Small instances are solved exactly by one CP-SAT model. Larger ones are improved by large
neighbourhood search: free a few related routes, a cluster of related visits, or a slice of
the day on a few routes, and re-solve that part with CP-SAT, all under one deadline. Every
candidate is re-timed by the earliest schedule and kept only when its cost does not rise.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from optimizer.hhcrsp.construct import construct
from optimizer.hhcrsp.cpsat import improve
from optimizer.hhcrsp.instance import Instance, InstanceError
from optimizer.hhcrsp.neighbourhoods import choose
from optimizer.hhcrsp.schedule import evaluate
from optimizer.hhcrsp.tasks import SCALE, Tasks, build_tasks

EXACT_TASKS = 45  # up to this many tasks, the whole instance goes to one CP-SAT model


@dataclass(frozen=True)
class Plan:
    """Routes (task indexes per carer), their earliest start times, and the scaled cost."""

    tasks: Tasks
    routes: tuple[tuple[int, ...], ...]
    starts: tuple[int, ...]
    cost: int
    proven_optimal: bool
    rounds: int

    def to_json(self) -> dict:
        """The benchmark's solution format."""
        instance = self.tasks.instance
        routes = []
        for carer, route in zip(instance.caregivers, self.routes, strict=True):
            stops = [
                {
                    "patient_id": instance.patients[self.tasks.patient[t]].id,
                    "service_id": self.tasks.service[t],
                    "arrival_time": self.starts[t] / SCALE,
                    "departure_time": (self.starts[t] + self.tasks.duration[t]) / SCALE,
                }
                for t in route
            ]
            routes.append({"caregiver_id": carer.id, "locations": stops})
        return {"routes": routes}


def check_solvable(tasks: Tasks) -> None:
    """Every service has an able carer, and a simultaneous pair two different ones."""
    problems = []
    for t in range(tasks.count):
        if not tasks.eligible[t]:
            patient = tasks.instance.patients[tasks.patient[t]].id
            problems.append(f"{patient} {tasks.service[t]}: no caregiver has this ability")
    for first, second, low, high in tasks.pairs:
        able = set(tasks.eligible[first]) | set(tasks.eligible[second])
        if high == 0 and len(able) < 2 and tasks.eligible[first] and tasks.eligible[second]:
            patient = tasks.instance.patients[tasks.patient[first]].id
            problems.append(f"{patient}: simultaneous services need two different caregivers")
    if problems:
        raise InstanceError(problems)


def solve(instance: Instance, time_limit: float = 60.0, seed: int = 0, workers: int = 1) -> Plan:
    """The best routes found within the time limit (seconds)."""
    deadline = time.monotonic() + time_limit
    tasks = build_tasks(instance)
    check_solvable(tasks)
    routes = construct(tasks)
    cost, starts = evaluate(tasks, routes)
    everyone = set(range(tasks.caregivers))
    if tasks.count <= EXACT_TASKS:
        found = improve(tasks, routes, set(range(tasks.count)), everyone,
                        deadline - time.monotonic(), seed, workers, starts)  # fmt: skip
        if found is not None:
            return _keep(tasks, routes, cost, starts, found[0], found[1], 1)
        return Plan(tasks, _frozen(routes), tuple(starts), cost, False, 1)
    return _search(tasks, routes, cost, starts, deadline, seed, workers)


def _keep(tasks, routes, cost, starts, candidate, optimal, rounds) -> Plan:
    result = evaluate(tasks, candidate)
    if result is not None and result[0] <= cost:
        return Plan(tasks, _frozen(candidate), tuple(result[1]), result[0], optimal, rounds)
    return Plan(tasks, _frozen(routes), tuple(starts), cost, False, rounds)


def _search(tasks, routes, cost, starts, deadline, seed, workers) -> Plan:
    """Large neighbourhood search until the deadline."""
    rng = random.Random(seed)
    rounds = 0
    size = 1.0
    while (left := deadline - time.monotonic()) > 0.2:
        rounds += 1
        free, open_carers = choose(tasks, routes, starts, rng, size)
        found = improve(tasks, routes, free, open_carers, min(left, 3.0), rng.randrange(1 << 30),
                        workers, starts)  # fmt: skip
        result = evaluate(tasks, found[0]) if found is not None else None
        if result is not None and result[0] <= cost:
            routes, (cost, starts) = found[0], result
        # Grow the neighbourhood while CP-SAT proves its parts optimal, shrink when it cannot.
        size = min(2.5, size * 1.05) if found is not None and found[1] else max(0.5, size * 0.9)
    return Plan(tasks, _frozen(routes), tuple(starts), cost, False, rounds)


def _frozen(routes) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(route) for route in routes)
