"""A first roster and a lower bound by column generation, before the search polishes it.

Column generation (``generation``) gives a bound that on the benchmark
is at or within a few units of the optimum. When the LP is close to that bound,
CP-SAT on the LP's support (``support``) gives a whole roster close
to it, and dives through the LP use the time left; best responses
(``respond``) then let each person in turn improve on it, and the
best mix of all the columns known (``mix``) may combine people's
rosters from different dives into a better one. The whole model then prices
that roster, so the objective and its breakdown by rule come from the same
rules as any other.
"""

from __future__ import annotations

import dataclasses
import math
import time

from optimizer.roster.columns.dive import LATE_SECONDS, dive
from optimizer.roster.columns.generation import generate, roster_cost
from optimizer.roster.columns.mix import best_mix
from optimizer.roster.columns.respond import respond
from optimizer.roster.columns.support import solve_on_support
from optimizer.roster.model.cpsat import price_roster, solver_parameters
from optimizer.roster.model.variables import RosterModel
from optimizer.roster.options import Progress
from optimizer.roster.problem import Solution

# Shares of the time limit: generating columns (the bound), then diving; the
# whole-model search has the rest.
GENERATE_SHARE = 0.4
DIVE_SHARE = 0.3
# Generation may run on to this share while its LP is nearly converged.
GRACE_SHARE = 0.55
# After the first dive, more while time allows: (share of people fixed per step
# at least, pricing rounds between steps); more rounds, better dives.
FIRST_DIVE_ROUNDS = 5
# At most this share of the time limit for best-response sweeps after the dive.
RESPOND_SHARE = 0.15
# At most this share of the time limit for the best mix of the columns known
# (``mix``), after a converged generation: enough for pools of up to ~1,700 columns.
MIX_SHARE = 0.12
MORE_DIVES = ((16, 8), (32, 12), (8, 5))
# Within this share of its bound the LP's support (``support``) holds a
# roster near the optimum, and CP-SAT finds it there instead of a dive; further
# off, the dive does better.
CLOSE = 0.02
# The search on the support stops after this share of the time limit without a
# better roster (``support``).
STALL_SHARE = 0.05


def plan_by_columns(
    roster: RosterModel, options, on_progress, started: float
) -> tuple[Solution | None, int]:
    """Generate columns, dive to a roster, improve it by best responses, and price it.

    Args:
        roster: the whole model (used to price the roster found).
        options: SolveOptions: time limit, workers, pins and change penalty.
        on_progress: called with a Progress when a roster is found.
        started: ``time.monotonic()`` when solving began.

    Returns:
        (the roster found or None, a lower bound on every roster's objective).
    """

    problem, limit = roster.problem, options.time_limit
    generate_until = started + GENERATE_SHARE * limit
    grace = started + GRACE_SHARE * limit
    pool, pricers = generate(problem, options, generate_until, options.workers, grace)
    if not pool.complete():
        return None, 0
    bound = max(0, math.ceil(pool.bound - 1e-6))
    dive_until = started + (GENERATE_SHARE + DIVE_SHARE) * limit
    # Unconverged, the LP has far to go: fix more people per step to finish in
    # time, and dive only once (the search gains more from the time than a
    # second dive from an LP that far off).
    converged = pool.converged
    # Converged in its grace time, the dive has little time left: the coarse
    # dive (the fine one is cut short).
    fine = converged and time.monotonic() <= generate_until
    share, rounds = (8, FIRST_DIVE_ROUNDS) if fine else (3, 2)
    more = MORE_DIVES if converged else ()
    greedy = [pool.greedy[p.id] for p in problem.staff]
    if pool.hopeless:
        # The LP is too far off for a dive to pay: round it at once (every
        # person's heaviest roster) and give the search the time.
        dive_until = time.monotonic()
    dives = (share, rounds), more
    chosen = _first_roster(roster, pool, pricers, options, dive_until, dives, bound)
    respond_until = time.monotonic() + RESPOND_SHARE * limit
    chosen = respond(problem, pricers, chosen, respond_until, options.workers)
    # A dive can still be worse than the seed (itself improved by best
    # responses): far from convergence, or cut short by its deadline.
    if roster_cost(problem, greedy) < roster_cost(problem, chosen):
        chosen = greedy
    if converged:
        mixed, _ = best_mix(problem, pool.columns(), chosen, time.monotonic() + MIX_SHARE * limit)
        if roster_cost(problem, mixed) < roster_cost(problem, chosen):
            chosen = mixed
    assignments = tuple(sorted(a for column in chosen for a in column.assignments()))
    solution = price_roster(roster, assignments)
    if solution is None:
        return None, bound
    wall = time.monotonic() - started
    solution = dataclasses.replace(solution, bound=bound, wall_time=wall)
    if on_progress is not None:
        on_progress(Progress(solution.objective, bound, wall))
    return solution, bound


def _first_roster(roster, pool, pricers, options, deadline: float, dives, bound: int):
    """One column per person: the best on the LP's support when the LP is close, and by dives.

    The dives run in the time the support leaves: their columns let the best
    mix of all the columns beat the support's own roster.
    """
    problem, workers = roster.problem, options.workers
    found = None
    if not pool.hopeless and pool.value - pool.bound <= CLOSE * pool.value:
        found = _on_support(roster, pool, pricers, options, deadline, bound)
    if found is not None:
        for column in found:
            pool.add(column)
        if roster_cost(problem, found) <= bound or deadline - time.monotonic() < 2 * LATE_SECONDS:
            return found
    dived = _best_dive(problem, pool, pricers, deadline, workers, *dives, bound)
    if found is not None and roster_cost(problem, found) <= roster_cost(problem, dived):
        return found
    return dived


def _on_support(roster, pool, pricers, options, deadline: float, bound: int):
    """The best roster on the LP's support (``support``) as one column per person."""
    solver = solver_parameters(options, deadline - time.monotonic())
    found = solve_on_support(roster, pool, solver, bound, STALL_SHARE * options.time_limit)
    if found is None:
        return None
    keys: dict[str, set] = {person.id: set() for person in roster.problem.staff}
    for a in found.assignments:
        keys[a.staff].add((a.day, a.shift, a.site))
    chosen = [pricers[staff].roster_column(frozenset(mine)) for staff, mine in keys.items()]
    return None if None in chosen else chosen


def _best_dive(problem, pool, pricers, deadline, workers, first, more, bound: int):
    """Dive, then ``more`` while time allows (each leaves the pool richer); keep the best."""
    share, rounds = first
    began = time.monotonic()
    best = dive(problem, pool, pricers, deadline, workers, rounds, share)
    cost, took = roster_cost(problem, best), time.monotonic() - began
    for share, rounds in more:
        # A dive cut short by the deadline fixes everyone at once and is poor
        # (14,302 against 6,551 on Instance 18): leave its time to the search.
        if deadline - time.monotonic() < 2 * took or cost <= bound:
            break
        again = dive(problem, pool, pricers, deadline, workers, rounds, share)
        again_cost = roster_cost(problem, again)
        if again_cost < cost:
            best, cost = again, again_cost
    return best
