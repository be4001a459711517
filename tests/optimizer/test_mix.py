"""The best mix of known rosters: one column per person, by an integer programme."""

from __future__ import annotations

import time

from roster_factories import need, person, problem

from optimizer.roster.columns.generation import roster_cost
from optimizer.roster.columns.mix import best_mix
from optimizer.roster.columns.pool import Column


def _column(staff: str, days: tuple[int, ...], cost: int = 0) -> Column:
    """A roster of earlies on ``days`` (cover row n is day n's early)."""
    keys = frozenset((day, "E", None) for day in days)
    return Column(staff, keys, cost, tuple((day, 1) for day in sorted(days)))


def _four_days():
    return problem(days=4, staff=[person("A"), person("B")], cover=[need(d) for d in range(4)])


def test_does_it_find_a_mix_that_needs_two_people_to_change_at_once():
    p = _four_days()
    # B's late-week roster costs 5 (say, a request it breaks). Neither person
    # alone can improve: either move leaves two days short. Both together can.
    incumbent = [_column("A", (0, 1)), _column("B", (2, 3), cost=5)]
    known = [_column("A", (2, 3)), _column("B", (0, 1))]
    assert roster_cost(p, incumbent) == 5

    best, optimal = best_mix(p, known, incumbent, time.monotonic() + 20)

    assert optimal
    assert roster_cost(p, best) == 0
    assert {c.staff: c.keys for c in best} == {
        "A": _column("A", (2, 3)).keys,
        "B": _column("B", (0, 1)).keys,
    }


def test_does_it_keep_the_incumbent_when_nothing_known_beats_it():
    p = _four_days()
    incumbent = [_column("A", (0, 1)), _column("B", (2, 3), cost=5)]
    known = [_column("A", (0, 1, 2)), _column("B", (0,))]

    best, optimal = best_mix(p, known, incumbent, time.monotonic() + 20)

    assert optimal
    assert roster_cost(p, best) == 5
    assert [c.keys for c in best] == [c.keys for c in incumbent]


def test_does_it_return_the_incumbent_when_time_has_run_out():
    p = _four_days()
    incumbent = [_column("A", (0, 1)), _column("B", (2, 3), cost=5)]
    known = [_column("A", (2, 3)), _column("B", (0, 1))]

    assert best_mix(p, known, incumbent, time.monotonic() - 1) == (incumbent, False)


def test_does_it_leave_out_only_columns_that_no_better_roster_can_use():
    from optimizer.roster.columns.mix import promising

    p = _four_days()
    incumbent = [_column("A", (0, 1)), _column("B", (2, 3), cost=5)]
    needed = [_column("A", (2, 3)), _column("B", (0, 1))]  # the mix of cost 0
    # Costs so far above the incumbent's 5 that no prices of the four days
    # (at most the under weight, 100, each) can bring them within reach.
    useless = [_column("A", (0, 1, 2, 3), cost=500), _column("B", (1,), cost=400)]

    kept = promising(p, needed + useless, incumbent)

    assert {(c.staff, c.keys) for c in needed} <= {(c.staff, c.keys) for c in kept}
    assert not any(c in kept for c in useless)
