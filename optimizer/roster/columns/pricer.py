"""Pricing one person: the roster that earns most at the master's cover prices.

Each person's own model (the same rules, that person alone) is re-priced each
round with the master LP's cover duals, by whichever route has been quicker
for them: dynamic programming over their day-by-day states
(``path_pricer``) or CP-SAT, which also proves what the paths cannot
(a binding shift-type maximum). Every roster either passes through may become a
column.
"""

from __future__ import annotations

import dataclasses
import math
import threading
import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from optimizer.roster.columns.path_pricer import path_pricer
from optimizer.roster.columns.pool import EPSILON, Column
from optimizer.roster.model.build import build_model
from optimizer.roster.model.cpsat import price_roster
from optimizer.roster.options import SolveOptions
from optimizer.roster.problem import Assignment, Problem, StaffMember
from optimizer.seeds import cpsat_seed

# Pricing objectives are integer in CP-SAT: duals are scaled by this and rounded;
# reduced costs are then recomputed exactly from the column itself.
PRICE_SCALE = 100_000
SLOW_PRICING = 0.1  # seconds: a person whose pricing takes longer gets cutting planes
# Every PROBE_EVERY-th call prices by both routes, to time them.
PROBE_EVERY = 10
# Paths hold the interpreter lock and CP-SAT does not: with two pricing threads,
# paths must be this many times quicker to be worth it.
PATHS_MUST_GAIN = 2.0


class Pricer:
    """One person's own model, re-priced each round with the master's cover duals."""

    def __init__(self, problem: Problem, person: StaffMember, rows: dict, options) -> None:

        alone = dataclasses.replace(problem, staff=(person,), cover=())
        pins = tuple(a for a in options.pinned if a.staff == person.id)
        previous = tuple(a for a in options.previous if a.staff == person.id)
        own = SolveOptions(pinned=pins, previous=previous, change_weight=options.change_weight)
        self.person = person
        self.roster = build_model(alone, own)
        self.own_cost = self.roster.objective()
        # The most the rounded prices can misjudge a roster's reduced cost by.
        self.slack = 0.5 * len(self.roster.assign) / PRICE_SCALE
        self.cuts = False  # switched on for good once a pricing solve is slow
        self.rows = rows
        self.lock = threading.Lock()
        keys = [(day, shift, site) for (_staff, day, shift, site) in self.roster.assign]
        self.paths = path_pricer(problem, person, keys, rows, options)
        self._route = _Route()

    def column(self, values: Callable) -> Column:
        """The column of the roster whose variable values ``values`` reads."""
        keys = frozenset(
            (day, shift, site)
            for (_staff, day, shift, site), var in self.roster.assign.items()
            if values(var)
        )
        return self._column_of(keys, values(self.own_cost))

    def roster_column(self, keys: frozenset) -> Column | None:
        """The column of a given roster (None if it breaks one of the person's own rules)."""

        person = self.person.id
        with self.lock:
            priced = price_roster(self.roster, [Assignment(person, *key) for key in keys], 2.0)
        return None if priced is None else self._column_of(keys, priced.objective)

    def _column_of(self, keys: frozenset, cost: float) -> Column:
        """The column of a roster: the cover rows its shifts count in."""
        given: dict[int, int] = {}
        for key in keys:
            for row in self.rows.get(key, ()):
                given[row] = given.get(row, 0) + 1
        return Column(self.person.id, keys, int(round(cost)), tuple(sorted(given.items())))

    def price(self, duals: list[float], seconds: float, hint: Column | None, seed: int, gap=0.0):
        """The rosters found that earn most at prices ``duals``, and how far that is proved.

        Args:
            duals: the price of each cover row.
            seconds: time limit.
            hint: a roster to start from.
            seed: CP-SAT's random seed.
            gap: stop once the best roster is within this much of the best possible.

        Returns:
            (columns found on the way, True when the last is the best within ``gap``,
            a lower bound on own cost less the prices of the cover for every roster).
        """
        by_paths, columns, by_paths_took, proved = -math.inf, [], None, False
        probe = self._route.probe()
        if self.paths is not None and (probe or self._route.paths):
            began = time.monotonic()
            columns, by_paths, proved = self._price_by_paths(duals, gap)
            by_paths_took = time.monotonic() - began
            if by_paths == math.inf or (proved and not probe):
                self._route.took("paths", by_paths_took)
                # The caller takes the last column found as the best (as CP-SAT's).
                return columns[::-1], True, by_paths
            if not proved:  # a shift-type maximum binds: CP-SAT proves it from the best known
                hint = columns[0] if columns else hint
        began = time.monotonic()
        found, proven, lower = self._price_by_cp_sat(duals, seconds, hint, seed, gap)
        took = time.monotonic() - began
        if by_paths_took is not None:
            # What paths cost: alone when they proved it, else with CP-SAT after them.
            self._route.took("paths", by_paths_took + (0.0 if proved else took))
        self._route.took("cp_sat", took)
        return columns[::-1] + found, proven or proved, max(by_paths, lower)

    def _price_by_cp_sat(self, duals, seconds: float, hint, seed: int, gap: float):
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
            # Without cuts a hard person can take seconds: stop early and switch.
            limit = seconds if self.cuts else min(seconds, 3 * SLOW_PRICING)
            solver = _pricing_solver(limit, seed, self.cuts)
            solver.parameters.absolute_gap_limit = gap * PRICE_SCALE
            status = solver.solve(model, collector)
            self.cuts = self.cuts or solver.wall_time > SLOW_PRICING
            if status == cp_model.INFEASIBLE:
                return [], True, math.inf
            lower = solver.best_objective_bound / PRICE_SCALE - self.slack
            return collector.found, status == cp_model.OPTIMAL, lower

    def _price_by_paths(self, duals, gap: float) -> tuple[list[Column], float, bool]:
        """The best rosters by dynamic programming (``paths``) that keep the rules.

        Returns:
            (the columns, cheapest first; a lower bound on own cost less prices,
            inf if there is no roster; whether the first is within ``gap`` of it).
        """
        paths = self.paths
        base, per_day = paths.own
        with self.lock:
            found, lower = paths.within_limits(per_day - paths.prices(duals))
        bound = base + lower - EPSILON
        columns = [self._path_column(path.choices) for path in found]
        return columns, bound, bool(found) and found[0].cost - lower <= gap + EPSILON

    def _path_column(self, choices) -> Column:
        paths = self.paths
        base, per_day = paths.own
        keys = frozenset(
            (day, *paths.choice_keys[choice])
            for day, choice in enumerate(choices)
            if choice is not None
        )
        own = base + sum(per_day[day, c] for day, c in enumerate(choices) if c is not None)
        return self._column_of(keys, own)


