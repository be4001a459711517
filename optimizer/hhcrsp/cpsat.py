"""CP-SAT model of the routing with some tasks free to move and the rest kept in order.

Free tasks may go to any able carer among the open ones, at any place in the route. Open
carers keep their other tasks in their current order (free tasks may be slotted between
them); carers not open keep their routes as they are. Start times of every task are
variables, so synchronised partners on kept routes may still move in time. With every task
free and every carer open this is the exact model of the benchmark.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from optimizer.hhcrsp.schedule import route_travel
from optimizer.hhcrsp.tasks import Tasks
from optimizer.seeds import cpsat_seed

DEPOT = -1
PIN = True  # tasks on carers not open keep their start times (a smaller, faster model)
PARAMS: dict = {}


@dataclass
class _Model:
    model: cp_model.CpModel
    start: list
    arcs: dict  # carer -> list of (from task or DEPOT, to task or DEPOT, literal)
    partner: tuple = ()
    late: list = field(default_factory=list)
    worst: object = None


def improve(
    tasks: Tasks,
    routes: list[list[int]],
    free: set[int],
    open_carers: set[int],
    time_limit: float,
    seed: int = 0,
    workers: int = 1,
    starts: list[int] | None = None,
    ceiling: int | None = None,
    work: float | None = None,
) -> tuple[list[list[int]], bool] | None:
    """Re-solve the free tasks over the open carers; (new routes, proven optimal) or None.

    `ceiling`, the current cost, bounds the search to solutions no dearer (and so bounds
    every lateness, which tightens the start-time domains). `work`, CP-SAT's deterministic
    time, limits the search by counted work instead of the clock (the same seed, the same
    answer), `time_limit` then only as a safety net."""
    built = _build(tasks, routes, free, open_carers, ceiling, starts if PIN else None)
    if starts is not None:
        _hint(tasks, built, routes, open_carers, starts)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, time_limit)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = cpsat_seed(seed)
    solver.parameters.hint_conflict_limit = 1000
    if work is not None:
        solver.parameters.max_deterministic_time = work
    for key, value in PARAMS.items():
        setattr(solver.parameters, key, value)
    status = solver.Solve(built.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    new_routes = [list(route) for route in routes]
    for carer in open_carers:
        new_routes[carer] = _follow(solver, built.arcs[carer])
    return new_routes, status == cp_model.OPTIMAL


def _horizon(tasks: Tasks) -> int:
    longest = max((max(row) for row in tasks.travel), default=0)
    return max(tasks.closes, default=0) + sum(tasks.duration) + (tasks.count + 1) * longest


def _build(tasks: Tasks, routes, free, open_carers, ceiling, pinned=None) -> _Model:
    model = cp_model.CpModel()
    horizon = _horizon(tasks)
    fixed_travel = sum(
        route_travel(tasks, r, c) for c, r in enumerate(routes) if c not in open_carers
    )
    bounds = [(tasks.opens[t], _last_start(tasks, t, horizon)) for t in range(tasks.count)]
    slack = horizon
    travel_weight, late_weight, _ = tasks.weights
    if ceiling is not None and late_weight > 0:
        slack = max(0, (ceiling - travel_weight * fixed_travel) // late_weight)
        bounds = [(low, min(high, tasks.closes[t] + slack)) for t, (low, high) in enumerate(bounds)]
    if pinned is not None:
        for carer, route in enumerate(routes):
            if carer not in open_carers:
                for t in route:
                    bounds[t] = (pinned[t], pinned[t])
    start = [model.NewIntVar(*bounds[t], f"start(task={t})") for t in range(tasks.count)]
    built = _Model(model, start, {}, tasks.partner)
    add_pair_gaps(tasks, built)
    travel = []
    for carer, route in enumerate(routes):
        kept = [t for t in route if t not in free]
        if carer in open_carers:
            travel += add_open_route(tasks, built, carer, kept, free)
        else:
            add_kept_route(tasks, built, route, carer)
            travel.append(route_travel(tasks, route, carer))
    add_each_free_task_once(tasks, built, free)
    penalise_lateness(tasks, built, travel, slack, ceiling)
    return built


def add_pair_gaps(tasks: Tasks, built: _Model) -> None:
    """The second of a synchronised pair starts min..max after the first (0..0: together)."""
    for first, second, low, high in tasks.pairs:
        built.model.Add(built.start[second] - built.start[first] >= low)
        built.model.Add(built.start[second] - built.start[first] <= high)


def add_kept_route(tasks: Tasks, built: _Model, route: list[int], carer: int) -> None:
    """A route kept as it is: each start after the previous end plus travel."""
    previous = None
    for task in route:
        if previous is None:
            leave = tasks.ready_of(carer) + tasks.leg(None, task, carer)
            built.model.Add(built.start[task] >= leave)
        else:
            built.model.Add(
                built.start[task]
                >= built.start[previous] + tasks.duration[previous] + tasks.leg(previous, task)
            )
        previous = task


def _last_start(tasks: Tasks, task: int, horizon: int) -> int:
    return min(horizon, tasks.latest[task]) if tasks.latest else horizon


def add_open_route(tasks: Tasks, built: _Model, carer: int, kept: list[int], free: set[int]):
    """An open carer's circuit through the depot, their kept tasks in order and any free task
    they are able to do (not both services of one patient); returns the travel terms."""
    model = built.model
    on_route = set(kept)
    movable = [
        t for t in sorted(free)
        if carer in tasks.eligible[t] and tasks.partner[t] not in on_route
    ]  # fmt: skip
    nodes = [DEPOT, *kept, *movable]
    index = {task: i for i, task in enumerate(nodes)}
    after = {DEPOT: kept[0] if kept else None}
    after.update({a: b for a, b in zip(kept, kept[1:] + [DEPOT], strict=False)})
    arcs, circuit, travel = [], [], []
    for u in nodes:
        for v in nodes:
            if u == v:
                if u in free or (u == DEPOT and not kept):
                    literal = model.NewBoolVar(f"skip(carer={carer},task={u})")
                    circuit.append((index[u], index[u], literal))
                    arcs.append((u, u, literal))
                continue
            if u not in free and v not in free and after.get(u) != v:
                continue
            literal = model.NewBoolVar(f"arc(carer={carer},{u}->{v})")
            circuit.append((index[u], index[v], literal))
            arcs.append((u, v, literal))
            _add_arc_timing(tasks, built, carer, (u, v), literal)
            travel.append(literal * tasks.leg(_node(u), _node(v), carer))
    for a, b in zip(kept, kept[1:], strict=False):
        model.Add(built.start[b] >= built.start[a] + tasks.duration[a])
    model.AddCircuit(circuit)
    built.arcs[carer] = arcs
    add_two_carers(built, arcs)
    return travel


def add_two_carers(built: _Model, arcs) -> None:
    """A patient's two services are not both on this carer's route."""
    skip = {u: literal for u, v, literal in arcs if u == v and u != DEPOT}
    for task, literal in skip.items():
        partner = built.partner[task]
        if partner is not None and task < partner and partner in skip:
            built.model.AddBoolOr([literal, skip[partner]])


def _node(task: int) -> int | None:
    return None if task == DEPOT else task


def _add_arc_timing(tasks: Tasks, built: _Model, carer: int, arc, literal) -> None:
    """Taking the arc u -> v: v starts after u ends plus the travel (after leaving home)."""
    u, v = arc
    if v == DEPOT:
        return
    if u == DEPOT:
        leave = tasks.ready_of(carer) + tasks.leg(None, v, carer)
        built.model.Add(built.start[v] >= leave).OnlyEnforceIf(literal)
        return
    built.model.Add(
        built.start[v] >= built.start[u] + tasks.duration[u] + tasks.leg(u, v, carer)
    ).OnlyEnforceIf(literal)


def add_each_free_task_once(tasks: Tasks, built: _Model, free: set[int]) -> None:
    """Every free task is performed by exactly one open, able carer."""
    performed: dict[int, list] = {t: [] for t in free}
    for arcs in built.arcs.values():
        for u, v, literal in arcs:
            if u == v and u in performed:
                performed[u].append(literal.Not())
    for literals in performed.values():
        built.model.AddExactlyOne(literals)


def penalise_lateness(tasks: Tasks, built: _Model, travel: list, horizon: int, ceiling) -> None:
    """Minimise travel + total lateness beyond the windows + the largest lateness."""
    model = built.model
    late = []
    for t in range(tasks.count):
        lateness = model.NewIntVar(0, horizon, f"late(task={t})")
        model.Add(lateness >= built.start[t] - tasks.closes[t])
        late.append(lateness)
    worst = model.NewIntVar(0, horizon, "late_max")
    for lateness in late:
        model.Add(worst >= lateness)
    built.late, built.worst = late, worst
    travel_weight, late_weight, worst_weight = tasks.weights
    objective = travel_weight * sum(travel) + late_weight * sum(late) + worst_weight * worst
    if ceiling is not None:
        model.Add(objective <= ceiling)
    model.Minimize(objective)


def _hint(tasks: Tasks, built: _Model, routes, open_carers: set[int], starts) -> None:
    """Start the search from the current routes and schedule."""
    for task, value in enumerate(starts):
        built.model.AddHint(built.start[task], value)
    late = [max(0, value - tasks.closes[task]) for task, value in enumerate(starts)]
    for lateness, value in zip(built.late, late, strict=True):
        built.model.AddHint(lateness, value)
    built.model.AddHint(built.worst, max(late, default=0))
    for carer in open_carers:
        route = routes[carer]
        taken = (
            set(zip([DEPOT, *route], [*route, DEPOT], strict=True)) if route else {(DEPOT, DEPOT)}
        )
        on_route = set(route)
        for u, v, literal in built.arcs[carer]:
            used = (u, v) in taken or (u == v and u != DEPOT and u not in on_route)
            built.model.AddHint(literal, used)


def _follow(solver: cp_model.CpSolver, arcs) -> list[int]:
    """The carer's visiting order read from the chosen arcs."""
    successor = {u: v for u, v, literal in arcs if u != v and solver.BooleanValue(literal)}
    route, node = [], successor.get(DEPOT, DEPOT)
    while node != DEPOT:
        route.append(node)
        node = successor[node]
    return route
