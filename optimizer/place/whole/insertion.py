"""Trying one more item on one worker at every start time that could matter.

Whether a piece fits a worker's plan changes only where it meets their other work: the
window's ends, just after a piece of work (travel included), just before the next, the same
with a break between, and where the day's span or daily or weekly rest begins to bind. So
testing those starts (and every minute when asked) tests every feasible start.
"""

from __future__ import annotations

from optimizer.kernel import DAY, ORDER, Piece
from optimizer.place.eligibility import free_between, free_starts
from optimizer.place.travel import home_of, place_of
from optimizer.place.visit_times import start_window, tied_window
from optimizer.place.whole.plans import Plans

STAGES = ("unavailable", *ORDER, "ok")  # leave first: no rule matters at a start they are away


def window(plans: Plans, item, kind: str) -> tuple[int, int, int]:
    """Return (earliest start, last start, duration) of an item, in minutes.

    A visit's last start allows its lateness and keeps its gaps to visits already planned.
    """
    problem = plans.problem
    if kind == "visit":
        partners = problem.gaps_by_visit.get(item.id, ())
        planned = {p: plans.start_of(p) for p, _, _ in partners}
        planned = {p: start for p, start in planned.items() if start is not None}
        earliest, last = tied_window(problem, item, start_window(problem, item), planned)
        return earliest, last, item.duration_minutes
    start = problem.minute(item.start)
    return start, start, problem.minute(item.end) - start


def _leg(plans: Plans, a: str | None, b: str | None) -> int:
    """Return travel minutes between two places (0 if either is unknown)."""
    return plans.problem.travel_minutes(a, b) if a and b else 0


def starts(plans: Plans, staff_id: str, item, kind: str, every_minute: bool = False):
    """Return the start times to test for a worker, sorted (every minute if asked)."""
    earliest, latest, length = window(plans, item, kind)
    if every_minute or earliest == latest:
        return list(range(earliest, latest + 1))
    wt, where, day = plans.wt, place_of(item) if kind == "visit" else None, earliest // DAY
    home = home_of(plans.staff[staff_id])
    out, back = _leg(plans, home, where), _leg(plans, where, home)
    times = {earliest, latest, (earliest + latest) // 2}
    times |= set(free_starts(plans.away[staff_id], earliest, latest, length))
    for d in (day - 1, day, day + 1):
        for p in plans.days[staff_id].get(d, ()):
            after = p.end + _leg(plans, p.locality, where)
            before = p.start - _leg(plans, where, p.locality) - length
            times |= {after, after + wt.break_length, before, before - wt.break_length}
        shape = plans.shapes[staff_id].get(d)
        if shape is None:
            continue
        rests = (wt.daily_rest, wt.weekly_rest_needed)
        if d == day:
            latest_end = shape.first + wt.max_day_span - length
            times |= {shape.last - wt.max_day_span + out, latest_end, latest_end - back}
        elif d < day:
            times |= {shape.last + r + out for r in rests}
        else:
            times |= {shape.first - r - length - back for r in rests}
    return sorted(t for t in times if earliest <= t <= latest)


def trial(plans: Plans, staff, item, kind: str, start: int, employers) -> tuple[str, tuple]:
    """Return (rule, (piece, shape)) of the furthest stage the worker reaches at `start`.

    The rule is "ok" when the worker can take the item there under one of their contracts.
    """
    best, found = STAGES[0], ()
    length = window(plans, item, kind)[2]
    for contract in staff.contracts:
        if contract.employer not in employers:
            continue
        piece = plans.piece(item.id, kind, start, start + length, contract.employer)
        rule, shape = quick(plans, staff, piece) or plans.check(staff, piece)
        if STAGES.index(rule) > STAGES.index(best):
            best, found = rule, (piece, shape)
        if rule == "ok":
            break
    return best, found


def quick(plans: Plans, staff, piece: Piece):
    """Return (rule, None) when a cheap test already shows the piece cannot fit, else None."""
    if not free_between(plans.away[staff.id], piece.start, piece.end):
        return "unavailable", None
    today = plans.days[staff.id].get(piece.start // DAY, ())
    if any(w.start < piece.end and piece.start < w.end for w in today):
        return "busy", None
    first = min([piece.start] + [w.start for w in today])
    last = max([piece.end] + [w.end for w in today])
    if last - first > plans.wt.max_day_span:
        return "day_span", None
    return None


def best_stage(plans: Plans, staff, item, kind: str, every_minute: bool = False):
    """Return (rule, start) of the worker's furthest stage over every start that matters."""
    best, when = STAGES[0], None
    for start in starts(plans, staff.id, item, kind, every_minute):
        rule, _ = trial(plans, staff, item, kind, start, item.employers)
        if STAGES.index(rule) > STAGES.index(best):
            best, when = rule, start
        if rule == "ok":
            break
    return best, when


def able_at(plans: Plans, eligibility, item, kind: str, names, need: int, deadline=None):
    """Return (start, [(name, piece, shape)]) where `need` of `names` can take the item, or None.

    Workers are tried in the order given; visits need all their carers at one start, so
    workers able at some start are found first, then the starts they share.
    """
    staff, employers = eligibility.staff, item.employers
    free: dict[str, list[int]] = {}
    for name in names:
        if deadline is not None and deadline.passed():
            break
        for start in starts(plans, name, item, kind):
            rule, found = trial(plans, staff[name], item, kind, start, employers)
            if rule == "ok":
                if need == 1:
                    return start, [(name, *found)]
                free.setdefault(name, []).append(start)
    for start in sorted({t for times in free.values() for t in times}):
        chosen = []
        for name in free:
            rule, found = trial(plans, staff[name], item, kind, start, employers)
            if rule == "ok":
                chosen.append((name, *found))
        if len(chosen) >= need:
            return start, chosen[:need]
    return None
