"""Column generation: each person's whole roster is one column.

Every hard rule binds one person only; people meet only in cover. So a master
LP chooses, per person, a mix of candidate rosters (columns) that covers
demand best, and its duals put a price on each cover requirement. Each person's
own model (the same rules, that person alone) then finds the roster that earns
most at those prices; it becomes a new column if it beats the LP's mix.

When no person has a better roster at the LP's prices, the LP value is a lower
bound on every roster's cost (and while some still do, the LP value plus each
person's best reduced cost is one: the Lagrangian bound). A set-partitioning
solve over the columns found then picks exactly one roster per person.
"""

from __future__ import annotations

import dataclasses
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from optimizer.problem import Assignment, CoverRequirement, Problem, StaffMember

# Pricing objectives are integer in CP-SAT: duals are scaled by this and rounded;
# reduced costs are then recomputed exactly from the column itself.
PRICE_SCALE = 100_000
EPSILON = 1e-6


@dataclass(frozen=True)
class Column:
    """One person's roster over the whole horizon, with what it costs and covers."""

    staff: str
    keys: frozenset[tuple[int, str, str | None]]  # (day, shift, site) worked
    cost: int  # the person's own penalties: requests and changes
    cover: tuple[tuple[int, int], ...]  # (cover requirement index, people given)

    def assignments(self) -> tuple[Assignment, ...]:
        """The column as assignments."""
        return tuple(Assignment(self.staff, day, shift, site) for day, shift, site in self.keys)


@dataclass
class ColumnPool:
    """Every column found, per person, and the best bound proved so far."""

    problem: Problem
    by_staff: dict[str, list[Column]] = field(default_factory=dict)
    bound: float = 0.0
    lp_value: float | None = None
    iterations: int = 0

    def add(self, column: Column) -> bool:
        """Keep a column unless the person already has the same roster."""
        mine = self.by_staff.setdefault(column.staff, [])
        if any(known.keys == column.keys for known in mine):
            return False
        mine.append(column)
        return True

    def columns(self) -> list[Column]:
        """All columns, person by person."""
        return [column for mine in self.by_staff.values() for column in mine]


def cover_index(problem: Problem) -> dict[str, dict[tuple[int, str, str | None], list[int]]]:
    """Per person, for each (day, shift, site) they could work, the cover rows it counts in."""
    rows: dict[str, dict[tuple[int, str, str | None], list[int]]] = {}
    for person in problem.staff:
        mine: dict[tuple[int, str, str | None], list[int]] = {}
        for index, need in enumerate(problem.cover):
            if not _counts_for(person, need, problem):
                continue
            for site in problem.site_ids() if need.site is None else (need.site,):
                mine.setdefault((need.day, need.shift, site), []).append(index)
        rows[person.id] = mine
    return rows


def _counts_for(person: StaffMember, need: CoverRequirement, problem: Problem) -> bool:
    if need.competence is None:
        return True
    date = problem.date_of(need.day)
    return any(c.id == need.competence and c.valid_on(date) for c in person.competences)


class Pricer:
    """One person's own model, re-priced each round with the master's cover duals."""

    def __init__(self, problem: Problem, person: StaffMember, rows: dict, options) -> None:
        from optimizer.solve import SolveOptions, build_model

        alone = dataclasses.replace(problem, staff=(person,), cover=())
        pins = tuple(a for a in options.pinned if a.staff == person.id)
        previous = tuple(a for a in options.previous if a.staff == person.id)
        own = SolveOptions(pinned=pins, previous=previous, change_weight=options.change_weight)
        self.person = person
        self.roster = build_model(alone, own)
        self.own_cost = self.roster.objective()
        # The most the rounded prices can misjudge a roster's reduced cost by.
        self.slack = 0.5 * len(self.roster.assign) / PRICE_SCALE
        self.rows = rows
        self.lock = threading.Lock()

    def column(self, values: Callable) -> Column:
        """The column of the roster whose variable values ``values`` reads."""
        keys = frozenset(
            (day, shift, site)
            for (_staff, day, shift, site), var in self.roster.assign.items()
            if values(var)
        )
        given: dict[int, int] = {}
        for key in keys:
            for row in self.rows.get(key, ()):
                given[row] = given.get(row, 0) + 1
        cost = int(round(values(self.own_cost)))
        return Column(self.person.id, keys, cost, tuple(sorted(given.items())))

    def price(self, duals: list[float], seconds: float, hint: Column | None, seed: int):
        """The rosters found that earn most at prices ``duals``, and whether the best is proven.

        Returns:
            (columns found on the way, True when the last is optimal at these prices).
        """
        with self.lock:
            model = self.roster.model
            terms, coefficients = [self.own_cost], [PRICE_SCALE]
            for (_staff, day, shift, site), var in self.roster.assign.items():
                price = sum(duals[row] for row in self.rows.get((day, shift, site), ()))
                if abs(price) > EPSILON:
                    terms.append(var)
                    coefficients.append(-round(price * PRICE_SCALE))
            model.minimize(cp_model.LinearExpr.weighted_sum(terms, coefficients))
            _hint_column(self.roster, hint)
            collector = _Collector(self)
            solver = _pricing_solver(seconds, seed)
            status = solver.solve(model, collector)
            return collector.found, status == cp_model.OPTIMAL


