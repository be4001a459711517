"""Fixed work that alone breaks a rule: that breach is excused, and its day or period closed.

Work already decided (another employer's published shift, a pin) may by itself break a
working-time rule, and no plan can undo that. Such a breach is excused only while no planned
piece falls within its scope: its day for the day's span and the break, both days around the
short rest for daily rest, its reference period for weekly rest and the 48-hour average, the
horizon for night workers' average, and that employer's work for a contract's hours. Work
added there would be work in a day or period already in breach, whatever its figures say.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from optimizer.kernel.day import DayShape, Piece
from optimizer.kernel.hours import reference_period
from optimizer.kernel.rules import Breach
from optimizer.kernel.units import DAY
from optimizer.kernel.worker import ORDER, WorkerRules, breaches


@dataclass(frozen=True)
class Closed:
    """A breach fixed work alone makes, and the minutes [start, end) it closes to new work."""

    breach: Breach
    start: float
    end: float
    employer: str | None = None  # a contract's hours close that employer's work only

    def holds(self, piece: Piece) -> bool:
        """Return whether a planned (not fixed) piece falls within this scope."""
        return (
            not piece.fixed
            and piece.start < self.end
            and self.start < piece.end
            and self.employer in (None, piece.employer)
        )


def key(breach: Breach) -> tuple:
    """Return a breach as a comparable key: its rule and its figures."""
    return breach.rule, tuple(sorted(breach.detail.items()))


def closed(fixed_days: list[DayShape], who: WorkerRules, found=None) -> list[Closed]:
    """Return the breaches a worker's fixed work alone makes, each with the scope it closes.

    Args:
        fixed_days: the worker's days of fixed work only, each a `DayShape`, sorted.
        who: the worker's parameters.
        found: the fixed work's breaches when an engine judges them rule by rule
            (default: `breaches` of every rule).
    """
    found = breaches(fixed_days, who) if found is None else found
    return [_scope(b, fixed_days, who) for b in found]


def _midnight(day: DayShape) -> int:
    """Return the first minute of the calendar day a working day belongs to (its first piece's)."""
    return day.pieces[0].start // DAY * DAY


def _scope(breach: Breach, days: list[DayShape], who: WorkerRules) -> Closed:
    """Return a fixed-work breach with the minutes (or employer) it is about."""
    d, rule = breach.detail, breach.rule
    if rule in ("day_span", "break", "daily_rest"):
        i = next(k for k, s in enumerate(days) if s.first == d["at"])
        first = days[i - 1] if rule == "daily_rest" else days[i]  # rest closes both its days
        return Closed(breach, _midnight(first), _midnight(days[i]) + DAY)
    if rule == "weekly_rest":
        return Closed(breach, d["period"], d["period"] + d["length"])
    if rule == "weekly_limit":
        return Closed(breach, *reference_period(d["week"], who.weekday, who.wt, who.horizon_days))
    return Closed(breach, -math.inf, math.inf, d.get("employer"))  # night average, contracts


def unexcused(days: list[DayShape], who: WorkerRules, shut: list[Closed]) -> list[Breach]:
    """Return a plan's breaches less those its fixed work alone makes with nothing added in scope.

    Args:
        days: the worker's whole plan, fixed work included, each a `DayShape`, sorted.
        who: the worker's parameters.
        shut: `closed` of the worker's fixed work alone.
    """
    planned = [p for day in days for p in day.pieces if not p.fixed]
    return unexcused_of(breaches(days, who), planned, shut)


def unexcused_of(found: list[Breach], planned: list[Piece], shut: list[Closed]) -> list[Breach]:
    """Return the breaches found less those fixed work alone makes with no planned piece in scope.

    Args:
        found: a plan's breaches, fixed work included.
        planned: the plan's planned (not fixed) pieces.
        shut: `closed` of the worker's fixed work alone.
    """
    excused = {key(c.breach) for c in shut if not any(c.holds(p) for p in planned)}
    return [b for b in found if key(b) not in excused]


def first_unexcused(days: list[DayShape], who: WorkerRules, shut: list[Closed]) -> str | None:
    """Return the first rule (in `ORDER`) a plan breaks once excused breaches are left out."""
    broken = {b.rule for b in unexcused(days, who, shut)}
    return next((rule for rule in ORDER if rule in broken), None)


def closing(shut: list[Closed], piece: Piece) -> list[Closed]:
    """Return the fixed-work breaches whose scope a planned piece would fall within."""
    return [c for c in shut if c.holds(piece)]
