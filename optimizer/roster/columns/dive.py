"""Diving through the LP: fix the rosters it likes best, re-price the rest, repeat.

Column generation (``generation``) leaves an LP that mixes several
rosters for some people. A dive fixes, step by step, the roster each person's
mix weighs most, letting everyone not yet fixed re-price around them, until
every person has one roster.
"""

from __future__ import annotations

import time

from optimizer.roster.columns.generation import Round, price_people, pricing_gap
from optimizer.roster.columns.master import Master
from optimizer.roster.columns.pool import EPSILON, Column, ColumnPool
from optimizer.roster.columns.pricer import Pricer
from optimizer.roster.problem import Problem

LATE_SECONDS = 2.0  # a dive past its deadline fixes everyone left after this long


def dive(
    problem: Problem,
    pool: ColumnPool,
    pricers: dict[str, Pricer],
    deadline: float,
    workers: int = 2,
    rounds: int = 2,
    share: int = 8,
) -> list[Column]:
    """Fix the rosters the LP likes best, re-price the rest, and repeat until whole.

    Each step fixes every person whose LP mix is mostly one roster, and at
    least the ``1/share`` of the others with the heaviest rosters; then up to
    ``rounds`` pricing rounds let the rest adapt before the next step. When
    time runs out, the steps go on without pricing; LATE_SECONDS after it,
    everyone left gets their heaviest roster.

    Returns:
        One column per person.
    """
    master = Master(problem, pool.columns())
    while True:
        for _ in range(rounds if time.monotonic() < deadline else 0):
            value, duals, persons = master.solve()
            free = [p for p in problem.staff if p.id not in master.fixed]
            rnd = Round(duals, persons, gap=pricing_gap(value, pool.bound, len(problem.staff)))
            if not price_people(free, pool, master, pricers, rnd, deadline, workers):
                break
        master.solve()
        mix = master.mix()
        if all(len(mine) == 1 and mine[0][0] > 1 - EPSILON for mine in mix.values()):
            return [mine[0][1] for mine in mix.values()]
        # Past the deadline, keep fixing a third per step by the LP alone (no
        # pricing: a few LP solves); fixing everyone at once is far worse, so only
        # well past it is that still done.
        late = time.monotonic() - deadline
        _fix_heaviest(master, mix, min(share, 3) if late >= 0 else share, late > LATE_SECONDS)


def _fix_heaviest(master: Master, mix: dict, share: int, everyone: bool) -> None:
    heaviest = sorted(
        (
            max(mine, key=lambda pair: pair[0])
            for staff, mine in mix.items()
            if staff not in master.fixed
        ),
        key=lambda pair: -pair[0],
    )
    at_least = len(heaviest) if everyone else max(1, len(heaviest) // share)
    for rank, (weight, column) in enumerate(heaviest):
        if weight > 0.9 or rank < at_least:
            master.fix(column)
