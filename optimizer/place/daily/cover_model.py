"""One day's cover as a min-cost flow: who works which shift at which site.

Hard rules are arc capacities: a worker works at most one shift a day (source to worker,
capacity 1); a shift takes no more people than it needs (shift to sink, capacity
`required`). Soft rules are arc costs: each missing person costs the shift's priority weight
(a negative cost on the shift-to-sink arc earns it back), and each option costs its pay,
fairness and preference penalty. A bypass arc lets workers stay off. The day's cover is an
assignment problem, so this flow is optimal for it.
"""

from __future__ import annotations

from ortools.graph.python import min_cost_flow

from optimizer.place.daily.subproblems import CoverDay, CoverOption

SCALE = 100  # objective units are multiplied by this and rounded to integer arc costs


def add_one_shift_per_day(flow, source: int, staff_nodes: dict[str, int]) -> None:
    """A worker works at most one shift a day."""
    for node in staff_nodes.values():
        flow.add_arc_with_capacity_and_unit_cost(source, node, 1, 0)


def add_no_more_than_required(flow, cover: CoverDay, slot_nodes: list[int], sink: int) -> None:
    """A shift takes no more people than it needs; each person placed earns its unmet weight."""
    for index, slot in enumerate(cover.slots):
        earned = -round(SCALE * cover.unmet[index])
        flow.add_arc_with_capacity_and_unit_cost(slot_nodes[index], sink, slot.required, earned)


def penalise_option_costs(flow, cover: CoverDay, staff_nodes, slot_nodes) -> list[int]:
    """Each worker placed costs their pay, fairness and preference cost; returns the arcs."""
    return [
        flow.add_arc_with_capacity_and_unit_cost(
            staff_nodes[o.staff], slot_nodes[o.slot], 1, round(SCALE * o.penalty)
        )
        for o in cover.options
    ]


def solve_cover(cover: CoverDay) -> list[CoverOption]:
    """Solve one day's cover optimally as a min-cost flow.

    Args:
        cover: the day's slots and options.

    Returns:
        The chosen options, at most one per worker and no more than each slot requires.
    """
    if not cover.options:
        return []
    flow = min_cost_flow.SimpleMinCostFlow()
    names = sorted({o.staff for o in cover.options})
    staff_nodes = {name: 1 + i for i, name in enumerate(names)}
    slot_nodes = [1 + len(names) + i for i in range(len(cover.slots))]
    source, sink = 0, 1 + len(names) + len(cover.slots)
    add_one_shift_per_day(flow, source, staff_nodes)
    add_no_more_than_required(flow, cover, slot_nodes, sink)
    arcs = penalise_option_costs(flow, cover, staff_nodes, slot_nodes)
    flow.add_arc_with_capacity_and_unit_cost(source, sink, len(names), 0)  # staying off
    flow.set_node_supply(source, len(names))
    flow.set_node_supply(sink, -len(names))
    if flow.solve() != flow.OPTIMAL:
        raise RuntimeError("cover flow failed")
    return [o for o, arc in zip(cover.options, arcs, strict=True) if flow.flow(arc) > 0]
