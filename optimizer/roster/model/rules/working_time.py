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
- a breach that fixed work alone makes is excused only while no shift of this roster
  falls in its day or period: the kernel's excuse (``optimizer.kernel.excuse``) decides,
  and the model closes those days and periods (``closed``) to every shift.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from functools import partial

from optimizer.kernel import (
    DAY,
    Closed,
    DayShape,
    WorkerRules,
    WorkingTime,
    closing,
    day_shape,
    hours,
    rules,
    unexcused_of,
)
from optimizer.kernel import Piece as KernelPiece
from optimizer.kernel import closed as kernel_closed
from optimizer.kernel.rules import Breach
from optimizer.roster.model.rules.timeline import Piece, fixed_pieces, overlap, shift_piece
from optimizer.roster.problem import Problem, ShiftType, StaffMember

ROSTER, ELSEWHERE = "roster", "elsewhere"  # the kernel's employers: this roster, fixed work


def _no_travel(_a: str, _b: str) -> int:
    return 0  # a roster's shifts are at fixed workplaces: travel to them is commuting


def shape(problem: Problem, piece: Piece, clip: tuple[int, int] | None = None) -> DayShape:
    """The kernel's day of one piece of work (its minutes inside ``clip`` when given)."""
    wt, fixed = problem.working_time.params, piece.shift is None
    inside = fixed or problem.shift(piece.shift).break_length >= wt.break_length
    kernel_piece = KernelPiece(
        piece.start, piece.end, None, ROSTER, break_inside=inside, fixed=fixed
    )
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
    """Reg. 10: pieces in a row with too little rest between, less those the kernel excuses."""
    found = _rest_pairs(problem, pieces)
    kept = _unexcused(problem, pieces, [b for *_, b in found], partial(_rest_breaches, problem))
    return [(first, then, breach) for first, then, breach in found if breach in kept]


def _rest_pairs(problem: Problem, pieces: list[Piece]) -> list[tuple[Piece, Piece, Breach]]:
    """Each piece of work, the one before it (the latest to end) and their too-short rest."""
    if problem.working_time.daily_rest_minutes is None:
        return []
    wt, found, latest = problem.working_time.params, [], None
    for piece in sorted(pieces):
        if latest is not None:
            pair = [shape(problem, latest), shape(problem, piece)]
            found += [(latest, piece, breach) for breach in rules.daily_rest(pair, wt)]
        if latest is None or piece.end > latest.end:
            latest = piece
    return found


def _rest_breaches(problem: Problem, pieces: list[Piece]) -> list[Breach]:
    return [breach for *_, breach in _rest_pairs(problem, pieces)]


def lacking_rest(problem: Problem, pieces: list[Piece]) -> list[Breach]:
    """Reg. 11: each reference period without the weekly rest, less those the kernel excuses."""
    judge = partial(_weekly_rest, problem)
    return _unexcused(problem, pieces, judge(pieces), judge)


def _weekly_rest(problem: Problem, pieces: list[Piece]) -> list[Breach]:
    if problem.working_time.weekly_rest is None:
        return []
    days = [shape(problem, piece) for piece in sorted(pieces)]
    horizon = (0, problem.days * DAY)
    return rules.weekly_rest(days, problem.working_time.params, horizon, problem.start.weekday())


def averaged(problem: Problem, person: StaffMember, pieces: list[Piece]) -> list[Breach]:
    """Regs. 4 and 6: the 48-hour average (unless opted out) and a night worker's 8 hours.

    Breaches that the person's fixed work alone makes are left out while no shift falls
    in their reference period (the kernel's excuse).
    """
    judge = partial(_averages, problem, person)
    return _unexcused(problem, pieces, judge(pieces), judge)


def _averages(problem: Problem, person: StaffMember, pieces: list[Piece]) -> list[Breach]:
    switches = problem.working_time
    weekly = switches.weekly_limit_minutes is not None and not person.opted_out_of_weekly_limit
    night = switches.night_limit_minutes is not None and person.night_worker
    if not (weekly or night):
        return []
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


def _closed(problem: Problem, fixed: list[Piece], judge) -> list[Closed]:
    """The breaches ``judge`` finds in fixed work alone, each with the scope it closes."""
    who = WorkerRules(problem.working_time.params, problem.days, problem.start.weekday())
    days = [shape(problem, piece) for piece in sorted(fixed)]
    return kernel_closed(days, who, judge(fixed))


def _unexcused(problem: Problem, pieces: list[Piece], found: list[Breach], judge) -> list[Breach]:
    """The breaches found less those the kernel excuses (fixed work's own, no shift in scope)."""
    if not found:
        return found
    shut = _closed(problem, [piece for piece in pieces if piece.shift is None], judge)
    planned = [shape(problem, piece).pieces[0] for piece in pieces if piece.shift is not None]
    return unexcused_of(found, planned, shut)


def closed(problem: Problem, person: StaffMember) -> list[Closed]:
    """The days and periods the person's fixed work alone already breaks a rule in."""
    fixed = fixed_pieces(person)
    rests = (partial(_rest_breaches, problem), partial(_weekly_rest, problem))
    judges = (*rests, partial(_averages, problem, person))
    return [scope for judge in judges for scope in _closed(problem, fixed, judge)]


def closes(problem: Problem, shut: list[Closed], piece: Piece) -> bool:
    """Whether a shift falls in a day or period that fixed work alone already breaks a rule in."""
    return bool(closing(shut, shape(problem, piece).pieces[0]))
