"""When a visit may start: its window, the lateness tolerated after it, its gaps to other visits.

A visit starts from `earliest_start`; after `latest_start` it is late, each minute costing
the lateness weight, up to `late_tolerance_minutes` (later is not allowed). A gap ties two
visits' starts (the second `min_minutes` to `max_minutes` after the first) when both happen.
"""

from __future__ import annotations

from collections.abc import Mapping


def start_window(problem, visit) -> tuple[int, int]:
    """Return the visit's first and last allowed start, in minutes (lateness included)."""
    return problem.minute(visit.earliest_start), problem.minute(visit.last_start)


def late_minutes(problem, visit, start: int) -> int:
    """Return how many minutes after its window a visit starting at `start` begins."""
    return max(0, start - problem.minute(visit.latest_start))


def gap_window(window: tuple[int, int], partner_start: int, low: int, high: int):
    """Return the part of `window` within [low, high] of a partner's start (may be empty)."""
    return max(window[0], partner_start + low), min(window[1], partner_start + high)


def tied_window(problem, visit, window: tuple[int, int], starts: Mapping[str, int]):
    """Return `window` narrowed by the gaps to partners already planned (in `starts`).

    Args:
        problem: the place problem.
        visit: the visit.
        window: its first and last start so far.
        starts: planned starts by visit id; partners not in it do not narrow.

    Returns:
        (first, last); first > last when no start keeps every gap.
    """
    for partner, low, high in problem.gaps_by_visit.get(visit.id, ()):
        if partner in starts:
            window = gap_window(window, starts[partner], low, high)
    return window


def gaps_among(problem, visits) -> list[tuple[int, int, int, int]]:
    """Return (i, j, low, high) for each gap between two of `visits`, by their index."""
    index = {v.id: i for i, v in enumerate(visits)}
    return [
        (index[g.first], index[g.second], g.min_minutes, g.max_minutes)
        for g in problem.visit_gaps
        if g.first in index and g.second in index
    ]


def gap_index(gaps) -> dict[str, list[tuple[str, int, int]]]:
    """Return, per visit, (partner, low, high): when both happen, the visit starts `low` to
    `high` minutes after its partner (negative when it comes first)."""
    found: dict[str, list[tuple[str, int, int]]] = {}
    for g in gaps:
        found.setdefault(g.second, []).append((g.first, g.min_minutes, g.max_minutes))
        found.setdefault(g.first, []).append((g.second, -g.max_minutes, -g.min_minutes))
    return found
