"""The engine: a construction, then CP-SAT on the whole (small instances) or on neighbourhoods.

Small instances are solved exactly by one CP-SAT model. Larger ones are improved by large
neighbourhood search: free a few related routes, a cluster of related visits, or a slice of
the day on a few routes, and re-solve that part with CP-SAT, all under one deadline. Every
candidate is re-timed by the earliest schedule and kept only when its cost does not rise.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, replace

from optimizer.hhcrsp.construct import construct
from optimizer.hhcrsp.cpsat import improve
from optimizer.hhcrsp.instance import Instance, InstanceError
from optimizer.hhcrsp.neighbourhoods import choose
from optimizer.hhcrsp.relocate import relocate
from optimizer.hhcrsp.schedule import evaluate
from optimizer.hhcrsp.tasks import SCALE, Tasks, build_tasks

EXACT_TASKS = 45  # up to this many tasks, the whole instance also goes to one CP-SAT model
SUB_SECONDS = 2.0  # time for one neighbourhood's CP-SAT solve
RELOCATE = True  # single-visit moves before the neighbourhoods and every tenth round
RELOCATE_SHARE = 0.7  # at most this share of the search time for the first moves
# (lateness weight, versatility reserve, delay weight) of the constructions tried; the best kept
CONSTRUCTIONS = [(w, v, d) for w in (1, 4) for v in (0, 20_000) for d in (0, 0.25, 0.5)]
CONSTRUCT_SHARE = 0.3  # beside a caller's start: constructions begun within this share
CONSTRUCT_TASKS = 200  # beside a caller's start, with counted work: constructions up to this size


@dataclass(frozen=True)
class Plan:
    """Routes (task indexes per carer), their earliest start times, and the scaled cost."""

    tasks: Tasks
    routes: tuple[tuple[int, ...], ...]
    starts: tuple[int, ...]
    cost: int
    proven_optimal: bool
    rounds: int
    first_seconds: float = 0.0  # from the call to the first valid plan (the construction)

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
    """Every service has an able carer, and each two-service patient two different ones."""
    problems = []
    for t in range(tasks.count):
        if not tasks.eligible[t]:
            patient = tasks.instance.patients[tasks.patient[t]].id
            problems.append(f"{patient} {tasks.service[t]}: no caregiver has this ability")
    for first, second, _low, _high in tasks.pairs:
        ones, twos = set(tasks.eligible[first]), set(tasks.eligible[second])
        if ones and twos and len(ones | twos) == 1:
            patient = tasks.instance.patients[tasks.patient[first]].id
            problems.append(f"{patient}: the two services need two different caregivers")
    if problems:
        raise InstanceError(problems)


@dataclass(frozen=True)
class Effort:
    """Counted work instead of the clock: the same seed then gives the same routes."""

    rounds: int  # neighbourhoods re-solved
    work: float  # CP-SAT deterministic time for each of them
    passes: int = 2  # of single-visit moves over every task, before the neighbourhoods


def solve(instance: Instance, time_limit: float = 60.0, seed: int = 0, workers: int = 1) -> Plan:
    """The best routes found within the time limit (seconds)."""
    started = time.monotonic()
    tasks = build_tasks(instance)
    check_solvable(tasks)
    plan = solve_tasks(tasks, time_limit, seed, workers, started=started)
    assert plan is not None  # appending to routes always schedules the benchmark's rules
    return plan


def solve_tasks(
    tasks: Tasks,
    time_limit: float,
    seed: int = 0,
    workers: int = 1,
    start=None,
    effort: Effort | None = None,
    started: float | None = None,
) -> Plan | None:
    """The best routes found for prepared tasks (which may carry a caller's own rules).

    Args:
        tasks: the tasks, with homes, hard last starts, weights and a route check if any.
        time_limit: seconds from `started`; with `effort`, only a safety net.
        seed: for the search's random choices.
        workers: CP-SAT search workers.
        start: routes to start from (kept as a candidate beside the constructions).
        effort: counted work instead of the clock.
        started: when the time limit began (default: now).

    Returns:
        The best plan, or None when neither `start` nor any construction keeps the rules.
    """
    started = time.monotonic() if started is None else started
    deadline = started + time_limit
    candidates = _constructions(tasks, start, started + CONSTRUCT_SHARE * time_limit, effort)
    candidates += [[list(route) for route in start]] if start is not None else []
    scored = [(*found, routes) for routes in candidates if (found := evaluate(tasks, routes))]
    if not scored:
        return None
    cost, starts, routes = min(scored)
    everyone = set(range(tasks.caregivers))
    plan = Plan(tasks, _frozen(routes), tuple(starts), cost, False, 0, time.monotonic() - started)
    if tasks.count > EXACT_TASKS:
        return _search(plan, deadline, seed, workers, effort)
    # Small: the exact model briefly, then the search, then the exact model from the best found.
    # With counted work each exact solve is one of the rounds given (none: moves only).
    work, exact = (effort.work, min(2, effort.rounds)) if effort else (None, 2)
    if exact >= 1:
        plan = _exact(plan, everyone, started + 0.15 * time_limit, seed, workers, work)
    if not plan.proven_optimal:
        rest = replace(effort, rounds=effort.rounds - exact) if effort else None
        plan = _search(plan, started + 0.75 * time_limit, seed, workers, rest)
        if exact >= 2:
            plan = _exact(plan, everyone, deadline, seed, workers, work)
    return plan


def _constructions(tasks: Tasks, start, until: float, effort: Effort | None) -> list:
    """Routes built from nothing, one per setting; beside a caller's start on a large
    instance (a plan already; a construction costs about a second at 500 visits), only those
    built before `until`, or with counted work only up to CONSTRUCT_TASKS tasks."""
    if start is None or tasks.count <= EXACT_TASKS:
        return [construct(tasks, *setting) for setting in CONSTRUCTIONS]
    if effort is not None:
        small = tasks.count <= CONSTRUCT_TASKS
        return [construct(tasks, *setting) for setting in CONSTRUCTIONS] if small else []
    built = []
    for setting in CONSTRUCTIONS:
        if time.monotonic() >= until:
            break
        built.append(construct(tasks, *setting))
    return built


def _exact(plan: Plan, everyone: set[int], deadline: float, seed: int, workers: int,
           work: float | None = None) -> Plan:  # fmt: skip
    """The whole instance in one CP-SAT model, from the plan's routes."""
    tasks, routes = plan.tasks, [list(r) for r in plan.routes]
    found = improve(tasks, routes, set(range(tasks.count)), everyone, deadline - time.monotonic(),
                    seed, workers, list(plan.starts), plan.cost, work)  # fmt: skip
    if found is None:
        return plan
    result = evaluate(tasks, found[0])
    if result is None or result[0] > plan.cost:
        return plan
    return replace(
        plan, routes=_frozen(found[0]), starts=tuple(result[1]), cost=result[0],
        proven_optimal=found[1], rounds=plan.rounds + 1,
    )  # fmt: skip


def _search(plan: Plan, deadline: float, seed: int, workers: int, effort=None) -> Plan:
    """Large neighbourhood search until the deadline (or the effort's rounds)."""
    tasks, routes, starts, cost = (
        plan.tasks,
        [list(r) for r in plan.routes],
        list(plan.starts),
        plan.cost,
    )
    rng = random.Random(seed)
    rounds = plan.rounds
    size = 0.8
    work, last_round = (effort.work, rounds + effort.rounds) if effort else (None, None)
    tries = effort.passes * tasks.count if effort else None
    if RELOCATE:
        now = time.monotonic()
        share = deadline if effort else now + RELOCATE_SHARE * (deadline - now)
        routes, cost, starts = relocate(tasks, routes, cost, starts, share, rng, tries)
    while (left := deadline - time.monotonic()) > 0.1 and rounds != last_round:
        rounds += 1
        if RELOCATE and rounds % 10 == 0:
            until = deadline if effort else time.monotonic() + min(left / 4, 2.0)
            routes, cost, starts = relocate(tasks, routes, cost, starts, until, rng, tries)
        free, open_carers = choose(tasks, routes, starts, rng, size)
        found = improve(tasks, routes, free, open_carers, min(left, SUB_SECONDS),
                        rng.randrange(1 << 30), workers, starts, cost, work)  # fmt: skip
        result = evaluate(tasks, found[0]) if found is not None else None
        if result is not None and result[0] <= cost:
            routes, (cost, starts) = found[0], result
        # Grow the neighbourhood while CP-SAT proves its parts optimal, shrink when it cannot.
        size = min(2.5, size * 1.05) if found is not None and found[1] else max(0.5, size * 0.9)
    return replace(
        plan, routes=_frozen(routes), starts=tuple(starts), cost=cost, proven_optimal=False,
        rounds=rounds,
    )  # fmt: skip


def _frozen(routes) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(route) for route in routes)
