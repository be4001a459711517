"""Re-timing a locality-day's plan door to door, once its visits are at addresses.

The day model leaves a typical journey between two visits of a locality; each carer's real
journeys depend on which doors follow which. Keeping each carer's order, every visit moves
as little later as its carers' exact journeys need (a visit tied by a gap does not move); a
visit that would start after its window, or a carer's day that would break its limits (end,
span, hours left, all by the working-time kernel's own day shape), loses its latest visits.
"""

from __future__ import annotations

from collections import defaultdict

from optimizer.kernel import day_shape
from optimizer.place.daily.subproblems import VisitDay
from optimizer.place.worktime import visit_piece


def _by_visit(triples) -> dict[int, tuple[int, list[str]]]:
    """Return each visit's start and carers."""
    found: dict[int, tuple[int, list[str]]] = {}
    for index, name, start in triples:
        found.setdefault(index, (start, []))[1].append(name)
    return found


def _forward(sub: VisitDay, trip, triples, tied: set[int]) -> dict[int, tuple[int, list[str]]]:
    """Move each visit, in start order, just late enough for its carers to arrive."""
    where: dict[str, tuple[int, str]] = {}  # carer -> (free from, place)
    kept = {}
    for index, (start, names) in sorted(_by_visit(triples).items(), key=lambda t: t[1][0]):
        here = sub.places[index]
        need = max(
            where[n][0] + trip(where[n][1], here) if n in where
            else sub.carers[n].earliest + trip(sub.carers[n].home, here)
            for n in names
        )  # fmt: skip
        moved = max(start, need)
        if moved > sub.windows[index][1] or (moved != start and index in tied):
            continue
        for n in names:
            where[n] = (moved + sub.visits[index].duration_minutes, here)
        kept[index] = (moved, names)
    return kept


def _shape(sub: VisitDay, trip, name: str, visits, kept):
    """Return the kernel's day shape of a carer's visits (None if they clash)."""
    pieces = [
        visit_piece(kept[i][0], kept[i][0] + sub.visits[i].duration_minutes, sub.places[i], "")
        for i in visits
    ]
    return day_shape(pieces, sub.carers[name].home, trip)


def door_to_door(sub: VisitDay, trip, name: str, placed) -> tuple[int, int, int]:
    """Return (first minute, last minute, minutes worked) of a carer's day of visits.

    Args:
        sub: the locality-day subproblem.
        trip: the problem's travel minutes.
        name: the carer.
        placed: (visit index, start) of their visits.
    """
    shape = _shape(sub, trip, name, [i for i, _ in placed], {i: (s, ()) for i, s in placed})
    return shape.first, shape.last, shape.worked


def keeps_day(sub: VisitDay, trip, name: str, starts: dict[int, int]) -> bool:
    """Return whether a carer's visits at these starts keep their day's end, span and hours
    left, by the kernel's day shape (journeys counted door to door).

    Args:
        sub: the locality-day subproblem.
        trip: the problem's travel minutes.
        name: the carer.
        starts: visit index -> start of each of their visits.
    """
    carer = sub.carers[name]
    shape = _shape(sub, trip, name, list(starts), {i: (s, ()) for i, s in starts.items()})
    return (
        shape is not None
        and shape.last <= carer.latest_end
        and shape.last - shape.first <= sub.max_span
        and shape.worked <= carer.cap
    )


def retime(sub: VisitDay, trip, triples, tied: set[int]):
    """Return the plan re-timed door to door, less the visits that no longer fit.

    Args:
        sub: the locality-day subproblem (its `places` set).
        trip: the problem's travel minutes.
        triples: (visit index, staff id, start) of the plan.
        tied: indexes of visits tied by a gap to another visit (never moved).

    Returns:
        (visit index, staff id, start) triples.
    """
    kept = _forward(sub, trip, triples, tied)
    for _ in range(len(kept)):
        mine: dict[str, list[int]] = defaultdict(list)
        for index, (_, names) in kept.items():
            for n in names:
                mine[n].append(index)
        late = [
            max(visits, key=lambda i: kept[i][0])
            for n, visits in mine.items()
            if not keeps_day(sub, trip, n, {i: kept[i][0] for i in visits})
        ]
        if not late:
            break
        for index in late:
            kept.pop(index, None)
    return [(i, n, start) for i, (start, names) in kept.items() for n in names]
