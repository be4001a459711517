"""CP-SAT model of one day's cover: who works which shift at which site.

Hard rules: a worker works at most one shift a day; a slot takes no more people than it
needs. Soft rules: missing people by priority, then pay, fairness and preferences (each
option's cost is computed in `subproblems`).
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from optimizer.place.subproblems import CoverDay, CoverOption

SCALE = 100  # objective units are multiplied by this and rounded for CP-SAT


def _new_choices(model: cp_model.CpModel, cover: CoverDay) -> list[cp_model.IntVar]:
    """Create one boolean per option, named after the worker and the slot."""
    return [
        model.new_bool_var(f"works(staff={o.staff}, slot={cover.slots[o.slot].id})")
        for o in cover.options
    ]


def add_one_shift_per_day(model, cover: CoverDay, works) -> None:
    """A worker works at most one shift a day."""
    by_staff: dict[str, list] = {}
    for option, var in zip(cover.options, works, strict=True):
        by_staff.setdefault(option.staff, []).append(var)
    for variables in by_staff.values():
        model.add_at_most_one(variables)


def add_no_more_than_required(model, cover: CoverDay, works) -> list:
    """A shift takes no more people than it needs; returns the people short per slot."""
    by_slot: dict[int, list] = {i: [] for i in range(len(cover.slots))}
    for option, var in zip(cover.options, works, strict=True):
        by_slot[option.slot].append(var)
    shorts = []
    for index, slot in enumerate(cover.slots):
        short = model.new_int_var(0, slot.required, f"cover_short(slot={slot.id})")
        model.add(sum(by_slot[index]) + short == slot.required)
        shorts.append(short)
    return shorts


def penalise_short_cover(cover: CoverDay, shorts) -> list:
    """Every missing person on a shift costs the weight of the shift's priority."""
    return [round(SCALE * cover.unmet[i]) * short for i, short in enumerate(shorts)]


def penalise_option_costs(cover: CoverDay, works) -> list:
    """Each worker placed costs their pay, fairness and preference cost."""
    return [round(SCALE * o.penalty) * var for o, var in zip(cover.options, works, strict=True)]


def solve_cover(cover: CoverDay, seconds: float, workers: int, hint: list[CoverOption]):
    """Solve one day's cover with CP-SAT, starting from a hint.

    Args:
        cover: the day's slots and options.
        seconds: time limit.
        workers: CP-SAT search workers.
        hint: a feasible choice (the greedy one) to start from.

    Returns:
        The chosen options, or None if CP-SAT found nothing in time.
    """
    if not cover.options:
        return []
    model = cp_model.CpModel()
    works = _new_choices(model, cover)
    add_one_shift_per_day(model, cover, works)
    shorts = add_no_more_than_required(model, cover, works)
    model.minimize(sum(penalise_short_cover(cover, shorts) + penalise_option_costs(cover, works)))
    hinted = {(o.staff, o.slot) for o in hint}
    for option, var in zip(cover.options, works, strict=True):
        model.add_hint(var, (option.staff, option.slot) in hinted)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, seconds)
    solver.parameters.num_workers = workers
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return [o for o, var in zip(cover.options, works, strict=True) if solver.value(var)]
