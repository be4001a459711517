"""The manager's fairness setting as solver input, for both engines.

The setting (less, normal, more) scales each engine's fairness weight by the same table.
For the roster engine this module also says which of a team's shifts count as nights,
weekend shifts and bank-holiday shifts, and what each person carried in from the 12
weeks before: both by the same definitions as the fairness figures beside the grid
(``rota_outputs.fairness``), so the solver evens out what the manager is shown.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import Session

import optimizer
from webapp.services.rota_outputs import fairness as figures

# The manager's fairness setting scales the engine's fairness weight: "less" lets cost and
# continuity win ties, "more" trades some of them for an even share of unsocial days.
FAIRNESS = {"less": 0.2, "normal": 1.0, "more": 4.0}
# The roster engine's weight at "normal": per shift a person holds above their fair part of
# nights, of weekend shifts, of bank-holiday shifts. Missing cover costs far more (100 and
# 1000 a person); at "more" (20) it equals the cost of an extra person on a shift
# (roster.OVER_PREFERRED), so spare people are not rostered to thin out someone's part.
ROSTER_WEIGHT = 5
CATEGORIES = ("nights", "weekends", "bank_holidays")  # fields of rota_outputs' Figures


def scaled(weight: float, setting: str) -> float:
    """An engine's fairness weight scaled by the manager's setting (KeyError if made up)."""
    return weight * FAIRNESS[setting]


def roster_fairness(start: date, days: int, shifts: dict, setting: str) -> optimizer.Fairness:
    """The shifts of each category over the horizon, and the roster engine's weight.

    ``shifts`` maps a shift code to its (start, end) minutes after midnight of its day.
    """
    counted: dict[str, set] = {name: set() for name in CATEGORIES}
    for day in range(days):
        midnight = datetime.combine(start + timedelta(days=day), datetime.min.time())
        for code, (begin, end) in shifts.items():
            one = figures.Figures()
            figures.add_shift(one, midnight + timedelta(minutes=begin),
                              midnight + timedelta(minutes=end))
            for name in CATEGORIES:
                if getattr(one, name):
                    counted[name].add((day, code))
    return optimizer.Fairness(round(scaled(ROSTER_WEIGHT, setting)), tuple(
        (name, frozenset(pairs)) for name, pairs in counted.items() if pairs))


def carried_in(session: Session, staff_ids: set[int], start: date) -> dict[int, tuple]:
    """Per person: (category, shifts of it) in published rotas of the 12 weeks before."""
    since = start - figures.HISTORY
    before = figures.figures(session, staff_ids, since, start, figures.published_rotas(since))
    return {sid: tuple((name, getattr(found, name)) for name in CATEGORIES)
            for sid, found in before.items()}
