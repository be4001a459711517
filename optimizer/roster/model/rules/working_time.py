"""The roster's work checked by the working-time kernel (``optimizer.kernel``): one definition.

The validator and the greedy judge daily rest, weekly rest, the averaged limits and breaks
with the kernel's pure checks, reading the kernel's parameters
(``WorkingTimeRules.params``); the CP-SAT constraints in the sibling modules are built
from the same numbers. Here the roster's pieces of work become the kernel's days:

- each piece (a shift, or fixed work) is one kernel day: the roster keeps daily rest
  between any two pieces of work, so a split day is refused rather than judged by its span;
- a shift counts its paid minutes (its unpaid break left out), fixed work its minutes
  inside the horizon (before day 0 it is part of ``carried_in_minutes``);
- a shift whose break is at least the kernel's ``break_length`` has its break inside;
- a breach counts against the roster only where one of its shifts is involved: work
  already fixed elsewhere is not this roster's to keep.
"""

from __future__ import annotations

import dataclasses
from collections import Counter

from optimizer.kernel import DAY, DayShape, WorkingTime, day_shape, hours, rules
from optimizer.kernel import Piece as KernelPiece
from optimizer.kernel.rules import Breach
from optimizer.roster.model.rules.timeline import Piece, overlap, shift_piece
from optimizer.roster.problem import Problem, ShiftType, StaffMember

ROSTER, ELSEWHERE = "roster", "elsewhere"  # the kernel's employers: this roster, fixed work


def _no_travel(_a: str, _b: str) -> int:
    return 0  # a roster's shifts are at fixed workplaces: travel to them is commuting


def shape(problem: Problem, piece: Piece, clip: tuple[int, int] | None = None) -> DayShape:
    """The kernel's day of one piece of work (its minutes inside ``clip`` when given)."""
    wt = problem.working_time.params
    inside = True
    if piece.shift is not None:
        inside = problem.shift(piece.shift).break_length >= wt.break_length
    kernel_piece = KernelPiece(piece.start, piece.end, None, ROSTER, break_inside=inside)
    found = day_shape([kernel_piece], "", _no_travel, wt.break_length)
    employer = ROSTER if piece.shift is not None else ELSEWHERE
    minutes = piece.minutes if clip is None else overlap(piece, *clip)
    first = found.first if clip is None else max(found.first, clip[0])
    return dataclasses.replace(found, first=first, minutes=Counter({employer: minutes}))


def shift_breaks(problem: Problem, shift: ShiftType) -> list[Breach]:
    """Reg. 12 on one shift type: a breach when it is too long for the break it includes."""
    if problem.working_time.break_minutes is None:
        return []
    return rules.rest_break(shape(problem, shift_piece(shift, 0)), problem.working_time.params)


def short_rests(problem: Problem, pieces: list[Piece]) -> list[tuple[Piece, Piece, Breach]]:
    """Reg. 10: pieces in a row, one of them a shift, with too little rest between."""
    if problem.working_time.daily_rest_minutes is None:
        return []
    wt, found, latest = problem.working_time.params, [], None
    for piece in sorted(pieces):
        if latest is not None and (piece.shift is not None or latest.shift is not None):
            pair = [shape(problem, latest), shape(problem, piece)]
            found += [(latest, piece, breach) for breach in rules.daily_rest(pair, wt)]
        if latest is None or piece.end > latest.end:
            latest = piece
    return found


def lacking_rest(problem: Problem, pieces: list[Piece]) -> list[Breach]:
    """Reg. 11: each reference period holding a shift of this roster but not the weekly rest."""
    if problem.working_time.weekly_rest is None:
        return []
    wt = problem.working_time.params
    days = [shape(problem, piece) for piece in sorted(pieces)]
    horizon = (0, problem.days * DAY)
    return [
        breach
        for breach in rules.weekly_rest(days, wt, horizon, problem.start.weekday())
        if _has_shift(pieces, breach.detail["period"], breach.detail["length"])
    ]


def _has_shift(pieces: list[Piece], start: int, length: int) -> bool:
    return any(p.shift is not None and overlap(p, start, start + length) for p in pieces)


def averaged(problem: Problem, person: StaffMember, pieces: list[Piece]) -> list[Breach]:
    """Regs. 4 and 6: the 48-hour average (unless opted out) and a night worker's 8 hours.

    Breaches that the person's fixed work alone already makes are left out.
    """
    switches = problem.working_time
    weekly = switches.weekly_limit_minutes is not None and not person.opted_out_of_weekly_limit
    night = switches.night_limit_minutes is not None and person.night_worker
    if not (weekly or night):
        return []
    fixed = [piece for piece in pieces if piece.shift is None]
    before = {_key(b) for b in _averages(problem, person, fixed, weekly, night)}
    return [b for b in _averages(problem, person, pieces, weekly, night) if _key(b) not in before]


def _averages(problem, person, pieces, weekly: bool, night: bool) -> list[Breach]:
    wt: WorkingTime = problem.working_time.params
    horizon = (0, problem.days * DAY)
    days = [shape(problem, p, horizon) for p in sorted(pieces) if overlap(p, *horizon)]
    found = []
    if weekly:
        weeks = hours.week_minutes(days, problem.start.weekday(), wt, problem.days)
        found += hours.weekly_average(weeks, wt, person.carried_in_minutes)
    if night:
        found += hours.night_average(days, wt, problem.days, flagged=True)
    return found


def _key(breach: Breach) -> tuple:
    return breach.rule, breach.detail.get("week")  # which limit, in which reference window
