"""Moving one piece of work to make room: when no one is free for an unfilled item.

Once insertion leaves nothing insertable, a worker blocked from an unfilled item by one
single-carer visit or shift can still take it if that piece moves to someone else. Each
move is checked with the kernel on both workers' whole plans; the plan only ever gains an
item, so the loop ends, and it stops at its deadline.
"""

from __future__ import annotations

from collections import Counter

from optimizer.kernel import DAY
from optimizer.place.budget import Deadline, deadline
from optimizer.place.solution import Assignment
from optimizer.place.whole.insertion import able_at, starts, trial
from optimizer.place.whole.plans import Plans


class Moves:
    """The plan as assignments by (worker, item), kept in step with `Plans`."""

    def __init__(self, problem, eligibility, assignments):
        self.problem, self.eligibility = problem, eligibility
        self.plans = Plans(problem, eligibility.staff, assignments)
        self.by_key = {(a.staff, a.item): a for a in assignments}
        self.items = {c.id: (c, "cover") for c in problem.cover} | {
            v.id: (v, "visit") for v in problem.visits
        }
        self.count = Counter(a.item for a in assignments)

    def add(self, name: str, item, kind: str, piece, shape) -> None:
        """Record a worker on an item."""
        self.plans.add(name, piece, shape)
        self.plans.item_at[name, piece.start] = item.id
        at = self.problem.at
        self.by_key[name, item.id] = Assignment(
            name, item.id, kind, at(piece.start), at(piece.end), piece.employer
        )
        self.count[item.id] += 1

    def drop(self, name: str, piece) -> str:
        """Take a worker off the item of `piece`; return the item id."""
        item_id = self.plans.item_at.pop((name, piece.start))
        self.plans.remove(name, piece)
        del self.by_key[name, item_id]
        self.count[item_id] -= 1
        return item_id


def _single(moves: Moves, item_id: str) -> bool:
    """Return whether an item is a single-carer visit or a shift position (movable alone)."""
    item, kind = moves.items[item_id]
    return kind == "cover" or item.carers == 1


def _blockers(moves: Moves, name: str, item, kind: str, start: int, length: int):
    """Return the worker's movable pieces near the item's time that day (at most one matters)."""
    plans = moves.plans
    gap = 2 * plans.wt.break_length + 60  # pieces further away cannot be what blocks it
    near = [
        p
        for p in plans.days[name].get(start // DAY, ())
        if not p.fixed and p.start < start + length + gap and start - gap < p.end
    ]
    return [p for p in near if _single(moves, plans.item_at.get((name, p.start), ""))]


def _try_swap(moves: Moves, name: str, item, kind: str, until: Deadline) -> bool:
    """Try moving one of the worker's pieces elsewhere so the worker takes `item`."""
    plans = moves.plans
    length = (
        item.duration_minutes
        if kind == "visit"
        else moves.problem.minute(item.end) - moves.problem.minute(item.start)
    )
    for start in starts(plans, name, item, kind):
        for piece in _blockers(moves, name, item, kind, start, length):
            if until.passed():
                return False
            other_id = moves.drop(name, piece)
            if _reassign(moves, name, item, kind, start, other_id):
                return True
            day = plans.days[name].get(piece.start // DAY, [])
            moves.add(name, *moves.items[other_id], piece, plans.shape(name, [*day, piece]))
    return False


def _reassign(moves: Moves, name: str, item, kind: str, start: int, other_id: str) -> bool:
    """With the worker's piece removed: give them the item and the piece to someone else."""
    rule, found = trial(
        moves.plans, moves.eligibility.staff[name], item, kind, start, item.employers
    )
    if rule != "ok":
        return False
    moves.add(name, item, kind, *found)
    other, other_kind = moves.items[other_id]
    names = _eligible(moves, other, other_kind, exclude={name})
    placed = able_at(moves.plans, moves.eligibility, other, other_kind, names, 1)
    if placed is None:
        piece = found[0]
        moves.drop(name, piece)
        return False
    ((who, piece, shape),) = placed[1]
    moves.add(who, other, other_kind, piece, shape)
    return True


def _eligible(moves: Moves, item, kind: str, exclude: set[str]) -> list[str]:
    """Return the statically eligible workers for an item, not already on it."""
    e = moves.eligibility
    names = e.eligible_for_cover(item) if kind == "cover" else e.eligible_for_visit(item)
    return [n for n in names if n not in exclude and (n, item.id) not in moves.by_key]


def eject(problem, assignments, eligibility, seconds: float | Deadline) -> list[Assignment]:
    """Fill unfilled single-carer items by moving one piece of a blocking worker's plan.

    Args:
        problem: the place problem.
        assignments: a plan in which nothing is insertable.
        eligibility: cached static facts.
        seconds: the time budget, or a `Deadline` (which may count checks).

    Returns:
        The plan, with more items filled when moves were found.
    """
    until = deadline(seconds)
    moves = Moves(problem, eligibility, assignments)
    need = {
        i: (item.required if kind == "cover" else item.carers)
        for i, (item, kind) in moves.items.items()
    }
    order = sorted(moves.items, key=lambda i: (moves.items[i][0].priority, i))
    for item_id in order:
        item, kind = moves.items[item_id]
        if moves.count[item_id] >= need[item_id] or (kind == "visit" and item.carers > 1):
            continue
        for name in _eligible(moves, item, kind, exclude=set()):
            if until.passed():
                return list(moves.by_key.values())
            filled = _try_swap(moves, name, item, kind, until)
            if filled and moves.count[item_id] >= need[item_id]:
                break
    return list(moves.by_key.values())
