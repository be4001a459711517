"""Generating columns, and turning them into one roster per person.

``generate`` alternates the master LP and each person's pricing until no
roster beats the LP at its prices; smoothed prices (Wentges) and, while the LP
value still falls fast, pricing a quarter of the staff per round shorten that.
``dive`` then turns the LP into one roster per person.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field

from optimizer.roster.columns.master import Master
from optimizer.roster.columns.pool import (
    EPSILON,
    Column,
    ColumnPool,
    cover_index,
    each_person,
    reduced_cost,
)
from optimizer.roster.columns.pricer import Pricer
from optimizer.roster.columns.respond import residual_prices, respond
from optimizer.roster.problem import Problem, StaffMember

# Weight of the best-bound duals in the prices (Wentges smoothing): fewer rounds
# of column generation, as the LP's own duals swing from one extreme to another.
SMOOTHING = 0.5
# Relative fall of the LP value below which pricing goes back to full rounds.
PARTIAL_UNTIL = 0.01
# Halfway through its time, generation gives up if the LP is still above this
# share of the seed's cost (after best responses): its columns will not make a
# roster better than the search does from the seed (figures: bench/README.md).
HOPELESS = 0.9
# Generation gives up at once if the seed took more than this share of its time:
# the rounds to convergence take many times the seed's (figures: bench/README.md).
SLOW_SEED = 0.3
# Pricing stops once a person's roster is within this share of the LP's distance
# from the bound (per person, at most MAX_GAP): the proof of the last few units
# of reduced cost is most of a pricing solve's time, and far from convergence
# it buys nothing. The bound stays valid (it uses each solve's own bound).
GAP_SHARE = 0.1
MAX_GAP = 5.0
# Generation may run on to its ``grace`` deadline while the LP is within this
# share of the Lagrangian bound: nearly converged, a few more rounds give the
# dive a converged LP (figures: bench/README.md).
NEARLY = 0.1


@dataclass
class Round:
    """One pricing round: the LP's duals, and the prices pricing uses (smoothed)."""

    duals: list[float]
    persons: dict[str, float]
    prices: list[float] | None = None  # None: the duals themselves
    gap: float = 0.0  # pricing may stop this close to each person's best roster
    lower: dict[str, float] = field(default_factory=dict)  # person -> bound on cost - prices.cover
    proven: bool = True

    def at(self) -> list[float]:
        return self.duals if self.prices is None else self.prices


def generate(
    problem: Problem,
    options,
    deadline: float,
    workers: int = 2,
    grace: float | None = None,
) -> tuple[ColumnPool, dict[str, Pricer]]:
    """Generate columns until no roster beats the LP at its prices or time runs out.

    Args:
        problem: the rostering problem.
        options: SolveOptions (pinned assignments and change penalty reach pricing).
        deadline: ``time.monotonic()`` by which to stop.
        workers: pricing threads.
        grace: a later deadline, taken instead if the LP is nearly converged
            (NEARLY) when ``deadline`` passes.

    Returns:
        The column pool (with the best bound proved) and the pricers.
    """
    began = time.monotonic()
    rows = cover_index(problem)
    pricers = {p.id: Pricer(problem, p, rows[p.id], options) for p in problem.staff}
    pool, master = ColumnPool(problem), Master(problem)
    _seed_columns(problem, pool, master, pricers, deadline, workers)
    if not pool.complete():
        # Someone has no roster that keeps their own rules (or time ran out
        # finding one): the whole model will say which.
        return pool, pricers
    seeded = time.monotonic() - began
    _improve_seed(problem, pool, pricers, deadline, workers)
    pool.hopeless = True  # until an LP value says otherwise
    if seeded > SLOW_SEED * (deadline - began):
        return pool, pricers
    centre, smoothing, previous, turn, retried = None, SMOOTHING, math.inf, 0, False
    halfway = (time.monotonic() + deadline) / 2
    greedy = roster_cost(problem, list(pool.greedy.values()))
    while time.monotonic() < deadline or _nearly(pool, grace):
        if time.monotonic() >= deadline:
            deadline = grace
        value, duals, persons = master.solve()
        pool.value = value
        pool.hopeless = value > HOPELESS * greedy
        if time.monotonic() > halfway and pool.hopeless:
            break
        # While the LP value still falls fast, price a quarter of the staff
        # per round: the duals move too much for a full round to pay.
        if value < (1 - PARTIAL_UNTIL) * previous:
            previous, turn = value, turn + 1
            people = _quarter(problem.staff, turn)
            rnd = Round(duals, persons, gap=pricing_gap(value, pool.bound, len(problem.staff)))
            price_people(people, pool, master, pricers, rnd, deadline, workers)
            continue
        previous = value
        gap = 0.0 if retried else pricing_gap(value, pool.bound, len(problem.staff))
        rnd = Round(duals, persons, _smoothed(centre, duals, smoothing), gap)
        added = price_people(list(problem.staff), pool, master, pricers, rnd, deadline, workers)
        if len(rnd.lower) == len(problem.staff):
            lagrangian = _lagrangian(problem, rnd)
            if lagrangian > pool.bound:
                pool.bound, centre = lagrangian, rnd.at()
        if value - pool.bound < 1.0:
            # Costs are integers: the bound on a roster's cost can rise by less
            # than one more unit, and the LP's duals are as good as final.
            pool.converged, pool.hopeless = True, False
            break
        if not added and rnd.prices is None:
            if (rnd.proven and not gap) or retried:
                pool.converged, pool.hopeless = True, False
                break
            # Nothing found, but not everyone's pricing finished: once more, to prove it.
            retried = True
        # A round at smoothed prices that finds nothing is a mis-price: the
        # next one prices at the LP's own duals.
        smoothing = SMOOTHING if added else 0.0
    return pool, pricers