class _Route:
    """Whether to price a person by paths or by CP-SAT: whichever has been quicker.

    Every PROBE_EVERY-th call tries both; the last PROBE_EVERY times of each count.
    """

    def __init__(self) -> None:
        self.calls = 0
        self.seconds = {"paths": [], "cp_sat": []}
        self.paths = True

    def probe(self) -> bool:
        self.calls += 1
        return self.calls % PROBE_EVERY == 1

    def took(self, route: str, seconds: float) -> None:
        times = self.seconds[route]
        times.append(seconds)
        del times[:-PROBE_EVERY]
        paths, cp_sat = self.seconds["paths"], self.seconds["cp_sat"]
        if paths and cp_sat:
            quicker = PATHS_MUST_GAIN * sum(paths) / len(paths) < sum(cp_sat) / len(cp_sat)
            self.paths = quicker


def _hint_column(roster, column: Column | None) -> None:
    roster.model.clear_hints()
    if column is None:
        return
    worked = {day for day, _shift, _site in column.keys}
    for (_staff, day, shift, site), var in roster.assign.items():
        roster.model.add_hint(var, (day, shift, site) in column.keys)
    for (_staff, day), var in roster.works.items():
        roster.model.add_hint(var, day in worked)


def _pricing_solver(seconds: float, seed: int, cuts: bool) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = cpsat_seed(seed)
    # One person's model is small: the run-pattern clauses in the LP pay off,
    # the expensive presolve passes do not.
    solver.parameters.linearization_level = 2
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.symmetry_level = 0
    # One presolve pass: the same values, a little sooner.
    solver.parameters.max_presolve_iterations = 1
    # The LP built up front and (for most people) no cutting planes halve the
    # pricing time; some people need the cuts to prove optimality (``SLOW_PRICING``).
    solver.parameters.add_lp_constraints_lazily = False
    for cut in ("add_cg_cuts", "add_mir_cuts", "add_zero_half_cuts", "add_clique_cuts"):
        setattr(solver.parameters, cut, cuts)
    return solver


class _Collector(cp_model.CpSolverSolutionCallback):
    """Keep every roster the pricing solve passes through: each may be a column."""

    def __init__(self, pricer: Pricer) -> None:
        super().__init__()
        self._pricer = pricer
        self.found: list[Column] = []

    def on_solution_callback(self) -> None:
        self.found.append(self._pricer.column(self.value))
