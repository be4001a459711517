"""Explaining a worker stopped by a day or period their fixed work alone already breaks.

Such a day or period is closed to new work (`optimizer.kernel.excuse`), so the reason names
the fixed work and its date, not the figures the item would add.
"""

from __future__ import annotations

from optimizer.kernel import ORDER, closing
from optimizer.place.whole.explain_words import already
from optimizer.place.whole.insertion import window
from optimizer.place.whole.plans import Plans


def fixed_detail(plans: Plans, staff, item, kind: str, rule: str, start, on) -> str | None:
    """Return why the worker's fixed work closes the item's day or period to them, or None.

    Args:
        plans: every worker's plan.
        staff: the worker.
        item: the visit or cover slot; `kind` says which.
        rule: the rule that stopped the worker at `start` (their furthest stage).
        start: the start tried (None when no start got that far).
        on: words a minute's date, e.g. '2 Nov'.
    """
    if start is None or rule not in ORDER:
        return None
    employer = next(c.employer for c in staff.contracts if c.employer in item.employers)
    piece = plans.piece(item.id, kind, start, start + window(plans, item, kind)[2], employer)
    shut = [c for c in closing(plans.closed(staff.id), piece) if c.breach.rule == rule]
    return already(shut[0], plans.wt, on) if shut else None