def _nearly(pool: ColumnPool, grace: float | None) -> bool:
    """Whether there is grace time left and the LP is within NEARLY of the bound."""
    if grace is None or time.monotonic() >= grace or not pool.bound:
        return False
    return pool.value - pool.bound <= NEARLY * pool.value


def pricing_gap(value: float, bound: float, people: int) -> float:
    """How close to their best roster pricing may stop: a share of the LP's gap to the bound."""
    return min(MAX_GAP, GAP_SHARE * max(0.0, value - bound) / people)


def _quarter(staff, turn: int) -> list[StaffMember]:
    """The turn-th quarter of the staff (at least four people, each once), cyclically."""
    size = min(len(staff), max(4, math.ceil(len(staff) / 4)))
    first = (turn * size) % len(staff)
    return list(staff[first : first + size]) + list(staff[: max(0, first + size - len(staff))])


def _smoothed(centre, duals: list[float], smoothing: float) -> list[float] | None:
    """Prices between the best-bound duals so far and the LP's (Wentges smoothing)."""
    if centre is None or not smoothing:
        return None
    return [smoothing * c + (1 - smoothing) * d for c, d in zip(centre, duals, strict=True)]


def _lagrangian(problem: Problem, rnd: Round) -> float:
    """The Lagrangian bound at the round's prices (from each person's pricing bound)."""
    prices = rnd.at()
    demand = sum(need.required * price for need, price in zip(problem.cover, prices, strict=True))
    return demand + sum(rnd.lower.values())


def _seed_columns(problem, pool, master, pricers, deadline, workers) -> None:
    """Give everyone a column: one by one, their best roster for the cover still unmet.

    Each person is priced at the under weight for each requirement the people
    before them leave short and minus the over weight for each they already
    meet, so the seed columns together make a whole roster (a sequential
    greedy). Prices shared by everyone at half the under weight instead had
    everyone crowd onto the same shifts: the first LP on Instance 13 was
    91,409 (the optimum is 1,348).
    """
    given = [0] * len(problem.cover)
    lock = threading.Lock()

    def residual() -> Round:
        with lock:
            return Round(residual_prices(problem.cover, given), {})

    def taken(column: Column) -> None:
        with lock:
            pool.greedy[column.staff] = column
            for row, count in column.cover:
                given[row] += count

    queue = list(reversed(problem.staff))
    _price_in_turn(queue, pool, master, pricers, residual, taken, deadline, workers)


def _improve_seed(problem, pool, pricers, deadline, workers) -> None:
    """Let each person improve on the seed in turn (best responses), in at most half the time.

    A far better fallback roster, and a fairer yardstick for giving up
    (HOPELESS); figures in bench/README.md.
    """
    seed = [pool.greedy[person.id] for person in problem.staff]
    until = (time.monotonic() + deadline) / 2
    # Its columns stay out of the LP: from that roster the LP stalled on
    # Instance 13 (5,522 through 2,187 columns, where from the seed alone it
    # fell to 2,251) and converged later on 12 and 17.
    for column in respond(problem, pricers, seed, until, workers):
        pool.greedy[column.staff] = column


def _price_in_turn(queue, pool, master, pricers, prices, taken, deadline, workers) -> None:
    """Price people one at a time at ``prices()``; each keeps the best roster found."""

    def step(person: StaffMember, seed: int, lock: threading.Lock) -> None:
        rnd = prices()
        seconds = min(2.0, deadline - time.monotonic())
        found, _proven, _lower = pricers[person.id].price(rnd.at(), seconds, None, seed)
        with lock:
            for column in found:
                if pool.add(column):
                    master.add(column)
            if found:
                taken(found[-1])

    each_person(queue, deadline, workers, step)


def price_people(people, pool, master, pricers, rnd, deadline, workers) -> int:
    """Price each person (``workers`` threads); add the columns that beat the LP."""
    added = [0]

    def step(person: StaffMember, seed: int, lock: threading.Lock) -> None:
        with lock:
            mine = pool.by_staff.get(person.id, [])
            hint = min(mine, key=lambda c: reduced_cost(c, rnd.at(), 0.0)) if mine else None
        seconds = min(2.0, deadline - time.monotonic())
        found, proven, lower = pricers[person.id].price(rnd.at(), seconds, hint, seed, rnd.gap)
        with lock:
            rnd.lower[person.id] = lower
            _take(person.id, found, proven, pool, master, rnd, added)

    if each_person(list(reversed(people)), deadline, workers, step):
        rnd.proven = False
    return added[0]


def _take(staff, found, proven, pool, master, rnd, added) -> None:
    rnd.proven = rnd.proven and proven and bool(found)
    person_dual = rnd.persons.get(staff, 0.0)
    for column in found:
        rc = reduced_cost(column, rnd.duals, person_dual)
        if rc < -EPSILON and pool.add(column):
            master.add(column)
            added[0] += 1


def roster_cost(problem: Problem, columns: list[Column]) -> int:
    """The whole objective of one column per person: their own costs and the cover's.

    Fairness (``rules.fairness``) is left out: it ties people together, so no
    column carries it; the whole model prices the roster chosen with it.
    """
    given = [0] * len(problem.cover)
    for column in columns:
        for row, count in column.cover:
            given[row] += count
    cover = sum(
        need.under_weight * max(0, need.required - people)
        + need.over_weight * max(0, people - need.required)
        for need, people in zip(problem.cover, given, strict=True)
    )
    return cover + sum(column.cost for column in columns)