def _hint_column(roster, column: Column | None) -> None:
    roster.model.clear_hints()
    if column is None:
        return
    worked = {day for day, _shift, _site in column.keys}
    for (_staff, day, shift, site), var in roster.assign.items():
        roster.model.add_hint(var, (day, shift, site) in column.keys)
    for (_staff, day), var in roster.works.items():
        roster.model.add_hint(var, day in worked)


def _pricing_solver(seconds: float, seed: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    # One person's model is small: the run-pattern clauses in the LP pay off,
    # the expensive presolve passes do not.
    solver.parameters.linearization_level = 2
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.symmetry_level = 0
    return solver


class _Collector(cp_model.CpSolverSolutionCallback):
    """Keep every roster the pricing solve passes through: each may be a column."""

    def __init__(self, pricer: Pricer) -> None:
        super().__init__()
        self._pricer = pricer
        self.found: list[Column] = []

    def on_solution_callback(self) -> None:
        self.found.append(self._pricer.column(self.value))


class Master:
    """The master LP: a convex mix of columns per person, cover with slack."""

    def __init__(self, problem: Problem) -> None:
        self.solver = pywraplp.Solver.CreateSolver("GLOP")
        infinity = self.solver.infinity()
        self.convexity = {p.id: self.solver.Constraint(1, 1) for p in problem.staff}
        self.cover = []
        objective = self.solver.Objective()
        for need in problem.cover:
            row = self.solver.Constraint(need.required, need.required)
            short = self.solver.NumVar(0, infinity, "")
            excess = self.solver.NumVar(0, infinity, "")
            row.SetCoefficient(short, 1)
            row.SetCoefficient(excess, -1)
            objective.SetCoefficient(short, need.under_weight)
            objective.SetCoefficient(excess, need.over_weight)
            self.cover.append(row)
        objective.SetMinimization()
        self.weights: list[tuple[Column, pywraplp.Variable]] = []
        self.fixed: dict[str, Column] = {}

    def add(self, column: Column) -> None:
        """Offer the LP one more roster for its person."""
        if column.staff in self.fixed:
            return
        var = self.solver.NumVar(0, 1, "")
        self.convexity[column.staff].SetCoefficient(var, 1)
        for row, given in column.cover:
            self.cover[row].SetCoefficient(var, given)
        self.solver.Objective().SetCoefficient(var, column.cost)
        self.weights.append((column, var))

    def solve(self) -> tuple[float, list[float], dict[str, float]]:
        """Solve the LP: its value, the dual price of each cover row and of each person."""
        status = self.solver.Solve()
        if status != pywraplp.Solver.OPTIMAL:
            # GLOP can lose its way re-solving from a warm start after many
            # bound changes; from scratch it does not.
            self.solver.Reset()
            status = self.solver.Solve()
        if status != pywraplp.Solver.OPTIMAL:
            raise RuntimeError(f"master LP not solved (status {status})")
        duals = [row.dual_value() for row in self.cover]
        persons = {staff: row.dual_value() for staff, row in self.convexity.items()}
        return self.solver.Objective().Value(), duals, persons

    def fix(self, column: Column) -> None:
        """Keep only this roster for its person (a diving step)."""
        self.fixed[column.staff] = column
        for other, var in self.weights:
            if other.staff == column.staff and other.keys != column.keys:
                var.SetUb(0)

    def mix(self) -> dict[str, list[tuple[float, Column]]]:
        """Per person, the columns the LP uses and their weights."""
        used: dict[str, list[tuple[float, Column]]] = {}
        for column, var in self.weights:
            if var.solution_value() > EPSILON:
                used.setdefault(column.staff, []).append((var.solution_value(), column))
        return used


def reduced_cost(column: Column, duals: list[float], person_dual: float) -> float:
    """What adding the column would change the LP value by, per unit."""
    return column.cost - sum(duals[row] * given for row, given in column.cover) - person_dual


@dataclass
class _Round:
    duals: list[float]
    persons: dict[str, float]
    best: dict[str, float] = field(default_factory=dict)  # person -> best reduced cost
    proven: bool = True


def generate(
    problem: Problem,
    options,
    deadline: float,
    start_columns: list[Column] = (),
    workers: int = 2,
    pricers: dict[str, Pricer] | None = None,
) -> tuple[ColumnPool, dict[str, Pricer]]:
    """Generate columns until no roster beats the LP at its prices or time runs out.

    Args:
        problem: the rostering problem.
        options: SolveOptions (pinned assignments and change penalty reach pricing).
        deadline: ``time.monotonic()`` by which to stop.
        start_columns: rosters to start from (e.g. the current incumbent's).
        workers: pricing threads.
        pricers: the people's models from an earlier call, to reuse.

    Returns:
        The column pool (with the best bound proved) and the pricers.
    """
    rows = cover_index(problem)
    pricers = pricers or {p.id: Pricer(problem, p, rows[p.id], options) for p in problem.staff}
    pool, master = ColumnPool(problem), Master(problem)
    for column in start_columns:
        if pool.add(column):
            master.add(column)
    _seed_columns(problem, pool, master, pricers, deadline, workers)
    while time.monotonic() < deadline:
        value, duals, persons = master.solve()
        pool.lp_value, pool.iterations = value, pool.iterations + 1
        rnd = _Round(duals, persons)
        added = _price_everyone(problem, pool, master, pricers, rnd, deadline, workers)
        if rnd.proven and len(rnd.best) == len(problem.staff):
            slack = sum(pricer.slack for pricer in pricers.values())
            lagrangian = value + sum(min(0.0, rc) for rc in rnd.best.values()) - slack
            pool.bound = max(pool.bound, lagrangian)
        if not added:
            break
    return pool, pricers


def _seed_columns(problem, pool, master, pricers, deadline, workers) -> None:
    """Give everyone a column: their best roster when cover is worth its under weight."""
    missing = {p.id for p in problem.staff} - set(pool.by_staff)
    if not missing:
        return
    duals = [need.under_weight / 2 for need in problem.cover]
    rnd = _Round(duals, dict.fromkeys(missing, math.inf))
    wanted = [p for p in problem.staff if p.id in missing]
    _price_people(wanted, pool, master, pricers, rnd, deadline, workers, seeding=True)


def _price_everyone(problem, pool, master, pricers, rnd, deadline, workers) -> int:
    return _price_people(list(problem.staff), pool, master, pricers, rnd, deadline, workers)


def _price_people(people, pool, master, pricers, rnd, deadline, workers, seeding=False) -> int:
    """Price each person (``workers`` threads); add the columns that beat the LP."""
    queue = list(reversed(people))
    lock = threading.Lock()
    added = [0]

    def work(seed: int) -> None:
        while True:
            with lock:
                if not queue or time.monotonic() >= deadline:
                    return
                person = queue.pop()
                mine = pool.by_staff.get(person.id, [])
                hint = min(mine, key=lambda c: reduced_cost(c, rnd.duals, 0.0)) if mine else None
            seconds = min(2.0, deadline - time.monotonic())
            found, proven = pricers[person.id].price(rnd.duals, seconds, hint, seed)
            with lock:
                _take(person.id, found, proven, pool, master, rnd, added, seeding)

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(max(1, workers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if queue:
        rnd.proven = False
    return added[0]


def _take(staff, found, proven, pool, master, rnd, added, seeding) -> None:
    rnd.proven = rnd.proven and proven and bool(found)
    person_dual = rnd.persons.get(staff, 0.0)
    for column in found:
        rc = reduced_cost(column, rnd.duals, person_dual)
        rnd.best[staff] = min(rnd.best.get(staff, math.inf), rc)
        if (seeding or rc < -EPSILON) and pool.add(column):
            master.add(column)
            added[0] += 1


def choose_columns(
    problem: Problem, pool: ColumnPool, seconds: float, workers: int, hint: list[Column] = ()
) -> list[Column] | None:
    """Pick one column per person to minimise the whole objective (set partitioning).

    Args:
        problem: the rostering problem.
        pool: the columns to choose from.
        seconds: time limit.
        workers: CP-SAT workers.
        hint: a choice to start from (e.g. the incumbent's columns).

    Returns:
        The chosen columns, or None if no choice was found in time.
    """
    model = cp_model.CpModel()
    chosen = {}
    hinted = {(c.staff, c.keys) for c in hint}
    for staff, mine in pool.by_staff.items():
        pick = [model.new_bool_var(f"roster({staff}, {n})") for n in range(len(mine))]
        model.add_exactly_one(pick)
        for column, var in zip(mine, pick):
            chosen[var.index] = (column, var)
            if hinted:
                model.add_hint(var, (column.staff, column.keys) in hinted)
    given: dict[int, list[tuple[cp_model.IntVar, int]]] = {}
    for column, var in chosen.values():
        for row, count in column.cover:
            given.setdefault(row, []).append((var, count))
    costs = [(var, column.cost) for column, var in chosen.values() if column.cost]
    for row, need in enumerate(problem.cover):
        terms = given.get(row, [])
        total = cp_model.LinearExpr.weighted_sum([v for v, _ in terms], [c for _, c in terms])
        most = sum(c for _, c in terms)
        short = model.new_int_var(0, need.required, f"cover_short({row})")
        excess = model.new_int_var(0, max(0, most), f"cover_excess({row})")
        model.add(short >= need.required - total)
        model.add(excess >= total - need.required)
        costs += [(short, need.under_weight), (excess, need.over_weight)]
    model.minimize(cp_model.LinearExpr.weighted_sum([v for v, _ in costs], [w for _, w in costs]))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, seconds)
    solver.parameters.num_workers = workers
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return [column for column, var in chosen.values() if solver.value(var)]


def dive(
    problem: Problem,
    pool: ColumnPool,
    pricers: dict[str, Pricer],
    deadline: float,
    workers: int = 2,
    rounds: int = 3,
) -> list[Column] | None:
    """Fix the rosters the LP likes best, re-price the rest, and repeat until whole.

    Each step fixes every person whose LP mix is (nearly) one roster, and at
    least the person with the heaviest roster; then up to ``rounds`` pricing
    rounds let the others adapt before the next step.

    Returns:
        One column per person, or None if time ran out first.
    """
    master = Master(problem)
    for column in pool.columns():
        master.add(column)
    while time.monotonic() < deadline:
        for _ in range(rounds):
            _value, duals, persons = master.solve()
            free = [p for p in problem.staff if p.id not in master.fixed]
            rnd = _Round(duals, persons)
            if not _price_people(free, pool, master, pricers, rnd, deadline, workers):
                break
        master.solve()
        mix = master.mix()
        if all(len(mine) == 1 and mine[0][0] > 1 - EPSILON for mine in mix.values()):
            return [mine[0][1] for mine in mix.values()]
        _fix_heaviest(master, mix)
    return None


def _fix_heaviest(master: Master, mix: dict[str, list[tuple[float, Column]]]) -> None:
    heaviest = {
        staff: max(mine, key=lambda pair: pair[0])
        for staff, mine in mix.items()
        if staff not in master.fixed
    }
    for weight, column in heaviest.values():
        if weight > 0.99:
            master.fix(column)
    weight, column = max(heaviest.values(), key=lambda pair: pair[0])
    master.fix(column)
