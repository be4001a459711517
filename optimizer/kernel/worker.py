"""All of one worker's working-time rules at once, in a fixed order (the order reasons use)."""

from __future__ import annotations

from dataclasses import dataclass, field

from optimizer.kernel import hours, rules  # the modules
from optimizer.kernel.day import DayShape
from optimizer.kernel.params import WorkingTime
from optimizer.kernel.units import DAY

ORDER = (
    "busy",
    "day_span",
    "break",
    "daily_rest",
    "weekly_rest",
    "weekly_limit",
    "night_limit",
    "contract_hours",
)


@dataclass(frozen=True)
class WorkerRules:
    """What the rules need to know about a worker and the horizon."""

    wt: WorkingTime
    horizon_days: int
    weekday: int  # weekday of the horizon's first day (0 = Monday)
    caps: dict[str, int] = field(default_factory=dict)  # contract cap in minutes, by employer
    opted_out: bool = False  # of the 48-hour average (reg 5), never of night work or rest
    carried: int | None = None  # minutes worked in the reference period before the horizon
    night_worker: bool = False


def breaches(days: list[DayShape], who: WorkerRules, stop_at_first=False, changed=None):
    """Return every working-time breach of a worker's days (sorted by first minute).

    Args:
        days: the worker's days, each a `DayShape`, sorted.
        who: the worker's parameters.
        stop_at_first: return as soon as one rule (in `ORDER`) is broken.
        changed: the one day (a `DayShape` in `days`) that differs from a plan known to keep
            every rule; the day-by-day rules are then checked around it only (same answer,
            less work).
    """
    wt, found = who.wt, []
    local = days if changed is None else [changed]
    pairs = days if changed is None else _neighbours(days, changed)
    near = None if changed is None else (changed.first, changed.last)
    horizon = (0, who.horizon_days * DAY)
    checks = (
        lambda: [b for d in local for b in rules.day_span(d, wt)],
        lambda: [b for d in local for b in rules.rest_break(d, wt)],
        lambda: rules.daily_rest(pairs, wt),
        lambda: rules.weekly_rest(days, wt, horizon, who.weekday, near),
        lambda: [] if who.opted_out else hours.weekly_average(_weeks(days, who), wt, who.carried),
        lambda: hours.night_average(days, wt, who.horizon_days, who.night_worker),
        lambda: hours.contract_hours(days, who.caps),
    )
    for check in checks:
        found += check()
        if found and stop_at_first:
            break
    return found


def _neighbours(days: list[DayShape], changed: DayShape) -> list[DayShape]:
    """Return the changed day with the days just before and after it."""
    i = next(k for k, d in enumerate(days) if d is changed)
    return days[max(0, i - 1) : i + 2]


def _weeks(days: list[DayShape], who: WorkerRules) -> list[int]:
    """Return the worker's minutes per reference week."""
    return hours.week_minutes(days, who.weekday, who.wt, who.horizon_days)


def first_breach(days: list[DayShape], who: WorkerRules, changed=None) -> str | None:
    """Return the first rule (in `ORDER`) the days break, or None when they keep every rule."""
    found = breaches(days, who, stop_at_first=True, changed=changed)
    return found[0].rule if found else None
